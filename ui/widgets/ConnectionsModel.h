// The live connections table across all servers: one row per request (a stream connection or a
// datagram), fed by ServerManager::eventsReady in batches. A finished row stays visible for
// fadeAfterMs() and is then dropped, unless it is pinned.
#pragma once

#include "ConsoleEvent.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QVector>

#include <vector>

class ServerManager;

class ConnectionsModel : public QAbstractTableModel {
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
    QString detail; ///< error text of a finished request
  };

  static constexpr int defaultFadeAfterMs = 10000;
  static constexpr int maxClosedRows = 5000;

  explicit ConnectionsModel(ServerManager* manager, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

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

private:
  void addEvents(const QVector<ConsoleEvent>& events);
  void serverRemoved(int id);
  void removeRows(const QVector<int>& rows);
  void reindex();
  QString serverName(int id) const;

  QPointer<ServerManager> manager_;
  std::vector<Connection> rows_;
  QHash<QPair<int, quint64>, int> index_;
  int fadeAfterMs_ = defaultFadeAfterMs;
  QTimer tick_;
};
