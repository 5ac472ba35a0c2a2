#include "socketserver/socket.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socketserver/detail/deadline.hpp"
#include "socketserver/detail/transport.hpp"
#include "socketserver/errors.hpp"

namespace socketserver {

namespace detail {

/// A descriptor held by a socket's owner and its shares. The number is closed only when the
/// last handle is gone; closing the owner before that puts a dead file under the number, so
/// the socket itself is released at once and the number cannot be handed out again while a
/// share might still use it.
struct SharedDescriptor {
  explicit SharedDescriptor(int descriptor) noexcept : fd(descriptor) {}
  SharedDescriptor(const SharedDescriptor&) = delete;
  SharedDescriptor& operator=(const SharedDescriptor&) = delete;
  ~SharedDescriptor() { ::close(fd); }

  /// The owner closed the socket: every handle now fails with EBADF.
  void retire() noexcept {
    closed = true;
    const int dead = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (dead >= 0) {
      ::dup3(dead, fd, O_CLOEXEC); // atomically releases the socket, keeps the number
      ::close(dead);
    } else {
      ::shutdown(fd, SHUT_RDWR); // out of descriptors: at least end its traffic now
    }
  }

  const int fd;
  std::atomic<bool> closed{false};
};

} // namespace detail

namespace {

// The peer, when there is one, makes an error message worth reading.
std::string peer_text(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (fd < 0 || ::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
    return {};
  return Address(reinterpret_cast<const sockaddr*>(&storage), length).to_string();
}

[[noreturn]] void fail(int error, std::string_view operation, const std::string& address) {
  // A connection that died has no peer address left to name: drop the dangling preposition.
  if (address.empty()) {
    for (std::string_view preposition : {" from", " to", " on"}) {
      if (operation.ends_with(preposition)) {
        operation.remove_suffix(preposition.size());
        break;
      }
    }
  }
  throw SocketError(error, describe_errno(error, std::string(operation), address));
}

[[noreturn]] void fail_closed(std::string_view operation) {
  throw SocketError(EBADF, std::string(operation) + ": the socket is closed");
}

bool would_block(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

/// Python's ValueError for calls an SSLSocket refuses: they would bypass the TLS session.
[[noreturn]] void refuse_under_tls(const std::string& what) {
  throw std::logic_error(what + " on a TLS connection: it would bypass the TLS session "
                                "(use recv/send/sendall without flags)");
}

} // namespace

Socket::Socket(int family, int type, int protocol)
    : fd_(::socket(family, type | SOCK_CLOEXEC, protocol)) {
  if (fd_ < 0)
    fail(errno, "socket", {});
}

Socket::Socket() noexcept = default;

Socket::Socket(int fd) noexcept : fd_(fd) {}

Socket Socket::adopt(int fd) noexcept { return Socket(fd); }

Socket Socket::share() {
  if (fileno() < 0)
    fail_closed("share");
  if (transport_)
    refuse_under_tls("share()"); // a handle without the session would read ciphertext
  if (!shared_)
    shared_ = std::make_shared<detail::SharedDescriptor>(fd_);
  Socket handle(fd_);
  handle.shared_ = shared_;
  handle.is_share_ = true;
  return handle;
}

Socket Socket::create_connection(const Address& address, std::optional<Seconds> timeout) {
  Socket socket(address.family(), SOCK_STREAM);
  socket.settimeout(timeout);
  socket.connect(address);
  return socket;
}

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), shared_(std::move(other.shared_)),
      is_share_(other.is_share_), timeout_(other.timeout_), reporting_(other.reporting_),
      transport_(std::move(other.transport_)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    shared_ = std::move(other.shared_);
    is_share_ = other.is_share_;
    timeout_ = other.timeout_;
    reporting_ = other.reporting_;
    transport_ = std::move(other.transport_);
  }
  return *this;
}

Socket::~Socket() { close(); }

int Socket::fileno() const noexcept {
  if (shared_ && shared_->closed.load())
    return -1;
  return fd_;
}

void Socket::close() noexcept {
  transport_.reset(); // frees the TLS session; it sends nothing (close_notify is explicit)
  if (fd_ < 0)
    return;
  if (!shared_)
    ::close(fd_); // never retried on EINTR: on Linux the descriptor is gone either way
  else if (!is_share_)
    shared_->retire(); // the number itself closes with the last handle
  shared_.reset();
  fd_ = -1;
}

int Socket::detach() noexcept {
  if (shared_)
    return -1; // a shared descriptor has no single owner to give it to; nothing changes
  transport_.reset();
  return std::exchange(fd_, -1);
}

int Socket::usable_fd(const char* operation) const {
  const int fd = fileno();
  if (fd < 0)
    fail_closed(operation);
  return fd;
}

void Socket::fail_call(int error, std::string_view operation, const std::string& address) const {
  if (fileno() < 0) // the owner closed it while this call ran (the call hit the dead file)
    fail_closed(operation);
  fail(error, operation, address);
}

template <class Call> long Socket::io(short events, const char* operation, Call&& call) const {
  const bool timed = timeout_ && timeout_->count() > 0;
  const detail::Deadline deadline(timed ? timeout_ : std::nullopt);
  const int extra = timeout_ ? MSG_DONTWAIT : 0;
  for (;;) {
    if (timed)
      wait_ready(events, operation, deadline);
    const long n = call(usable_fd(operation), extra);
    if (n >= 0)
      return n;
    if (errno == EINTR)
      continue;
    if (!would_block(errno) || (timeout_ && !timed))
      return -1; // an error, or EAGAIN in non-blocking mode: the caller reports it
    if (!timed)  // blocking mode on a descriptor that is non-blocking underneath
      wait_ready(events, operation, detail::Deadline{});
  }
}

template <class Call> long Socket::transport_io(const char* operation, Call&& call) {
  do_handshake();
  const bool timed = timeout_ && timeout_->count() > 0;
  const detail::Deadline deadline(timed ? timeout_ : std::nullopt);
  for (;;) {
    usable_fd(operation);
    const long n = call(*transport_);
    if (n >= 0)
      return n;
    if (timeout_ && !timed) {
      if (const std::size_t kept = transport_->keep_unsent())
        return static_cast<long>(kept); // what TLS committed is taken, as send(2) takes it
      errno = EAGAIN;                   // non-blocking mode: the caller reports it
      return -1;
    }
    // Bytes kept from an abandoned write go out while a read waits, as the kernel's would.
    const short events =
        static_cast<short>(transport_->wanted() | (transport_->unsent() > 0 ? POLLOUT : 0));
    try {
      wait_ready(events, operation, deadline);
    } catch (const TimeoutError&) {
      if (const std::size_t kept = transport_->keep_unsent())
        return static_cast<long>(kept);
      throw;
    }
  }
}

void Socket::set_transport(std::unique_ptr<detail::Transport> transport) {
  const int fd = usable_fd("TLS wrap");
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  transport_ = std::move(transport);
}

void Socket::do_handshake() {
  if (!transport_ || transport_->handshake_done())
    return;
  const auto bound = transport_->handshake_timeout() ? transport_->handshake_timeout() : timeout_;
  const bool timed = bound && bound->count() > 0;
  const detail::Deadline deadline(timed ? bound : std::nullopt);
  while (!transport_->handshake(reporting_)) {
    if (timeout_ && timeout_->count() == 0 && !transport_->handshake_timeout())
      fail(EAGAIN, "TLS handshake with", peer_text(fileno()));
    try {
      wait_ready(transport_->wanted(), "TLS handshake", deadline);
    } catch (const TimeoutError&) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", bound->count());
      throw TimeoutError("TLS handshake with " + peer_text(fileno()) + " timed out after " +
                         seconds + " s: the client did not complete it");
    }
  }
}

