// The request log: one row per ConsoleEvent, in arrival order, in a bounded ring. Batches from
// ServerManager::eventsReady are appended with one beginInsertRows each, and the oldest rows are
// dropped in one beginRemoveRows when the ring is full, so a flood costs two view updates per
// batch. Payloads show as escaped text or hex (setHexMode()).
#pragma once

#include "ConsoleEvent.h"
#include "ConsoleTableModel.h"
#include "MemoryBudget.h"

#include <QPointer>
#include <QVector>

#include <deque>

class ServerManager;

class LogModel : public ConsoleTableModel {
  Q_OBJECT

public:
  enum Column { Time, Server, Peer, Event, Size, Payload, ColumnCount };
  enum Role { ServerIdRole = Qt::UserRole + 1, RequestIdRole, KindRole, SearchTextRole };

  static constexpr int defaultCapacity = 100000;
  /// The most bytes the log's rows hold (MemoryBudget::costOf each: the event, its payload
  /// and texts; rows and, while paused, waiting events): the row cap alone would let a peer's
  /// traffic hold capacity × payload cap (100000 × 1 MiB at the most). Beyond it the oldest
  /// rows go, as with the row cap. With a ServerManager, its MemoryBudget's log share.
  static constexpr qint64 defaultByteBudget =
      MemoryBudget::defaultBytes - MemoryBudget::defaultBytes / 4;

  struct Row {
    ConsoleEvent event;
    QString serverName; ///< at the time of the event, so removed servers still read well
  };

  explicit LogModel(ServerManager* manager, QObject* parent = nullptr);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  const Row& rowAt(int row) const { return rows_[static_cast<size_t>(row)]; }

  void setCapacity(int rows);
  int capacity() const { return capacity_; }
  /// At least 1 byte; the newest row is always kept, whatever its size.
  void setByteBudget(qint64 bytes);
  qint64 byteBudget() const { return byteBudget_; }
  /// Bytes held by the rows now (MemoryBudget::costOf each).
  qint64 heldBytes() const { return rowBytes_; }
  quint64 droppedCount() const { return dropped_; }

  void setHexMode(bool hex);
  bool hexMode() const { return hex_; }

  /// While paused, events wait (bounded by the capacity) and appear on resume.
  void setPaused(bool paused);
  bool isPaused() const { return paused_; }
  int pendingCount() const { return static_cast<int>(pending_.size()); }

  void append(const QVector<ConsoleEvent>& events);
  void clear();

  QString eventText(const ConsoleEvent& event) const; ///< the Event column
  /// Every text the Event column can show, for sizing it in the console's language.
  QStringList eventTexts() const;
  QString payloadText(const ConsoleEvent& event) const; ///< the Payload column
  /// The Payload column without its note on a capped capture: the payload escaped, or in hex
  /// in hex mode; the detail text for rows without a payload. What the filter matches.
  QString payloadBody(const ConsoleEvent& event) const;

  /// The given source rows as the view shows them, as CSV (RFC 4180: header line, fields
  /// quoted when needed): the Event column's words, the payload escaped or, in hex mode, in
  /// hex under the header "payload_hex". Safe for spreadsheets: control characters escaped,
  /// formula-like cells (= + - @ tab CR) prefixed with an apostrophe.
  QByteArray toCsv(const QList<int>& rows) const;
  /// The given source rows as JSON Lines: ConsoleEvent::toJson with the server's name, plus
  /// "label", the Event column's words; in hex mode every payload as "payloadHex".
  QByteArray toJsonLines(const QList<int>& rows) const;

signals:
  void droppedChanged(quint64 dropped);
  void pendingChanged(int pending);

protected:
  int rowTotal() const override { return static_cast<int>(rows_.size()); }

private:
  static std::span<const ColumnHeader> columnHeaders();
  QVariant displayText(const Row& row, int column) const;
  QVariant toolTip(const ConsoleEvent& event, int column) const;
  static QVariant foreground(const ConsoleEvent& event, int column);

  void insertRows(const QVector<ConsoleEvent>& events);
  void trimTo(int rows);
  void trimToBudget();
  /// Drops the `count` oldest waiting events (none when `count` <= 0), counted as dropped.
  void dropOldestPending(qsizetype count);
  /// How many of the oldest of `count` items (bytesAt(i) bytes each, `held` in all) must go
  /// for the rest to fit byteBudget(); the newest one always stays, whatever its size.
  template <class BytesAt>
  qsizetype beyondBudget(qint64 held, qsizetype count, BytesAt bytesAt) const;
  static qint64 bytesOf(const ConsoleEvent& event);
  QString serverName(int id) const;

  QPointer<ServerManager> manager_;
  std::deque<Row> rows_;
  QVector<ConsoleEvent> pending_;
  int capacity_ = defaultCapacity;
  qint64 byteBudget_ = defaultByteBudget;
  qint64 rowBytes_ = 0;     // bytesOf() summed over rows_
  qint64 pendingBytes_ = 0; // and over pending_
  quint64 dropped_ = 0;
  bool hex_ = false;
  bool paused_ = false;
};
