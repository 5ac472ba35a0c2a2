#include "LogModel.h"

#include "ByteText.h"
#include "ConsoleStyle.h"
#include "ServerEntry.h"
#include "ServerManager.h"

#include <QBrush>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

LogModel::LogModel(ServerManager* manager, QObject* parent)
    : ConsoleTableModel(columnHeaders(), parent), manager_(manager) {
  if (manager) {
    connect(manager, &ServerManager::eventsReady, this, &LogModel::append);
    // The log's share of the console's one budget, whatever its servers hold in flight.
    byteBudget_ = manager->memoryBudget().logLimit();
    connect(manager, &ServerManager::memoryBudgetChanged, this,
            [this] { setByteBudget(manager_->memoryBudget().logLimit()); });
  }
}

std::span<const ConsoleTableModel::ColumnHeader> LogModel::columnHeaders() {
  static constexpr ColumnHeader headers[] = {
      {QT_TR_NOOP("Time")},  {QT_TR_NOOP("Server")}, {QT_TR_NOOP("Connection")},
      {QT_TR_NOOP("Event")}, {QT_TR_NOOP("Size")},   {QT_TR_NOOP("Payload / detail")}};
  static_assert(std::size(headers) == ColumnCount);
  return headers;
}

QString LogModel::serverName(int id) const {
  const ServerEntry* entry = manager_ ? manager_->find(id) : nullptr;
  return entry ? entry->spec.displayName() : QString::number(id);
}

void LogModel::setCapacity(int rows) {
  capacity_ = std::max(1, rows);
  trimTo(capacity_);
}

void LogModel::setByteBudget(qint64 bytes) {
  byteBudget_ = std::max<qint64>(1, bytes);
  trimToBudget();
}

qint64 LogModel::bytesOf(const ConsoleEvent& event) { return MemoryBudget::costOf(event); }

void LogModel::dropOldestPending(qsizetype count) {
  if (count <= 0)
    return;
  for (qsizetype i = 0; i < count; ++i)
    pendingBytes_ -= bytesOf(pending_.at(i));
  pending_.remove(0, count);
  dropped_ += static_cast<quint64>(count);
  emit droppedChanged(dropped_);
}

template <class BytesAt>
qsizetype LogModel::beyondBudget(qint64 held, qsizetype count, BytesAt bytesAt) const {
  qsizetype over = 0;
  while (held > byteBudget_ && over < count - 1)
    held -= bytesAt(over++);
  return over;
}

void LogModel::setHexMode(bool hex) {
  if (hex_ == hex)
    return;
  hex_ = hex;
  columnChanged(Payload);
}

void LogModel::setPaused(bool paused) {
  if (paused_ == paused)
    return;
  paused_ = paused;
  if (!paused_ && !pending_.isEmpty()) {
    const QVector<ConsoleEvent> waiting = std::exchange(pending_, {});
    pendingBytes_ = 0;
    insertRows(waiting);
    emit pendingChanged(0);
  }
}

void LogModel::append(const QVector<ConsoleEvent>& events) {
  if (events.isEmpty())
    return;
  if (paused_) {
    pending_ += events;
    for (const ConsoleEvent& event : events)
      pendingBytes_ += bytesOf(event);
    if (pending_.size() > capacity_)
      dropOldestPending(pending_.size() - capacity_);
    dropOldestPending(beyondBudget(pendingBytes_, pending_.size(),
                                   [this](qsizetype i) { return bytesOf(pending_.at(i)); }));
    emit pendingChanged(pendingCount());
    return;
  }
  insertRows(events);
}

void LogModel::insertRows(const QVector<ConsoleEvent>& events) {
  // A batch larger than the ring keeps only its newest events.
  const auto take = std::min<qsizetype>(events.size(), capacity_);
  const qsizetype skip = events.size() - take;
  if (skip > 0) {
    dropped_ += static_cast<quint64>(skip);
  }
  trimTo(capacity_ - static_cast<int>(take));
  const int first = rowCount();
  beginInsertRows({}, first, first + static_cast<int>(take) - 1);
  for (qsizetype i = skip; i < events.size(); ++i) {
    const ConsoleEvent& event = events.at(i);
    rows_.push_back(Row{event, serverName(event.serverId)});
    rowBytes_ += bytesOf(event);
  }
  endInsertRows();
  if (skip > 0)
    emit droppedChanged(dropped_);
  trimToBudget();
}

