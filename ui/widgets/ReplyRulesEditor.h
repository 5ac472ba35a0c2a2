// The reply rules of one server, edited as a table, with a box to try a message before
// anything is started.
//
//   ReplyRulesEditor editor;
//   editor.setRules(*ReplyRuleSet::fromJson(json));   // or editor.loadFile(path, &error)
//   // the person adds, removes, reorders and edits rules; the try box shows which rule
//   // fires for a typed message and the exact reply bytes, escaped and in hex
//   QString error;
//   if (auto rules = editor.rules(&error)) ...        // else error is "rule 2: pattern: ..."
//
// One row per rule: how it matches (exact, contains, starts with, hex bytes, regex), the
// pattern, the replies (one template per line; a reply never needs a line break of its own,
// \n writes one), text or hex, a delay and whether to close afterwards. Below the table: the
// framing of stream kinds, the default reply (or none), Load…/Save… of the rules file (the
// JSON of ReplyRuleSet::toJson()) and the try box. A bad rule is shown at once, in words, with
// its number (ReplyRuleSet's own message), and its row is marked. GUI thread only.
//
// The try box answers what a client sends and then closes, as the running server would
// (RulesConversation): a stream kind's text is cut by the framing (with line framing,
// "PING 1\nPING 2\n" is two messages, each with its rule and reply; what the framing has not
// ended is answered at the close; "one request per connection" answers the first only); a
// datagram kind's text is one datagram.
#pragma once

#include "ReplyRules.h"
#include "RulesConversation.h"

#include <QJsonObject>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

class ReplyRulesEditor : public QWidget {
  Q_OBJECT

public:
  /// The table's columns.
  enum Column {
    NumberColumn,
    MatchColumn,
    PatternColumn,
    ReplyColumn,
    FormatColumn,
    DelayColumn,
    CloseColumn,
    ColumnCount
  };

  explicit ReplyRulesEditor(QWidget* parent = nullptr);

  /// Shows `rules` in the table (replacing what was there).
  void setRules(const ReplyRuleSet& rules);
  /// The rules as the table says; nullopt, with `error` ("rule 2: pattern: ...") set, when
  /// a rule or the framing or the default reply is wrong.
  std::optional<ReplyRuleSet> rules(QString* error = nullptr) const;
  /// The rules file's JSON as the table says, bad rules included, as Save… writes it.
  QJsonObject toJson() const;
  /// What is wrong with the rules now, as shown under the table; empty when nothing is.
  QString errorText() const;

  /// Reads a rules file into the table; false, with `error` in words, when it cannot be read
  /// or holds a bad rule (the table is then left as it was).
  bool loadFile(const QString& path, QString* error = nullptr);
  /// Writes the rules file; false, with `error`, when a rule is bad or the file cannot be
  /// written.
  bool saveFile(const QString& path, QString* error = nullptr) const;

  /// Framing applies to stream kinds only; datagrams are one message each.
  void setStreamKind(bool stream);
  /// The server answers one message per connection, then closes (stream kinds; the try box).
  void setOncePerConnection(bool once);

  /// The rule the try box's first message fires: its number from 1, 0 for the default reply,
  /// -1 when nothing answers or the rules are bad.
  int triedRule() const { return triedRules_.value(0, -1); }
  /// The same for each message the try box's text holds after framing, in order.
  const QList<int>& triedRules() const { return triedRules_; }
  /// What the try box shows under the message.
  QString tryResultText() const;

  QTableWidget* table() const { return table_; }

signals:
  /// Any edit of a rule, the framing or the default reply.
  void rulesChanged();

private:
  struct Row {
    QString match = QStringLiteral("exact");
    QString pattern;
    QStringList replies;
    bool hex = false;
    int delayMs = 0;
    bool close = false;
  };

  QWidget* buildButtons();
  QWidget* buildFramingRow();
  QWidget* buildDefaultRow();
  QWidget* buildTryBox();

  void insertRow(int row, const Row& values);
  Row rowValues(int row) const;
  void setRows(const QList<Row>& rows);
  static QJsonObject rowToJson(const Row& row);
  static Row rowFromJson(const QJsonObject& json);
  void setFramingJson(const QString& framing);
  QString framingJson() const;
  void setJson(const QJsonObject& json);

  void addRule();
  void removeRule();
  void moveRule(int by);
  void loadClicked();
  void saveClicked();
  void edited();
  int badRule() const;
  void markRows(int bad);
  /// Tries the box's text again and marks the rules it fires (not an edit of the rules).
  void retry();
  void tryMessage();
  /// What the try box's text stands for: its bytes, or nullopt with the reason shown.
  std::optional<QByteArray> triedBytes();
  /// One message's part of the try box: what the rules saw, the rule and the exact replies.
  QStringList exchangeText(int number, const RulesConversation::Exchange& exchange) const;
  QStringList planText(const ReplyPlan& plan) const;
  void updateEnabled();
  void fitRows();
  /// The row whose cell holds `widget` (or one of its children); -1 when none does.
  int rowOf(const QWidget* widget) const;
  /// Focus in a row's editor makes that row the current one, for Remove and the moves.
  bool eventFilter(QObject* watched, QEvent* event) override;

  QTableWidget* table_ = nullptr;
  QPushButton* removeButton_ = nullptr;
  QPushButton* upButton_ = nullptr;
  QPushButton* downButton_ = nullptr;
  QComboBox* framingCombo_ = nullptr;
  QSpinBox* lengthSpin_ = nullptr;
  QLineEdit* delimiterEdit_ = nullptr;
  QCheckBox* defaultCheck_ = nullptr;
  QLineEdit* defaultEdit_ = nullptr;
  QComboBox* defaultFormatCombo_ = nullptr;
  QLabel* errorLabel_ = nullptr;
  QLineEdit* tryEdit_ = nullptr;
  QComboBox* tryFormatCombo_ = nullptr;
  QPlainTextEdit* tryResult_ = nullptr;
  bool stream_ = true;
  bool once_ = false;
  bool filling_ = false; // rows are being rebuilt: their edits are not the person's
  QList<int> triedRules_;
};