void Socket::bind(const Address& address) {
  if (::bind(usable_fd("bind"), address.data(), address.size()) != 0)
    fail_call(errno, "bind", address.to_string());
}

void Socket::listen(int backlog) {
  if (::listen(usable_fd("listen"), backlog) != 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "listen", getsockname().to_string());
  }
}

void Socket::connect(const Address& address) {
  const int fd = usable_fd("connect");
  if (timeout_ && timeout_->count() > 0) {
    // Python's connect with a timeout: start it non-blocking, wait, read the verdict.
    const detail::Deadline deadline(timeout_);
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    const int rc = ::connect(fd, address.data(), address.size());
    const int error = rc == 0 ? 0 : errno;
    if (rc != 0 && error != EINPROGRESS && error != EINTR) {
      ::fcntl(fd, F_SETFL, flags);
      fail(error, "connect", address.to_string());
    }
    try {
      if (rc != 0)
        wait_ready(POLLOUT, "connect", deadline);
    } catch (...) {
      ::fcntl(fd, F_SETFL, flags);
      throw;
    }
    ::fcntl(fd, F_SETFL, flags);
  } else if (::connect(fd, address.data(), address.size()) != 0) {
    if (errno != EINTR && errno != EINPROGRESS)
      fail(errno, "connect", address.to_string());
    // Interrupted: the connection goes on in the background; wait for its end.
    wait_ready(POLLOUT, "connect", detail::Deadline{});
  }
  const int error = getsockopt(SOL_SOCKET, SO_ERROR);
  if (error != 0)
    fail(error, "connect", address.to_string());
}

