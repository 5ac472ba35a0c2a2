# socketserver_set_warnings(<target>)
#
# Our own warning set, applied per target (PRIVATE) so that it never leaks into code that
# merely links one of our libraries. SOCKETSERVER_WERROR turns warnings into errors; CI sets
# it so a warning cannot land, while a newer local compiler does not break a developer's build.
include_guard(GLOBAL)

function(socketserver_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
    if(SOCKETSERVER_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
