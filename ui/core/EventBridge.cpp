#include "EventBridge.h"

#include <socketserver/address.hpp>

#include <QDateTime>
#include <QMetaObject>

#include <algorithm>
#include <climits>
#include <functional>
#include <thread>
#include <utility>

namespace {

// How soon a flush that left events behind (a busy shard, a gap in the order) comes back.
constexpr int retryMs = 2;
constexpr int lockTries = 200;

QString fromView(std::string_view text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

EventBridge::EventBridge(int serverId, QObject* parent)
    : EventBridge(serverId, std::make_shared<MemoryBudget>(), parent) {}

EventBridge::EventBridge(int serverId, std::shared_ptr<MemoryBudget> budget, QObject* parent)
    : QObject(parent), serverId_(serverId),
      budget_(budget ? std::move(budget) : std::make_shared<MemoryBudget>()) {
  timer_.setSingleShot(true);
  connect(&timer_, &QTimer::timeout, this, &EventBridge::flush);
}

EventBridge::~EventBridge() {
  // Taking the locks once makes a callback that is (wrongly) still running finish first, so
  // a missed stop shows up as a clear use-after-free in sanitizers rather than a torn queue.
  qint64 held = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& numbered : shard.pending)
      held += MemoryBudget::costOf(numbered.second);
  }
  for (const auto& numbered : held_)
    held += MemoryBudget::costOf(numbered.second);
  budget_->give(held); // the budget may be shared with bridges that live on
}

void EventBridge::setPayloadCap(int bytes) {
  payloadCap_.store(std::max(0, bytes), std::memory_order_relaxed);
}

void EventBridge::setBatchInterval(int ms) { batchIntervalMs_ = std::max(0, ms); }

void EventBridge::setMaxPending(int events) {
  maxPending_.store(std::max(1, events), std::memory_order_relaxed);
}

void EventBridge::post(ConsoleEvent event) {
  if (event.timestampMs == 0)
    event.timestampMs = QDateTime::currentMSecsSinceEpoch();
  event.serverId = serverId_;
  push(std::move(event), false);
}

void EventBridge::postSentByHand(socketserver::RequestId id, const QString& peer,
                                 const QByteArray& bytes) {
  bytesOut_.fetch_add(static_cast<quint64>(bytes.size()));
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::SentByHand, id);
  event.peer = peer;
  event.size = bytes.size();
  event.payload = bytes.left(payloadCap());
  push(std::move(event), false);
}

EventBridge::Counters EventBridge::counters() const {
  Counters c;
  // finished before requests: a request is never seen finished without being seen opened.
  c.finished = finished_.load();
  c.requests = requests_.load();
  c.bytesIn = bytesIn_.load();
  c.bytesOut = bytesOut_.load();
  c.errors = errors_.load();
  c.rejected = rejected_.load();
  c.overloaded = overloaded_.load();
  c.notShown = notShown_.load();
  return c;
}

void EventBridge::resetCounters() {
  requests_ = 0;
  finished_ = 0;
  bytesIn_ = 0;
  bytesOut_ = 0;
  errors_ = 0;
  rejected_ = 0;
  overloaded_ = 0;
  notShown_ = 0;
}

int EventBridge::pendingCount() const { return pendingCount_.load(); }

// ---- Engine side ----

ConsoleEvent EventBridge::makeEvent(ConsoleEvent::Kind kind, socketserver::RequestId id) const {
  ConsoleEvent event;
  event.timestampMs = QDateTime::currentMSecsSinceEpoch();
  event.serverId = serverId_;
  event.requestId = id;
  event.kind = kind;
  return event;
}

void EventBridge::on_server_started(const socketserver::Address& bound) {
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::Started, 0);
  event.text = QString::fromStdString(bound.to_string());
  push(std::move(event), false);
}

void EventBridge::on_server_stopped() { push(makeEvent(ConsoleEvent::Kind::Stopped, 0), false); }

void EventBridge::on_server_failed(std::string_view reason) {
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::Failed, 0);
  event.text = fromView(reason);
  push(std::move(event), false);
}

