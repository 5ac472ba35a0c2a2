// Internal header. UniqueFd: the owner of one raw descriptor that is not a socket the user
// sees (a wake-up pipe end, the reserve descriptor, epoll, eventfd, a child's channel).
//
// Move-only; closes its descriptor when destroyed or reset, once. Every raw descriptor the
// engine keeps lives in one of these (or in a Socket), so none is closed twice, leaked on an
// exception, or kept as a bare number after it was closed.
#pragma once

#include <utility>

#include <unistd.h>

namespace socketserver::detail {

class UniqueFd {
public:
  UniqueFd() noexcept = default;
  /// Takes ownership of `fd` (-1 = none).
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other)
      reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  /// The descriptor, or -1.
  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  /// Closes the current descriptor (never retried on EINTR: on Linux it is gone either way)
  /// and owns `fd` instead.
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0 && fd_ != fd)
      ::close(fd_);
    fd_ = fd;
  }
  /// Gives up ownership without closing.
  int release() noexcept { return std::exchange(fd_, -1); }

private:
  int fd_ = -1;
};

} // namespace socketserver::detail
