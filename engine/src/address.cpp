#include "socketserver/address.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstring>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include "socketserver/errors.hpp"

namespace socketserver {

namespace {

constexpr std::string_view unix_prefix = "unix:";

int parse_port(std::string_view text, std::string_view whole) {
  int port = -1;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, port);
  if (text.empty() || ec != std::errc{} || ptr != end || port < 0 || port > 65535)
    throw AddressError("bad address '" + std::string(whole) + "': port must be 0-65535");
  return port;
}

bool looks_like_unix_path(std::string_view text) {
  if (text.starts_with('/') || text.starts_with('.') || text.starts_with('~'))
    return true;
  // "host:port" always has a colon; text without one can only be a path.
  return text.find(':') == std::string_view::npos;
}

} // namespace

Address::Address() noexcept { storage_.ss_family = AF_UNSPEC; }

Address::Address(std::string_view text) : Address() {
  if (text.starts_with(unix_prefix)) {
    std::string_view path = text.substr(unix_prefix.size());
    while (path.starts_with("//"))
      path.remove_prefix(1); // unix:///tmp/s.sock
    *this = unix_path(path);
    return;
  }
  if (text.empty())
    throw AddressError("empty address: expected host:port or a Unix socket path");
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw AddressError("bad address '" + std::string(text) + "': expected [IPv6]:port");
    *this = Address(text.substr(1, close - 1), parse_port(text.substr(close + 2), text));
    return;
  }
  if (looks_like_unix_path(text)) {
    *this = unix_path(text);
    return;
  }
  const auto colon = text.rfind(':');
  const std::string_view host = text.substr(0, colon);
  if (host.find(':') != std::string_view::npos)
    throw AddressError("bad address '" + std::string(text) +
                       "': write IPv6 addresses in brackets, as [::1]:9999");
  *this = Address(host, parse_port(text.substr(colon + 1), text));
}

Address::Address(std::string_view host_text, int port) : Address() {
  if (port < 0 || port > 65535)
    throw AddressError("port must be 0-65535, got " + std::to_string(port));
  const std::string host(host_text);
  const auto net_port = htons(static_cast<std::uint16_t>(port));
  sockaddr_in v4{};
  if (host.empty() || inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = net_port;
    if (host.empty())
      v4.sin_addr.s_addr = htonl(INADDR_ANY); // Python's "" host: every interface
    std::memcpy(&storage_, &v4, sizeof v4);
    length_ = sizeof v4;
    return;
  }
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = net_port;
    std::memcpy(&storage_, &v6, sizeof v6);
    length_ = sizeof v6;
    return;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int status = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (status != 0 || found == nullptr)
    throw AddressError("cannot resolve host '" + host + "': " + gai_strerror(status));
  // Python's TCPServer is AF_INET unless told otherwise: prefer an IPv4 answer.
  const addrinfo* chosen = found;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    if (entry->ai_family == AF_INET) {
      chosen = entry;
      break;
    }
  }
  std::memcpy(&storage_, chosen->ai_addr, chosen->ai_addrlen);
  length_ = chosen->ai_addrlen;
  freeaddrinfo(found);
  if (storage_.ss_family == AF_INET)
    reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = net_port;
  else
    reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = net_port;
}

Address::Address(const sockaddr* addr, socklen_t length) : Address() {
  if (addr == nullptr || length == 0)
    return;
  length = std::min<socklen_t>(length, sizeof storage_);
  std::memcpy(&storage_, addr, length);
  length_ = length;
  // An unnamed Unix socket (a client that never bound) has only the family.
  if (storage_.ss_family == AF_UNIX && length_ <= offsetof(sockaddr_un, sun_path))
    length_ = offsetof(sockaddr_un, sun_path);
}

Address Address::unix_path(std::string_view path) {
  sockaddr_un un{};
  if (path.empty())
    throw AddressError("empty Unix socket path");
  if (path.size() >= sizeof un.sun_path)
    throw AddressError("Unix socket path too long (" + std::to_string(path.size()) +
                       " bytes; the limit is " + std::to_string(sizeof un.sun_path - 1) +
                       "): " + std::string(path));
  if (path.find('\0') != std::string_view::npos)
    throw AddressError("Unix socket path contains a NUL byte");
  un.sun_family = AF_UNIX;
  std::memcpy(un.sun_path, path.data(), path.size());
  Address result;
  std::memcpy(&result.storage_, &un, sizeof un);
  result.length_ = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return result;
}

int Address::family() const noexcept { return storage_.ss_family; }

std::string Address::host() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, text,
              sizeof text);
  else if (family() == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&storage_);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    // A link-local address means nothing without its interface: "fe80::1%2" parses back to
    // the same address, where "fe80::1" alone would name another one.
    if (v6->sin6_scope_id != 0)
      return std::string(text) + "%" + std::to_string(v6->sin6_scope_id);
  }
  return text;
}

int Address::port() const noexcept {
  if (family() == AF_INET)
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  if (family() == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
  return -1;
}

std::string Address::path() const {
  if (family() != AF_UNIX || length_ <= offsetof(sockaddr_un, sun_path))
    return {};
  const auto* un = reinterpret_cast<const sockaddr_un*>(&storage_);
  const std::size_t max = length_ - offsetof(sockaddr_un, sun_path);
  return std::string(un->sun_path, strnlen(un->sun_path, max));
}

std::string Address::to_string() const {
  switch (family()) {
  case AF_INET:
    return host() + ":" + std::to_string(port());
  case AF_INET6:
    return "[" + host() + "]:" + std::to_string(port());
  case AF_UNIX:
    return path();
  default:
    return {};
  }
}

bool operator==(const Address& a, const Address& b) noexcept {
  return a.length_ == b.length_ && std::memcmp(&a.storage_, &b.storage_, a.length_) == 0;
}

} // namespace socketserver
