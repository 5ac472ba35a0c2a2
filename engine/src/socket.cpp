#include "socketserver/socket.hpp"

#include <cerrno>
#include <chrono>
#include <memory>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socketserver/errors.hpp"

namespace socketserver {

namespace {

using Clock = std::chrono::steady_clock;

// The peer, when there is one, makes an error message worth reading.
std::string peer_text(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
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

} // namespace

Socket::Socket(int family, int type, int protocol)
    : fd_(::socket(family, type | SOCK_CLOEXEC, protocol)) {
  if (fd_ < 0)
    fail(errno, "socket", {});
}

Socket Socket::adopt(int fd, bool owned) noexcept { return Socket(fd, owned); }

Socket Socket::create_connection(const Address& address, std::optional<Seconds> timeout) {
  Socket socket(address.family(), SOCK_STREAM);
  socket.settimeout(timeout);
  socket.connect(address);
  return socket;
}

Socket::Socket(Socket&& other) noexcept
    : fd_(other.fd_), owned_(other.owned_), timeout_(other.timeout_), tap_(other.tap_) {
  other.fd_ = -1;
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    owned_ = other.owned_;
    timeout_ = other.timeout_;
    tap_ = other.tap_;
    other.fd_ = -1;
  }
  return *this;
}

Socket::~Socket() { close(); }

void Socket::close() noexcept {
  // Never retry close() on EINTR: on Linux the descriptor is gone either way.
  if (fd_ >= 0 && owned_)
    ::close(fd_);
  fd_ = -1;
}

int Socket::detach() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Socket::bind(const Address& address) {
  if (::bind(fd_, address.data(), address.size()) != 0)
    fail(errno, "bind", address.to_string());
}

void Socket::listen(int backlog) {
  if (::listen(fd_, backlog) != 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail(saved_errno, "listen", getsockname().to_string());
  }
}

void Socket::connect(const Address& address) {
  if (timeout_ && timeout_->count() > 0) {
    // Python's connect with a timeout: start it non-blocking, wait, read the verdict.
    const int flags = ::fcntl(fd_, F_GETFL);
    ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    const int rc = ::connect(fd_, address.data(), address.size());
    const int error = rc == 0 ? 0 : errno;
    if (rc != 0 && error != EINPROGRESS && error != EINTR) {
      ::fcntl(fd_, F_SETFL, flags);
      fail(error, "connect", address.to_string());
    }
    try {
      if (rc != 0)
        wait_ready(POLLOUT, "connect");
    } catch (...) {
      ::fcntl(fd_, F_SETFL, flags);
      throw;
    }
    ::fcntl(fd_, F_SETFL, flags);
  } else if (::connect(fd_, address.data(), address.size()) != 0) {
    if (errno != EINTR && errno != EINPROGRESS)
      fail(errno, "connect", address.to_string());
    // Interrupted: the connection goes on in the background; wait for its end.
    pollfd entry{fd_, POLLOUT, 0};
    while (::poll(&entry, 1, -1) < 0 && errno == EINTR) {
    }
  }
  const int error = getsockopt(SOL_SOCKET, SO_ERROR);
  if (error != 0)
    fail(error, "connect", address.to_string());
}

std::pair<Socket, Address> Socket::accept() {
  sockaddr_storage storage{};
  for (;;) {
    wait_ready(POLLIN, "accept");
    socklen_t length = sizeof storage;
    const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&storage), &length, SOCK_CLOEXEC);
    if (fd >= 0)
      return {Socket(fd, true), Address(reinterpret_cast<const sockaddr*>(&storage), length)};
    if (errno == EINTR ||
        ((errno == EAGAIN || errno == EWOULDBLOCK) && timeout_ && timeout_->count() > 0))
      continue;
    {
      const int saved_errno = errno; // the address look-up below may change errno
      fail(saved_errno, "accept on", getsockname().to_string());
    }
  }
}

