#include "ServerManager.h"

#include "ServerRuntime.h"

#include <QMetaObject>
#include <QSignalBlocker>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

// One server of the list: what the views show, and while it runs, its run.
// Member order matters: the runtime (whose thread reports to the bridge) is destroyed before
// the bridge, whatever path destroys a server.
struct ServerManager::ListedServer {
  ServerEntry entry;
  std::unique_ptr<EventBridge> bridge;
  std::unique_ptr<ServerRuntime> runtime;
  quint64 runId = 0;
  quint64 requestsAtLastSample = 0;
  bool waitingNoticed = false; ///< this run's log already told that clients wait
};

// The run of a server removed from the list while it ran: kept until its thread has ended.
struct ServerManager::RemovedRun {
  std::unique_ptr<EventBridge> bridge;
  std::unique_ptr<ServerRuntime> runtime;
  quint64 runId = 0;
};

ServerManager::ServerManager(QObject* parent) : QObject(parent) {
  rateTimer_.setInterval(1000);
  connect(&rateTimer_, &QTimer::timeout, this, &ServerManager::sampleRates);
  // A flood leaves freed memory in the allocator's per-thread arenas; once it is over (no
  // batch for settleMs), it goes back to the system.
  settleTimer_.setSingleShot(true);
  settleTimer_.setInterval(settleMs);
  connect(&settleTimer_, &QTimer::timeout, this, [] { MemoryBudget::releaseFreeMemory(); });
}

ServerManager::~ServerManager() {
  // Receivers must not hear from a manager being destroyed.
  const QSignalBlocker blocker(this);
  stopAllAndWait();
}

// ---- The list ----

const ServerEntry& ServerManager::at(int row) const {
  return listed_.at(static_cast<std::size_t>(row))->entry;
}

int ServerManager::indexOf(int id) const {
  for (std::size_t row = 0; row < listed_.size(); ++row) {
    if (listed_[row]->entry.id == id)
      return static_cast<int>(row);
  }
  return -1;
}

ServerManager::ListedServer* ServerManager::listedServer(int id) const {
  const int row = indexOf(id);
  return row < 0 ? nullptr : listed_[static_cast<std::size_t>(row)].get();
}

const ServerEntry* ServerManager::find(int id) const {
  const ListedServer* server = listedServer(id);
  return server ? &server->entry : nullptr;
}

QList<int> ServerManager::ids() const {
  QList<int> result;
  for (const auto& server : listed_)
    result << server->entry.id;
  return result;
}

QList<ServerSpec> ServerManager::specs() const {
  QList<ServerSpec> result;
  for (const auto& server : listed_)
    result << server->entry.editedSpec();
  return result;
}

int ServerManager::add(const ServerSpec& spec) {
  auto server = std::make_unique<ListedServer>();
  const int id = nextId_++;
  server->entry.id = id;
  server->entry.spec = spec;
  server->bridge = std::make_unique<EventBridge>(id, budget_);
  server->bridge->setPayloadCap(payloadCap_);
  server->bridge->setBatchInterval(batchIntervalMs_);
  connect(server->bridge.get(), &EventBridge::eventsReady, this,
          [this, id](const QVector<ConsoleEvent>& events) { handleEvents(id, events); });
  listed_.push_back(std::move(server));
  emit serverAdded(id);
  return id;
}

bool ServerManager::update(int id, const ServerSpec& spec) {
  ListedServer* server = listedServer(id);
  if (!server)
    return false;
  ServerEntry& entry = server->entry;
  if (entry.editedSpec() == spec)
    return true;
  if (server->runtime) {
    // The name is the console's own: it applies at once. The rest waits for the next start,
    // and until then the row shows what runs, and what waits.
    entry.spec.name = spec.name;
    entry.pendingSpec.reset();
    if (!(entry.spec == spec))
      entry.pendingSpec = spec;
  } else {
    entry.spec = spec;
  }
  emit serverChanged(id);
  return true;
}

