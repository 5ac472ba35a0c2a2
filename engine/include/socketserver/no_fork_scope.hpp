// NoForkScope: a stretch of code during which no ForkingMixIn server of this process forks.
//
// fork() copies only the thread that calls it. A lock another thread holds at that moment stays
// held in the child for ever, and a child that needs it (OpenSSL takes global locks during a
// handshake: its algorithm store, its random generator) waits for ever. So every call the
// engine makes into OpenSSL runs inside a NoForkScope, and ForkingMixIn forks only when no
// scope is open on any thread: a forking TLS server is safe beside the engine's other TLS
// servers, in any model, in one process.
//
// A program that uses OpenSSL itself beside a forking TLS server (a TLS client library, its own
// certificates) opens a NoForkScope around those calls too; code it cannot wrap may still be
// inside OpenSSL when a child is forked. Scopes nest on one thread and cost an uncontended
// read lock; a fork waits until every open scope has closed, and new scopes wait while a fork
// is waiting (so a busy process cannot keep a fork waiting for ever). A scope must never wait
// for the thread that forks, and that thread must not have a scope open when it forks
// (fork_process() refuses with std::logic_error).
#pragma once

namespace socketserver {

/// While an object of this type lives, no ForkingMixIn server in this process forks. Documented
/// in no_fork_scope.hpp.
class NoForkScope {
public:
  /// Waits while a fork is in progress or waiting, then holds forks off until destroyed.
  NoForkScope() noexcept;
  /// Lets forks happen again once this thread's outermost scope closes.
  ~NoForkScope();
  NoForkScope(const NoForkScope&) = delete;
  NoForkScope& operator=(const NoForkScope&) = delete;
  NoForkScope(NoForkScope&&) = delete;
  NoForkScope& operator=(NoForkScope&&) = delete;
};

namespace detail {

/// Held by fork_process() around fork(): waits until no NoForkScope is open on any thread and
/// keeps new ones from opening; in the child, scopes become no-ops (it runs one thread).
class ForkExclusion {
public:
  ForkExclusion();
  ~ForkExclusion();
  /// Call in the child right after fork(): the child never releases what the parent held.
  void in_child() noexcept;
  ForkExclusion(const ForkExclusion&) = delete;
  ForkExclusion& operator=(const ForkExclusion&) = delete;
  ForkExclusion(ForkExclusion&&) = delete;
  ForkExclusion& operator=(ForkExclusion&&) = delete;

private:
  bool held_in_this_process_ = true;
};

} // namespace detail
} // namespace socketserver
