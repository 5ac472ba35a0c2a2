#include "MemoryBudget.h"

#include "ConsoleEvent.h"

#include <algorithm>
#include <cstddef>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {

// A Qt container's header and malloc's own bookkeeping per allocated block.
constexpr qint64 blockOverhead = 48;

qint64 heapOf(qsizetype bytes) { return bytes > 0 ? bytes + blockOverhead : 0; }

} // namespace

MemoryBudget::MemoryBudget(qint64 bytes) : limit_(std::clamp(bytes, minimumBytes, maximumBytes)) {}

void MemoryBudget::setLimit(qint64 bytes) {
  limit_.store(std::clamp(bytes, minimumBytes, maximumBytes), std::memory_order_relaxed);
}

bool MemoryBudget::tryTake(qint64 bytes) {
  const qint64 share = inFlightLimit();
  qint64 held = inFlight_.load(std::memory_order_relaxed);
  do {
    if (held + bytes > share)
      return false;
  } while (!inFlight_.compare_exchange_weak(held, held + bytes, std::memory_order_relaxed));
  return true;
}

qint64 MemoryBudget::costOf(const ConsoleEvent& event) {
  qint64 cost = qint64{sizeof(ConsoleEvent)} + blockOverhead + heapOf(event.payload.size()) +
                heapOf(event.peer.size() * qsizetype{sizeof(QChar)}) +
                heapOf(event.text.size() * qsizetype{sizeof(QChar)});
  if (const auto& tls = event.tls) {
    // The facts and the control block are one block (make_shared); long strings, one more.
    const std::size_t strings = tls->version.size() + tls->cipher.size() + tls->alpn.size() +
                                tls->server_name.size() + tls->peer_subject.size();
    cost += heapOf(qsizetype{sizeof(*tls)} + qsizetype{2 * sizeof(void*)}) +
            heapOf(static_cast<qsizetype>(strings));
  }
  return cost;
}

void MemoryBudget::releaseFreeMemory() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}
