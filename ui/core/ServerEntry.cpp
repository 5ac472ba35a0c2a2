#include "ServerEntry.h"

#include <QCoreApplication>

QString ServerEntry::stateName(State state) {
  switch (state) {
  case State::Stopped:
    return QStringLiteral("stopped");
  case State::Starting:
    return QStringLiteral("starting");
  case State::Listening:
    return QStringLiteral("listening");
  case State::Stopping:
    return QStringLiteral("stopping");
  case State::Failed:
    return QStringLiteral("failed");
  }
  return {};
}

QList<SpecChanges::Change> ServerEntry::pendingChanges() const {
  return pendingSpec ? SpecChanges::between(spec, *pendingSpec) : QList<SpecChanges::Change>{};
}

QString ServerEntry::pendingExplanation() const {
  const QList<SpecChanges::Change> changes = pendingChanges();
  if (changes.isEmpty())
    return {};
  QString text = tr("Edited while running: the server goes on with its settings from when it "
                    "started until it is stopped and started again. Waiting:");
  for (const SpecChanges::Change& change : changes)
    text += QLatin1Char('\n') + tr("%1: %2 → %3").arg(change.field, change.before, change.after);
  return text;
}

QString ServerEntry::statusText() const {
  QString text = stateText();
  // First, as the waiting count: a narrow column cuts the address, not what waits.
  if (const auto changes = pendingChanges(); !changes.isEmpty() && isRunning())
    return tr("Restart to apply: %1 · %2").arg(SpecChanges::fieldList(changes), text);
  return text;
}

QString ServerEntry::stateText() const {
  switch (state) {
  case State::Stopped:
    return tr("Stopped");
  case State::Starting:
    return tr("Starting…");
  case State::Listening:
    if (waiting > 0) // first, so that a narrow column cuts the address, not the warning
      return tr("%n waiting · Listening on %1", nullptr, static_cast<int>(waiting))
          .arg(listeningAddress);
    return tr("Listening on %1").arg(listeningAddress);
  case State::Stopping:
    return tr("Stopping…");
  case State::Failed:
    return tr("Failed: %1").arg(failureReason);
  }
  return {};
}

QString ServerEntry::waitingExplanation() const {
  if (waiting == 0)
    return {};
  // Whole sentences for one and for several clients, so that English reads right without a
  // plural translation of its own.
  const bool one = waiting == 1;
  QString text;
  if (spec.model == ServerSpec::Model::Sync) {
    text = (one ? tr("A synchronous server serves one connection at a time: 1 client waits in "
                     "its backlog until the current one ends.")
                : tr("A synchronous server serves one connection at a time: %1 clients wait in "
                     "its backlog until the current one ends.")
                      .arg(waiting)) +
           QLatin1Char('\n') +
           tr("To serve several clients at once, choose the Threading or Event model, or One "
              "request per connection.");
  } else {
    text = (one ? tr("1 client connected but not yet accepted: it waits in the backlog until "
                     "the server takes it.")
                : tr("%1 clients connected but not yet accepted: they wait in the backlog until "
                     "the server takes them.")
                      .arg(waiting)) +
           QLatin1Char('\n') +
           tr("If this lasts, the server is overloaded or stuck: look at its connections and "
              "the log.");
  }
  if (waitingLimit > 0 && waiting >= waitingLimit)
    text +=
        QLatin1Char('\n') +
        tr("The backlog is full (%1): further clients are refused or time out.").arg(waitingLimit);
  return text;
}
