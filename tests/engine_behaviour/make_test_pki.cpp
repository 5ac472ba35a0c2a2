// make_test_pki DIR: writes the TLS suites' test certificates and keys (tls_support.hpp) into
// DIR, for tests driven from outside (tests/system/tls_example.py). Nothing is checked in.
#include <exception>
#include <iostream>

#include "tls_support.hpp"

int main(int argc, char* argv[]) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " DIR\n";
    return 2;
  }
  try {
    tls_test::make_test_pki(argv[1]);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
  return 0;
}
