#include "ConnectionsModel.h"

#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServersModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>

#include <algorithm>

ConnectionsModel::ConnectionsModel(ServerManager* manager, QObject* parent)
    : QAbstractTableModel(parent), manager_(manager) {
  connect(manager, &ServerManager::eventsReady, this, &ConnectionsModel::addEvents);
  connect(manager, &ServerManager::serverRemoved, this, &ConnectionsModel::serverRemoved);
  tick_.setInterval(1000);
  connect(&tick_, &QTimer::timeout, this, [this] {
    expire();
    if (!rows_.empty())
      emit dataChanged(index(0, Age), index(rowCount() - 1, Age));
  });
  tick_.start();
}

int ConnectionsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ConnectionsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
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
  emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
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
  // New rows first, in one insertion; then the updates, in one dataChanged.
  std::vector<Connection> added;
  QHash<QPair<int, quint64>, size_t> addedIndex;
  int firstChanged = INT_MAX;
  int lastChanged = -1;
  for (const ConsoleEvent& event : events) {
    if (event.requestId == 0)
      continue;
    const auto key = qMakePair(event.serverId, event.requestId);
    Connection* conn = nullptr;
    if (const int row = index_.value(key, -1); row >= 0) {
      conn = &rows_[static_cast<size_t>(row)];
      firstChanged = std::min(firstChanged, row);
      lastChanged = std::max(lastChanged, row);
    } else if (auto it = addedIndex.constFind(key); it != addedIndex.cend()) {
      conn = &added[*it];
    } else {
      Connection fresh;
      fresh.serverId = event.serverId;
      fresh.requestId = event.requestId;
      fresh.peer = event.peer;
      fresh.openedMs = event.timestampMs;
      addedIndex.insert(key, added.size());
      added.push_back(fresh);
      conn = &added.back();
    }
    conn->lastActivityMs = event.timestampMs;
    if (conn->peer.isEmpty())
      conn->peer = event.peer;
    switch (event.kind) {
    case ConsoleEvent::Kind::Received:
      conn->bytesIn += static_cast<quint64>(event.size);
      ++conn->requests;
      break;
    case ConsoleEvent::Kind::Sent:
      conn->bytesOut += static_cast<quint64>(event.size);
      break;
    case ConsoleEvent::Kind::Finished:
      conn->closedMs = event.timestampMs;
      conn->detail = event.text;
      switch (event.outcome.value_or(ConsoleEvent::Outcome::Completed)) {
      case ConsoleEvent::Outcome::Rejected:
      case ConsoleEvent::Outcome::Overloaded:
        conn->state = ConnectionState::Rejected;
        break;
      case ConsoleEvent::Outcome::Error:
        conn->state = ConnectionState::Error;
        break;
      default:
        conn->state = ConnectionState::Closed;
        break;
      }
      break;
    default:
      break;
    }
  }
  if (lastChanged >= 0)
    emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
  if (!added.empty()) {
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (Connection& conn : added) {
      index_.insert(qMakePair(conn.serverId, conn.requestId), static_cast<int>(rows_.size()));
      rows_.push_back(std::move(conn));
    }
    endInsertRows();
  }
  // Datagram floods make a row per datagram: keep the finished ones bounded.
  const auto finished = static_cast<int>(rows_.size()) - openCount();
  if (finished > maxClosedRows) {
    QVector<int> drop;
    int excess = finished - maxClosedRows;
    for (int row = 0; row < rowCount() && excess > 0; ++row) {
      const Connection& c = rows_[static_cast<size_t>(row)];
      if (c.state != ConnectionState::Open && !c.pinned) {
        drop.append(row);
        --excess;
      }
    }
    removeRows(drop);
  }
}

void ConnectionsModel::expire() {
  if (fadeAfterMs_ <= 0)
    return;
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  QVector<int> drop;
  for (int row = 0; row < rowCount(); ++row) {
    const Connection& c = rows_[static_cast<size_t>(row)];
    if (c.state != ConnectionState::Open && !c.pinned && now - c.closedMs >= fadeAfterMs_)
      drop.append(row);
  }
  removeRows(drop);
}

void ConnectionsModel::clearFinished() {
  QVector<int> drop;
  for (int row = 0; row < rowCount(); ++row)
    if (rows_[static_cast<size_t>(row)].state != ConnectionState::Open)
      drop.append(row);
  removeRows(drop);
}

void ConnectionsModel::serverRemoved(int id) {
  QVector<int> drop;
  for (int row = 0; row < rowCount(); ++row)
    if (rows_[static_cast<size_t>(row)].serverId == id)
      drop.append(row);
  removeRows(drop);
}

void ConnectionsModel::removeRows(const QVector<int>& rows) {
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
    switch (index.column()) {
    case Id:
      return QString::number(c->requestId);
    case Server:
      return serverName(c->serverId);
    case Peer:
      return c->peer.isEmpty() ? tr("(unnamed)") : c->peer;
    case Opened:
      return QDateTime::fromMSecsSinceEpoch(c->openedMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Age: {
      const qint64 end = c->closedMs ? c->closedMs : QDateTime::currentMSecsSinceEpoch();
      return tr("%1 s").arg(
          QLocale().toString(static_cast<double>(end - c->openedMs) / 1000.0, 'f', 1));
    }
    case BytesIn:
      return ServersModel::formatBytes(c->bytesIn);
    case BytesOut:
      return ServersModel::formatBytes(c->bytesOut);
    case Requests:
      return QLocale().toString(c->requests);
    case LastActivity:
      return QDateTime::fromMSecsSinceEpoch(c->lastActivityMs)
          .toString(QStringLiteral("HH:mm:ss.zzz"));
    case State:
      return c->pinned ? tr("%1 (pinned)").arg(stateText(c->state)) : stateText(c->state);
    default:
      return {};
    }
  case Qt::ToolTipRole:
    if (!c->detail.isEmpty())
      return c->detail;
    return tr("Request %1 on %2 from %3").arg(c->requestId).arg(serverName(c->serverId), c->peer);
  case Qt::ForegroundRole:
    if (c->state == ConnectionState::Error || c->state == ConnectionState::Rejected)
      return QBrush(QColor(0xc0, 0x1c, 0x28));
    if (c->state == ConnectionState::Closed)
      return QBrush(QColor(0x80, 0x80, 0x80));
    return {};
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

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
  case Id:
    return tr("Id");
  case Server:
    return tr("Server");
  case Peer:
    return tr("Peer");
  case Opened:
    return tr("Opened");
  case Age:
    return tr("Age");
  case BytesIn:
    return tr("In");
  case BytesOut:
    return tr("Out");
  case Requests:
    return tr("Requests");
  case LastActivity:
    return tr("Last activity");
  case State:
    return tr("State");
  default:
    return {};
  }
}
