#include "RequestIds.h"

#include <atomic>

namespace RequestIds {

socketserver::RequestId next() noexcept {
  // 64 bits: a million requests a second for half a million years before it wraps to 0.
  static std::atomic<socketserver::RequestId> sequence{1};
  return sequence.fetch_add(1, std::memory_order_relaxed);
}

} // namespace RequestIds
