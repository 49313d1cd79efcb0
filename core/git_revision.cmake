# Run at build time (cmake -P): writes the source tree's git revision into OUTPUT as
#   #define NIP_GIT_REVISION "<12 hex digits>[-dirty]"
# ("unknown" outside a git checkout; "-dirty" when tracked files differ from the commit).
# The file is rewritten only when its content changes, so nothing rebuilds otherwise.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY "${SOURCE_DIR}"
  OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR NOT revision)
  set(revision unknown)
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY "${SOURCE_DIR}"
    RESULT_VARIABLE modified OUTPUT_QUIET ERROR_QUIET)
  if(modified)
    string(APPEND revision "-dirty")
  endif()
endif()
set(content "#define NIP_GIT_REVISION \"${revision}\"\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT "${previous}" STREQUAL "${content}")
  file(WRITE "${OUTPUT}" "${content}")
endif()
