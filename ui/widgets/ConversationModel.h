// ConversationModel: what the test client sent and what came back, in order — one row per
// entry: a message sent, a reply (with its round-trip time), a notice (connected, closed) or an
// error, each with its time. The conversation is bounded: past `cap` entries the oldest go, and
// a first row says how many went.
//
//   ConversationModel model;
//   model.addSent("hello\n");
//   model.addReceived("HELLO\n", 0.42);           // round-trip time in ms; negative: unknown
//   model.addError(tr("connection refused: ..."));
//   view->setModel(&model);                        // ConversationView draws it
//
// Entries come in as they happen, each with its own time; a flood of them (more than burstSize
// within batchIntervalMs) is shown in batches, one every batchIntervalMs, so that a view lays its
// rows out a few times a second rather than once per entry. flush() shows what waits at once.
//
// Each row's display text is the entry as it is copied: a header line ("12:00:01.125  ←
// received 6 B · rtt 0.42 ms"), then the bytes as the format shows them (escaped text, or hex
// with offsets and an ASCII column, 16 bytes a line). Qt::UserRole is the entry's kind as a
// word ("sent", "received", "notice", "error", "dropped"), for tests and style sheets.
//
// Thread rule: a model of the GUI thread.
#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QString>
#include <QTimer>

#include <deque>
#include <vector>

class ConversationModel : public QAbstractListModel {
  Q_OBJECT

public:
  enum class Kind { Sent, Received, Notice, Error, Dropped };
  enum class Format { Text, Hex };
  enum Role { KindRole = Qt::UserRole, SerialRole };

  struct Entry {
    Kind kind = Kind::Notice;
    QDateTime time;
    QByteArray bytes;   ///< sent or received
    double rttMs = -1;  ///< a reply's time since the last send; negative when unknown
    QString text;       ///< a notice's or an error's words; a reply's source, if given
    quint64 serial = 0; ///< unique in this model, for caches keyed by entry
  };

  static constexpr int defaultCap = 2000;
  /// The bytes of one entry that are drawn; the copy takes them all.
  static constexpr int shownBytes = 4096;
  /// The bytes a hex line holds in the display text (and at most in a view).
  static constexpr int hexBytesPerLine = 16;
  /// Entries shown at once within batchIntervalMs; past them, the rest wait for the next batch.
  static constexpr int burstSize = 16;
  static constexpr int batchIntervalMs = 100;

  explicit ConversationModel(QObject* parent = nullptr, int cap = defaultCap);

  void addSent(const QByteArray& bytes);
  /// A reply; `from` names its sender when several may answer (a multicast group): "←
  /// received 6 B from 127.0.0.1:5000 · rtt 0.42 ms".
  void addReceived(const QByteArray& bytes, double rttMs, const QString& from = {});
  void addNotice(const QString& text);
  void addError(const QString& text);
  /// Shows the entries that wait for their batch.
  void flush();
  /// Forgets every entry, shown or waiting.
  void clear();

  /// How bytes are written: escaped text or hex. A change relays every row out.
  void setFormat(Format format);
  Format format() const { return format_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  const Entry& entry(int row) const { return entries_.at(static_cast<std::size_t>(row)); }
  /// The entry's first line: time, direction, size and round-trip time, or its words.
  QString header(int row) const;
  /// The entry's bytes as the format writes them ("" for notices and errors), hex lines of
  /// `bytesPerLine` bytes; at most `limit` bytes, then a line that says how many more there are.
  QString body(int row, int bytesPerLine = hexBytesPerLine, int limit = shownBytes) const;
  /// The kind as a word, as Qt::UserRole gives it.
  static QString kindName(Kind kind);

private:
  void append(Entry entry);
  void dropPastCap();
  bool hasDroppedNote() const {
    return !entries_.empty() && entries_.front().kind == Kind::Dropped;
  }

  std::deque<Entry> entries_;
  std::vector<Entry> pending_; // arrived during a flood, shown with the next batch
  QTimer flushTimer_;
  QElapsedTimer window_; // the current batchIntervalMs, and the entries shown in it
  int inWindow_ = 0;
  int cap_;
  qint64 dropped_ = 0;
  quint64 nextSerial_ = 1;
  Format format_ = Format::Text;
};