void EventBridge::on_request_opened(socketserver::RequestId id,
                                    const socketserver::Address& client) {
  requests_.fetch_add(1);
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::Opened, id);
  event.peer = QString::fromStdString(client.to_string());
  push(std::move(event), false);
}

void EventBridge::on_bytes_received(socketserver::RequestId id, std::string_view payload) {
  bytesIn_.fetch_add(payload.size());
  traffic(ConsoleEvent::Kind::Received, id, payload);
}

void EventBridge::on_bytes_sent(socketserver::RequestId id, std::string_view payload) {
  bytesOut_.fetch_add(payload.size());
  traffic(ConsoleEvent::Kind::Sent, id, payload);
}

void EventBridge::traffic(ConsoleEvent::Kind kind, socketserver::RequestId id,
                          std::string_view payload) {
  ConsoleEvent event = makeEvent(kind, id);
  event.size = static_cast<qint64>(payload.size());
  const auto kept = std::min<std::size_t>(payload.size(), static_cast<std::size_t>(payloadCap()));
  event.payload = QByteArray(payload.data(), static_cast<qsizetype>(kept));
  push(std::move(event), true);
}

void EventBridge::on_request_finished(socketserver::RequestId id,
                                      socketserver::RequestOutcome outcome,
                                      std::string_view detail) {
  switch (outcome) {
  case socketserver::RequestOutcome::Completed:
    break;
  case socketserver::RequestOutcome::Error:
    errors_.fetch_add(1);
    break;
  case socketserver::RequestOutcome::Rejected:
    rejected_.fetch_add(1);
    break;
  case socketserver::RequestOutcome::Overloaded:
    overloaded_.fetch_add(1);
    break;
  }
  finished_.fetch_add(1);
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::Finished, id);
  event.outcome = outcome;
  event.text = fromView(detail);
  push(std::move(event), false);
}

void EventBridge::on_notice(socketserver::RequestId id, std::string_view message) {
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::Notice, id);
  event.text = fromView(message);
  push(std::move(event), false);
}

void EventBridge::on_tls_handshake(socketserver::RequestId id,
                                   const socketserver::TlsHandshakeInfo& info) {
  ConsoleEvent event = makeEvent(ConsoleEvent::Kind::Notice, id);
  event.text = tlsHandshakeText(info);
  event.tls = std::make_shared<const socketserver::TlsHandshakeInfo>(info);
  push(std::move(event), false);
}

QString EventBridge::tlsHandshakeText(const socketserver::TlsHandshakeInfo& info) {
  const auto orNone = [](const std::string& text) {
    return text.empty() ? QStringLiteral("none") : QString::fromStdString(text);
  };
  // English, as the engine's other notices: the log and its exports are read by scripts.
  return QStringLiteral("TLS handshake: %1, cipher %2, ALPN %3, SNI %4, client certificate %5")
      .arg(QString::fromStdString(info.version), QString::fromStdString(info.cipher),
           orNone(info.alpn), orNone(info.server_name), orNone(info.peer_subject));
}

void EventBridge::push(ConsoleEvent&& event, bool droppable) {
  const qint64 cost = MemoryBudget::costOf(event);
  if (droppable) {
    if (pendingCount_.load(std::memory_order_relaxed) >= maxPending() || !budget_->tryTake(cost)) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      notShown_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  } else {
    budget_->take(cost);
  }
  pendingCount_.fetch_add(1, std::memory_order_relaxed);
  {
    Shard& shard =
        shards_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % shards_.size()];
    std::lock_guard lock(shard.mutex);
    // Numbered under the shard's lock: one thread's events keep their order, and an event
    // that happened before another on any thread (Opened before the request's traffic) has
    // the smaller number.
    shard.pending.emplace_back(sequence_.fetch_add(1, std::memory_order_relaxed), std::move(event));
  }
  if (!wakePending_.exchange(true))
    QMetaObject::invokeMethod(
        this, [this] { wake(); }, Qt::QueuedConnection);
}

// ---- Bridge thread ----

