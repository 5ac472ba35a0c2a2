// Internal header. Deadline: the end of a timed wait, so that every wait in the engine counts
// the time left instead of restarting its full timeout after a signal (EINTR), and so that no
// timeout, however large (a year, 300 years, infinity), overflows a clock or an int.
#pragma once

#include <chrono>
#include <optional>

namespace socketserver::detail {

class Deadline {
public:
  using Clock = std::chrono::steady_clock;
  using Seconds = std::chrono::duration<double>;

  /// Never expires.
  Deadline() noexcept = default;
  /// `timeout` from now; nullopt (or NaN, or a timeout past the clock's range) never
  /// expires; zero or negative has already expired.
  explicit Deadline(std::optional<Seconds> timeout) noexcept;
  /// The earlier of two deadlines.
  static Deadline earlier(const Deadline& a, const Deadline& b) noexcept;

  bool never() const noexcept { return !when_; }
  bool expired() const noexcept { return when_ && Clock::now() >= *when_; }
  /// What is left, for poll() and epoll_wait(): -1 when it never expires, else the
  /// milliseconds left rounded up (so a wait never ends just before the deadline), at most
  /// INT_MAX; a longer wait just wakes once and waits again.
  int poll_milliseconds() const noexcept;
  /// Seconds left (0 once expired); nullopt when it never expires.
  std::optional<Seconds> left() const noexcept;

private:
  std::optional<Clock::time_point> when_;
};

/// The largest duration a steady_clock time point can still be moved by from now.
/// Longer timeouts mean "never" in practice (more than a century).
Deadline::Seconds longest_timeout() noexcept;

} // namespace socketserver::detail
