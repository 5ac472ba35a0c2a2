/// @file
/// Public header. Socket: a move-only owner of one socket descriptor, with Python's method
/// names (recv, send, sendall, recvfrom, sendto, settimeout, shutdown, close, fileno).
///
/// Ownership: a Socket owns its descriptor and closes it when destroyed. share() makes a second
/// handle on the same socket (how a datagram request reaches the server socket): closing a
/// share only lets go of it, while closing the owner closes the socket for every handle at
/// once (its address is free again, and the shares fail with EBADF, as Python's closed socket
/// does). The descriptor number stays reserved until the last handle is gone, so a share can
/// never reach a file that was opened later under the same number.
///
/// Blocking mode is what gettimeout() says, whatever the descriptor's own flag (a server's
/// listening socket is non-blocking underneath): nullopt waits, zero fails with EAGAIN, a
/// timeout waits that long in all. Errors throw SocketError with errno and words;
/// a timeout throws TimeoutError. EINTR is always retried; sends use MSG_NOSIGNAL, so a vanished
/// peer is an EPIPE error and never a SIGPIPE. No global signal state is touched.
///
/// A TLS server's connection (TLSServer) carries its TLS session: recv/send and everything built
/// on them move plaintext, the handshake completing on the first of them (or do_handshake()).
///
/// A request's socket carries its traffic reporting (observer + request id): every byte it moves is
/// reported, whichever method moved it. Thread rule: one thread uses a Socket at a time; the owner
/// and its shares may be used on different threads.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "socketserver/address.hpp"
#include "socketserver/observer.hpp"

namespace socketserver {

namespace detail {
struct SharedDescriptor;
class Deadline;
class Transport;
} // namespace detail

/// Seconds as Python counts them: `server.timeout = 0.5s` or `std::chrono::milliseconds{500}`.
using Seconds = std::chrono::duration<double>;

/// A move-only owner (or share) of one socket descriptor, with Python's socket method names. Errors
/// throw SocketError; see socket.hpp for ownership and threads.
class Socket {
public:
  /// Where a request socket reports its traffic. A null observer reports nothing.
  struct TrafficReporting {
    ServerObserver* observer = nullptr; ///< receives the byte events; nullptr = none
    RequestId id = 0;                   ///< the request the bytes belong to
  };

  /// An empty socket: fileno() == -1.
  Socket() noexcept;
  /// Creates a new socket (close-on-exec). Throws SocketError.
  Socket(int family, int type, int protocol = 0);
  /// Takes ownership of `fd`.
  static Socket adopt(int fd) noexcept;
  /// A second handle on this socket (see socket.hpp): usable while the owner is open; its
  /// close() lets go of it only. Throws SocketError (EBADF) when this socket is closed, and
  /// std::logic_error on a TLS connection (a handle without its TLS session would read
  /// ciphertext and write plaintext into the TLS stream).
  Socket share();
  /// A client connected to `address`, optionally within `timeout` (Python's
  /// socket.create_connection). Throws SocketError / TimeoutError.
  static Socket create_connection(const Address& address,
                                  std::optional<Seconds> timeout = std::nullopt);

  /// Takes over `other`'s descriptor, leaving it empty.
  Socket(Socket&& other) noexcept;
  /// Closes the current descriptor (see close()), then takes over `other`'s.
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  /// The descriptor; -1 when empty or closed (a share: also once its owner closed).
  int fileno() const noexcept;
  /// False for a share made by share().
  bool owned() const noexcept { return !is_share_; }
  /// True while the socket holds a descriptor.
  explicit operator bool() const noexcept { return fileno() >= 0; }
  /// The owner closes the socket (for its shares too); a share lets go of it. Idempotent.
  /// fileno() becomes -1.
  void close() noexcept;
  /// Gives up ownership and returns the descriptor (a TLS session on it is dropped, no
  /// close_notify). A shared socket returns -1 and stays as it was.
  int detach() noexcept;

  /// Binds to `address`. Throws SocketError ("port 9999 is already in use").
  void bind(const Address& address);
  /// Starts listening with a queue of `backlog` connections. Throws SocketError.
  void listen(int backlog);
  /// Connects to `address`, within the timeout if one is set. Throws SocketError /
  /// TimeoutError.
  void connect(const Address& address);
  /// Accepts one connection (close-on-exec). Throws SocketError (EAGAIN when non-blocking).
  std::pair<Socket, Address> accept();
  /// Engine internal: accepts a connection poll() reported, never waiting: SocketError
  /// (EAGAIN) when it vanished meanwhile.
  std::pair<Socket, Address> accept_now();
  /// Shuts down one or both directions (SHUT_RD, SHUT_WR, SHUT_RDWR). Throws SocketError.
  void shutdown(int how);