void EventBridge::wake() {
  if (timer_.isActive())
    return;
  const qint64 since = sinceFlush_.isValid() ? sinceFlush_.elapsed() : batchIntervalMs_;
  if (since >= batchIntervalMs_)
    flush();
  else
    timer_.start(static_cast<int>(batchIntervalMs_ - since));
}

void EventBridge::fillPeers(QVector<ConsoleEvent>& batch) {
  // Every event of a request names its client, so a log row filtered to one connection or a
  // line of the headless log reads on its own.
  // A datagram peer's requests share its id (ConnectionTracker) and may overlap: the peer is
  // kept until the last of them has finished.
  for (ConsoleEvent& event : batch) {
    if (event.requestId != 0) {
      if (event.kind == ConsoleEvent::Kind::Opened) {
        OpenPeer& open = peers_[event.requestId];
        open.peer = event.peer;
        ++open.requests;
      } else if (const auto it = peers_.find(event.requestId); it != peers_.end()) {
        if (event.peer.isEmpty())
          event.peer = it->second.peer;
        if (event.kind == ConsoleEvent::Kind::Finished && --it->second.requests <= 0)
          peers_.erase(it);
      }
    } else if (event.kind == ConsoleEvent::Kind::Started) {
      peers_.clear(); // a new run: whatever the last one left open is gone
    }
  }
}

bool EventBridge::collect() {
  bool skipped = false;
  for (Shard& shard : shards_) {
    // A pusher holds the lock for a few hundred ns when it runs: a few tries find it free.
    // One that stays taken belongs to a preempted thread, which may not run for a while.
    std::unique_lock lock(shard.mutex, std::defer_lock);
    for (int tries = 0; tries < lockTries && !lock.try_lock(); ++tries) {
    }
    if (!lock.owns_lock()) {
      skipped = true;
      continue;
    }
    // Exchanged for an empty vector, not cleared: a cleared vector keeps the capacity a
    // flood gave it, memory that would stay held once the traffic has stopped.
    if (held_.isEmpty())
      held_ = std::exchange(shard.pending, {});
    else
      held_.append(std::exchange(shard.pending, {}));
  }
  return skipped;
}

QVector<ConsoleEvent> EventBridge::takeInOrder() {
  std::sort(held_.begin(), held_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // Numbers are given without gaps (a dropped event takes none): a gap is an event still in
  // a shard, pushed by a thread that was preempted or held its lock; later ones wait for it.
  qsizetype ready = 0;
  while (ready < held_.size() && held_[ready].first == nextSequence_ + static_cast<quint64>(ready))
    ++ready;
  QVector<ConsoleEvent> batch;
  batch.reserve(ready);
  qint64 cost = 0;
  for (qsizetype i = 0; i < ready; ++i) {
    cost += MemoryBudget::costOf(held_[i].second);
    batch.push_back(std::move(held_[i].second));
  }
  if (ready == held_.size())
    held_ = {}; // gives the memory back, rather than keep a flood's capacity
  else
    held_.remove(0, ready);
  nextSequence_ += static_cast<quint64>(ready);
  pendingCount_.fetch_sub(static_cast<int>(ready));
  budget_->give(cost);
  return batch;
}

void EventBridge::flush() {
  timer_.stop();
  // Cleared first: an event pushed while the shards are drained then asks for another flush.
  wakePending_.store(false);
  const bool skipped = collect();
  QVector<ConsoleEvent> batch = takeInOrder();
  if (skipped || !held_.isEmpty())
    timer_.start(retryMs); // what was left behind follows shortly
  const quint64 dropped = dropped_.exchange(0);
  fillPeers(batch);
  sinceFlush_.start();
  if (dropped > 0) {
    ConsoleEvent notice;
    notice.timestampMs = QDateTime::currentMSecsSinceEpoch();
    notice.serverId = serverId_;
    notice.kind = ConsoleEvent::Kind::Notice;
    notice.text = tr("%n data event(s) not shown: the console could not keep up with the "
                     "traffic (the counters are exact)",
                     nullptr, static_cast<int>(std::min<quint64>(dropped, INT_MAX)));
    batch.push_back(std::move(notice));
  }
  if (!batch.isEmpty())
    emit eventsReady(batch);
}
