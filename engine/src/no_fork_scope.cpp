#include "socketserver/no_fork_scope.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <pthread.h>

namespace socketserver {

namespace {

/// The process-wide gate: scopes are readers, a fork is the writer. Writer-preferring, so that
/// scopes opening one after another on many threads cannot keep a fork waiting for ever; that
/// kind forbids taking the read lock twice on one thread, hence the depth count below.
class ForkGate {
public:
  ForkGate() {
    pthread_rwlockattr_t attributes;
    pthread_rwlockattr_init(&attributes);
    pthread_rwlockattr_setkind_np(&attributes, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attributes);
    pthread_rwlockattr_destroy(&attributes);
  }
  ForkGate(const ForkGate&) = delete;
  ForkGate& operator=(const ForkGate&) = delete;
  ForkGate(ForkGate&&) = delete;
  ForkGate& operator=(ForkGate&&) = delete;
  ~ForkGate() = default;

  void enter() noexcept {
    if (bypassed_.load(std::memory_order_relaxed) || depth_++ > 0)
      return;
    // Fails only past 2^30 readers or when this thread holds the write lock, which only
    // fork_process() takes, and it runs no scope before its fork(): neither can happen.
    if (pthread_rwlock_rdlock(&lock_) != 0)
      std::abort();
  }

  void leave() noexcept {
    if (bypassed_.load(std::memory_order_relaxed) || depth_ == 0 || --depth_ > 0)
      return;
    pthread_rwlock_unlock(&lock_);
  }

  void exclude_forks() {
    if (bypassed_.load(std::memory_order_relaxed))
      return;
    if (depth_ > 0)
      throw std::logic_error("fork refused: this thread is inside a NoForkScope (it would wait "
                             "for itself); close the scope before serving a forking server");
    pthread_rwlock_wrlock(&lock_);
  }

  void allow_forks() noexcept {
    if (!bypassed_.load(std::memory_order_relaxed))
      pthread_rwlock_unlock(&lock_);
  }

  /// In a forked child: its one thread needs no gate, and the write lock taken in the parent's
  /// thread cannot be released here (glibc records the writer by thread id, which changed).
  void bypass() noexcept { bypassed_.store(true, std::memory_order_relaxed); }

private:
  pthread_rwlock_t lock_{};
  std::atomic<bool> bypassed_{false};
  static thread_local int depth_;
};

thread_local int ForkGate::depth_ = 0;

ForkGate& gate() {
  // Never destroyed: a scope may close on a thread that outlives the program's static objects.
  static ForkGate* const the_gate = new ForkGate; // NOLINT(cppcoreguidelines-owning-memory)
  return *the_gate;
}

} // namespace

NoForkScope::NoForkScope() noexcept { gate().enter(); }
NoForkScope::~NoForkScope() { gate().leave(); }

namespace detail {

ForkExclusion::ForkExclusion() { gate().exclude_forks(); }

ForkExclusion::~ForkExclusion() {
  if (held_in_this_process_)
    gate().allow_forks();
}

void ForkExclusion::in_child() noexcept {
  held_in_this_process_ = false;
  gate().bypass();
}

} // namespace detail
} // namespace socketserver
