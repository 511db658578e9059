# vlmprobe_add_test(NAME tst_x SOURCES ... [LIBRARIES ...] [LABELS ...] [TIMEOUT s])
# One Qt Test executable per unit, registered with CTest. GUI tests run on the offscreen platform.
# Tests find reference data through compile definitions:
#   VLMPROBE_SHARED_DIR   the read-only shared/ folder beside the checkout (design, data, golden tensors)
#   VLMPROBE_SOURCE_DIR   the project's source tree (tests/ fixtures, resources/)
#   VLMPROBE_ENGINE_TOOL  the path of the vlmprobe-engine executable
include_guard(GLOBAL)

set(VLMPROBE_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared/ folder with goldens and data")
get_filename_component(VLMPROBE_SHARED_DIR "${VLMPROBE_SHARED_DIR}" ABSOLUTE)

function(vlmprobe_add_test)
    cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE Qt6::Test ${ARG_LIBRARIES})
    target_compile_definitions(${ARG_NAME} PRIVATE
        VLMPROBE_SHARED_DIR="${VLMPROBE_SHARED_DIR}"
        VLMPROBE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        VLMPROBE_ENGINE_TOOL="$<TARGET_FILE:vlmprobe-engine>")
    vlmprobe_target_warnings(${ARG_NAME})
    vlmprobe_target_qt_defines(${ARG_NAME})
    add_dependencies(${ARG_NAME} vlmprobe-engine)
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${ARG_NAME} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=qt.qpa.*=false"
        TIMEOUT ${ARG_TIMEOUT})
    if(ARG_LABELS)
        set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()
