// The live connections table across all servers, fed by ServerManager::eventsReady in batches:
// one row per connection of a stream server, and one per peer of a datagram server — its
// datagrams in and out, bytes, first and last heard — under the peer's id (RecentPeers), not a
// row per datagram. Ids are unique across servers (RequestIds): a row's id is the one the log
// prints.
//
// A connection's row ends when it closes; a peer's when it has been silent for
// RecentPeers::keepSeconds (the server forgets it then) or its server stops. An ended row
// stays visible for fadeAfterMs() and is then dropped, unless it is pinned.
#pragma once

#include "ConsoleEvent.h"
#include "ConsoleTableModel.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QVector>

#include <memory>
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
    Messages, ///< "in / out": reads and sends on a connection, datagrams from and to a peer
    LastActivity,
    State,
    Tls, ///< a TLS connection's version and cipher; empty for a plain one
    ColumnCount
  };
  enum Role { ServerIdRole = Qt::UserRole + 1, RequestIdRole, OpenRole, PinnedRole };
  enum class ConnectionState { Open, Closed, Rejected, Error };

  struct Connection {
    int serverId = 0;
    quint64 requestId = 0; ///< a datagram peer's: the id of its first datagram
    QString peer;
    bool datagramPeer = false; ///< a datagram server's peer rather than a connection
    qint64 openedMs = 0;       ///< accepted; a peer: first heard
    qint64 lastActivityMs = 0; ///< the latest message either way; a peer: last heard
    qint64 closedMs = 0;       ///< 0 while open; a peer: when it went silent
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 messagesIn = 0;  ///< chunks read from the connection / datagrams from the peer
    quint64 messagesOut = 0; ///< sends to it: the handler's and by hand
    ConnectionState state = ConnectionState::Open; ///< a peer: Open while heard lately
    bool pinned = false;
    QString detail;    ///< error text of a finished request
    QString sendError; ///< why the last hand send failed; cleared by one that went
    /// What the TLS handshake agreed on (ConsoleEvent::tls); null for a plain connection or
    /// before the handshake is done.
    std::shared_ptr<const socketserver::TlsHandshakeInfo> tls;
  };

  static constexpr int defaultFadeAfterMs = 10000;
  static constexpr int maxClosedRows = 5000;

  explicit ConnectionsModel(ServerManager* manager, QObject* parent = nullptr);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  const Connection* connectionAt(int row) const;
  int rowOf(int serverId, quint64 requestId) const;
  int openCount() const;
  /// True when a row shows TLS facts (ConnectionsPanel shows the TLS column only then).
  bool hasTlsRows() const;

  void setPinned(int row, bool pinned);
  /// Milliseconds a finished row stays before it fades out; 0 keeps finished rows.
  void setFadeAfterMs(int ms) { fadeAfterMs_ = ms; }
  int fadeAfterMs() const { return fadeAfterMs_; }
  /// Ends the rows of peers silent for RecentPeers::keepSeconds, and drops ended rows that are
  /// due (called every second; public for tests).
  void expire();
  void clearFinished();

  static QString stateText(ConnectionState state);
  /// The age column's text for `ms` milliseconds: "12.3 s" (translated, the locale's digits).
  static QString formatAge(qint64 ms);
  /// stateText(), in a datagram peer's words for Open and Closed: "active", "silent".
  static QString stateText(const Connection& c);
  /// The TLS column's text: "TLSv1.3, TLS_AES_256_GCM_SHA384"; "" for a plain connection.
  static QString tlsText(const Connection& c);
  /// Every fact of the handshake, one a line (version, cipher, ALPN, SNI, client certificate),
  /// translated; "" for a plain connection.
  static QString tlsFactsText(const Connection& c);

protected:
  int rowTotal() const override { return static_cast<int>(rows_.size()); }

private:
  using Key = QPair<int, quint64>; ///< server id, request id

  static std::span<const ColumnHeader> columnHeaders();
  QVariant displayText(const Connection& c, int column) const;
  /// The row's tool tip: connectionText(), then the TLS facts when there are any.
  QString toolTip(const Connection& c) const;
  /// The connection in words, or why it failed (or a hand send to it did).
  QString connectionText(const Connection& c) const;
  static QVariant foreground(const Connection& c);

  void addEvents(const QVector<ConsoleEvent>& events);
  /// True when server `id` runs (or ran) a datagram kind: its rows are peers.
  bool isDatagramServer(int id) const;
  /// Folds one event into its connection's row.
  static void apply(Connection& conn, const ConsoleEvent& event);
  /// Folds one event into a datagram peer's row.
  static void applyToPeer(Connection& peer, const ConsoleEvent& event);
  /// Appends `added` in one insertion.
  void appendRows(std::vector<Connection>& added);
  /// Drops the oldest ended or peer rows (unpinned) beyond maxClosedRows.
  void dropExcessFinished();
  /// Ends server `id`'s peer rows at `ms` (it stopped), or those silent for keepSeconds
  /// at `ms` (`id` 0); returns whether any ended.
  bool silencePeers(int id, qint64 ms);
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
