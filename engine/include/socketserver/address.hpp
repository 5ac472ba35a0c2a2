// Public header. Address: what Python spells as a (host, port) tuple or a Unix path.
//
//   socketserver::Address a{"127.0.0.1:9999"};      // IPv4
//   socketserver::Address b{"[::1]:0"};              // IPv6, port 0 = any free port
//   socketserver::Address c{"localhost", 9999};      // host name, resolved (IPv4 first)
//   socketserver::Address d{"/tmp/echo.sock"};       // Unix path ("unix:" prefix optional)
//
// Text without a ":port" suffix is a Unix path. Invalid text throws AddressError.
// Values are immutable and cheap to copy; thread safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sys/socket.h>

namespace socketserver {

class Address {
public:
  /// The empty address (family AF_UNSPEC); what an unnamed Unix datagram peer reports too.
  Address() noexcept;
  /// Parses "host:port", "[v6]:port", "/path", "unix:/path". Throws AddressError.
  Address(std::string_view text); // NOLINT(google-explicit-constructor): Python passes tuples
  Address(const char* text) : Address(std::string_view{text}) {}
  Address(const std::string& text) : Address(std::string_view{text}) {}
  /// Python's (host, port): host may be a literal or a name; port must be 0-65535.
  Address(std::string_view host, int port);
  /// From a kernel sockaddr (accept, recvfrom, getsockname).
  Address(const sockaddr* addr, socklen_t length);

  /// A Unix path address; throws AddressError when the path is too long for sun_path.
  static Address unix_path(std::string_view path);

  int family() const noexcept; ///< AF_INET, AF_INET6, AF_UNIX or AF_UNSPEC
  bool is_ip() const noexcept { return family() == AF_INET || family() == AF_INET6; }
  bool is_unix() const noexcept { return family() == AF_UNIX; }
  bool empty() const noexcept { return family() == AF_UNSPEC; }

  /// Numeric host ("127.0.0.1", "::1", "fe80::1%2" with a scope id); "" for Unix.
  std::string host() const;
  int port() const noexcept; ///< port, or -1 for Unix addresses
  std::string path() const;  ///< Unix path; "" for IP or unnamed
  /// "127.0.0.1:9999", "[::1]:9999", "/tmp/s.sock", or "" for an unnamed Unix peer.
  std::string to_string() const;

  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t size() const noexcept { return length_; }

  friend bool operator==(const Address& a, const Address& b) noexcept;

private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

} // namespace socketserver
