#include "LogFilterModel.h"

#include "LogModel.h"

LogFilterModel::LogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setLogModel(LogModel* model) {
  log_ = model;
  setSourceModel(model);
}

void LogFilterModel::setServerId(int id) {
  if (serverId_ == id && requestId_ == 0)
    return;
  serverId_ = id;
  requestId_ = 0;
  invalidateFilter();
}

void LogFilterModel::setConnection(int serverId, quint64 requestId) {
  if (serverId_ == serverId && requestId_ == requestId)
    return;
  serverId_ = serverId;
  requestId_ = requestId;
  invalidateFilter();
}

void LogFilterModel::setDirection(Direction direction) {
  if (direction_ == direction)
    return;
  direction_ = direction;
  invalidateFilter();
}

bool LogFilterModel::setText(const QString& text, bool regex, QString* error) {
  QRegularExpression re;
  if (regex && !text.isEmpty()) {
    re = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
    if (!re.isValid()) {
      if (error)
        *error = tr("Invalid regular expression: %1").arg(re.errorString());
      return false;
    }
  }
  text_ = text;
  useRegex_ = regex;
  regex_ = re;
  invalidateFilter();
  return true;
}

QList<int> LogFilterModel::visibleSourceRows() const {
  QList<int> rows;
  rows.reserve(rowCount());
  for (int r = 0; r < rowCount(); ++r)
    rows.append(mapToSource(index(r, 0)).row());
  return rows;
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
  if (!log_ || sourceRow >= log_->rowCount())
    return false;
  const LogModel::Row& row = log_->rowAt(sourceRow);
  const ConsoleEvent& e = row.event;
  if (serverId_ != 0 && e.serverId != serverId_)
    return false;
  if (requestId_ != 0 && e.requestId != requestId_)
    return false;
  using K = ConsoleEvent::Kind;
  switch (direction_) {
  case Direction::All:
    break;
  case Direction::Received:
    if (e.kind != K::Received)
      return false;
    break;
  case Direction::Sent:
    if (e.kind != K::Sent && e.kind != K::SentByHand)
      return false;
    break;
  case Direction::Traffic:
    if (!e.isTraffic())
      return false;
    break;
  case Direction::Connections:
    if (e.kind != K::Opened && e.kind != K::Finished)
      return false;
    break;
  case Direction::ServerEvents:
    if (e.kind != K::Started && e.kind != K::Stopped && e.kind != K::Failed && e.kind != K::Notice)
      return false;
    break;
  case Direction::Problems:
    if (e.kind != K::Failed && e.kind != K::SendFailed &&
        !(e.kind == K::Finished && (e.outcome == ConsoleEvent::Outcome::Error ||
                                    e.outcome == ConsoleEvent::Outcome::Rejected ||
                                    e.outcome == ConsoleEvent::Outcome::Overloaded)))
      return false;
    break;
  }
  if (text_.isEmpty())
    return true;
  const QString haystack = log_->payloadText(e) + QLatin1Char('\n') + e.peer + QLatin1Char('\n') +
                           row.serverName + QLatin1Char('\n') + log_->eventText(e);
  if (useRegex_)
    return regex_.match(haystack).hasMatch();
  return haystack.contains(text_, Qt::CaseInsensitive);
}