void LogModel::trimToBudget() {
  const qsizetype excess = beyondBudget(rowBytes_, rowCount(), [this](qsizetype i) {
    return bytesOf(rows_[static_cast<size_t>(i)].event);
  });
  if (excess > 0)
    trimTo(rowCount() - static_cast<int>(excess));
}

void LogModel::trimTo(int rows) {
  const int excess = rowCount() - std::max(0, rows);
  if (excess <= 0)
    return;
  beginRemoveRows({}, 0, excess - 1);
  for (int i = 0; i < excess; ++i)
    rowBytes_ -= bytesOf(rows_[static_cast<size_t>(i)].event);
  rows_.erase(rows_.begin(), rows_.begin() + excess);
  endRemoveRows();
  dropped_ += static_cast<quint64>(excess);
  emit droppedChanged(dropped_);
}

void LogModel::clear() {
  beginResetModel();
  rows_.clear();
  rowBytes_ = 0;
  pending_.clear();
  pendingBytes_ = 0;
  dropped_ = 0;
  endResetModel();
  emit droppedChanged(0);
  emit pendingChanged(0);
}

QStringList LogModel::eventTexts() const {
  QStringList texts;
  ConsoleEvent event;
  for (int kind = 0; kind <= static_cast<int>(ConsoleEvent::Kind::SendFailed); ++kind) {
    event.kind = static_cast<ConsoleEvent::Kind>(kind);
    texts << eventText(event);
  }
  event.kind = ConsoleEvent::Kind::Finished;
  for (const auto outcome : {ConsoleEvent::Outcome::Error, ConsoleEvent::Outcome::Rejected,
                             ConsoleEvent::Outcome::Overloaded}) {
    event.outcome = outcome;
    texts << eventText(event);
  }
  return texts;
}

QString LogModel::eventText(const ConsoleEvent& event) const {
  switch (event.kind) {
  case ConsoleEvent::Kind::Started:
    return tr("started");
  case ConsoleEvent::Kind::Stopped:
    return tr("stopped");
  case ConsoleEvent::Kind::Failed:
    return tr("failed");
  case ConsoleEvent::Kind::Opened:
    return tr("opened");
  case ConsoleEvent::Kind::Received:
    return tr("← received");
  case ConsoleEvent::Kind::Sent:
    return tr("→ sent");
  case ConsoleEvent::Kind::Finished:
    switch (event.outcome.value_or(ConsoleEvent::Outcome::Completed)) {
    case ConsoleEvent::Outcome::Error:
      return tr("handler error");
    case ConsoleEvent::Outcome::Rejected:
      return tr("rejected");
    case ConsoleEvent::Outcome::Overloaded:
      return tr("rejected (overloaded)");
    default:
      return tr("closed");
    }
  case ConsoleEvent::Kind::Notice:
    return tr("notice");
  case ConsoleEvent::Kind::SentByHand:
    return tr("→ sent by you");
  case ConsoleEvent::Kind::SendFailed:
    return tr("send failed");
  }
  return {};
}

QString LogModel::payloadBody(const ConsoleEvent& event) const {
  if (!event.isTraffic())
    return event.text;
  return hex_ ? ByteText::toHex(event.payload) : ByteText::toEscaped(event.payload);
}

QString LogModel::payloadText(const ConsoleEvent& event) const {
  QString text = payloadBody(event);
  if (event.isTraffic() && event.payloadTruncated())
    text += tr(" … (%1 of %2 bytes)").arg(event.payload.size()).arg(event.size);
  return text;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount())
    return {};
  const Row& row = rowAt(index.row());
  const ConsoleEvent& event = row.event;
  switch (role) {
  case ServerIdRole:
    return event.serverId;
  case RequestIdRole:
    return event.requestId;
  case KindRole:
    return static_cast<int>(event.kind);
  case Qt::DisplayRole:
    return displayText(row, index.column());
  case Qt::ToolTipRole:
    return toolTip(event, index.column());
  case Qt::ForegroundRole:
    return foreground(event, index.column());
  case Qt::TextAlignmentRole:
    if (index.column() == Size)
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  default:
    return {};
  }
}

QVariant LogModel::displayText(const Row& row, int column) const {
  const ConsoleEvent& event = row.event;
  switch (column) {
  case Time:
    return ConsoleStyle::clockText(event.timestampMs);
  case Server:
    return row.serverName;
  case Peer:
    return event.requestId ? tr("#%1 %2").arg(event.requestId).arg(event.peer) : event.peer;
  case Event:
    return eventText(event);
  case Size:
    return event.isTraffic() ? QLocale().toString(event.size) : QString();
  case Payload:
    return payloadText(event);
  default:
    return {};
  }
}

