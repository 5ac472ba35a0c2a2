// Internal header. What ForkingMixIn needs from the system, kept out of the template:
// forking, reaping only our own children, and carrying a child's events to its parent.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "socketserver/detail/unique_fd.hpp"
#include "socketserver/observer.hpp"

namespace socketserver::detail {

/// fork(), or OverloadError with the reason in words when the system refuses.
pid_t fork_process();

/// A child's exit status: the request completed, or ended with an error; or it completed but
/// the parent was not reading and some of its events (perhaps its finish) were dropped.
inline constexpr int child_completed = 0;
inline constexpr int child_failed = 1;
inline constexpr int child_completed_unreported = 120;

/// Leaves a forked child: flushes C and C++ standard streams, then _exit(status), so no
/// destructor or atexit handler of the parent's program runs in the child.
[[noreturn]] void exit_child(int status) noexcept;

struct ReapedChild {
  pid_t pid;
  int status; ///< as waitpid() reports it
};

/// waitpid(pid, WNOHANG) for each pid in `children` (never waitpid(-1): a child someone else
/// started is not ours to reap). Removes and returns the ones that ended.
std::vector<ReapedChild> reap_children(std::set<pid_t>& children);

/// "exited with status 3", "killed by signal 9 (Killed)".
std::string describe_exit_status(int status);

/// The outcome of a request whose child ended without its finish event reaching the parent:
/// Completed for child_completed_unreported, else Error with the exit status in words.
std::pair<RequestOutcome, std::string> outcome_of_exit(pid_t pid, int status);

/// Waits until `fd` is readable or `milliseconds` pass (fd -1: just waits). Signals do not
/// stretch the wait.
bool wait_readable(int fd, int milliseconds);

/// Carries a forked child's events to the parent: one SOCK_SEQPACKET socket pair, one
/// message per event (large payloads split), read by the parent's serving loop.
class ChildEventChannel {
public:
  ChildEventChannel();
  ~ChildEventChannel();
  ChildEventChannel(const ChildEventChannel&) = delete;
  ChildEventChannel& operator=(const ChildEventChannel&) = delete;

  /// Creates the socket pair if it does not exist yet. Throws SocketError. The child's end
  /// is non-blocking: a child drops events rather than wait for a parent that is not reading.
  void open();
  /// The parent's end (non-blocking), or -1.
  int parent_fileno() const noexcept;
  /// In the child right after fork(): closes the parent's end and returns an observer that
  /// forwards every event to the parent. Valid until the child exits.
  ServerObserver* become_child();
  /// In the child: the status to exit with after the request (see child_completed).
  int exit_status(bool completed) const noexcept;
  /// Parent: replays every waiting event on `target` (may be null: events are dropped), and
  /// calls `finished` with the id of each request whose last event arrived.
  void dispatch(ServerObserver* target, const std::function<void(RequestId)>& finished);
  void close() noexcept;

private:
  class Forwarder;
  UniqueFd parent_fd_;
  UniqueFd child_fd_;
  std::unique_ptr<Forwarder> forwarder_;
};

} // namespace socketserver::detail
