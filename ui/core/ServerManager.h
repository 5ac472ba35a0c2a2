// ServerManager: the console's servers — the list the servers panel shows and edits, and the
// servers running behind it. Each entry has a stable id; rows follow the order of adding.
//
//   ServerManager manager;
//   connect(&manager, &ServerManager::eventsReady, logModel, &LogModel::append);
//   connect(&manager, &ServerManager::serverChanged, serversModel, &ServersModel::refreshRow);
//   const int id = manager.add(*ServerSpec::fromUrl("tcp://127.0.0.1:0?handler=upper"));
//   manager.start(id);   // Starting, then Listening (serverChanged) or Failed with a reason
//   ...
//   manager.stop(id);    // Stopping, then Stopped; never blocks the caller
//
// Running: each started server runs serve_forever() on a thread of its own (ServerRuntime),
// where it is also built and bound, so neither a DNS lookup nor a busy server ever blocks
// the GUI thread; its mixin decides where requests run. Events come through the server's
// EventBridge in batches and are re-emitted by eventsReady(); states and counters are updated
// from them. A server that fails (port in use, permission denied, bad path, an error while
// serving) becomes Failed with the reason in words; the others go on.
//
// Stopping: open connections are shut down first (clients see the connection close), so
// handlers waiting for data return at once; then shutdown() and server_close() run on the
// server's threads, the Unix socket file the server created is removed, and the state
// becomes Stopped. stop() returns at once; serverChanged() reports the end.
//
// Destruction stops every server and waits for their threads (milliseconds, since
// connections are shut first; a forked child that ignores its closed connection is killed
// after ServerFactory::stopGraceSeconds). Bridges are deleted only after their server's
// thread has been joined, which is what EventBridge's lifetime rule requires.
//
// Thread rule: a QObject of the GUI thread (or of any thread running an event loop); call
// every method from that thread.
#pragma once

#include "ConsoleEvent.h"
#include "EventBridge.h"
#include "MemoryBudget.h"
#include "ServerEntry.h"
#include "ServerSpec.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <QVector>

#include <memory>
#include <vector>

class ServerRuntime;

class ServerManager : public QObject {
  Q_OBJECT

public:
  explicit ServerManager(QObject* parent = nullptr);
  /// Stops every server and waits for their threads (see the header comment).
  ~ServerManager() override;

  // ---- The list ----

  int count() const { return static_cast<int>(listed_.size()); }
  /// The entry at `row` (0 <= row < count()). The reference is valid until the list changes.
  const ServerEntry& at(int row) const;
  /// The row of server `id`, or -1.
  int indexOf(int id) const;
  /// Server `id`, or nullptr. Valid until the list changes.
  const ServerEntry* find(int id) const;
  QList<int> ids() const;
  /// Every spec in row order, as edited (ServerEntry::editedSpec()): what a profile or the
  /// settings save.
  QList<ServerSpec> specs() const;

  /// Appends a stopped server; returns its id. The spec may be invalid (being edited):
  /// start() refuses it with the reason.
  int add(const ServerSpec& spec);
  /// Replaces the spec. A running server keeps its old settings until it is restarted: the
  /// edit waits in ServerEntry::pendingSpec (its name alone applies at once).
  bool update(int id, const ServerSpec& spec);
  /// Appends a stopped copy of server `id` named "<name> (copy)"; returns the new id, or 0.
  /// The address is copied too: change it before starting both on a fixed port or path.
  int duplicate(int id);
  /// Removes server `id`, stopping it first if it runs (in the background).
  bool remove(int id);
  /// Removes every server (e.g. before opening a profile).
  void removeAll();

  // ---- Running ----

  /// Starts server `id` (Starting at once; Listening or Failed follows). False when it is
  /// unknown, already running or stopping, or its spec is invalid (then Failed with the
  /// reason). Counters and rates start again from zero.
  bool start(int id);
  /// Asks server `id` to stop (Stopping at once; Stopped follows). False when not running.
  bool stop(int id);
  void startAll(); ///< every server not running
  void stopAll();  ///< every running server
  /// stopAll(), then waits for every server's thread and records how each run ended. Blocks (the
  /// headless mode uses it on exit; the destructor does the same).
  void stopAllAndWait();
  /// True while any server (including removed ones still stopping) has a thread.
  bool anyRunning() const;

  // ---- Connections ----

  /// Closes request `requestId`'s connection on server `id` (the client sees it close).
  /// False when it is not open or the server is a datagram server. A notice is logged.
  bool kick(int id, quint64 requestId);
  /// Closes every open connection of server `id`; returns how many.
  int kickAll(int id);

  // ---- Sending by hand (see HandSender) ----

