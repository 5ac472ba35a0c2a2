#include "ConnectionsModel.h"

#include "ConsoleStyle.h"
#include "RecentPeers.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServersModel.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QLocale>

#include <algorithm>

ConnectionsModel::ConnectionsModel(ServerManager* manager, QObject* parent)
    : ConsoleTableModel(columnHeaders(), parent), manager_(manager) {
  connect(manager, &ServerManager::eventsReady, this, &ConnectionsModel::addEvents);
  connect(manager, &ServerManager::serverRemoved, this, &ConnectionsModel::serverRemoved);
  tick_.setInterval(1000);
  connect(&tick_, &QTimer::timeout, this, [this] {
    expire();
    columnChanged(Age);
  });
  tick_.start();
}

std::span<const ConsoleTableModel::ColumnHeader> ConnectionsModel::columnHeaders() {
  static constexpr ColumnHeader headers[] = {
      {QT_TR_NOOP("Id"), QT_TR_NOOP("The request's id as the log prints it (#N), unique across "
                                    "servers; a datagram peer's is its first datagram's")},
      {QT_TR_NOOP("Server")},
      {QT_TR_NOOP("Peer")},
      {QT_TR_NOOP("Opened"), QT_TR_NOOP("When the connection was accepted (a datagram peer: "
                                        "first heard)")},
      {QT_TR_NOOP("Age")},
      {QT_TR_NOOP("In"), QT_TR_NOOP("Bytes received from the client")},
      {QT_TR_NOOP("Out"), QT_TR_NOOP("Bytes sent to the client, by the server and by you")},
      {QT_TR_NOOP("Messages"),
       QT_TR_NOOP("Messages received / sent: each read from the connection (or datagram from "
                  "the peer), each send to it. The servers table counts connections.")},
      {QT_TR_NOOP("Last activity"), QT_TR_NOOP("The latest message either way (a datagram "
                                               "peer: last heard or sent to)")},
      {QT_TR_NOOP("State")},
      {QT_TR_NOOP("TLS"), QT_TR_NOOP("A TLS connection's protocol version and cipher (all the "
                                     "handshake's facts in the row's tool tip); empty when the "
                                     "connection is not encrypted")}};
  static_assert(std::size(headers) == ColumnCount);
  return headers;
}

const ConnectionsModel::Connection* ConnectionsModel::connectionAt(int row) const {
  if (row < 0 || row >= rowCount())
    return nullptr;
  return &rows_[static_cast<size_t>(row)];
}

int ConnectionsModel::rowOf(int serverId, quint64 requestId) const {
  return index_.value(qMakePair(serverId, requestId), -1);
}

int ConnectionsModel::openCount() const {
  return static_cast<int>(std::count_if(rows_.cbegin(), rows_.cend(), [](const Connection& c) {
    return c.state == ConnectionState::Open;
  }));
}

bool ConnectionsModel::hasTlsRows() const {
  return std::any_of(rows_.cbegin(), rows_.cend(), [](const Connection& c) { return c.tls; });
}

void ConnectionsModel::setPinned(int row, bool pinned) {
  if (row < 0 || row >= rowCount())
    return;
  rows_[static_cast<size_t>(row)].pinned = pinned;
  rowsChanged(row, row);
}

QString ConnectionsModel::stateText(ConnectionState state) {
  switch (state) {
  case ConnectionState::Open:
    return tr("open");
  case ConnectionState::Closed:
    return tr("closed");
  case ConnectionState::Rejected:
    return tr("rejected");
  case ConnectionState::Error:
    return tr("error");
  }
  return {};
}

QString ConnectionsModel::stateText(const Connection& c) {
  if (c.datagramPeer && c.state == ConnectionState::Open)
    return tr("active");
  if (c.datagramPeer && c.state == ConnectionState::Closed)
    return tr("silent");
  return stateText(c.state);
}

QString ConnectionsModel::serverName(int id) const {
  const ServerEntry* entry = manager_ ? manager_->find(id) : nullptr;
  return entry ? entry->spec.displayName() : tr("(removed)");
}

void ConnectionsModel::reindex() {
  index_.clear();
  for (size_t i = 0; i < rows_.size(); ++i)
    index_.insert(qMakePair(rows_[i].serverId, rows_[i].requestId), static_cast<int>(i));
}

