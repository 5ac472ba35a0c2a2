/// @file
/// Public header. Address: what Python spells as a (host, port) tuple or a Unix path.
///
/// @code{.cpp}
///   socketserver::Address a{"127.0.0.1:9999"};      // IPv4
///   socketserver::Address b{"[::1]:0"};              // IPv6, port 0 = any free port
///   socketserver::Address c{"localhost", 9999};      // host name, resolved (IPv4 first)
///   socketserver::Address d{"/tmp/echo.sock"};       // Unix path ("unix:" prefix optional)
/// @endcode
///
/// Text without a ":port" suffix is a Unix path. Invalid text throws AddressError.
/// Values are immutable and cheap to copy; thread safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sys/socket.h>

namespace socketserver {

/// A socket address: an IPv4 or IPv6 (host, port), or a Unix path — what Python passes as a
/// tuple or a path string. Parsing, family and formatting are described in address.hpp.
class Address {
public:
  /// The empty address (family AF_UNSPEC); what an unnamed Unix datagram peer reports too.
  Address() noexcept;
  /// Parses "host:port", "[v6]:port", "/path", "unix:/path". Throws AddressError.
  // cppcheck-suppress noExplicitConstructor ; implicit on purpose, as the NOLINT says
  Address(std::string_view text); // NOLINT(google-explicit-constructor): Python passes tuples
  /// Same as Address(std::string_view), so that a string literal converts implicitly.
  // cppcheck-suppress noExplicitConstructor ; implicit on purpose, as said above
  Address(const char* text) : Address(std::string_view{text}) {}
  /// Same as Address(std::string_view), so that a std::string converts implicitly.
  // cppcheck-suppress noExplicitConstructor ; implicit on purpose, as said above
  Address(const std::string& text) : Address(std::string_view{text}) {}
  /// Python's (host, port): host may be a literal or a name; port must be 0-65535.
  Address(std::string_view host, int port);
  /// From a kernel sockaddr (accept, recvfrom, getsockname).
  Address(const sockaddr* addr, socklen_t length);

  /// A Unix path address; throws AddressError when the path is too long for sun_path.
  static Address unix_path(std::string_view path);

  int family() const noexcept; ///< AF_INET, AF_INET6, AF_UNIX or AF_UNSPEC
  /// True for IPv4 and IPv6 addresses.
  bool is_ip() const noexcept { return family() == AF_INET || family() == AF_INET6; }
  /// True for Unix-domain addresses (named or unnamed).
  bool is_unix() const noexcept { return family() == AF_UNIX; }
  /// True for the empty address made by Address().
  bool empty() const noexcept { return family() == AF_UNSPEC; }

  /// Numeric host ("127.0.0.1", "::1", "fe80::1%2" with a scope id); "" for Unix.
  std::string host() const;
  int port() const noexcept; ///< port, or -1 for Unix addresses
  std::string path() const;  ///< Unix path; "" for IP or unnamed
  /// "127.0.0.1:9999", "[::1]:9999", "/tmp/s.sock", or "" for an unnamed Unix peer.
  std::string to_string() const;

  /// The kernel's form, for bind(), connect() and sendto(); valid while this Address lives.
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  /// The length in bytes of data().
  socklen_t size() const noexcept { return length_; }

  /// Equal when the kernel forms are equal byte for byte: same family, host and port, or same
  /// path.
  friend bool operator==(const Address& a, const Address& b) noexcept;

private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

} // namespace socketserver
