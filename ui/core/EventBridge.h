// EventBridge: the one crossing from engine threads to the GUI thread. It is the
// socketserver::ServerObserver of one server: every callback (on the serving thread, a
// request thread, a pool worker, or the serving thread replaying a forked child's events)
// turns into a compact ConsoleEvent appended to a mutex-protected queue. The GUI thread
// drains the queue in batches and emits one eventsReady() per batch:
//
//   - the first event after a quiet spell is delivered at once (one queued call);
//   - under a flood, at most one batch per batchInterval() (default 40 ms), so the event
//     loop sees a handful of signals per second however fast clients send;
//   - when the GUI falls behind by more than maxPending() events, or the events in flight of
//     every bridge sharing its MemoryBudget reach the budget's in-flight share, further
//     Received/Sent events are dropped and a Notice says how many; lifecycle events (opened,
//     finished, started, ...) and counters() are never dropped.
//
// The GUI thread never waits for an engine thread: flush() takes only the queues it can lock
// at once (a request thread runs at a lower priority and may be preempted holding one), and
// delivers events strictly in order, so an event that waits in a busy queue holds back the
// later ones until the next flush, a few ms later.
//
//   EventBridge bridge(serverId);
//   connect(&bridge, &EventBridge::eventsReady, logModel, &LogModel::append);
//   server.set_observer(&bridge);   // then serve on another thread
//
// Thread rules: the ServerObserver callbacks, post(), counters(), setPayloadCap() and
// setMaxPending() are thread safe. Everything else (flush(), setBatchInterval()) and the
// eventsReady() signal belong to the thread the bridge lives in, which must run an event loop.
//
// Lifetime: a server must have stopped reporting (serve_forever() returned, the server closed
// and destroyed, so no request thread is left) before its bridge is destroyed; the bridge
// cannot know about callbacks still to come. ServerManager enforces this by joining each
// server's thread before deleting its bridge. Queued deliveries to a destroyed bridge are
// dropped by Qt, so nothing reaches a dead object from the GUI side.
#pragma once

#include "ConsoleEvent.h"
#include "MemoryBudget.h"

#include <socketserver/observer.hpp>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

class EventBridge : public QObject, public socketserver::ServerObserver {
  Q_OBJECT

public:
  /// Exact totals since the last resetCounters(), kept on the engine side (never dropped).
  struct Counters {
    quint64 requests = 0;   ///< requests opened (connections accepted, datagrams received)
    quint64 finished = 0;   ///< requests finished, whatever the outcome
    quint64 bytesIn = 0;    ///< bytes received from clients
    quint64 bytesOut = 0;   ///< bytes sent to clients
    quint64 errors = 0;     ///< requests finished with Outcome::Error
    quint64 rejected = 0;   ///< ... Outcome::Rejected (verify_request)
    quint64 overloaded = 0; ///< ... Outcome::Overloaded (pool full, fork failed)
    /// Received/Sent events dropped (backlog or budget), not shown: what reached the window
    /// plus these is every data event the server reported.
    quint64 notShown = 0;
    /// Requests opened and not yet finished: open connections for stream servers.
    quint64 active() const { return requests >= finished ? requests - finished : 0; }
  };

  static constexpr int defaultPayloadCap = 4096;
  static constexpr int defaultBatchIntervalMs = 40;
  // A backlog the GUI clears in a few batches (it delivers > 100 000 events/s); beyond it
  // traffic events are dropped with a notice. Larger queues only held more memory per server.
  static constexpr int defaultMaxPending = 20000;

  /// The words of a TLS handshake's notice (on_tls_handshake()): the log's and the connections
  /// table's "TLS handshake: TLSv1.3, cipher ..., ALPN ..., SNI ..., client certificate ...".
  static QString tlsHandshakeText(const socketserver::TlsHandshakeInfo& info);

  /// A bridge with a budget of its own (MemoryBudget::defaultBytes).
  explicit EventBridge(int serverId, QObject* parent = nullptr);
  /// A bridge whose events in flight count against `budget`, shared with other bridges.
  EventBridge(int serverId, std::shared_ptr<MemoryBudget> budget, QObject* parent = nullptr);
  ~EventBridge() override;

  int serverId() const { return serverId_; }

  /// Bytes of payload kept per Received/Sent event (0 = none). Thread safe.
  void setPayloadCap(int bytes);
  int payloadCap() const { return payloadCap_.load(std::memory_order_relaxed); }
  /// Least time between two batches under load, in ms. Bridge thread only.
  void setBatchInterval(int ms);
  int batchInterval() const { return batchIntervalMs_; }
  /// Events waiting for the GUI beyond which traffic events are dropped. Thread safe.
  void setMaxPending(int events);
  int maxPending() const { return maxPending_.load(std::memory_order_relaxed); }