void Socket::shutdown(int how) {
  if (::shutdown(fd_, how) != 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail(saved_errno, "shutdown", peer_text(fd_));
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
  const int extra = timeout_ ? MSG_DONTWAIT : 0;
  for (;;) {
    wait_ready(POLLIN, "recv");
    const ssize_t n = ::recv(fd_, buffer, size, flags | extra);
    if (n >= 0) {
      report_received(buffer, static_cast<std::size_t>(n));
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR || (errno == EAGAIN && timeout_ && timeout_->count() > 0))
      continue;
    {
      const int saved_errno = errno; // the address look-up below may change errno
      fail(saved_errno, "recv from", peer_text(fd_));
    }
  }
}

std::size_t Socket::send(std::string_view data, int flags) {
  const int extra = MSG_NOSIGNAL | (timeout_ ? MSG_DONTWAIT : 0);
  for (;;) {
    wait_ready(POLLOUT, "send");
    const ssize_t n = ::send(fd_, data.data(), data.size(), flags | extra);
    if (n >= 0) {
      report_sent(data.data(), static_cast<std::size_t>(n));
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR || (errno == EAGAIN && timeout_ && timeout_->count() > 0))
      continue;
    {
      const int saved_errno = errno; // the address look-up below may change errno
      fail(saved_errno, "send to", peer_text(fd_));
    }
  }
}

void Socket::sendall(std::string_view data) {
  // Python 3.5+: the timeout bounds the whole sendall, not each piece.
  const auto saved = timeout_;
  const auto deadline = timeout_
                            ? Clock::now() + std::chrono::duration_cast<Clock::duration>(*timeout_)
                            : Clock::time_point::max();
  try {
    while (!data.empty()) {
      if (saved && saved->count() > 0) {
        const auto left = std::chrono::duration<double>(deadline - Clock::now());
        if (left.count() <= 0)
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
  std::string data(bufsize, '\0');
  sockaddr_storage storage{};
  const int extra = timeout_ ? MSG_DONTWAIT : 0;
  for (;;) {
    wait_ready(POLLIN, "recvfrom");
    socklen_t length = sizeof storage;
    const ssize_t n = ::recvfrom(fd_, data.data(), bufsize, flags | extra,
                                 reinterpret_cast<sockaddr*>(&storage), &length);
    if (n >= 0) {
      data.resize(static_cast<std::size_t>(n));
      report_received(data.data(), data.size());
      return {std::move(data), Address(reinterpret_cast<const sockaddr*>(&storage), length)};
    }
    if (errno == EINTR || (errno == EAGAIN && timeout_ && timeout_->count() > 0))
      continue;
    {
      const int saved_errno = errno; // the address look-up below may change errno
      fail(saved_errno, "recvfrom on", getsockname().to_string());
    }
  }
}

std::size_t Socket::sendto(std::string_view data, const Address& address) {
  const int flags = MSG_NOSIGNAL | (timeout_ ? MSG_DONTWAIT : 0);
  for (;;) {
    wait_ready(POLLOUT, "sendto");
    const ssize_t n =
        ::sendto(fd_, data.data(), data.size(), flags, address.data(), address.size());
    if (n >= 0) {
      report_sent(data.data(), static_cast<std::size_t>(n));
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR || (errno == EAGAIN && timeout_ && timeout_->count() > 0))
      continue;
    fail(errno, "sendto", address.to_string());
  }
}

void Socket::settimeout(std::optional<Seconds> timeout) {
  if (timeout && timeout->count() < 0)
    throw std::invalid_argument("socket timeout must be non-negative");
  timeout_ = timeout;
}

void Socket::setsockopt(int level, int option, int value) {
  if (::setsockopt(fd_, level, option, &value, sizeof value) != 0)
    fail(errno, "setsockopt", {});
}

int Socket::getsockopt(int level, int option) const {
  int value = 0;
  socklen_t length = sizeof value;
  if (::getsockopt(fd_, level, option, &value, &length) != 0)
    fail(errno, "getsockopt", {});
  return value;
}

Address Socket::getsockname() const {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    const int saved_errno = errno; // the address look-up below may change errno
    fail(saved_errno, "getsockname", {});
  }
  return Address(reinterpret_cast<const sockaddr*>(&storage), length);
}

Address Socket::getpeername() const {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
    fail(errno, "getpeername", {});
  return Address(reinterpret_cast<const sockaddr*>(&storage), length);
}

int Socket::family() const { return getsockopt(SOL_SOCKET, SO_DOMAIN); }

void Socket::wait_ready(short events, const char* operation) const {
  if (fd_ < 0)
    throw SocketError(EBADF, std::string(operation) + ": the socket is closed");
  if (!timeout_ || timeout_->count() == 0)
    return; // blocking: the call itself waits; non-blocking: it fails with EAGAIN
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(*timeout_);
  pollfd entry{fd_, events, 0};
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      throw TimeoutError(std::string(operation) + ": timed out");
    const int rc = ::poll(&entry, 1, static_cast<int>(left));
    if (rc > 0)
      return;
    if (rc < 0 && errno != EINTR)
      fail(errno, "poll", {});
  }
}

void Socket::report_received(const char* data, std::size_t size) const {
  if (tap_.observer != nullptr && size > 0)
    tap_.observer->on_bytes_received(tap_.id, std::string_view(data, size));
}

void Socket::report_sent(const char* data, std::size_t size) const {
  if (tap_.observer != nullptr && size > 0)
    tap_.observer->on_bytes_sent(tap_.id, std::string_view(data, size));
}

} // namespace socketserver
