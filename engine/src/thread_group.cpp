#include "socketserver/detail/thread_group.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include "socketserver/thread_name.hpp"

namespace socketserver::detail {

namespace {
// Python numbers threads per process: Thread-1, Thread-2, ...
std::atomic<unsigned long> thread_counter{0};
/// The group that started the calling thread, if any.
thread_local const ThreadGroup* own_group = nullptr;

[[noreturn]] void refuse_own_join() {
  throw std::logic_error("cannot wait for the request threads from one of them (it would wait "
                         "for itself for ever): the server is closed, and its request threads "
                         "are waited for when the server is destroyed");
}
} // namespace

bool ThreadGroup::on_own_thread() const noexcept { return own_group == this; }

ThreadGroup::~ThreadGroup() {
  const std::size_t self = on_own_thread() ? 1 : 0;
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this, self] { return running_ <= self; });
}

void ThreadGroup::spawn(std::function<void()> work, bool tracked) {
  const auto number = ++thread_counter;
  {
    std::lock_guard lock(mutex_);
    ++running_;
    if (tracked)
      ++tracked_running_;
  }
  try {
    std::thread([this, work = std::move(work), tracked, number] {
      set_current_thread_name("Thread-" + std::to_string(number));
      own_group = this;
      work();
      // Last touch of the group: notify under the lock so a waiter cannot destroy it first.
      std::lock_guard lock(mutex_);
      --running_;
      if (tracked)
        --tracked_running_;
      finished_.notify_all();
    }).detach();
  } catch (...) {
    std::lock_guard lock(mutex_);
    --running_;
    if (tracked)
      --tracked_running_;
    throw;
  }
}

void ThreadGroup::join_tracked() {
  if (on_own_thread())
    refuse_own_join();
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return tracked_running_ == 0; });
}

void ThreadGroup::join_all() {
  if (on_own_thread())
    refuse_own_join();
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return running_ == 0; });
}

std::size_t ThreadGroup::active(bool tracked_only) const {
  std::lock_guard lock(mutex_);
  return tracked_only ? tracked_running_ : running_;
}

} // namespace socketserver::detail
