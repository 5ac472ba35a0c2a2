#include "socketserver/detail/worker_pool.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <system_error>

#include "socketserver/thread_name.hpp"

namespace socketserver::detail {

namespace {
std::atomic<unsigned long> worker_counter{0};
/// The pool whose worker the calling thread is, if any.
thread_local const WorkerPool* own_pool = nullptr;
} // namespace

WorkerPool::~WorkerPool() {
  std::vector<std::thread> joining;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    joining.swap(workers_);
  }
  for (auto& worker : joining) {
    if (worker.get_id() == std::this_thread::get_id())
      worker.detach(); // destroyed from its own worker: the rest of the task is its own
    else
      worker.join();
  }
}

bool WorkerPool::submit(std::function<void()>& task, std::size_t threads,
                        std::size_t queue_capacity) {
  std::lock_guard lock(mutex_);
  if (stopping_)
    return false;
  // Tasks no idle worker will pick up at once are the ones that really wait.
  const std::size_t waiting = queue_.size() >= idle_ ? queue_.size() - idle_ : 0;
  const bool spare_idle = queue_.size() < idle_;
  const bool can_grow = workers_.size() < threads;
  if (threads == 0 || (!spare_idle && !can_grow && waiting >= queue_capacity))
    return false;
  if (!spare_idle && can_grow) {
    try {
      workers_.emplace_back([this] { work(); });
    } catch (const std::system_error&) {
      // No new thread: the running workers take it, if there is room for it to wait.
      if (workers_.empty() || waiting >= queue_capacity)
        throw;
    }
  }
  queue_.push_back(std::move(task));
  wake_.notify_one();
  return true;
}

void WorkerPool::stop(bool wait) {
  std::vector<std::thread> joining;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    if (wait && own_pool == this)
      throw std::logic_error("cannot wait for the pool's threads from one of them (it would "
                             "wait for itself for ever): the server is closed, and its pool "
                             "threads are waited for when the server is destroyed");
    if (wait)
      joining.swap(workers_);
  }
  for (auto& worker : joining)
    worker.join();
  if (!joining.empty()) {
    std::lock_guard lock(mutex_);
    exited_ = 0; // they left workers_ with the swap
  }
}

void WorkerPool::work() {
  set_current_thread_name("PoolWorker-" + std::to_string(++worker_counter));
  own_pool = this;
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (queue_.empty()) {
      ++exited_;
      return; // stopping, and nothing left to finish
    }
    {
      auto task = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      task(); // and its captures (the request's socket) are released before relocking
    }
    lock.lock();
  }
}

std::size_t WorkerPool::threads() const {
  std::lock_guard lock(mutex_);
  return workers_.size();
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  const std::size_t not_busy = idle_ + exited_; // a worker that left is not busy
  return workers_.size() > not_busy ? workers_.size() - not_busy : 0;
}

} // namespace socketserver::detail
