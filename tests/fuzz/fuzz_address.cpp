// Fuzzes socketserver::Address: the text parser ("host:port", "[v6]:port", "/path",
// "unix:path") and the sockaddr decoder, with properties rather than "no crash" alone:
//   - bad text throws AddressError with a message, never anything else;
//   - a parsed address prints (to_string) to text that parses back to the same address;
//   - host(), port() and path() agree with family();
//   - any sockaddr bytes decode without reading past what was given.
//
// Names (not literals) go through getaddrinfo(); a fuzzer must not send thousands of DNS
// queries, so this target interposes a resolver that answers numeric forms (getaddrinfo's
// own, with AI_NUMERICHOST) and "localhost", and "no such name" for the rest.
#include "fuzz_check.h"

#include "socketserver/address.hpp"
#include "socketserver/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <dlfcn.h>
#include <netdb.h>
#include <sys/un.h>

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** result) {
  using Resolver = int (*)(const char*, const char*, const addrinfo*, addrinfo**);
  static const auto real = reinterpret_cast<Resolver>(dlsym(RTLD_NEXT, "getaddrinfo"));
  addrinfo numeric = hints ? *hints : addrinfo{};
  numeric.ai_flags |= AI_NUMERICHOST;
  if (node != nullptr && std::strcmp(node, "localhost") == 0)
    node = "127.0.0.1";
  return real(node, service, &numeric, result);
}

namespace {

using socketserver::Address;
using socketserver::AddressError;

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Text that Address(text) reads as this Unix path: the "unix:" prefix where the bare path
// would be read as host:port or as a bracketed IPv6 address.
std::string unix_text(const std::string& path) {
  const bool bare = path.starts_with('/') || path.starts_with('.') || path.starts_with('~') ||
                    (path.find(':') == std::string::npos && !path.starts_with('['));
  return bare && !path.starts_with("unix:") ? path : "unix:" + path;
}

void check_consistent(const Address& address, std::string_view input) {
  if (address.is_ip()) {
    fuzz_check(address.port() >= 0 && address.port() <= 65535, quoted(input));
    fuzz_check(!address.host().empty(), quoted(input));
    fuzz_check(address.path().empty(), quoted(input));
  } else if (address.is_unix()) {
    fuzz_check(address.port() == -1 && address.host().empty(), quoted(input));
  } else {
    fuzz_check(address.to_string().empty(), quoted(input)); // AF_UNSPEC, or a family we ignore
  }
}

void fuzz_text(std::string_view input) {
  Address address;
  try {
    address = Address(input);
  } catch (const AddressError& error) {
    fuzz_check(std::strlen(error.what()) > 0, "empty AddressError for " + quoted(input));
    return;
  }
  fuzz_check(!address.empty(), "parsed to the empty address: " + quoted(input));
  check_consistent(address, input);

  const std::string printed = address.is_unix() ? unix_text(address.path()) : address.to_string();
  Address again;
  try {
    again = Address(printed);
  } catch (const AddressError& error) {
    fuzz_check(false, quoted(input) + " printed as " + quoted(printed) +
                          ", which does not parse: " + error.what());
  }
  fuzz_check(again == address, quoted(input) + " printed as " + quoted(printed) +
                                   ", which parses to " + quoted(again.to_string()));
}

void fuzz_sockaddr(const std::uint8_t* data, std::size_t size) {
  // Copied to a buffer of exactly `size` bytes, so ASan sees any read past the length.
  std::string bytes(reinterpret_cast<const char*>(data), size);
  const Address address(reinterpret_cast<const sockaddr*>(bytes.data()),
                        static_cast<socklen_t>(size));
  check_consistent(address, "(sockaddr bytes)");
  fuzz_check(address.size() <= sizeof(sockaddr_storage), "length beyond sockaddr_storage");
  (void)address.to_string();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the decoder, so one corpus serves both; text is the main one.
  if (size > 0 && data[0] == 0xff) {
    fuzz_sockaddr(data + 1, size - 1);
    return 0;
  }
  fuzz_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
