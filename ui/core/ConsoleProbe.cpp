#include "ConsoleProbe.h"

#include "ConsoleEvent.h"
#include "ServerManager.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

ConsoleProbe::ConsoleProbe(const QString& path, const ServerManager& manager, QObject* parent)
    : QObject(parent), manager_(manager), file_(path) {
  if (!file_.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
    return;
  connect(&manager_, &ServerManager::eventsReady, this, [this](const QVector<ConsoleEvent>& batch) {
    delivered_ += static_cast<quint64>(std::count_if(batch.begin(), batch.end(), [](const auto& e) {
      return e.kind == ConsoleEvent::Kind::Received || e.kind == ConsoleEvent::Kind::Sent;
    }));
  });
  // Precise: a coarse timer may fire up to 5 % late by design, which is not a stall.
  heartbeat_.setTimerType(Qt::PreciseTimer);
  connect(&heartbeat_, &QTimer::timeout, this, &ConsoleProbe::tick);
  connect(&reporter_, &QTimer::timeout, this, &ConsoleProbe::writeLine);
  sinceTick_.start();
  heartbeat_.start(2);
  reporter_.start(1000);
}

ConsoleProbe::~ConsoleProbe() {
  if (file_.isOpen())
    writeLine();
}

void ConsoleProbe::tick() { longestGapMs_ = std::max(longestGapMs_, sinceTick_.restart()); }

void ConsoleProbe::writeLine() {
  tick(); // the time since the last tick counts too: a stall may be going on
  EventBridge::Counters sum;
  int servers = 0;
  for (const int id : manager_.ids()) {
    const ServerEntry* entry = manager_.find(id);
    if (!entry)
      continue;
    servers += entry->isRunning() ? 1 : 0;
    sum.requests += entry->counters.requests;
    sum.finished += entry->counters.finished;
    sum.bytesIn += entry->counters.bytesIn;
    sum.bytesOut += entry->counters.bytesOut;
    sum.notShown += entry->counters.notShown;
  }
  const auto number = [](quint64 value) { return static_cast<qint64>(value); };
  QElapsedTimer now;
  now.start();
  const QJsonObject line{
      // QElapsedTimer's monotonic clock is CLOCK_MONOTONIC on Linux, as time.monotonic().
      {QStringLiteral("t_ms"), now.msecsSinceReference()},
      {QStringLiteral("gap_ms"), longestGapMs_},
      {QStringLiteral("delivered"), number(delivered_)},
      {QStringLiteral("not_shown"), number(sum.notShown)},
      {QStringLiteral("requests"), number(sum.requests)},
      {QStringLiteral("finished"), number(sum.finished)},
      {QStringLiteral("bytes_in"), number(sum.bytesIn)},
      {QStringLiteral("bytes_out"), number(sum.bytesOut)},
      {QStringLiteral("servers"), servers},
  };
  file_.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
  file_.flush();
  longestGapMs_ = 0;
}
