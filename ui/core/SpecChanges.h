// SpecChanges: what an edit changes in a server, field by field, in words — for a running
// server's row, which keeps running with the spec it started with until it is restarted
// (ServerEntry::pendingSpec): "Restart to apply: port, model", and in its tooltip
// "model: Threading → Event".
//
//   for (const SpecChanges::Change& c : SpecChanges::between(running, edited))
//     lines << c.field + ": " + c.before + " → " + c.after;
//
// The name is not compared: it is the console's own and applies at once. Thread safe (values).
#pragma once

#include "ServerSpec.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class SpecChanges {
  Q_DECLARE_TR_FUNCTIONS(SpecChanges)

public:
  SpecChanges() = delete;

  /// One field that differs, with both values as the console shows them (translated).
  struct Change {
    QString field; ///< "port", "address", "model", "backlog", ...
    QString before;
    QString after;
  };

  /// The fields that differ from `running` to `edited`, in the editor's order; "port" rather
  /// than "address" when only the port of an IP address changed.
  static QList<Change> between(const ServerSpec& running, const ServerSpec& edited);
  /// The changes' field words joined for a line: "port, model".
  static QString fieldList(const QList<Change>& changes);
};
