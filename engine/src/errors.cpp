#include "socketserver/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace socketserver {

SocketError::SocketError(int errno_value, const std::string& what)
    : std::system_error(errno_value, std::generic_category(), what), message_(what) {}

TimeoutError::TimeoutError(const std::string& what) : SocketError(ETIMEDOUT, what) {}

TlsError::TlsError(const std::string& what, int errno_value) : SocketError(errno_value, what) {}

namespace {
// The port part of "host:port" or "[v6]:port", for messages that speak of ports.
std::string port_of(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || address.empty() || address.front() == '/')
    return {};
  return address.substr(colon + 1);
}

// Where the kernel picks ports for port 0, in words: "ephemeral ports 32768-60999, set by
// net.ipv4.ip_local_port_range".
std::string ephemeral_ports_text() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0;
  unsigned high = 0;
  if (range >> low >> high)
    return "every ephemeral port " + std::to_string(low) + "-" + std::to_string(high) +
           " is taken; the range is net.ipv4.ip_local_port_range";
  return "every ephemeral port is taken";
}
} // namespace

std::string describe_errno(int errno_value, const std::string& operation,
                           const std::string& address) {
  std::string words;
  switch (errno_value) {
  case EADDRINUSE: {
    const std::string port = port_of(address);
    if (port == "0")
      words = "no free port was left to choose from (" + ephemeral_ports_text() + ")";
    else
      words =
          port.empty() ? "the address is already in use" : "port " + port + " is already in use";
    break;
  }
  case EACCES:
  case EPERM:
    words = "permission denied";
    break;
  case EADDRNOTAVAIL:
    words = "the address is not available on this machine";
    break;
  case ENOENT:
    words = "no such file or directory";
    break;
  case ENOTDIR:
    words = "a component of the path is not a directory";
    break;
  case ECONNREFUSED:
    words = "connection refused";
    break;
  case ECONNRESET:
    words = "connection reset by peer";
    break;
  case EPIPE:
    words = "the peer has closed the connection";
    break;
  case ENOTCONN:
    words = "the peer is no longer connected";
    break;
  case EMFILE:
  case ENFILE:
    words = "too many open files";
    break;
  case ETIMEDOUT:
    words = "timed out";
    break;
  default:
    // NOLINTNEXTLINE(concurrency-mt-unsafe): glibc 2.32+ has per-thread text
    words = std::strerror(errno_value);
  }
  std::string message = operation;
  if (!address.empty())
    message += " " + address;
  return message + ": " + words;
}

} // namespace socketserver
