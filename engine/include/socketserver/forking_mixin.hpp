/// @file
/// Public header. ForkingMixIn: Python's socketserver.ForkingMixIn — each request runs in a
/// new process — and the Forking* aliases.
///
/// Attributes as in Python: timeout = 300 s, max_children = 40 (at that many, the serving
/// loop waits for one to end before forking again), block_on_close, active_children.
/// Children are reaped in service_actions() and handle_timeout(), never with waitpid(-1): a
/// child this server did not fork is left alone. With an observer set, each child forwards its
/// events (bytes, finish) to the parent over a pipe, replayed on the serving thread, so a
/// forking server is as observable as a threaded one; a child that dies without finishing is
/// reported as an error naming its exit status. A child never waits for the parent: when the
/// parent is not reading (after shutdown(), before server_close()) and the pipe is full, the
/// child drops the events that do not fit, and its exit status tells how the request ended.
/// shutdown() in a child asks the parent's serve_forever() to stop (through the wake-up pipe)
/// and returns at once.
///
/// Forking a process that runs other threads is only safe because of what the child does:
/// it runs the engine's request path alone (handler, handle_error, shutdown_request, event
/// forwarding) and leaves with _exit(), never returning into the program, running no atexit
/// handler and no destructor of the parent's objects. Locks other threads held at fork()
/// stay held in the child, so a handler must not wait on state shared with other threads.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <sys/types.h>

#include "socketserver/detail/child_process.hpp"
#include "socketserver/detail/server_access.hpp"
#include "socketserver/tcp_server.hpp"
#include "socketserver/udp_server.hpp"
#include "socketserver/unix_server.hpp"

namespace socketserver {

/// Python's socketserver.ForkingMixIn over `Server` (TCPServer, UDPServer or a Unix server):
/// process_request() forks a child process per request. Details in forking_mixin.hpp.
template <class Server> class ForkingMixIn : public Server {
public:
  /// Takes `Server`'s constructor arguments; sets timeout to 300 s, as Python does.
  template <class... Args>
  explicit ForkingMixIn(Args&&... args) : Server(std::forward<Args>(args)...) {
    this->timeout = Seconds{300};
  }
  ~ForkingMixIn() override { collect_children(block_on_close); }

  /// At this many running children, the serving loop waits for one to end before forking.
  std::size_t max_children = 40;
  /// server_close() (and the destructor) wait until every child has ended.
  bool block_on_close = true;
  /// Pids of the children still running (Python: None until the first fork; here empty).
  std::set<pid_t> active_children;

  /// Reaps children that have ended; with `blocking`, waits until all have. While
  /// max_children are running, waits for one to end. Internal routine, as in Python.
  void collect_children(bool blocking = false) {
    bool announced = false;
    while (!active_children.empty() && active_children.size() >= max_children) {
      reap();
      if (active_children.size() < max_children)
        break;
      if (!announced) {
        detail::ServerAccess::report_notice(*this, 0,
                                            "max_children (" + std::to_string(max_children) +
                                                ") processes running: waiting for one to end");
        announced = true;
      }
      wait_for_children();
    }
    reap();
    while (blocking && !active_children.empty()) {
      wait_for_children();
      reap();
    }
  }

  /// Waits for zombies after `timeout` of inactivity. May be extended, do not override.
  void handle_timeout() override { collect_children(); }
  /// Collects the zombie children regularly.
  void service_actions() override {
    Server::service_actions();
    collect_children();
  }

  /// Forks a new process to handle the request.
  void process_request(Request& request, const Address& client_address) override {
    if (this->observer())
      events_.open();
    const pid_t pid = detail::fork_process();
    if (pid != 0) {
      active_children.insert(pid);
      if (this->observer())
        child_requests_[pid] = request.id();
      this->close_request(request);
      request.release();
      return;
    }
    // The child: see the header comment for why this is safe in a threaded parent.
    if constexpr (requires { this->socket; }) {
      if (this->socket_type == SOCK_STREAM)
        this->socket.close(); // the parent keeps listening; the child only serves
    }
    if (this->observer()) {
      this->set_observer(events_.become_child());
      request.attach(request.id(), this->observer());
    }
    const bool completed =
        detail::ServerAccess::process_request_to_end(*this, request, client_address);
    detail::exit_child(events_.exit_status(completed));
  }

  /// May be extended, do not override.
  void server_close() override {
    Server::server_close();
    collect_children(block_on_close);
  }

private:
  /// Engine internal: the pipe the children's events arrive on (-1 without an observer).
  int auxiliary_fileno() const override { return events_.parent_fileno(); }
  /// Engine internal: replays the children's events to the observer.
  void handle_auxiliary() override { dispatch_events(); }

  void dispatch_events() {
    events_.dispatch(this->observer(), [this](RequestId id) {
      for (auto it = child_requests_.begin(); it != child_requests_.end(); ++it) {
        if (it->second == id) {
          child_requests_.erase(it);
          return;
        }
      }
    });
  }

  void wait_for_children() {
    if (detail::wait_readable(events_.parent_fileno(), 10))
      dispatch_events();
  }

  void reap() {
    const auto reaped = detail::reap_children(active_children);
    if (reaped.empty() || child_requests_.empty())
      return;
    dispatch_events(); // a child's last events are queued before its exit is seen
    for (const auto& child : reaped) {
      auto it = child_requests_.find(child.pid);
      if (it == child_requests_.end())
        continue;
      // Its finish never arrived: the child died, or it dropped events the parent was not
      // reading (a child never waits for the parent). Its exit status still tells the end.
      const auto [outcome, detail] = detail::outcome_of_exit(child.pid, child.status);
      detail::ServerAccess::report_finished(*this, it->second, outcome, detail);
      child_requests_.erase(it);
    }
  }

  detail::ChildEventChannel events_;
  std::map<pid_t, RequestId> child_requests_;
};

/// Python's socketserver.ForkingTCPServer: a process per connection.
using ForkingTCPServer = ForkingMixIn<TCPServer>;
/// Python's socketserver.ForkingUDPServer: a process per datagram.
using ForkingUDPServer = ForkingMixIn<UDPServer>;
/// Python's socketserver.ForkingUnixStreamServer: a process per connection.
using ForkingUnixStreamServer = ForkingMixIn<UnixStreamServer>;
/// Python's socketserver.ForkingUnixDatagramServer: a process per datagram.
using ForkingUnixDatagramServer = ForkingMixIn<UnixDatagramServer>;

} // namespace socketserver
