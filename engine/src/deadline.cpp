#include "socketserver/detail/deadline.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace socketserver::detail {

Deadline::Seconds longest_timeout() noexcept {
  // A century: far beyond any real wait, far below the clock's ~292-year range, so that
  // now() + timeout cannot overflow whatever now() is.
  return Deadline::Seconds{100.0 * 365 * 24 * 3600};
}

Deadline::Deadline(std::optional<Seconds> timeout) noexcept {
  if (!timeout || std::isnan(timeout->count()) || *timeout >= longest_timeout())
    return;
  const Seconds wait = std::max(*timeout, Seconds{0});
  when_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(wait);
}

Deadline Deadline::earlier(const Deadline& a, const Deadline& b) noexcept {
  if (a.never())
    return b;
  if (b.never())
    return a;
  return *a.when_ <= *b.when_ ? a : b;
}

int Deadline::poll_milliseconds() const noexcept {
  if (!when_)
    return -1;
  const auto left = *when_ - Clock::now();
  if (left <= Clock::duration::zero())
    return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, INT_MAX));
}

std::optional<Deadline::Seconds> Deadline::left() const noexcept {
  if (!when_)
    return std::nullopt;
  return std::max(Seconds(*when_ - Clock::now()), Seconds{0});
}

} // namespace socketserver::detail
