// ServerEntry: what ServerManager knows about one server — its spec and, while it runs or
// after it failed, its state, real address, failure reason and counters. A value; the
// servers table model reads ServerManager::at(row) and shows these fields.
//
// An edit of a running server waits for the next start: `spec` stays what runs (every view
// shows what is true), `pendingSpec` holds the edit (what is saved and edited next), and the
// state says which changes wait (statusText(), pendingChanges()).
#pragma once

#include "EventBridge.h"
#include "ServerSpec.h"
#include "SpecChanges.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <optional>

struct ServerEntry {
  Q_GADGET
  Q_DECLARE_TR_FUNCTIONS(ServerEntry)

public:
  enum class State {
    Stopped,   ///< not running (never started, or stopped normally)
    Starting,  ///< binding on its thread; Listening or Failed follows within milliseconds
    Listening, ///< serving on listeningAddress
    Stopping,  ///< closing connections and waiting for its thread
    Failed,    ///< could not start, or stopped on an error: failureReason says why
  };
  Q_ENUM(State)

  static constexpr int rateHistoryLength = 60; ///< seconds of requestRates kept

  int id = 0; ///< stable for the manager's lifetime, never reused
  /// The server as it is: while it runs, what it runs with (only its name follows an edit).
  ServerSpec spec;
  /// An edit made while the server runs, applied when the run ends; nullopt when none.
  std::optional<ServerSpec> pendingSpec;
  State state = State::Stopped;
  QString listeningAddress; ///< the real address while Listening/Stopping (port 0 resolved)
  QString failureReason;    ///< in words, while Failed
  /// Of the current (or last) run; reset when the server starts.
  EventBridge::Counters counters;
  /// Requests opened per second, oldest first, at most rateHistoryLength samples; sampled
  /// every second while the server runs (for the sparkline).
  QVector<quint32> requestRates;
  /// Clients in the listen backlog: connected, not yet accepted (stream kinds, while
  /// Listening; sampled every second). A synchronous server leaves every client but the one
  /// it serves here.
  quint32 waiting = 0;
  /// How many the backlog holds (the listen() backlog as the kernel applies it); 0 = unknown.
  quint32 waitingLimit = 0;

  bool isRunning() const {
    return state == State::Starting || state == State::Listening || state == State::Stopping;
  }
  /// The server as edited: pendingSpec, or spec when no edit waits. What is saved.
  const ServerSpec& editedSpec() const { return pendingSpec ? *pendingSpec : spec; }
  /// What the waiting edit changes (empty when none waits), field by field.
  QList<SpecChanges::Change> pendingChanges() const;
  /// "stopped", "starting", "listening", "stopping", "failed".
  static QString stateName(State state);
  /// For the state column: "Listening on 127.0.0.1:40123", "2 waiting · Listening on
  /// 127.0.0.1:40123", "Restart to apply: port, model · Listening on 127.0.0.1:40123",
  /// "Failed: port 9999 is already in use", "Stopped" (translated).
  QString statusText() const;
  /// The waiting edit in sentences, one line per change ("model: Threading → Event"); empty
  /// when none waits (translated). For the state column's tooltip.
  QString pendingExplanation() const;
  /// Why clients wait in the backlog and what to change, in sentences; empty when none waits
  /// (translated). For the state column's tooltip and the log's notice.
  QString waitingExplanation() const;

private:
  /// statusText() without the waiting edit.
  QString stateText() const;
};

Q_DECLARE_METATYPE(ServerEntry)
