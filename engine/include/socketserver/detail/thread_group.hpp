// Internal header. ThreadGroup: the threads ThreadingMixIn starts, one per request.
//
// Threads are detached and counted rather than kept as objects, so finished threads leave
// nothing behind (Python's _Threads.reap(), without the list). Thread safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace socketserver::detail {

class ThreadGroup {
public:
  ThreadGroup() = default;
  ThreadGroup(const ThreadGroup&) = delete;
  ThreadGroup& operator=(const ThreadGroup&) = delete;
  /// Waits for every thread, tracked or not: they may still use the server (on one of its
  /// own threads, for every other one).
  ~ThreadGroup();

  /// Starts `work` on a new thread named "Thread-N". `tracked` threads are the ones
  /// join_tracked() waits for (Python: not daemon and block_on_close). Throws
  /// std::system_error when no thread can be created; `work` is then not run.
  void spawn(std::function<void()> work, bool tracked);
  /// Waits for the tracked threads (Python's _threads.join()). From one of the group's own
  /// threads it waits for nothing and throws std::logic_error, as Python's join() raises
  /// RuntimeError("cannot join current thread"): waiting would never end.
  void join_tracked();
  /// Waits for every thread; the same rule for the group's own threads.
  void join_all();
  /// True on a thread this group started.
  bool on_own_thread() const noexcept;
  /// Threads running now; tracked ones only when `tracked_only`.
  std::size_t active(bool tracked_only = false) const;

private:
  mutable std::mutex mutex_;
  std::condition_variable finished_;
  std::size_t running_ = 0;
  std::size_t tracked_running_ = 0;
};

} // namespace socketserver::detail
