// Internal header. TimerQueue: the pending EventHandler::call_later() timers of one EventLoop,
// earliest first (equal deadlines in the order they were added).
//
// Entries name their connection by a key (the loop's number for it), never by pointer: the
// loop looks the key up when a timer is due, so an entry can never reach a connection that
// has ended, and drop() forgets every entry of a connection when it ends. Used only on its
// loop's thread; no lock.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace socketserver::detail {

class TimerQueue {
public:
  using Clock = std::chrono::steady_clock;
  using Key = std::uint64_t;

  struct Timer {
    Clock::time_point deadline{};
    std::uint64_t sequence = 0; // the order of add(): ties between equal deadlines
    Key key = 0;
    std::function<void()> callback;
  };

  /// `now` + `delay`: a negative delay is none, one past the clock's range is clamped (it
  /// then means "never" in practice).
  static Clock::time_point deadline_after(std::chrono::milliseconds delay,
                                          Clock::time_point now = Clock::now()) noexcept;
  /// Queues `callback` for `key` at `deadline`, after every timer of the same deadline.
  void add(Key key, Clock::time_point deadline, std::function<void()> callback);
  /// The earliest deadline; nullopt when nothing is queued.
  std::optional<Clock::time_point> next_deadline() const noexcept;
  /// The sequence number the next add() gets: pop_due() with it as `before` leaves alone the
  /// timers that callbacks add while the due ones run.
  std::uint64_t next_sequence() const noexcept { return next_sequence_; }
  /// Removes and returns the earliest timer due at `now` and added before `before`.
  std::optional<Timer> pop_due(Clock::time_point now, std::uint64_t before);
  /// Forgets every timer of `key` (its callbacks are destroyed, never called).
  void drop(Key key);
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }

private:
  std::vector<Timer> heap_; // a min-heap on (deadline, sequence)
  std::uint64_t next_sequence_ = 0;
};

} // namespace socketserver::detail