  /// One request a person can send to: an open connection of a stream server, or a distinct
  /// peer a datagram server heard from recently (under its peer id, RecentPeers).
  struct OpenRequest {
    quint64 requestId = 0;
    QString peer; ///< "127.0.0.1:50312", "/tmp/c.sock"; "" for an unnamed Unix peer
  };
  /// Server `id`'s open connections (stream, oldest first) or recent distinct peers
  /// (datagram, newest first); empty when it is not running.
  QList<OpenRequest> openRequests(int id) const;
  /// The running server with request `requestId` among its openRequests(), or 0. Request
  /// ids are unique across servers (RequestIds), so the id alone says which server.
  int serverOfRequest(quint64 requestId) const;
  /// Why request `requestId` of server `id` cannot be sent to, in words; empty when it can
  /// (a running server and an open connection, or a datagram peer heard from within
  /// RecentPeers::keepSeconds that has an address).
  QString sendProblem(int id, quint64 requestId) const;
  /// Sends `bytes` to request `requestId`'s client, off this thread. False with `error` in
  /// words when it cannot even be tried (sendProblem(), or an empty message); otherwise the
  /// outcome arrives as an event: SentByHand (counted in bytesOut) or SendFailed (the reason:
  /// peer gone, not reading, cannot reach).
  bool sendTo(int id, quint64 requestId, const QByteArray& bytes, QString* error = nullptr);
  /// sendTo() every open connection (stream) or every recent distinct peer (datagram) of
  /// server `id`; returns how many sends were queued.
  int sendToAll(int id, const QByteArray& bytes);

  // ---- Settings ----

  /// Payload bytes kept per data event (EventBridge::setPayloadCap); every server.
  void setPayloadCap(int bytes);
  int payloadCap() const { return payloadCap_; }
  /// Least ms between two event batches of one server (EventBridge::setBatchInterval).
  void setBatchInterval(int ms);
  int batchInterval() const { return batchIntervalMs_; }
  /// How much lower than the window the servers started from now on run (nice increment,
  /// 0 = the same). The window sets it so that a flood of requests on many threads cannot
  /// starve the GUI thread of the CPU; headless mode leaves servers at full priority.
  void setServerNiceIncrement(int increment) { serverNiceIncrement_ = increment; }
  int serverNiceIncrement() const { return serverNiceIncrement_; }
  /// The console's one memory budget (MemoryBudget), shared by every server's bridge, from
  /// which the log takes its share too (memoryBudgetChanged). Clamped to the budget's range.
  void setMemoryBudget(qint64 bytes);
  const MemoryBudget& memoryBudget() const { return *budget_; }
  /// How long traffic must have stopped before freed memory goes back to the system
  /// (MemoryBudget::releaseFreeMemory), in ms.
  static constexpr int settleMs = 1000;

signals:
  /// A server was appended (its row is count() - 1).
  void serverAdded(int id);
  /// Server `id` is about to go (still at indexOf(id)); serverRemoved(id) follows.
  void serverAboutToBeRemoved(int id);
  void serverRemoved(int id);
  /// Spec, state, listening address, failure reason or waiting clients of server `id` changed.
  void serverChanged(int id);
  /// counters or requestRates of server `id` changed (after each event batch, every second).
  void countersChanged(int id);
  /// A batch of one server's events, oldest first (see EventBridge). Events of a removed
  /// server are not emitted.
  void eventsReady(const QVector<ConsoleEvent>& events);
  /// The last running server has finished stopping (or failed): nothing runs any more.
  void allStopped();
  /// setMemoryBudget() changed the limit (bytes, as clamped).
  void memoryBudgetChanged(qint64 bytes);

private:
  struct ListedServer;
  struct RemovedRun;

  ListedServer* listedServer(int id) const;
  void handleEvents(int id, const QVector<ConsoleEvent>& events);
  /// A run ended (queued from its serving thread, or directly by stopAllAndWait()).
  void runEnded(quint64 runId);
  void takeRunResult(ListedServer& server);
  /// Every second: request rates, and (sampleWaiting) the clients waiting in each backlog.
  void sampleRates();
  void sampleWaiting(ListedServer& server);
  void emitAllStoppedIfIdle();

  std::vector<std::unique_ptr<ListedServer>> listed_;
  std::vector<std::unique_ptr<RemovedRun>> removedRuns_; // removed while running, still stopping
  int nextId_ = 1;
  quint64 nextRunId_ = 1;
  int payloadCap_ = EventBridge::defaultPayloadCap;
  int batchIntervalMs_ = EventBridge::defaultBatchIntervalMs;
  int serverNiceIncrement_ = 0;
  std::shared_ptr<MemoryBudget> budget_ = std::make_shared<MemoryBudget>();
  QTimer rateTimer_;
  QTimer settleTimer_; // restarted by every batch; fires once the traffic has stopped
};