  /// Queues an event that does not come from the engine (a start failure, a kick). A zero
  /// timestamp is set to now; serverId is set to this bridge's. Thread safe.
  void post(ConsoleEvent event);
  /// Records `bytes` sent to request `id`'s client by hand (ServerManager::sendTo): a
  /// SentByHand event naming `peer`, payload capped like other traffic, counted in
  /// counters().bytesOut. Never dropped. Thread safe.
  void postSentByHand(socketserver::RequestId id, const QString& peer, const QByteArray& bytes);

  Counters counters() const;
  void resetCounters();
  /// Events queued and not yet delivered. Thread safe.
  int pendingCount() const;
  const std::shared_ptr<MemoryBudget>& budget() const { return budget_; }

  // ---- socketserver::ServerObserver (engine threads) ----
  void on_server_started(const socketserver::Address& bound) override;
  void on_server_stopped() override;
  void on_server_failed(std::string_view reason) override;
  void on_request_opened(socketserver::RequestId id, const socketserver::Address& client) override;
  void on_bytes_received(socketserver::RequestId id, std::string_view payload) override;
  void on_bytes_sent(socketserver::RequestId id, std::string_view payload) override;
  void on_request_finished(socketserver::RequestId id, socketserver::RequestOutcome outcome,
                           std::string_view detail) override;
  void on_notice(socketserver::RequestId id, std::string_view message) override;
  /// A TLS handshake's facts, as a notice of its request: "TLS handshake: TLSv1.3, cipher
  /// TLS_AES_256_GCM_SHA384, ALPN h2, SNI localhost, client certificate CN=client".
  void on_tls_handshake(socketserver::RequestId id,
                        const socketserver::TlsHandshakeInfo& info) override;

public slots:
  /// Delivers everything queued now, as one eventsReady() (nothing when empty). Bridge thread.
  void flush();

signals:
  /// One batch, oldest first. Emitted on the bridge's thread.
  void eventsReady(const QVector<ConsoleEvent>& events);

private:
  ConsoleEvent makeEvent(ConsoleEvent::Kind kind, socketserver::RequestId id) const;
  void traffic(ConsoleEvent::Kind kind, socketserver::RequestId id, std::string_view payload);
  /// Appends to the calling thread's shard; asks the bridge thread to deliver when it is the
  /// first event since the last delivery.
  void push(ConsoleEvent&& event, bool droppable);
  /// Bridge thread: names each event's client from its request's Opened event.
  void fillPeers(QVector<ConsoleEvent>& batch);
  /// Bridge thread: flush now, or arm the timer when the last batch was too recent.
  void wake();
  /// Bridge thread: moves what the shards hold into held_, skipping a shard another thread
  /// holds; true when one was skipped.
  bool collect();
  /// Bridge thread: takes from held_ the events numbered without a gap from nextSequence_.
  QVector<ConsoleEvent> takeInOrder();

  const int serverId_;
  const std::shared_ptr<MemoryBudget> budget_;
  std::atomic<int> payloadCap_{defaultPayloadCap};
  std::atomic<int> maxPending_{defaultMaxPending};

  // Pending events are spread over shards by thread, so that request threads reporting at
  // once rarely wait for each other (one lock for all of them cost half the throughput of a
  // busy threading server); a global sequence number restores their order at delivery.
  static constexpr int shardCount = 8;
  struct alignas(64) Shard {
    std::mutex mutex;
    QVector<std::pair<quint64, ConsoleEvent>> pending; // (sequence, event)
  };
  mutable std::array<Shard, shardCount> shards_;
  std::atomic<quint64> sequence_{0};
  std::atomic<int> pendingCount_{0};
  std::atomic<quint64> dropped_{0};
  std::atomic<bool> wakePending_{false};

  std::atomic<quint64> requests_{0};
  std::atomic<quint64> finished_{0};
  std::atomic<quint64> bytesIn_{0};
  std::atomic<quint64> bytesOut_{0};
  std::atomic<quint64> errors_{0};
  std::atomic<quint64> rejected_{0};
  std::atomic<quint64> overloaded_{0};
  std::atomic<quint64> notShown_{0}; // dropped_ is emptied by each notice; this one is not

  // Bridge thread only.
  struct OpenPeer {
    QString peer;
    int requests = 0; ///< opened and not yet finished under this id
  };
  std::unordered_map<socketserver::RequestId, OpenPeer> peers_; // open requests' clients
  QVector<std::pair<quint64, ConsoleEvent>> held_; // collected, waiting for an earlier one
  quint64 nextSequence_ = 0;                       // the next event to deliver
  QTimer timer_;
  QElapsedTimer sinceFlush_;
  int batchIntervalMs_ = defaultBatchIntervalMs;
};