std::pair<Socket, Address> Socket::accept() {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const long fd = io(POLLIN, "accept", [&](int listening, int) {
    length = sizeof storage;
    return static_cast<long>(
        ::accept4(listening, reinterpret_cast<sockaddr*>(&storage), &length, SOCK_CLOEXEC));
  });
  if (fd < 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "accept on", getsockname().to_string());
  }
  return {Socket(static_cast<int>(fd)),
          Address(reinterpret_cast<const sockaddr*>(&storage), length)};
}

std::pair<Socket, Address> Socket::accept_now() {
  sockaddr_storage storage{};
  for (;;) {
    socklen_t length = sizeof storage;
    const int fd = ::accept4(usable_fd("accept"), reinterpret_cast<sockaddr*>(&storage), &length,
                             SOCK_CLOEXEC);
    if (fd >= 0)
      return {Socket(fd), Address(reinterpret_cast<const sockaddr*>(&storage), length)};
    if (errno != EINTR) {
      const int saved_errno = errno; // the address look-up below may change errno
      fail_call(saved_errno, "accept on", getsockname().to_string());
    }
  }
}

void Socket::shutdown(int how) {
  const int fd = usable_fd("shutdown");
  if (::shutdown(fd, how) != 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "shutdown", peer_text(fd));
  }
}

std::string Socket::recv(std::size_t bufsize, int flags) {
  // Handlers ask for large buffers (recv(65536)) and get a few bytes: reading into a reused
  // per-thread buffer and copying what arrived avoids allocating and zero-filling bufsize
  // bytes per call (a profile of the threading echo showed memset as the top user-space cost).
  constexpr std::size_t reused_limit = std::size_t{256} * 1024;
  if (bufsize <= reused_limit) {
    thread_local std::unique_ptr<char[]> scratch(new char[reused_limit]);
    const std::size_t n = recv_into(scratch.get(), bufsize, flags);
    return std::string(scratch.get(), n);
  }
  std::unique_ptr<char[]> buffer(new char[bufsize]); // uninitialised, unlike std::string's
  const std::size_t n = recv_into(buffer.get(), bufsize, flags);
  return std::string(buffer.get(), n);
}

std::size_t Socket::recv_into(char* buffer, std::size_t size, int flags) {
  if (transport_ && flags != 0)
    refuse_under_tls("recv flags"); // MSG_PEEK would consume, the rest mean nothing to TLS
  const long n =
      transport_
          ? transport_io("recv", [&](detail::Transport& tls) { return tls.read(buffer, size); })
          : io(POLLIN, "recv", [&](int fd, int extra) {
              return static_cast<long>(::recv(fd, buffer, size, flags | extra));
            });
  if (n < 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "recv from", peer_text(fd_));
  }
  report_received(buffer, static_cast<std::size_t>(n));
  return static_cast<std::size_t>(n);
}

std::size_t Socket::send(std::string_view data, int flags) {
  if (transport_ && flags != 0)
    refuse_under_tls("send flags");
  const long n = transport_ ? transport_io("send",
                                           [&](detail::Transport& tls) {
                                             return tls.write(data.data(), data.size());
                                           })
                            : io(POLLOUT, "send", [&](int fd, int extra) {
                                return static_cast<long>(::send(fd, data.data(), data.size(),
                                                                flags | extra | MSG_NOSIGNAL));
                              });
  if (n < 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "send to", peer_text(fd_));
  }
  report_sent(data.data(), static_cast<std::size_t>(n));
  return static_cast<std::size_t>(n);
}