QVariant LogModel::toolTip(const ConsoleEvent& event, int column) const {
  if (column == Time)
    return QDateTime::fromMSecsSinceEpoch(event.timestampMs).toString(Qt::ISODateWithMs);
  if (column == Payload && event.isTraffic())
    return tr("%1 bytes%2")
        .arg(event.size)
        .arg(event.payloadTruncated() ? tr(" (payload capture capped)") : QString());
  return {};
}

QVariant LogModel::foreground(const ConsoleEvent& event, int column) {
  switch (event.kind) {
  case ConsoleEvent::Kind::Failed:
    return QBrush(ConsoleStyle::problemColor());
  case ConsoleEvent::Kind::Finished:
    if (event.outcome != ConsoleEvent::Outcome::Completed && event.outcome.has_value())
      return QBrush(ConsoleStyle::problemColor());
    return QBrush(ConsoleStyle::fadedColor());
  case ConsoleEvent::Kind::Received:
    return column == Event ? QBrush(ConsoleStyle::trafficColor()) : QVariant();
  case ConsoleEvent::Kind::Sent:
  case ConsoleEvent::Kind::SentByHand:
    return column == Event ? QBrush(ConsoleStyle::healthyColor()) : QVariant();
  case ConsoleEvent::Kind::SendFailed:
    return QBrush(ConsoleStyle::problemColor());
  case ConsoleEvent::Kind::Started:
  case ConsoleEvent::Kind::Stopped:
  case ConsoleEvent::Kind::Notice:
    return QBrush(ConsoleStyle::noticeColor());
  default:
    return {};
  }
}

namespace {

// One CSV cell, safe to open in a spreadsheet. Control characters (a peer's bytes, a name
// typed with a tab) are written as \n, \r, \t or \xNN, so a cell is one line of plain text.
// A cell a spreadsheet would run as a formula (starting with = + - @, or with a tab or a
// carriage return before one) gets a leading apostrophe: "CSV injection" neutralised the way
// OWASP recommends. Then RFC 4180 quoting.
QByteArray csvField(const QString& text) {
  static const QString formulaStarts = QStringLiteral("=+-@\t\r");
  QString cell;
  cell.reserve(text.size());
  if (!text.isEmpty() && formulaStarts.contains(text.front()))
    cell += QLatin1Char('\'');
  for (const QChar c : text) {
    const char16_t u = c.unicode();
    if (u == '\n')
      cell += QLatin1String("\\n");
    else if (u == '\r')
      cell += QLatin1String("\\r");
    else if (u == '\t')
      cell += QLatin1String("\\t");
    else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
      cell += QStringLiteral("\\x%1").arg(static_cast<int>(u), 2, 16, QLatin1Char('0'));
    else
      cell += c;
  }
  QByteArray utf8 = cell.toUtf8();
  if (utf8.contains(',') || utf8.contains('"')) {
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
  }
  return utf8;
}

} // namespace

QByteArray LogModel::toCsv(const QList<int>& rows) const {
  QByteArray out = hex_ ? "time,server,request,peer,event,size,payload_hex\r\n"
                        : "time,server,request,peer,event,size,payload\r\n";
  for (int r : rows) {
    if (r < 0 || r >= rowCount())
      continue;
    const Row& row = rowAt(r);
    const ConsoleEvent& e = row.event;
    const QStringList fields = {
        QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(Qt::ISODateWithMs),
        row.serverName,
        e.requestId ? QString::number(e.requestId) : QString(),
        e.peer,
        eventText(e),
        e.isTraffic() ? QString::number(e.size) : QString(),
        payloadBody(e)};
    for (int i = 0; i < fields.size(); ++i) {
      if (i)
        out += ',';
      out += csvField(fields.at(i));
    }
    out += "\r\n";
  }
  return out;
}

QByteArray LogModel::toJsonLines(const QList<int>& rows) const {
  QByteArray out;
  for (int r : rows) {
    if (r < 0 || r >= rowCount())
      continue;
    const Row& row = rowAt(r);
    QJsonObject json = row.event.toJson(row.serverName);
    json[QLatin1String("label")] = eventText(row.event);
    if (hex_ && json.contains(QLatin1String("payload"))) {
      json.remove(QLatin1String("payload"));
      json[QLatin1String("payloadHex")] = ByteText::toHex(row.event.payload, 0);
    }
    out += QJsonDocument(json).toJson(QJsonDocument::Compact);
    out += '\n';
  }
  return out;
}