bool ConnectionsModel::isDatagramServer(int id) const {
  // The spec the server runs with: an edit waiting for a restart does not change it.
  const ServerEntry* entry = manager_ ? manager_->find(id) : nullptr;
  return entry && !ServerSpec::isStream(entry->spec.kind);
}

void ConnectionsModel::addEvents(const QVector<ConsoleEvent>& events) {
  // Rows already shown change in one dataChanged; new rows come in one insertion.
  std::vector<Connection> added;
  QHash<Key, size_t> addedIndex;
  int firstChanged = INT_MAX;
  int lastChanged = -1;
  for (const ConsoleEvent& event : events) {
    if (event.requestId == 0) {
      // A stopped server has forgotten its peers: nothing will answer them any more.
      if ((event.kind == ConsoleEvent::Kind::Stopped || event.kind == ConsoleEvent::Kind::Failed) &&
          silencePeers(event.serverId, event.timestampMs)) {
        firstChanged = 0;
        lastChanged = std::max(lastChanged, rowCount() - 1);
      }
      continue;
    }
    const Key key = qMakePair(event.serverId, event.requestId);
    const bool byHand = event.kind == ConsoleEvent::Kind::SentByHand ||
                        event.kind == ConsoleEvent::Kind::SendFailed;
    Connection* row = nullptr;
    if (const int shown = index_.value(key, -1); shown >= 0) {
      row = &rows_[static_cast<size_t>(shown)];
      firstChanged = std::min(firstChanged, shown);
      lastChanged = std::max(lastChanged, shown);
    } else if (auto it = addedIndex.constFind(key); it != addedIndex.cend()) {
      row = &added[*it];
    } else if (!byHand) { // a hand send to a row that has faded out: only the log shows it
      Connection fresh;
      fresh.serverId = event.serverId;
      fresh.requestId = event.requestId;
      fresh.peer = event.peer;
      fresh.openedMs = event.timestampMs;
      fresh.datagramPeer = isDatagramServer(event.serverId);
      addedIndex.insert(key, added.size());
      added.push_back(fresh);
      row = &added.back();
    }
    if (row && row->datagramPeer)
      applyToPeer(*row, event);
    else if (row)
      apply(*row, event);
  }
  if (lastChanged >= 0)
    rowsChanged(firstChanged, lastChanged);
  appendRows(added);
  dropExcessFinished();
}

void ConnectionsModel::apply(Connection& conn, const ConsoleEvent& event) {
  conn.lastActivityMs = event.timestampMs;
  if (conn.peer.isEmpty())
    conn.peer = event.peer;
  switch (event.kind) {
  case ConsoleEvent::Kind::Received:
    conn.bytesIn += static_cast<quint64>(event.size);
    ++conn.messagesIn;
    break;
  case ConsoleEvent::Kind::Sent:
  case ConsoleEvent::Kind::SentByHand:
    conn.bytesOut += static_cast<quint64>(event.size);
    ++conn.messagesOut;
    if (event.kind == ConsoleEvent::Kind::SentByHand)
      conn.sendError.clear();
    break;
  case ConsoleEvent::Kind::SendFailed:
    conn.sendError = event.text;
    break;
  case ConsoleEvent::Kind::Notice:
    if (event.tls)
      conn.tls = event.tls;
    break;
  case ConsoleEvent::Kind::Finished:
    conn.closedMs = event.timestampMs;
    conn.detail = event.text;
    switch (event.outcome.value_or(ConsoleEvent::Outcome::Completed)) {
    case ConsoleEvent::Outcome::Rejected:
    case ConsoleEvent::Outcome::Overloaded:
      conn.state = ConnectionState::Rejected;
      break;
    case ConsoleEvent::Outcome::Error:
      conn.state = ConnectionState::Error;
      break;
    default:
      conn.state = ConnectionState::Closed;
      break;
    }
    break;
  default:
    break;
  }
}