  /// Up to `bufsize` bytes; "" means the peer closed its side. On a TLS connection `flags`
  /// must be 0 (Python's SSLSocket refuses them too): std::logic_error otherwise.
  std::string recv(std::size_t bufsize, int flags = 0);
  /// Reads into `buffer`, returning the count (0 at end of stream).
  std::size_t recv_into(char* buffer, std::size_t size, int flags = 0);
  /// One send; returns how much the kernel took. On a TLS connection `flags` must be 0
  /// (std::logic_error otherwise), and what it returns may include bytes of one TLS record
  /// the connection keeps and sends before anything else (see detail/transport.hpp).
  std::size_t send(std::string_view data, int flags = 0);
  /// Sends everything, across partial writes and signals, within the timeout if one is set.
  void sendall(std::string_view data);
  /// One datagram of at most `bufsize` bytes (cut beyond), and the sender's address.
  /// std::logic_error on a TLS connection (Python: ValueError).
  std::pair<std::string, Address> recvfrom(std::size_t bufsize, int flags = 0);
  /// Sends one datagram to `address`; returns the bytes sent. std::logic_error on a TLS
  /// connection (Python: ValueError).
  std::size_t sendto(std::string_view data, const Address& address);

  /// nullopt blocks forever (the default); zero makes the socket non-blocking.
  void settimeout(std::optional<Seconds> timeout);
  /// The timeout set by settimeout(); nullopt = blocking.
  std::optional<Seconds> gettimeout() const noexcept { return timeout_; }
  /// setblocking(true) is settimeout(nullopt); setblocking(false) is settimeout(0).
  void setblocking(bool blocking) {
    settimeout(blocking ? std::nullopt : std::optional{Seconds{0}});
  }

  /// Sets an integer socket option (SOL_SOCKET/SO_REUSEADDR...). Throws SocketError.
  void setsockopt(int level, int option, int value);
  /// Reads an integer socket option. Throws SocketError.
  int getsockopt(int level, int option) const;
  /// The socket's own address (the real port after binding to port 0).
  Address getsockname() const;
  /// The connected peer's address. Throws SocketError when not connected.
  Address getpeername() const;
  /// AF_INET, AF_INET6 or AF_UNIX, asked of the kernel.
  int family() const;

  /// Python's SSLSocket.do_handshake(): completes a TLS connection's handshake, within its
  /// handshake timeout (TLSServer::handshake_timeout; else the socket's timeout), and reports
  /// its facts to the observer. Nothing for a plain socket or a completed handshake. Throws
  /// TlsError (the reason in words), TimeoutError or SocketError.
  void do_handshake();
  /// True for a connection wrapped in TLS (TLSServer).
  bool is_tls() const noexcept { return transport_ != nullptr; }

  /// Engine internal: the TLS (or other) layer the bytes pass through; nullptr = plain.
  detail::Transport* transport() const noexcept { return transport_.get(); }
  /// Engine internal: puts `transport` between this socket and its users, and makes the
  /// descriptor non-blocking underneath (the transport never blocks; the socket waits).
  void set_transport(std::unique_ptr<detail::Transport> transport);

  /// Engine internal: where this socket reports the bytes it moves.
  void set_traffic_reporting(TrafficReporting reporting) noexcept { reporting_ = reporting; }
  /// Engine internal: where this socket reports them now.
  const TrafficReporting& traffic_reporting() const noexcept { return reporting_; }

private:
  explicit Socket(int fd) noexcept;
  /// The descriptor for a system call; throws SocketError (EBADF) when closed.
  int usable_fd(const char* operation) const;
  /// Throws the error of a failed call: EBADF in words when the owner closed it meanwhile.
  [[noreturn]] void fail_call(int error, std::string_view operation,
                              const std::string& address) const;
  /// Runs `call(fd, extra_flags)` (a system call returning a count or -1) the way the
  /// socket's mode asks: waiting within the timeout, retrying after EINTR, waiting after
  /// EAGAIN in blocking mode. Returns the count, or -1 with errno set.
  template <class Call> long io(short events, const char* operation, Call&& call) const;
  /// io() over the transport: completes the handshake, then runs `call(transport)` (a count,
  /// or -1 when it waits) until it moves bytes, waiting for what the transport wants within
  /// the timeout. Returns the count, or -1 with errno EAGAIN in non-blocking mode.
  template <class Call> long transport_io(const char* operation, Call&& call);
  /// Waits until the descriptor is ready for `events` or the deadline passes (TimeoutError).
  void wait_ready(short events, const char* operation, const detail::Deadline& deadline) const;
  void report_received(const char* data, std::size_t size) const;
  void report_sent(const char* data, std::size_t size) const;

  int fd_ = -1;
  /// Set once the descriptor is shared (share()): the owner and its shares hold it.
  std::shared_ptr<detail::SharedDescriptor> shared_;
  bool is_share_ = false;
  std::optional<Seconds> timeout_;
  TrafficReporting reporting_;
  std::unique_ptr<detail::Transport> transport_;
};

} // namespace socketserver
