#include "ServerManager.h"

#include "ServerRuntime.h"

#include <QMetaObject>
#include <QSignalBlocker>

#include <algorithm>
#include <cstdint>
#include <utility>

// Member order matters: the runtime (whose thread reports to the bridge) is destroyed before
// the bridge, whatever path destroys a slot.
struct ServerManager::Slot {
  ServerEntry entry;
  std::unique_ptr<EventBridge> bridge;
  std::unique_ptr<ServerRuntime> runtime;
  quint64 runId = 0;
  quint64 requestsAtLastSample = 0;
};

struct ServerManager::Retired {
  std::unique_ptr<EventBridge> bridge;
  std::unique_ptr<ServerRuntime> runtime;
  quint64 runId = 0;
};

ServerManager::ServerManager(QObject* parent) : QObject(parent) {
  rateTimer_.setInterval(1000);
  connect(&rateTimer_, &QTimer::timeout, this, &ServerManager::sampleRates);
}

ServerManager::~ServerManager() {
  // Receivers must not hear from a manager being destroyed.
  const QSignalBlocker blocker(this);
  stopAllAndWait();
}

// ---- The list ----

const ServerEntry& ServerManager::at(int row) const {
  return slots_.at(static_cast<std::size_t>(row))->entry;
}

int ServerManager::indexOf(int id) const {
  for (std::size_t row = 0; row < slots_.size(); ++row) {
    if (slots_[row]->entry.id == id)
      return static_cast<int>(row);
  }
  return -1;
}

ServerManager::Slot* ServerManager::slotOf(int id) const {
  const int row = indexOf(id);
  return row < 0 ? nullptr : slots_[static_cast<std::size_t>(row)].get();
}

const ServerEntry* ServerManager::find(int id) const {
  const Slot* slot = slotOf(id);
  return slot ? &slot->entry : nullptr;
}

QList<int> ServerManager::ids() const {
  QList<int> result;
  for (const auto& slot : slots_)
    result << slot->entry.id;
  return result;
}

QList<ServerSpec> ServerManager::specs() const {
  QList<ServerSpec> result;
  for (const auto& slot : slots_)
    result << slot->entry.spec;
  return result;
}

int ServerManager::add(const ServerSpec& spec) {
  auto slot = std::make_unique<Slot>();
  const int id = nextId_++;
  slot->entry.id = id;
  slot->entry.spec = spec;
  slot->bridge = std::make_unique<EventBridge>(id);
  slot->bridge->setPayloadCap(payloadCap_);
  slot->bridge->setBatchInterval(batchIntervalMs_);
  connect(slot->bridge.get(), &EventBridge::eventsReady, this,
          [this, id](const QVector<ConsoleEvent>& events) { handleEvents(id, events); });
  slots_.push_back(std::move(slot));
  emit serverAdded(id);
  return id;
}

bool ServerManager::update(int id, const ServerSpec& spec) {
  Slot* slot = slotOf(id);
  if (!slot)
    return false;
  if (!(slot->entry.spec == spec)) {
    slot->entry.spec = spec;
    emit serverChanged(id);
  }
  return true;
}

int ServerManager::duplicate(int id) {
  const Slot* slot = slotOf(id);
  if (!slot)
    return 0;
  ServerSpec copy = slot->entry.spec;
  if (!copy.name.trimmed().isEmpty())
    copy.name = tr("%1 (copy)").arg(copy.name.trimmed());
  return add(copy);
}

bool ServerManager::remove(int id) {
  const int row = indexOf(id);
  if (row < 0)
    return false;
  emit serverAboutToBeRemoved(id);
  std::unique_ptr<Slot> slot = std::move(slots_[static_cast<std::size_t>(row)]);
  slots_.erase(slots_.begin() + row);
  if (slot->runtime) {
    // Its thread still reports to the bridge: both live on until the run has ended.
    slot->runtime->stop();
    auto retired = std::make_unique<Retired>();
    retired->bridge = std::move(slot->bridge);
    retired->runtime = std::move(slot->runtime);
    retired->runId = slot->runId;
    retired->bridge->disconnect(this); // a removed server's events are not emitted
    retired_.push_back(std::move(retired));
  }
  emit serverRemoved(id);
  return true;
}

void ServerManager::removeAll() {
  while (!slots_.empty())
    remove(slots_.back()->entry.id);
}

// ---- Running ----

bool ServerManager::start(int id) {
  Slot* slot = slotOf(id);
  if (!slot || slot->runtime)
    return false;
  ServerEntry& entry = slot->entry;
  entry.listeningAddress.clear();
  if (const QString problem = entry.spec.validationError(); !problem.isEmpty()) {
    entry.state = ServerEntry::State::Failed;
    entry.failureReason = problem;
    ConsoleEvent event;
    event.kind = ConsoleEvent::Kind::Failed;
    event.text = problem;
    slot->bridge->post(std::move(event));
    emit serverChanged(id);
    return false;
  }
  slot->bridge->flush(); // whatever the last run left is delivered before this run begins
  slot->bridge->resetCounters();
  entry.counters = {};
  entry.requestRates.clear();
  slot->requestsAtLastSample = 0;
  entry.failureReason.clear();
  entry.state = ServerEntry::State::Starting;
  const quint64 runId = nextRunId_++;
  slot->runId = runId;
  slot->runtime =
      std::make_unique<ServerRuntime>(id, entry.spec, slot->bridge.get(), [this, runId] {
        // The serving thread's last act: hand over to the manager's thread.
        QMetaObject::invokeMethod(
            this, [this, runId] { runtimeFinished(runId); }, Qt::QueuedConnection);
      });
  slot->runtime->start(serverNiceIncrement_);
  if (!rateTimer_.isActive())
    rateTimer_.start();
  emit serverChanged(id);
  emit countersChanged(id);
  return true;
}

