#include "socketserver/detail/timer_queue.hpp"

#include <algorithm>
#include <utility>

#include "socketserver/detail/deadline.hpp"

namespace socketserver::detail {

namespace {

/// std::push_heap() keeps the largest first: "later" is "larger" puts the earliest first.
bool later(const TimerQueue::Timer& a, const TimerQueue::Timer& b) noexcept {
  if (a.deadline != b.deadline)
    return a.deadline > b.deadline;
  return a.sequence > b.sequence;
}

} // namespace

TimerQueue::Clock::time_point TimerQueue::deadline_after(std::chrono::milliseconds delay,
                                                         Clock::time_point now) noexcept {
  const auto longest = std::chrono::duration_cast<std::chrono::milliseconds>(longest_timeout());
  return now + std::clamp(delay, std::chrono::milliseconds::zero(), longest);
}

void TimerQueue::add(Key key, Clock::time_point deadline, std::function<void()> callback) {
  heap_.push_back({deadline, next_sequence_++, key, std::move(callback)});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

std::optional<TimerQueue::Clock::time_point> TimerQueue::next_deadline() const noexcept {
  if (heap_.empty())
    return std::nullopt;
  return heap_.front().deadline;
}

std::optional<TimerQueue::Timer> TimerQueue::pop_due(Clock::time_point now, std::uint64_t before) {
  // A timer added while due ones run has a deadline no earlier than `now`, so it never
  // comes before one that is due: stopping at it skips nothing.
  if (heap_.empty() || heap_.front().deadline > now || heap_.front().sequence >= before)
    return std::nullopt;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Timer due = std::move(heap_.back());
  heap_.pop_back();
  return due;
}

void TimerQueue::drop(Key key) {
  const auto removed = std::erase_if(heap_, [key](const Timer& timer) { return timer.key == key; });
  if (removed > 0)
    std::make_heap(heap_.begin(), heap_.end(), later);
}

} // namespace socketserver::detail
