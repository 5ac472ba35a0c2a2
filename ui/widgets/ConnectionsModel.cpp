#include "ConnectionsModel.h"

#include "ConsoleStyle.h"
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
      {QT_TR_NOOP("Id")},     {QT_TR_NOOP("Server")},   {QT_TR_NOOP("Peer")},
      {QT_TR_NOOP("Opened")}, {QT_TR_NOOP("Age")},      {QT_TR_NOOP("In")},
      {QT_TR_NOOP("Out")},    {QT_TR_NOOP("Requests")}, {QT_TR_NOOP("Last activity")},
      {QT_TR_NOOP("State")}};
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

QString ConnectionsModel::serverName(int id) const {
  const ServerEntry* entry = manager_ ? manager_->find(id) : nullptr;
  return entry ? entry->spec.displayName() : tr("(removed)");
}

void ConnectionsModel::reindex() {
  index_.clear();
  for (size_t i = 0; i < rows_.size(); ++i)
    index_.insert(qMakePair(rows_[i].serverId, rows_[i].requestId), static_cast<int>(i));
}

void ConnectionsModel::addEvents(const QVector<ConsoleEvent>& events) {
  // Rows already shown change in one dataChanged; new rows come in one insertion.
  std::vector<Connection> added;
  QHash<Key, size_t> addedIndex;
  int firstChanged = INT_MAX;
  int lastChanged = -1;
  for (const ConsoleEvent& event : events) {
    if (event.requestId == 0)
      continue;
    const Key key = qMakePair(event.serverId, event.requestId);
    const bool byHand = event.kind == ConsoleEvent::Kind::SentByHand ||
                        event.kind == ConsoleEvent::Kind::SendFailed;
    if (const int row = index_.value(key, -1); row >= 0) {
      apply(rows_[static_cast<size_t>(row)], event);
      firstChanged = std::min(firstChanged, row);
      lastChanged = std::max(lastChanged, row);
    } else if (auto it = addedIndex.constFind(key); it != addedIndex.cend()) {
      apply(added[*it], event);
    } else if (!byHand) { // a hand send to a row that has faded out: only the log shows it
      Connection fresh;
      fresh.serverId = event.serverId;
      fresh.requestId = event.requestId;
      fresh.peer = event.peer;
      fresh.openedMs = event.timestampMs;
      addedIndex.insert(key, added.size());
      added.push_back(fresh);
      apply(added.back(), event);
    }
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
    ++conn.requests;
    break;
  case ConsoleEvent::Kind::Sent:
    conn.bytesOut += static_cast<quint64>(event.size);
    break;
  case ConsoleEvent::Kind::SentByHand:
    conn.bytesOut += static_cast<quint64>(event.size);
    conn.sendError.clear();
    break;
  case ConsoleEvent::Kind::SendFailed:
    conn.sendError = event.text;
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
  // Datagram floods make a row per datagram: keep the finished ones bounded.
  int excess = static_cast<int>(rows_.size()) - openCount() - maxClosedRows;
  if (excess <= 0)
    return;
  removeRowsIf([&excess](const Connection& c) {
    if (excess == 0 || c.state == ConnectionState::Open || c.pinned)
      return false;
    --excess;
    return true;
  });
}

void ConnectionsModel::expire() {
  if (fadeAfterMs_ <= 0)
    return;
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  removeRowsIf([this, now](const Connection& c) {
    return c.state != ConnectionState::Open && !c.pinned && now - c.closedMs >= fadeAfterMs_;
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
    if (index.column() == BytesIn || index.column() == BytesOut || index.column() == Requests ||
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
  case Opened:
    return ConsoleStyle::clockText(c.openedMs);
  case Age: {
    const qint64 end = c.closedMs ? c.closedMs : QDateTime::currentMSecsSinceEpoch();
    return formatAge(end - c.openedMs);
  }
  case BytesIn:
    return ServersModel::formatBytes(c.bytesIn);
  case BytesOut:
    return ServersModel::formatBytes(c.bytesOut);
  case Requests:
    return QLocale().toString(c.requests);
  case LastActivity:
    return ConsoleStyle::clockText(c.lastActivityMs);
  case State: {
    QString state = stateText(c.state);
    if (!c.sendError.isEmpty())
      state = tr("%1, send failed: %2").arg(state, c.sendError);
    return c.pinned ? tr("%1 (pinned)").arg(state) : state;
  }
  default:
    return {};
  }
}

QString ConnectionsModel::toolTip(const Connection& c) const {
  if (!c.sendError.isEmpty())
    return tr("Sending by hand failed: %1").arg(c.sendError);
  if (!c.detail.isEmpty())
    return c.detail;
  return tr("Request %1 on %2 from %3").arg(c.requestId).arg(serverName(c.serverId), c.peer);
}

QVariant ConnectionsModel::foreground(const Connection& c) {
  if (!c.sendError.isEmpty() || c.state == ConnectionState::Error ||
      c.state == ConnectionState::Rejected)
    return QBrush(ConsoleStyle::problemColor());
  if (c.state == ConnectionState::Closed)
    return QBrush(ConsoleStyle::fadedColor());
  return {};
}
