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

void LogFilterModel::setField(Field field) {
  if (field_ == field)
    return;
  field_ = field;
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
  if (!directionAccepts(e))
    return false;
  if (text_.isEmpty())
    return true;
  switch (field_) {
  case Field::Payload:
    return textAccepts(log_->payloadBody(e));
  case Field::Peer:
    return textAccepts(e.peer);
  case Field::Any:
    break;
  }
  return textAccepts(log_->payloadBody(e)) || textAccepts(e.peer) || textAccepts(row.serverName) ||
         textAccepts(log_->eventText(e));
}

bool LogFilterModel::textAccepts(const QString& field) const {
  if (useRegex_)
    return regex_.match(field).hasMatch();
  return field.contains(text_, Qt::CaseInsensitive);
}

bool LogFilterModel::directionAccepts(const ConsoleEvent& e) const {
  using K = ConsoleEvent::Kind;
  switch (direction_) {
  case Direction::All:
    return true;
  case Direction::Received:
    return e.kind == K::Received;
  case Direction::Sent:
    return e.kind == K::Sent || e.kind == K::SentByHand;
  case Direction::Traffic:
    return e.isTraffic();
  case Direction::Connections:
    return e.kind == K::Opened || e.kind == K::Finished;
  case Direction::ServerEvents:
    return e.kind == K::Started || e.kind == K::Stopped || e.kind == K::Failed ||
           e.kind == K::Notice;
  case Direction::Problems:
    return e.kind == K::Failed || e.kind == K::SendFailed ||
           (e.kind == K::Finished && (e.outcome == ConsoleEvent::Outcome::Error ||
                                      e.outcome == ConsoleEvent::Outcome::Rejected ||
                                      e.outcome == ConsoleEvent::Outcome::Overloaded));
  }
  return true;
}
