// Internal header. WorkerPool: the bounded pool behind ThreadPoolMixIn.
//
// At most `threads` workers, started on demand, and at most `queue_capacity` tasks waiting
// for one; a task beyond that is refused (submit() returns false) instead of queued without
// bound. Thread safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace socketserver::detail {

class WorkerPool {
public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();

  /// Queues `task`, starting a worker if none is idle and fewer than `threads` run.
  /// False when the pool is full or stopped, or `threads` is 0: the caller keeps the
  /// responsibility for the work. When no worker can be started, the task is queued for the
  /// running ones if there are any; with none, the std::system_error is thrown and the task
  /// stays the caller's.
  bool submit(std::function<void()>& task, std::size_t threads, std::size_t queue_capacity);
  /// Refuses new tasks; workers finish what is queued, then exit. With `wait`, joins them;
  /// from a worker it joins nothing and throws std::logic_error (a thread cannot join itself;
  /// the destructor joins them later).
  void stop(bool wait);

  std::size_t threads() const;
  std::size_t queued() const;
  std::size_t busy() const;

private:
  void work();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> workers_;
  std::size_t idle_ = 0;
  std::size_t exited_ = 0; // workers that left after stop(), not yet joined
  bool stopping_ = false;
};

} // namespace socketserver::detail
