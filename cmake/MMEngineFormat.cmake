# `format-check` fails when a tracked C++ file is not clang-format clean;
# `format` rewrites them in place.
find_program(MMENGINE_CLANG_FORMAT NAMES clang-format clang-format-14)
if(MMENGINE_CLANG_FORMAT)
  set(_fmt_script ${PROJECT_SOURCE_DIR}/scripts/format.sh)
  add_custom_target(format-check
    COMMAND ${CMAKE_COMMAND} -E env CLANG_FORMAT=${MMENGINE_CLANG_FORMAT}
            bash ${_fmt_script} --check
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Checking formatting"
    VERBATIM)
  add_custom_target(format
    COMMAND ${CMAKE_COMMAND} -E env CLANG_FORMAT=${MMENGINE_CLANG_FORMAT}
            bash ${_fmt_script}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    VERBATIM)
endif()
