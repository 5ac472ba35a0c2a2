// MemoryBudget: one bound on the memory the console holds for the traffic it shows, whatever
// the number of servers. A quarter is for events on their way to the window (every server's
// EventBridge takes from the same share, so twenty flooded servers hold no more than one),
// the rest for the log's rows (LogModel::setByteBudget). Beyond its share an EventBridge drops
// traffic events and says how many in the log; the log drops its oldest rows.
//
//   auto budget = std::make_shared<MemoryBudget>(64 * 1024 * 1024);
//   EventBridge first(1, budget), second(2, budget);  // one share for both
//   log.setByteBudget(budget->logLimit());
//
// Costs are estimates of the heap an event holds (MemoryBudget::costOf), not allocator
// figures: what matters is that they grow with what is kept.
//
// Thread rule: thread safe (atomics only); engine threads take and the bridge's thread gives.
#pragma once

#include <QtGlobal>

#include <atomic>

struct ConsoleEvent;

class MemoryBudget {
public:
  static constexpr qint64 mebibyte = qint64{1024} * 1024;
  static constexpr qint64 defaultBytes = 64 * mebibyte;
  static constexpr qint64 minimumBytes = 4 * mebibyte;
  static constexpr qint64 maximumBytes = qint64{4} * 1024 * mebibyte;

  /// `bytes` is clamped to [minimumBytes, maximumBytes].
  explicit MemoryBudget(qint64 bytes = defaultBytes);

  /// Clamped like the constructor's. Events already held stay; new ones see the new limit.
  void setLimit(qint64 bytes);
  qint64 limit() const { return limit_.load(std::memory_order_relaxed); }
  /// The share of events in flight (a quarter of limit()).
  qint64 inFlightLimit() const { return limit() / 4; }
  /// The share of the log's rows: the rest.
  qint64 logLimit() const { return limit() - inFlightLimit(); }

  /// Takes `bytes` for an event in flight unless the share would be exceeded: false then,
  /// and nothing is taken (the event is to be dropped).
  bool tryTake(qint64 bytes);
  /// Takes `bytes` whatever the share: for the events that are never dropped (lifecycle).
  void take(qint64 bytes) { inFlight_.fetch_add(bytes, std::memory_order_relaxed); }
  /// Gives back what take() or tryTake() took, once the event reached the window.
  void give(qint64 bytes) { inFlight_.fetch_sub(bytes, std::memory_order_relaxed); }
  /// Bytes held by events in flight now, over every server.
  qint64 inFlight() const { return inFlight_.load(std::memory_order_relaxed); }

  /// The heap one event holds: the event itself, its payload and texts, and the allocator's
  /// overhead per block.
  static qint64 costOf(const ConsoleEvent& event);

  /// Gives the memory the allocator keeps freed back to the system (glibc: malloc_trim, which
  /// also empties the arenas of request threads; elsewhere nothing). Costs a few ms: call it
  /// once traffic has stopped, not per event.
  static void releaseFreeMemory();

private:
  std::atomic<qint64> limit_;
  std::atomic<qint64> inFlight_{0};
};