int ServerManager::duplicate(int id) {
  const ListedServer* server = listedServer(id);
  if (!server)
    return 0;
  ServerSpec copy = server->entry.editedSpec();
  if (!copy.name.trimmed().isEmpty())
    copy.name = tr("%1 (copy)").arg(copy.name.trimmed());
  return add(copy);
}

bool ServerManager::remove(int id) {
  const int row = indexOf(id);
  if (row < 0)
    return false;
  emit serverAboutToBeRemoved(id);
  std::unique_ptr<ListedServer> server = std::move(listed_[static_cast<std::size_t>(row)]);
  listed_.erase(listed_.begin() + row);
  if (server->runtime) {
    // Its thread still reports to the bridge: both live on until the run has ended.
    server->runtime->stop();
    auto removed = std::make_unique<RemovedRun>();
    removed->bridge = std::move(server->bridge);
    removed->runtime = std::move(server->runtime);
    removed->runId = server->runId;
    removed->bridge->disconnect(this); // a removed server's events are not emitted
    removedRuns_.push_back(std::move(removed));
  }
  emit serverRemoved(id);
  return true;
}

void ServerManager::removeAll() {
  while (!listed_.empty())
    remove(listed_.back()->entry.id);
}

// ---- Running ----

bool ServerManager::start(int id) {
  ListedServer* server = listedServer(id);
  if (!server || server->runtime)
    return false;
  ServerEntry& entry = server->entry;
  entry.listeningAddress.clear();
  if (const QString problem = entry.spec.validationError(); !problem.isEmpty()) {
    entry.state = ServerEntry::State::Failed;
    entry.failureReason = problem;
    ConsoleEvent event;
    event.kind = ConsoleEvent::Kind::Failed;
    event.text = problem;
    server->bridge->post(std::move(event));
    emit serverChanged(id);
    return false;
  }
  server->bridge->flush(); // whatever the last run left is delivered before this run begins
  server->bridge->resetCounters();
  entry.counters = {};
  entry.requestRates.clear();
  server->requestsAtLastSample = 0;
  entry.waiting = 0;
  entry.waitingLimit = 0;
  server->waitingNoticed = false;
  entry.failureReason.clear();
  entry.state = ServerEntry::State::Starting;
  const quint64 runId = nextRunId_++;
  server->runId = runId;
  server->runtime =
      std::make_unique<ServerRuntime>(id, entry.spec, server->bridge.get(), [this, runId] {
        // The serving thread's last act: hand over to the manager's thread.
        QMetaObject::invokeMethod(
            this, [this, runId] { runEnded(runId); }, Qt::QueuedConnection);
      });
  server->runtime->start(serverNiceIncrement_);
  if (!rateTimer_.isActive())
    rateTimer_.start();
  emit serverChanged(id);
  emit countersChanged(id);
  return true;
}

bool ServerManager::stop(int id) {
  ListedServer* server = listedServer(id);
  if (!server || !server->runtime || server->entry.state == ServerEntry::State::Stopping)
    return false;
  server->runtime->stop();
  server->entry.state = ServerEntry::State::Stopping;
  emit serverChanged(id);
  return true;
}

void ServerManager::startAll() {
  for (const int id : ids()) {
    if (const ListedServer* server = listedServer(id); server && !server->runtime)
      start(id);
  }
}

void ServerManager::stopAll() {
  for (const int id : ids())
    stop(id);
}

void ServerManager::stopAllAndWait() {
  stopAll();
  for (const auto& removed : removedRuns_)
    removed->runtime->stop();
  QList<quint64> runs;
  for (const auto& server : listed_) {
    if (server->runtime) {
      server->runtime->join();
      runs << server->runId;
    }
  }
  for (const auto& removed : removedRuns_) {
    removed->runtime->join();
    runs << removed->runId;
  }
  // The queued notices of these runs will find nothing left to do.
  for (const quint64 runId : std::as_const(runs))
    runEnded(runId);
}

