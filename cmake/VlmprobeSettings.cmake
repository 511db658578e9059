# Shared compiler settings for every VLM Probe target.
# Included by the top-level CMakeLists.txt and by engine/CMakeLists.txt when the engine is built on its own.
include_guard(GLOBAL)

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

option(VLMPROBE_WARNINGS_AS_ERRORS "Treat compiler warnings as errors (dev and ci presets)" OFF)
option(VLMPROBE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

find_program(VLMPROBE_CCACHE ccache)
if(VLMPROBE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${VLMPROBE_CCACHE}")
endif()

if(VLMPROBE_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

# Project warnings, applied per target so that third-party headers stay quiet (they are included as SYSTEM).
function(vlmprobe_target_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
                                             -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference)
    if(VLMPROBE_WARNINGS_AS_ERRORS)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# Qt defines that catch string-conversion mistakes at compile time (see docs/architecture.md).
function(vlmprobe_target_qt_defines target)
    target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII
                                                 QT_NO_CAST_FROM_BYTEARRAY QT_USE_QSTRINGBUILDER QT_NO_FOREACH
                                                 QT_NO_KEYWORDS)
endfunction()
