// Public header. Socket: a move-only owner of one socket descriptor, with Python's method
// names (recv, send, sendall, recvfrom, sendto, settimeout, shutdown, close, fileno).
//
// Ownership: a Socket closes its descriptor when destroyed unless it is a borrowed view (the
// datagram handlers' view of the server socket). Errors throw SocketError with errno and words;
// a timeout throws TimeoutError. EINTR is always retried; sends use MSG_NOSIGNAL, so a vanished
// peer is an EPIPE error and never a SIGPIPE. No global signal state is touched.
//
// A request's socket carries a tap (observer + request id): every byte it moves is reported,
// whichever method moved it. Thread rule: one thread uses a Socket at a time, except that
// close() of an owner may race with nothing; fileno() is always safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "socketserver/address.hpp"
#include "socketserver/observer.hpp"

namespace socketserver {

/// Seconds as Python counts them: `server.timeout = 0.5s` or `std::chrono::milliseconds{500}`.
using Seconds = std::chrono::duration<double>;

class Socket {
public:
  /// Where a request socket reports its traffic. A null observer reports nothing.
  struct Tap {
    ServerObserver* observer = nullptr;
    RequestId id = 0;
  };

  /// An empty socket: fileno() == -1.
  Socket() noexcept = default;
  /// Creates a new socket (close-on-exec). Throws SocketError.
  Socket(int family, int type, int protocol = 0);
  /// Takes ownership of `fd` (or borrows it when `owned` is false).
  static Socket adopt(int fd, bool owned = true) noexcept;
  /// A client connected to `address`, optionally within `timeout` (Python's
  /// socket.create_connection). Throws SocketError / TimeoutError.
  static Socket create_connection(const Address& address,
                                  std::optional<Seconds> timeout = std::nullopt);

  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  int fileno() const noexcept { return fd_; }
  bool owned() const noexcept { return owned_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  /// Closes an owned descriptor (a view just forgets it); idempotent. fileno() becomes -1.
  void close() noexcept;
  /// Gives up ownership and returns the descriptor.
  int detach() noexcept;

  void bind(const Address& address);
  void listen(int backlog);
  void connect(const Address& address);
  /// Accepts one connection (close-on-exec). Throws SocketError (EAGAIN when non-blocking).
  std::pair<Socket, Address> accept();
  void shutdown(int how);

  /// Up to `bufsize` bytes; "" means the peer closed its side.
  std::string recv(std::size_t bufsize, int flags = 0);
  /// Reads into `buffer`, returning the count (0 at end of stream).
  std::size_t recv_into(char* buffer, std::size_t size, int flags = 0);
  /// One send; returns how much the kernel took.
  std::size_t send(std::string_view data, int flags = 0);
  /// Sends everything, across partial writes and signals, within the timeout if one is set.
  void sendall(std::string_view data);
  std::pair<std::string, Address> recvfrom(std::size_t bufsize, int flags = 0);
  std::size_t sendto(std::string_view data, const Address& address);

  /// nullopt blocks forever (the default); zero makes the socket non-blocking.
  void settimeout(std::optional<Seconds> timeout);
  std::optional<Seconds> gettimeout() const noexcept { return timeout_; }
  void setblocking(bool blocking) {
    settimeout(blocking ? std::nullopt : std::optional{Seconds{0}});
  }

  void setsockopt(int level, int option, int value);
  int getsockopt(int level, int option) const;
  Address getsockname() const;
  Address getpeername() const;
  int family() const;

  void set_tap(Tap tap) noexcept { tap_ = tap; }
  const Tap& tap() const noexcept { return tap_; }

private:
  Socket(int fd, bool owned) noexcept : fd_(fd), owned_(owned) {}
  /// Waits until the descriptor is ready for `events` within the timeout; throws TimeoutError.
  void wait_ready(short events, const char* operation) const;
  void report_received(const char* data, std::size_t size) const;
  void report_sent(const char* data, std::size_t size) const;

  int fd_ = -1;
  bool owned_ = true;
  std::optional<Seconds> timeout_;
  Tap tap_;
};

} // namespace socketserver