bool ServerManager::anyRunning() const {
  if (!removedRuns_.empty())
    return true;
  return std::any_of(listed_.begin(), listed_.end(),
                     [](const auto& server) { return server->runtime != nullptr; });
}

void ServerManager::runEnded(quint64 runId) {
  for (const auto& server : listed_) {
    if (server->runtime && server->runId == runId) {
      takeRunResult(*server);
      emitAllStoppedIfIdle();
      return;
    }
  }
  for (auto it = removedRuns_.begin(); it != removedRuns_.end(); ++it) {
    if ((*it)->runId == runId) {
      (*it)->runtime->join();
      (*it)->runtime.reset(); // thread gone: now the bridge may go
      removedRuns_.erase(it);
      emitAllStoppedIfIdle();
      return;
    }
  }
}

void ServerManager::takeRunResult(ListedServer& server) {
  server.runtime->join(); // returns at once: the thread's last act was to notify us
  const QString failure = server.runtime->failure();
  server.runtime.reset();
  server.bridge->flush(); // the run's last events (stopped, failed) before the state changes
  ServerEntry& entry = server.entry;
  entry.state = failure.isEmpty() ? ServerEntry::State::Stopped : ServerEntry::State::Failed;
  entry.failureReason = failure;
  if (entry.pendingSpec) { // the edit made while it ran: from now on, the server
    entry.spec = *entry.pendingSpec;
    entry.pendingSpec.reset();
  }
  entry.listeningAddress.clear();
  entry.waiting = 0;
  entry.counters = server.bridge->counters();
  emit serverChanged(entry.id);
  emit countersChanged(entry.id);
}

void ServerManager::emitAllStoppedIfIdle() {
  if (anyRunning())
    return;
  rateTimer_.stop();
  emit allStopped();
}

void ServerManager::handleEvents(int id, const QVector<ConsoleEvent>& events) {
  ListedServer* server = listedServer(id);
  if (!server)
    return;
  ServerEntry& entry = server->entry;
  bool stateChanged = false;
  for (const ConsoleEvent& event : events) {
    if (event.kind == ConsoleEvent::Kind::Started && server->runtime) {
      entry.listeningAddress = event.text;
      if (entry.state == ServerEntry::State::Starting)
        entry.state = ServerEntry::State::Listening;
      stateChanged = true;
    } else if (event.kind == ConsoleEvent::Kind::Failed && server->runtime) {
      entry.failureReason = event.text; // the state follows when the thread has ended
    }
  }
  entry.counters = server->bridge->counters();
  settleTimer_.start();
  if (stateChanged)
    emit serverChanged(id);
  emit countersChanged(id);
  emit eventsReady(events);
}

void ServerManager::sampleRates() {
  for (const auto& server : listed_) {
    if (!server->runtime)
      continue;
    ServerEntry& entry = server->entry;
    entry.counters = server->bridge->counters();
    const quint64 requests = entry.counters.requests;
    const quint64 delta = requests - std::min(requests, server->requestsAtLastSample);
    server->requestsAtLastSample = requests;
    entry.requestRates.append(static_cast<quint32>(std::min<quint64>(delta, UINT32_MAX)));
    if (entry.requestRates.size() > ServerEntry::rateHistoryLength)
      entry.requestRates.remove(0, entry.requestRates.size() - ServerEntry::rateHistoryLength);
    sampleWaiting(*server);
    emit countersChanged(entry.id);
  }
}

