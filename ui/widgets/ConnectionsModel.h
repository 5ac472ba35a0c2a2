// The live connections table across all servers: one row per request (a stream connection or a
// datagram), fed by ServerManager::eventsReady in batches. A finished row stays visible for
// fadeAfterMs() and is then dropped, unless it is pinned.
#pragma once

#include "ConsoleEvent.h"
#include "ConsoleTableModel.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QVector>

#include <vector>

class ServerManager;

class ConnectionsModel : public ConsoleTableModel {
  Q_OBJECT

public:
  enum Column {
    Id,
    Server,
    Peer,
    Opened,
    Age,
    BytesIn,
    BytesOut,
    Requests,
    LastActivity,
    State,
    ColumnCount
  };
  enum Role { ServerIdRole = Qt::UserRole + 1, RequestIdRole, OpenRole, PinnedRole };
  enum class ConnectionState { Open, Closed, Rejected, Error };

  struct Connection {
    int serverId = 0;
    quint64 requestId = 0;
    QString peer;
    qint64 openedMs = 0;
    qint64 lastActivityMs = 0;
    qint64 closedMs = 0; ///< 0 while open
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 requests = 0; ///< chunks / datagrams received
    ConnectionState state = ConnectionState::Open;
    bool pinned = false;
    QString detail;    ///< error text of a finished request
    QString sendError; ///< why the last hand send failed; cleared by one that went
  };

  static constexpr int defaultFadeAfterMs = 10000;
  static constexpr int maxClosedRows = 5000;

  explicit ConnectionsModel(ServerManager* manager, QObject* parent = nullptr);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  const Connection* connectionAt(int row) const;
  int rowOf(int serverId, quint64 requestId) const;
  int openCount() const;

  void setPinned(int row, bool pinned);
  /// Milliseconds a finished row stays before it fades out; 0 keeps finished rows.
  void setFadeAfterMs(int ms) { fadeAfterMs_ = ms; }
  int fadeAfterMs() const { return fadeAfterMs_; }
  /// Drops finished rows that are due (called every second; public for tests).
  void expire();
  void clearFinished();

  static QString stateText(ConnectionState state);
  /// The age column's text for `ms` milliseconds: "12.3 s" (translated, the locale's digits).
  static QString formatAge(qint64 ms);

protected:
  int rowTotal() const override { return static_cast<int>(rows_.size()); }

private:
  using Key = QPair<int, quint64>; ///< server id, request id

  static std::span<const ColumnHeader> columnHeaders();
  QVariant displayText(const Connection& c, int column) const;
  QString toolTip(const Connection& c) const;
  static QVariant foreground(const Connection& c);

  void addEvents(const QVector<ConsoleEvent>& events);
  /// Folds one event into its connection's row.
  static void apply(Connection& conn, const ConsoleEvent& event);
  /// Appends `added` in one insertion.
  void appendRows(std::vector<Connection>& added);
  /// Drops the oldest finished, unpinned rows beyond maxClosedRows.
  void dropExcessFinished();
  void serverRemoved(int id);
  /// Removes the rows `remove` returns true for (asked oldest first, once each).
  template <class Predicate> void removeRowsIf(Predicate remove);
  void reindex();
  QString serverName(int id) const;

  QPointer<ServerManager> manager_;
  std::vector<Connection> rows_;
  QHash<Key, int> index_;
  int fadeAfterMs_ = defaultFadeAfterMs;
  QTimer tick_;
};
