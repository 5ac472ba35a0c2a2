// What the log view shows of LogModel: rows of one server, one connection, one direction, and
// containing a text or matching a regular expression. Reads LogModel's rows directly (it must
// sit right on top of a LogModel) so that filtering 100 000 rows stays fast.
#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

class LogModel;

class LogFilterModel : public QSortFilterProxyModel {
  Q_OBJECT

public:
  enum class Direction { All, Received, Sent, Traffic, Connections, ServerEvents, Problems };
  enum class Field { Any, Payload, Peer };

  explicit LogFilterModel(QObject* parent = nullptr);

  void setLogModel(LogModel* model);

  /// 0 shows every server.
  void setServerId(int id);
  int serverId() const { return serverId_; }
  /// A request id of serverId(); 0 shows every connection.
  void setConnection(int serverId, quint64 requestId);
  quint64 requestId() const { return requestId_; }
  void setDirection(Direction direction);
  Direction direction() const { return direction_; }
  /// Plain text (case-insensitive substring) or a regular expression; returns false, and keeps
  /// the previous filter, when the regular expression is invalid.
  bool setText(const QString& text, bool regex, QString* error = nullptr);

  /// Source rows of the rows shown, in order.
  QList<int> visibleSourceRows() const;

protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
  LogModel* log_ = nullptr;
  int serverId_ = 0;
  quint64 requestId_ = 0;
  Direction direction_ = Direction::All;
  QString text_;
  QRegularExpression regex_;
  bool useRegex_ = false;
};