void Socket::sendall(std::string_view data) {
  // Python 3.5+: the timeout bounds the whole sendall, not each piece.
  const auto saved = timeout_;
  const detail::Deadline deadline(saved && saved->count() > 0 ? saved : std::nullopt);
  try {
    while (!data.empty()) {
      if (const auto left = deadline.left()) {
        if (left->count() <= 0)
          throw TimeoutError("sendall to " + peer_text(fd_) + ": timed out");
        timeout_ = left;
      }
      data.remove_prefix(send(data));
    }
  } catch (...) {
    timeout_ = saved;
    throw;
  }
  timeout_ = saved;
}

std::pair<std::string, Address> Socket::recvfrom(std::size_t bufsize, int flags) {
  if (transport_)
    refuse_under_tls("recvfrom()");
  std::string data(bufsize, '\0');
  sockaddr_storage storage{};
  socklen_t length = 0;
  const long n = io(POLLIN, "recvfrom", [&](int fd, int extra) {
    length = sizeof storage;
    return static_cast<long>(::recvfrom(fd, data.data(), bufsize, flags | extra,
                                        reinterpret_cast<sockaddr*>(&storage), &length));
  });
  if (n < 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "recvfrom on", fileno() < 0 ? std::string() : getsockname().to_string());
  }
  data.resize(static_cast<std::size_t>(n));
  report_received(data.data(), data.size());
  return {std::move(data), Address(reinterpret_cast<const sockaddr*>(&storage), length)};
}

std::size_t Socket::sendto(std::string_view data, const Address& address) {
  if (transport_)
    refuse_under_tls("sendto()");
  const long n = io(POLLOUT, "sendto", [&](int fd, int extra) {
    return static_cast<long>(::sendto(fd, data.data(), data.size(), extra | MSG_NOSIGNAL,
                                      address.data(), address.size()));
  });
  if (n < 0)
    fail_call(errno, "sendto", address.to_string());
  report_sent(data.data(), static_cast<std::size_t>(n));
  return static_cast<std::size_t>(n);
}

void Socket::settimeout(std::optional<Seconds> timeout) {
  if (timeout && !(timeout->count() >= 0)) // NaN too
    throw std::invalid_argument("socket timeout must be a non-negative number of seconds");
  timeout_ = timeout;
}

void Socket::setsockopt(int level, int option, int value) {
  if (::setsockopt(usable_fd("setsockopt"), level, option, &value, sizeof value) != 0)
    fail_call(errno, "setsockopt", {});
}

int Socket::getsockopt(int level, int option) const {
  int value = 0;
  socklen_t length = sizeof value;
  if (::getsockopt(usable_fd("getsockopt"), level, option, &value, &length) != 0)
    fail_call(errno, "getsockopt", {});
  return value;
}

Address Socket::getsockname() const {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getsockname(usable_fd("getsockname"), reinterpret_cast<sockaddr*>(&storage), &length) !=
      0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail_call(saved_errno, "getsockname", {});
  }
  return Address(reinterpret_cast<const sockaddr*>(&storage), length);
}

Address Socket::getpeername() const {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getpeername(usable_fd("getpeername"), reinterpret_cast<sockaddr*>(&storage), &length) != 0)
    fail_call(errno, "getpeername", {});
  return Address(reinterpret_cast<const sockaddr*>(&storage), length);
}

int Socket::family() const { return getsockopt(SOL_SOCKET, SO_DOMAIN); }

void Socket::wait_ready(short events, const char* operation,
                        const detail::Deadline& deadline) const {
  pollfd entry{usable_fd(operation), events, 0};
  for (;;) {
    if (deadline.expired())
      throw TimeoutError(std::string(operation) + ": timed out");
    const int rc = ::poll(&entry, 1, deadline.poll_milliseconds());
    if (rc > 0)
      return;
    if (rc < 0 && errno != EINTR)
      fail_call(errno, "poll", {});
  }
}

void Socket::report_received(const char* data, std::size_t size) const {
  if (reporting_.observer != nullptr && size > 0)
    reporting_.observer->on_bytes_received(reporting_.id, std::string_view(data, size));
}

void Socket::report_sent(const char* data, std::size_t size) const {
  if (reporting_.observer != nullptr && size > 0)
    reporting_.observer->on_bytes_sent(reporting_.id, std::string_view(data, size));
}

} // namespace socketserver