void ConnectionsModel::applyToPeer(Connection& peer, const ConsoleEvent& event) {
  // Each datagram is a request of its own: it opens and finishes, the peer goes on. A peer
  // heard again is active again (its silence ends).
  peer.lastActivityMs = event.timestampMs;
  if (peer.peer.isEmpty())
    peer.peer = event.peer;
  switch (event.kind) {
  case ConsoleEvent::Kind::Opened: // counted here: opening is never dropped under a flood
    ++peer.messagesIn;
    peer.closedMs = 0;
    peer.state = ConnectionState::Open;
    break;
  case ConsoleEvent::Kind::Received:
    peer.bytesIn += static_cast<quint64>(event.size);
    break;
  case ConsoleEvent::Kind::Finished: {
    const auto outcome = event.outcome.value_or(ConsoleEvent::Outcome::Completed);
    if (outcome != ConsoleEvent::Outcome::Completed) {
      peer.detail = event.text;
      peer.state = outcome == ConsoleEvent::Outcome::Error ? ConnectionState::Error
                                                           : ConnectionState::Rejected;
    }
    break;
  }
  default:
    apply(peer, event); // sends and hand sends count as for a connection
    break;
  }
}

bool ConnectionsModel::silencePeers(int id, qint64 ms) {
  const qint64 keepMs = qint64{RecentPeers::keepSeconds} * 1000;
  bool any = false;
  for (Connection& c : rows_) {
    if (!c.datagramPeer || c.closedMs != 0 || (id != 0 && c.serverId != id))
      continue;
    if (id == 0 && ms - c.lastActivityMs < keepMs)
      continue;
    c.closedMs = id != 0 ? ms : c.lastActivityMs + keepMs;
    if (c.state == ConnectionState::Open)
      c.state = ConnectionState::Closed;
    any = true;
  }
  return any;
}

void ConnectionsModel::appendRows(std::vector<Connection>& added) {
  if (added.empty())
    return;
  const int first = rowCount();
  beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
  for (Connection& conn : added) {
    index_.insert(qMakePair(conn.serverId, conn.requestId), static_cast<int>(rows_.size()));
    rows_.push_back(std::move(conn));
  }
  endInsertRows();
}

template <class Predicate> void ConnectionsModel::removeRowsIf(Predicate remove) {
  QVector<int> rows;
  for (int row = 0; row < rowCount(); ++row)
    if (remove(rows_[static_cast<size_t>(row)]))
      rows.append(row);
  if (rows.isEmpty())
    return;
  // Contiguous runs, from the end, so earlier row numbers stay valid.
  int end = static_cast<int>(rows.size()) - 1;
  while (end >= 0) {
    int start = end;
    while (start > 0 && rows.at(start - 1) == rows.at(start) - 1)
      --start;
    const int first = rows.at(start);
    const int last = rows.at(end);
    beginRemoveRows({}, first, last);
    rows_.erase(rows_.begin() + first, rows_.begin() + last + 1);
    endRemoveRows();
    end = start - 1;
  }
  reindex();
}

void ConnectionsModel::dropExcessFinished() {
  // Floods of datagram peers, or of short connections: keep the rows that ended (and the
  // peers, which have no end but silence) bounded.
  const auto droppable = [](const Connection& c) {
    return !c.pinned && (c.datagramPeer || c.state != ConnectionState::Open);
  };
  int excess =
      static_cast<int>(std::count_if(rows_.cbegin(), rows_.cend(), droppable)) - maxClosedRows;
  if (excess <= 0)
    return;
  removeRowsIf([&excess, &droppable](const Connection& c) {
    if (excess == 0 || !droppable(c))
      return false;
    --excess;
    return true;
  });
}

void ConnectionsModel::expire() {
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (silencePeers(0, now))
    rowsChanged(0, rowCount() - 1);
  if (fadeAfterMs_ <= 0)
    return;
  removeRowsIf([this, now](const Connection& c) {
    return c.closedMs != 0 && c.state != ConnectionState::Open && !c.pinned &&
           now - c.closedMs >= fadeAfterMs_;
  });
}

void ConnectionsModel::clearFinished() {
  removeRowsIf([](const Connection& c) { return c.state != ConnectionState::Open; });
}

void ConnectionsModel::serverRemoved(int id) {
  removeRowsIf([id](const Connection& c) { return c.serverId == id; });
}

QVariant ConnectionsModel::data(const QModelIndex& index, int role) const {
  const Connection* c = connectionAt(index.row());
  if (!c)
    return {};
  switch (role) {
  case ServerIdRole:
    return c->serverId;
  case RequestIdRole:
    return c->requestId;
  case OpenRole:
    return c->state == ConnectionState::Open;
  case PinnedRole:
    return c->pinned;
  case Qt::DisplayRole:
    return displayText(*c, index.column());
  case Qt::ToolTipRole:
    return toolTip(*c);
  case Qt::ForegroundRole:
    return foreground(*c);
  case Qt::FontRole:
    if (c->pinned) {
      QFont font;
      font.setBold(true);
      return font;
    }
    return {};
  case Qt::TextAlignmentRole:
    if (index.column() == BytesIn || index.column() == BytesOut || index.column() == Messages ||
        index.column() == Age || index.column() == Id)
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  default:
    return {};
  }
}

