# cmake -DPROBE=<engine_link_probe> -P check_engine_links_no_qt.cmake
#
# Fails when the probe (which links only socketserver::engine) depends on any Qt library,
# directly or through the engine, then runs it: it must serve one request and exit 0.
if(NOT PROBE OR NOT EXISTS "${PROBE}")
  message(FATAL_ERROR "PROBE='${PROBE}' is not a file")
endif()

find_program(LDD ldd)
find_program(READELF readelf)
if(LDD)
  # ldd lists every shared library loaded, the engine's own dependencies included.
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
if(deps MATCHES "[Ll]ibQt|libQt[0-9]")
  message(FATAL_ERROR "socketserver::engine pulls in Qt; ${tool} ${PROBE}:\n${deps}")
endif()
message(STATUS "${tool}: no Qt library in ${PROBE}")

execute_process(COMMAND "${PROBE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 30)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "engine_link_probe failed (${rc}):\n${out}${err}")
endif()
message(STATUS "${out}")
