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

QString ServerEntry::statusText() const {
  switch (state) {
  case State::Stopped:
    return tr("Stopped");
  case State::Starting:
    return tr("Starting…");
  case State::Listening:
    return tr("Listening on %1").arg(listeningAddress);
  case State::Stopping:
    return tr("Stopping…");
  case State::Failed:
    return tr("Failed: %1").arg(failureReason);
  }
  return {};
}