bool ServerManager::stop(int id) {
  Slot* slot = slotOf(id);
  if (!slot || !slot->runtime || slot->entry.state == ServerEntry::State::Stopping)
    return false;
  slot->runtime->stop();
  slot->entry.state = ServerEntry::State::Stopping;
  emit serverChanged(id);
  return true;
}

void ServerManager::startAll() {
  for (const int id : ids()) {
    if (const Slot* slot = slotOf(id); slot && !slot->runtime)
      start(id);
  }
}

void ServerManager::stopAll() {
  for (const int id : ids())
    stop(id);
}

void ServerManager::stopAllAndWait() {
  stopAll();
  for (const auto& retired : retired_)
    retired->runtime->stop();
  QList<quint64> runs;
  for (const auto& slot : slots_) {
    if (slot->runtime) {
      slot->runtime->join();
      runs << slot->runId;
    }
  }
  for (const auto& retired : retired_) {
    retired->runtime->join();
    runs << retired->runId;
  }
  // The queued notices of these runs will find nothing left to do.
  for (const quint64 runId : std::as_const(runs))
    runtimeFinished(runId);
}

bool ServerManager::anyRunning() const {
  if (!retired_.empty())
    return true;
  return std::any_of(slots_.begin(), slots_.end(),
                     [](const auto& slot) { return slot->runtime != nullptr; });
}

void ServerManager::runtimeFinished(quint64 runId) {
  for (const auto& slot : slots_) {
    if (slot->runtime && slot->runId == runId) {
      settle(*slot);
      emitAllStoppedIfIdle();
      return;
    }
  }
  for (auto it = retired_.begin(); it != retired_.end(); ++it) {
    if ((*it)->runId == runId) {
      (*it)->runtime->join();
      (*it)->runtime.reset(); // thread gone: now the bridge may go
      retired_.erase(it);
      emitAllStoppedIfIdle();
      return;
    }
  }
}

void ServerManager::settle(Slot& slot) {
  slot.runtime->join(); // returns at once: the thread's last act was to notify us
  const QString failure = slot.runtime->failure();
  slot.runtime.reset();
  slot.bridge->flush(); // the run's last events (stopped, failed) before the state changes
  ServerEntry& entry = slot.entry;
  entry.state = failure.isEmpty() ? ServerEntry::State::Stopped : ServerEntry::State::Failed;
  entry.failureReason = failure;
  entry.listeningAddress.clear();
  entry.counters = slot.bridge->counters();
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
  Slot* slot = slotOf(id);
  if (!slot)
    return;
  ServerEntry& entry = slot->entry;
  bool stateChanged = false;
  for (const ConsoleEvent& event : events) {
    if (event.kind == ConsoleEvent::Kind::Started && slot->runtime) {
      entry.listeningAddress = event.text;
      if (entry.state == ServerEntry::State::Starting)
        entry.state = ServerEntry::State::Listening;
      stateChanged = true;
    } else if (event.kind == ConsoleEvent::Kind::Failed && slot->runtime) {
      entry.failureReason = event.text; // the state follows when the thread has ended
    }
  }
  entry.counters = slot->bridge->counters();
  if (stateChanged)
    emit serverChanged(id);
  emit countersChanged(id);
  emit eventsReady(events);
}

void ServerManager::sampleRates() {
  for (const auto& slot : slots_) {
    if (!slot->runtime)
      continue;
    ServerEntry& entry = slot->entry;
    entry.counters = slot->bridge->counters();
    const quint64 requests = entry.counters.requests;
    const quint64 delta = requests - std::min(requests, slot->requestsAtLastSample);
    slot->requestsAtLastSample = requests;
    entry.requestRates.append(static_cast<quint32>(std::min<quint64>(delta, UINT32_MAX)));
    if (entry.requestRates.size() > ServerEntry::rateHistoryLength)
      entry.requestRates.remove(0, entry.requestRates.size() - ServerEntry::rateHistoryLength);
    emit countersChanged(entry.id);
  }
}

// ---- Connections ----

bool ServerManager::kick(int id, quint64 requestId) {
  Slot* slot = slotOf(id);
  if (!slot || !slot->runtime || !slot->runtime->isOpen(requestId))
    return false;
  // The notice first, so that the log reads "closed from the console", then "finished" (and
  // the notice still finds the request's peer).
  ConsoleEvent event;
  event.kind = ConsoleEvent::Kind::Notice;
  event.requestId = requestId;
  event.text = tr("connection closed from the console");
  slot->bridge->post(std::move(event));
  return slot->runtime->kick(requestId);
}

int ServerManager::kickAll(int id) {
  Slot* slot = slotOf(id);
  if (!slot || !slot->runtime)
    return 0;
  const auto closed = static_cast<int>(slot->runtime->kickAll());
  if (closed > 0) {
    ConsoleEvent event;
    event.kind = ConsoleEvent::Kind::Notice;
    event.text = tr("%n connection(s) closed from the console", nullptr, closed);
    slot->bridge->post(std::move(event));
  }
  return closed;
}

// ---- Settings ----

void ServerManager::setPayloadCap(int bytes) {
  payloadCap_ = std::max(0, bytes);
  for (const auto& slot : slots_)
    slot->bridge->setPayloadCap(payloadCap_);
}

void ServerManager::setBatchInterval(int ms) {
  batchIntervalMs_ = std::max(0, ms);
  for (const auto& slot : slots_)
    slot->bridge->setBatchInterval(batchIntervalMs_);
}