QString ConnectionsModel::formatAge(qint64 ms) {
  return tr("%1 s").arg(QLocale().toString(static_cast<double>(ms) / 1000.0, 'f', 1));
}

QVariant ConnectionsModel::displayText(const Connection& c, int column) const {
  switch (column) {
  case Id:
    return QString::number(c.requestId);
  case Server:
    return serverName(c.serverId);
  case Peer:
    return c.peer.isEmpty() ? tr("(unnamed)") : c.peer;
  case Tls:
    return tlsText(c);
  case Opened:
    return ConsoleStyle::clockText(c.openedMs);
  case Age: {
    // A silent peer's age ends with the last thing heard, not with the silence that ended it.
    const qint64 closed = c.datagramPeer ? c.lastActivityMs : c.closedMs;
    const qint64 end = c.closedMs ? closed : QDateTime::currentMSecsSinceEpoch();
    return formatAge(end - c.openedMs);
  }
  case BytesIn:
    return ServersModel::formatBytes(c.bytesIn);
  case BytesOut:
    return ServersModel::formatBytes(c.bytesOut);
  case Messages:
    return tr("%1 / %2").arg(QLocale().toString(c.messagesIn), QLocale().toString(c.messagesOut));
  case LastActivity:
    return ConsoleStyle::clockText(c.lastActivityMs);
  case State: {
    QString state = stateText(c);
    if (!c.sendError.isEmpty())
      state = tr("%1, send failed: %2").arg(state, c.sendError);
    return c.pinned ? tr("%1 (pinned)").arg(state) : state;
  }
  default:
    return {};
  }
}

QString ConnectionsModel::tlsText(const Connection& c) {
  if (!c.tls)
    return {};
  return tr("%1, %2").arg(QString::fromStdString(c.tls->version),
                          QString::fromStdString(c.tls->cipher));
}

QString ConnectionsModel::tlsFactsText(const Connection& c) {
  if (!c.tls)
    return {};
  const auto orNone = [](const std::string& text) {
    return text.empty() ? tr("none") : QString::fromStdString(text);
  };
  return tr("TLS version: %1\nCipher: %2\nALPN: %3\nServer name (SNI): %4\n"
            "Client certificate: %5")
      .arg(QString::fromStdString(c.tls->version), QString::fromStdString(c.tls->cipher),
           orNone(c.tls->alpn), orNone(c.tls->server_name), orNone(c.tls->peer_subject));
}

QString ConnectionsModel::toolTip(const Connection& c) const {
  QString text = connectionText(c);
  if (c.tls)
    text += QStringLiteral("\n\n") + tlsFactsText(c);
  return text;
}

QString ConnectionsModel::connectionText(const Connection& c) const {
  if (!c.sendError.isEmpty())
    return tr("Sending by hand failed: %1").arg(c.sendError);
  if (!c.detail.isEmpty())
    return c.detail;
  if (c.datagramPeer)
    return tr("Datagram peer %1 of %2, #%3: %4 datagrams in, %5 out; first heard %6, last %7. "
              "Forgotten after %8 s of silence.")
        .arg(c.peer.isEmpty() ? tr("(unnamed)") : c.peer, serverName(c.serverId),
             QString::number(c.requestId), QLocale().toString(c.messagesIn),
             QLocale().toString(c.messagesOut), ConsoleStyle::clockText(c.openedMs),
             ConsoleStyle::clockText(c.lastActivityMs), QString::number(RecentPeers::keepSeconds));
  return tr("Connection #%1 to %2 from %3").arg(c.requestId).arg(serverName(c.serverId), c.peer);
}

QVariant ConnectionsModel::foreground(const Connection& c) {
  if (!c.sendError.isEmpty() || c.state == ConnectionState::Error ||
      c.state == ConnectionState::Rejected)
    return QBrush(ConsoleStyle::problemColor());
  if (c.state == ConnectionState::Closed)
    return QBrush(ConsoleStyle::fadedColor());
  return {};
}
