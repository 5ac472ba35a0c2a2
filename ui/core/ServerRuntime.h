// Internal to ServerManager. ServerRuntime: one run of one server, from bind to close, on a
// thread of its own.
//
// The serving thread builds the server (ServerFactory: bind and listen happen there, so a
// slow DNS lookup never blocks the GUI), serves until asked to stop, closes the server,
// removes the Unix socket file it created, and finally calls the `finished` callback.
// Events go to the EventBridge through a ConnectionTracker.
//
// stop() never blocks: it shuts every open connection down (so no handler keeps waiting for
// its client), refuses connections that arrive from now on, and calls the engine's
// shutdown() — which waits for serve_forever() to return — on a short-lived helper thread.
//
// Thread rules: start(), stop(), join() and the destructor belong to the owner's thread;
// kick(), kickAll(), listenQueue(), isFinished() and failure() are thread safe. The bridge must
// outlive the runtime (the destructor joins, so destroying the runtime first is enough).
#pragma once

#include "ConnectionTracker.h"
#include "HandSender.h"
#include "ServerSpec.h"

#include <socketserver/listen_queue.hpp>
#include <socketserver/observer.hpp>
#include <socketserver/socket.hpp>

#include <QString>

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace socketserver {
class BaseServer;
}
class EventBridge;

class ServerRuntime {
public:
  /// Called once on the serving thread as its last action. Must be thread safe.
  using FinishedCallback = std::function<void()>;

  ServerRuntime(int serverId, ServerSpec spec, EventBridge* bridge, FinishedCallback finished);
  /// stop() then join(): waits for the serving thread (milliseconds: connections are shut).
  ~ServerRuntime();
  ServerRuntime(const ServerRuntime&) = delete;
  ServerRuntime& operator=(const ServerRuntime&) = delete;

  /// Starts the serving thread. Once. With `niceIncrement` > 0 the serving thread lowers its
  /// scheduling priority by that much (Linux: per thread), and every thread it starts
  /// (request threads, pool workers, event loops) inherits it. A forking server's serving
  /// thread keeps its priority (a lowered thread preempted inside fork() holds the process's
  /// malloc and address-space locks): each child it forks lowers its own instead.
  void start(int niceIncrement = 0);
  /// Asks the server to stop; returns at once. Idempotent.
  void stop();
  /// Waits for the serving and helper threads.
  void join();

  bool isFinished() const;
  /// Why the run ended, in words; empty after a normal stop. Meaningful once finished.
  QString failure() const;
  const ServerSpec& spec() const { return spec_; }
  int niceIncrement() const { return niceIncrement_; }

  /// True while request `id`'s connection is open. Thread safe.
  bool isOpen(socketserver::RequestId id) const { return tracker_.isOpen(id); }
  /// Shuts request `id`'s connection down; false when it is not open. Thread safe.
  bool kick(socketserver::RequestId id) { return tracker_.close(id); }
  /// Shuts every open connection down; how many there were. Thread safe.
  std::size_t kickAll() { return tracker_.closeAll(false); }
  /// The listening socket's accept queue (clients connected but not yet accepted) while a
  /// stream server serves; nullopt before, after, and for datagram kinds. Thread safe and
  /// never blocks: it reads a duplicate of the listening descriptor that the runtime owns
  /// while serve_forever() runs, so the server's socket is never read as it closes.
  std::optional<socketserver::ListenQueue> listenQueue() const;
  /// Hand sends (see HandSender). Thread safe.
  HandSender& sender() { return sender_; }
  /// Open connections (stream) or recent distinct peers (datagram): id and peer. Thread safe.
  std::vector<ConnectionTracker::OpenConnection> openRequests() const;
  /// True when `id` is one of openRequests(): an open connection, or a datagram peer heard
  /// from lately. Thread safe.
  bool knows(socketserver::RequestId id) const {
    return tracker_.isOpen(id) || tracker_.recentPeers().find(id).has_value();
  }

private:
  void run();
  /// Takes (`server` non-null) or lets go of the duplicate that listenQueue() reads.
  void watchListenQueue(const socketserver::BaseServer* server);

  const int serverId_;
  const ServerSpec spec_;
  EventBridge* const bridge_;
  const FinishedCallback finished_;
  ConnectionTracker tracker_;
  HandSender sender_; // after tracker_: destroyed first, as it uses the tracker

  std::atomic<bool> stopRequested_{false};
  // serverMutex_ guards server_; the stop helper holds it for as long as shutdown() waits,
  // so nothing the owner's thread calls may take it (except the first stop(), before the
  // helper exists).
  std::mutex serverMutex_;
  socketserver::BaseServer* server_ = nullptr; // while serve_forever() may run
  mutable std::mutex stateMutex_;              // guards done_ and failure_
  bool done_ = false;
  QString failure_;

  // queueMutex_ guards listening_: a duplicate of the listening descriptor while serving. It
  // is closed before server_close(), so it never keeps the address bound after a stop.
  mutable std::mutex queueMutex_;
  socketserver::Socket listening_;

  std::thread serving_;
  std::thread stopper_;
  int niceIncrement_ = 0;
};
