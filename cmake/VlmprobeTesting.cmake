# vlmprobe_add_test(NAME tst_x SOURCES ... [LIBRARIES ...] [LABELS ...] [TIMEOUT s])
# One Qt Test executable per unit, registered with CTest. GUI tests run on the offscreen platform.
# Tests find reference data through compile definitions:
#   VLMPROBE_SHARED_DIR   the read-only shared/ folder beside the checkout (design, data, golden tensors)
#   VLMPROBE_SOURCE_DIR   the project's source tree (tests/ fixtures, resources/)
#   VLMPROBE_ENGINE_TOOL  the path of the vlmprobe-engine executable
#   VLMPROBE_ORACLE_PYTHON a python3 with the Debian oracle modules (Pillow, numpy, Jinja2)
include_guard(GLOBAL)

# The first python3 on PATH may be a version manager's interpreter without the distribution's modules, so the
# system interpreter is tried as well; without either, the oracle tests fail and say why.
# Override with -DVLMPROBE_ORACLE_PYTHON=/path/to/python3.
if(NOT VLMPROBE_ORACLE_PYTHON)
    find_program(_vlmprobe_path_python3 NAMES python3)
    foreach(_candidate IN ITEMS "${_vlmprobe_path_python3}" /usr/bin/python3)
        if(_candidate AND EXISTS "${_candidate}")
            execute_process(COMMAND "${_candidate}" -c "import PIL, numpy, jinja2" RESULT_VARIABLE _status
                OUTPUT_QUIET ERROR_QUIET)
            if(_status EQUAL 0)
                set(VLMPROBE_ORACLE_PYTHON "${_candidate}" CACHE FILEPATH "python3 with Pillow, numpy and Jinja2")
                break()
            endif()
        endif()
    endforeach()
    if(NOT VLMPROBE_ORACLE_PYTHON)
        message(WARNING "No python3 with Pillow, numpy and Jinja2: the oracle tests will fail (run scripts/setup)")
        set(VLMPROBE_ORACLE_PYTHON "python3")
    endif()
endif()

set(VLMPROBE_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared/ folder with goldens and data")
get_filename_component(VLMPROBE_SHARED_DIR "${VLMPROBE_SHARED_DIR}" ABSOLUTE)

function(vlmprobe_add_test)
    cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE Qt6::Test ${ARG_LIBRARIES})
    target_compile_definitions(${ARG_NAME} PRIVATE
        VLMPROBE_SHARED_DIR="${VLMPROBE_SHARED_DIR}"
        VLMPROBE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        VLMPROBE_ENGINE_TOOL="$<TARGET_FILE:vlmprobe-engine>"
        VLMPROBE_ORACLE_PYTHON="${VLMPROBE_ORACLE_PYTHON}")
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
