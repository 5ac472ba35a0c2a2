// What the log view shows of LogModel: rows of one server, one connection, one direction, and
// containing a text or matching a regular expression in a chosen field. Each field is matched
// on its own, so ^ and $ anchor to the payload (or the peer, ...) itself. Reads LogModel's rows
// directly (it must sit right on top of a LogModel) so that filtering 100 000 rows stays fast.
#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

class LogModel;
struct ConsoleEvent;

class LogFilterModel : public QSortFilterProxyModel {
  Q_OBJECT

public:
  enum class Direction { All, Received, Sent, Traffic, Connections, ServerEvents, Problems };
  /// Where the text is looked for. Payload: the Payload column as shown (escaped text, or hex
  /// in hex mode; a row's detail text when it has no payload), without the note on a capped
  /// capture. Peer: the client's address. Any: the payload, the peer, the server's name or the
  /// event's words, each on its own.
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
  void setField(Field field);
  Field field() const { return field_; }
  /// Plain text (case-insensitive substring) or a regular expression; returns false, and keeps
  /// the previous filter, when the regular expression is invalid.
  bool setText(const QString& text, bool regex, QString* error = nullptr);

  /// Source rows of the rows shown, in order.
  QList<int> visibleSourceRows() const;

protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
  bool directionAccepts(const ConsoleEvent& event) const;
  bool textAccepts(const QString& field) const;
  LogModel* log_ = nullptr;
  int serverId_ = 0;
  quint64 requestId_ = 0;
  Direction direction_ = Direction::All;
  Field field_ = Field::Any;
  QString text_;
  QRegularExpression regex_;
  bool useRegex_ = false;
};
