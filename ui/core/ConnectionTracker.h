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
// A datagram server's tracker also remembers the peers it heard from lately (recentPeers()),
// so that a person can answer a datagram by hand after its request has finished
// (HandSender), and it reports every datagram's events under its peer's id (RecentPeers): the
// log and the connections table show a peer's datagrams as one conversation.
//
// Owned by ServerRuntime; ServerFactory's servers call track() from process_request().
// Thread safe: every member may be called from any thread.
#pragma once

#include "RecentPeers.h"

#include <socketserver/observer.hpp>

#include <cstddef>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

class ConnectionTracker : public socketserver::ForwardingObserver {
public:
  /// `datagram`: the server is a datagram server (its events go on under peer ids).
  explicit ConnectionTracker(socketserver::ServerObserver* next = nullptr, bool datagram = false)
      : ForwardingObserver(next), datagram_(datagram) {}
  ~ConnectionTracker() override;
  ConnectionTracker(const ConnectionTracker&) = delete;
  ConnectionTracker& operator=(const ConnectionTracker&) = delete;

  /// Remembers request `id`'s connection `fd` (duplicated; the caller keeps its own). After
  /// closeAll(true), the connection is shut down at once instead.
  void track(socketserver::RequestId id, int fd);
  /// Counts datagram request `id` (the engine's id) as in progress until its finished event
  /// (for activeCount()).
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

  /// A new close-on-exec descriptor of request `id`'s connection, for a hand send (the caller
  /// closes it); -1 when the connection is not open. Taken under the tracker's lock, so it
  /// can never be a number already released and reused for another file.
  int duplicate(socketserver::RequestId id) const;

  /// One open connection: its request id and peer ("" for an unnamed Unix peer).
  struct OpenConnection {
    socketserver::RequestId id = 0;
    std::string peer;
  };
  /// The open connections, oldest request first.
  std::vector<OpenConnection> openConnections() const;

  /// Peers of recent datagram requests (filled by the servers' process_request()).
  RecentPeers& recentPeers() { return recentPeers_; }
  const RecentPeers& recentPeers() const { return recentPeers_; }

  // ---- Observing: a datagram's events go on under its peer's id ----

  /// Datagram servers: names the peer (RecentPeers::heard()) and passes the event on under
  /// its id. Stream servers: passes it on.
  void on_request_opened(socketserver::RequestId id, const socketserver::Address& client) override;
  void on_bytes_received(socketserver::RequestId id, std::string_view payload) override;
  void on_bytes_sent(socketserver::RequestId id, std::string_view payload) override;
  void on_notice(socketserver::RequestId id, std::string_view message) override;
  /// Passes the event on, after releasing the request's descriptor.
  void on_request_finished(socketserver::RequestId id, socketserver::RequestOutcome outcome,
                           std::string_view detail) override;

private:
  /// The id the console shows for engine request `id`: its peer's for a datagram request.
  socketserver::RequestId shownId(socketserver::RequestId id) const;
  void release(socketserver::RequestId id);

  mutable std::mutex mutex_;
  std::map<socketserver::RequestId, int> connections_; // id -> our duplicate descriptor
  std::set<socketserver::RequestId> active_;           // every request in progress
  // Datagram requests in progress -> their peer's id (the id their events carry).
  std::unordered_map<socketserver::RequestId, socketserver::RequestId> peerIds_;
  bool refuseNew_ = false;
  const bool datagram_;
  RecentPeers recentPeers_;
};
