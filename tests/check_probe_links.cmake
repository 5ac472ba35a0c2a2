# cmake -DPROBE=<program> -DFORBIDDEN=<regex> -DLAYER=<name> [-DARGS=<a;b>] -P check_probe_links.cmake
#
# Proves that a layer links none of the libraries it must not: PROBE is a program that links
# only that layer. Fails when ldd (or readelf) lists a library matching FORBIDDEN, directly
# or through the layer's own dependencies; then runs the probe (with ARGS), which must do its
# layer's work and exit 0 — a probe that links nothing is no proof.
foreach(required PROBE FORBIDDEN LAYER)
  if(NOT ${required})
    message(FATAL_ERROR "check_probe_links: -D${required}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${PROBE}")
  message(FATAL_ERROR "PROBE='${PROBE}' is not a file")
endif()

find_program(LDD ldd)
find_program(READELF readelf)
if(LDD)
  # ldd lists every shared library loaded, the layer's own dependencies included.
  execute_process(COMMAND "${LDD}" "${PROBE}" RESULT_VARIABLE rc OUTPUT_VARIABLE deps
                  ERROR_VARIABLE err)
  set(tool ldd)
elseif(READELF)
  execute_process(COMMAND "${READELF}" -d "${PROBE}" RESULT_VARIABLE rc OUTPUT_VARIABLE deps
                  ERROR_VARIABLE err)
  set(tool "readelf -d")
else()
  message(FATAL_ERROR "neither ldd nor readelf found: cannot check the probe's libraries")
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${tool} ${PROBE} failed (${rc}): ${err}")
endif()
# A listing without the C library means the tool said nothing useful: do not pass vacuously.
if(NOT deps MATCHES "libc\\.so")
  message(FATAL_ERROR "${tool} output lists no libc, cannot trust it:\n${deps}")
endif()
if(deps MATCHES "${FORBIDDEN}")
  message(FATAL_ERROR "${LAYER} pulls in ${CMAKE_MATCH_0}; ${tool} ${PROBE}:\n${deps}")
endif()
message(STATUS "${tool}: nothing matching '${FORBIDDEN}' in ${PROBE}")

execute_process(COMMAND "${PROBE}" ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err TIMEOUT 30)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROBE} failed (${rc}):\n${out}${err}")
endif()
message(STATUS "${out}")
