// ConnectionTracker: lets the console close a server's open connections — one ("kick") or
// all of them (stop) — whatever the concurrency model, and passes every event on to the
// next observer (the EventBridge).
//
// Why it exists: a handler blocked in recv() waits for its client for ever, so a server
// cannot stop while a client stays connected (server_close() waits for request threads and
// children, and a synchronous server's shutdown() waits for the handler). Shutting the
// connection down (shutdown(SHUT_RDWR)) makes that recv() return end-of-stream at once and
// the handler finish normally. The tracker keeps a duplicate of each connection's descriptor
// from process_request() until the request's finished event, so it can do that even when the
// request runs in a forked child whose descriptor the parent has already closed.
//
// Owned by ServerRuntime; ServerFactory's servers call track() from process_request().
// Thread safe: every member may be called from any thread.
#pragma once

#include <socketserver/observer.hpp>

#include <cstddef>
#include <map>
#include <mutex>
#include <set>

class ConnectionTracker : public socketserver::ForwardingObserver {
public:
  explicit ConnectionTracker(socketserver::ServerObserver* next = nullptr)
      : ForwardingObserver(next) {}
  ~ConnectionTracker() override;
  ConnectionTracker(const ConnectionTracker&) = delete;
  ConnectionTracker& operator=(const ConnectionTracker&) = delete;

  /// Remembers request `id`'s connection `fd` (duplicated; the caller keeps its own). After
  /// closeAll(true), the connection is shut down at once instead.
  void track(socketserver::RequestId id, int fd);
  /// Counts datagram request `id` as in progress until its finished event (for activeCount()).
  void trackDatagram(socketserver::RequestId id);
  /// Requests in progress: connections tracked plus datagram requests, until each one's
  /// finished event. What a server's maxConnections is compared with.
  std::size_t activeCount() const;
  /// Shuts down request `id`'s connection; false when it is not open (finished, unknown, or
  /// a datagram request).
  bool close(socketserver::RequestId id);
  /// Shuts down every open connection; with `refuseNew`, every one tracked later as well
  /// (a stopping server). Returns how many were open.
  std::size_t closeAll(bool refuseNew);
  std::size_t openCount() const;
  /// True while request `id`'s connection is tracked (opened, not yet finished).
  bool isOpen(socketserver::RequestId id) const;

  /// Passes the event on, after releasing the request's descriptor.
  void on_request_finished(socketserver::RequestId id, socketserver::RequestOutcome outcome,
                           std::string_view detail) override;

private:
  void release(socketserver::RequestId id);

  mutable std::mutex mutex_;
  std::map<socketserver::RequestId, int> connections_; // id -> our duplicate descriptor
  std::set<socketserver::RequestId> active_;           // every request in progress
  bool refuseNew_ = false;
};
