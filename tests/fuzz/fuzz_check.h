// fuzz_check(condition, detail): the fuzz targets' assertion. A failed property aborts, which
// libFuzzer records as a finding and saves the input as crash-<sha1>; `detail` (a std::string
// or const char*) says which value broke it, so the report is readable without a debugger.
// Always on, whatever NDEBUG says: a fuzz target that stops checking finds nothing.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz {

[[noreturn]] inline void fail(const char* condition, const std::string& detail, const char* file,
                              int line) {
  std::fprintf(stderr, "%s:%d: property violated: %s\n  %s\n", file, line, condition,
               detail.c_str());
  std::abort();
}

} // namespace fuzz

#define fuzz_check(condition, detail)                                                              \
  do {                                                                                             \
    if (!(condition))                                                                              \
      ::fuzz::fail(#condition, (detail), __FILE__, __LINE__);                                      \
  } while (false)
