# Runs Doxygen and fails when it warns. Used by the docs_no_undocumented test:
#   cmake -DDOXYGEN_EXECUTABLE=... -DDOXYFILE=... -DWARN_LOGFILE=... -P check_doxygen.cmake
# Every line of the log names a file, a line and what is wrong ("Member fileno() of class
# socketserver::BaseServer is not documented."), so the failure says what to document.
foreach(required DOXYGEN_EXECUTABLE DOXYFILE WARN_LOGFILE)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "check_doxygen.cmake: -D${required}=... is required")
  endif()
endforeach()

# A log left by an earlier run must not pass (or fail) this one.
file(REMOVE "${WARN_LOGFILE}")
get_filename_component(log_directory "${WARN_LOGFILE}" DIRECTORY)
file(MAKE_DIRECTORY "${log_directory}")

execute_process(
  COMMAND "${DOXYGEN_EXECUTABLE}" "${DOXYFILE}"
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE errors)

set(log "")
if(EXISTS "${WARN_LOGFILE}")
  file(READ "${WARN_LOGFILE}" log)
endif()
string(STRIP "${log}" log)

if(NOT status EQUAL 0 OR NOT log STREQUAL "")
  string(REGEX MATCHALL "\n" newlines "${log}\n")
  list(LENGTH newlines count)
  if(log STREQUAL "")
    set(count 0)
  endif()
  message(FATAL_ERROR
    "Doxygen exited with status ${status} and ${count} warning line(s) "
    "(document these public symbols; comments only):\n${log}\n${errors}")
endif()
message(STATUS "Doxygen: every public symbol is documented, no warnings")
