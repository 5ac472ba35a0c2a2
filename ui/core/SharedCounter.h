// SharedCounter: a counter that a server's request threads and its forked children all count
// on, so that a forking server's {counter} goes on from one connection to the next as a
// threading server's does. The value lives in a shared anonymous mapping made before any
// fork: a child's increments are the parent's.
//
//   SharedCounter counter;
//   counter.next();  // 1, then 2, ... in any thread or forked child of this process
//
// Thread safe (and process safe across fork()); not copyable.
#pragma once

#include <QtGlobal>

#include <atomic>

class SharedCounter {
public:
  SharedCounter();
  ~SharedCounter();
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;

  /// Adds one and returns the new value (the first call returns 1).
  quint64 next();

private:
  static_assert(std::atomic<quint64>::is_always_lock_free,
                "a counter shared between processes must not hide a lock");

  std::atomic<quint64>* value_ = nullptr; ///< in the shared mapping, or &fallback_
  std::atomic<quint64> fallback_{0};      ///< when mmap fails: shared by threads only
  bool mapped_ = false;
};