void ServerManager::sampleWaiting(ListedServer& server) {
  ServerEntry& entry = server.entry;
  const auto queue =
      entry.state == ServerEntry::State::Listening ? server.runtime->listenQueue() : std::nullopt;
  const quint32 waiting = queue ? queue->waiting : 0;
  if (queue)
    entry.waitingLimit = queue->limit;
  if (waiting == entry.waiting)
    return;
  entry.waiting = waiting;
  if (waiting > 0 && !server.waitingNoticed) {
    // Once a run: the row shows the count as it changes; the log says why, for the record
    // (and for headless mode, which has no row).
    server.waitingNoticed = true;
    ConsoleEvent event;
    event.kind = ConsoleEvent::Kind::Notice;
    event.text = entry.waitingExplanation().replace(QLatin1Char('\n'), QLatin1Char(' '));
    server.bridge->post(std::move(event));
  }
  emit serverChanged(entry.id);
}

// ---- Connections ----

bool ServerManager::kick(int id, quint64 requestId) {
  ListedServer* server = listedServer(id);
  if (!server || !server->runtime || !server->runtime->isOpen(requestId))
    return false;
  // The notice first, so that the log reads "closed from the console", then "finished" (and
  // the notice still finds the request's peer).
  ConsoleEvent event;
  event.kind = ConsoleEvent::Kind::Notice;
  event.requestId = requestId;
  event.text = tr("connection closed from the console");
  server->bridge->post(std::move(event));
  return server->runtime->kick(requestId);
}

int ServerManager::kickAll(int id) {
  ListedServer* server = listedServer(id);
  if (!server || !server->runtime)
    return 0;
  const auto closed = static_cast<int>(server->runtime->kickAll());
  if (closed > 0) {
    ConsoleEvent event;
    event.kind = ConsoleEvent::Kind::Notice;
    event.text = tr("%n connection(s) closed from the console", nullptr, closed);
    server->bridge->post(std::move(event));
  }
  return closed;
}

// ---- Sending by hand ----

QList<ServerManager::OpenRequest> ServerManager::openRequests(int id) const {
  QList<OpenRequest> open;
  const ListedServer* server = listedServer(id);
  if (!server || !server->runtime)
    return open;
  for (const auto& request : server->runtime->openRequests())
    open.append({request.id, QString::fromStdString(request.peer)});
  return open;
}

int ServerManager::serverOfRequest(quint64 requestId) const {
  for (const auto& server : listed_) {
    if (server->runtime && server->runtime->knows(requestId))
      return server->entry.id;
  }
  return 0;
}

QString ServerManager::sendProblem(int id, quint64 requestId) const {
  const ListedServer* server = listedServer(id);
  if (!server)
    return tr("there is no server %1").arg(id);
  if (!server->runtime || server->entry.state == ServerEntry::State::Stopping)
    return tr("%1 is not running").arg(server->entry.spec.displayName());
  return server->runtime->sender().problem(requestId);
}

bool ServerManager::sendTo(int id, quint64 requestId, const QByteArray& bytes, QString* error) {
  if (const QString problem = sendProblem(id, requestId); !problem.isEmpty()) {
    if (error)
      *error = problem;
    return false;
  }
  return listedServer(id)->runtime->sender().send(requestId, bytes, error);
}

int ServerManager::sendToAll(int id, const QByteArray& bytes) {
  ListedServer* server = listedServer(id);
  if (!server || !server->runtime || server->entry.state == ServerEntry::State::Stopping)
    return 0;
  return server->runtime->sender().sendToAll(bytes);
}

// ---- Settings ----

void ServerManager::setPayloadCap(int bytes) {
  payloadCap_ = std::max(0, bytes);
  for (const auto& server : listed_)
    server->bridge->setPayloadCap(payloadCap_);
}

void ServerManager::setMemoryBudget(qint64 bytes) {
  const qint64 before = budget_->limit();
  budget_->setLimit(bytes);
  if (budget_->limit() != before)
    emit memoryBudgetChanged(budget_->limit());
}

void ServerManager::setBatchInterval(int ms) {
  batchIntervalMs_ = std::max(0, ms);
  for (const auto& server : listed_)
    server->bridge->setBatchInterval(batchIntervalMs_);
}
