// The reply rules editor, driven through its widgets (offscreen): rules added, edited,
// reordered and removed; the try box names the rule that fires and the exact reply bytes
// (regex captures, placeholders, hex, several replies, the default reply, none), after the
// server's framing (lines, fixed lengths, delimiters, chunks, datagrams, once); a bad rule
// is shown with its number and its row marked; a saved rules file loads back equal, and a bad
// one is refused with the rule's number. The server editor shows the rules for the "Reply
// rules" handler, round-trips spec.rules and the once option, and refuses OK on a bad rule.
// With SOCKETSERVER_SCREENSHOT_DIR set, `screenshot` saves the editor with rules there as it
// opens on the offscreen screen (rules-editor[-LANGUAGE]-WxH.png; with
// SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN: in Chinese), and with a bad rule in the temporary
// directory; tests/ui/screenshot-rules.sh runs it at 1280x800 and 1920x1080.
#include "ReplyRulesEditor.h"
#include "ServerEditorDialog.h"
#include "Translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

namespace {

ReplyRuleSet rulesFrom(const char* json) {
  QString error;
  auto rules = ReplyRuleSet::fromJson(QJsonDocument::fromJson(json).object(), &error);
  if (!rules)
    qFatal("bad rules in the test: %s", qPrintable(error));
  return *rules;
}

const char* const sampleRules = R"({"framing": "line", "rules": [
    {"match": "regex", "pattern": "^PING (\\d+)$", "reply": "PONG $1 #{counter}\\n"},
    {"match": "startsWith", "pattern": "LEN ", "reply": ["len={len}", "hex={hex}"]},
    {"match": "hex", "pattern": "01 03 00 00 00 01", "reply": "01 03 02 00 2A",
     "replyFormat": "hex", "close": true, "delayMs": 250}],
  "default": "unknown: {message}\\n"})";

template <class W> W* cell(const ReplyRulesEditor& editor, int row, int column) {
  auto* widget = qobject_cast<W*>(editor.table()->cellWidget(row, column));
  if (!widget)
    qFatal("no such cell widget at %d, %d", row, column);
  return widget;
}

QPushButton* button(const ReplyRulesEditor& editor, const char* name) {
  return editor.findChild<QPushButton*>(QLatin1String(name));
}

// Clicks rule `row`'s number cell, as a person selects a rule.
void selectRule(ReplyRulesEditor& editor, int row) {
  QTableWidget* table = editor.table();
  const QRect rect = table->visualItemRect(table->item(row, ReplyRulesEditor::NumberColumn));
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

QStringList patterns(const ReplyRulesEditor& editor) {
  QStringList list;
  for (const QJsonValue rule : editor.toJson().value(QLatin1String("rules")).toArray())
    list << rule.toObject().value(QLatin1String("pattern")).toString();
  return list;
}

void tryMessage(ReplyRulesEditor& editor, const QString& text, bool hex = false) {
  editor.findChild<QComboBox*>(QStringLiteral("tryFormatCombo"))->setCurrentIndex(hex ? 1 : 0);
  auto* edit = editor.findChild<QLineEdit*>(QStringLiteral("tryEdit"));
  edit->clear();
  QTest::keyClicks(edit, text);
}

} // namespace

class TestReplyRulesEditor : public QObject {
  Q_OBJECT

private slots:
  void rulesAreAddedReorderedAndRemoved();
  void tryBoxShowsTheRuleAndTheExactReply();
  void tryBoxCutsMessagesAsTheServerDoes_data();
  void tryBoxCutsMessagesAsTheServerDoes();
  void tryBoxAnswersOnlyTheFirstMessageUnderOnce();
  void badRuleShowsItsNumber();
  void savedFileLoadsBackEqual();
  void badFileIsRefusedWithTheRuleNumber();
  void serverEditorRoundTripsRulesAndRefusesBadOnes();
  void screenshot();
};

void TestReplyRulesEditor::rulesAreAddedReorderedAndRemoved() {
  ReplyRulesEditor editor;
  editor.resize(900, 600);
  editor.show();
  QVERIFY(QTest::qWaitForWindowActive(&editor));
  QCOMPARE(editor.table()->rowCount(), 0);
  QVERIFY(!button(editor, "removeRuleButton")->isEnabled());
  for (const char* text : {"alpha", "beta", "gamma"}) {
    QTest::mouseClick(button(editor, "addRuleButton"), Qt::LeftButton);
    const int row = editor.table()->currentRow();
    QTest::keyClicks(cell<QLineEdit>(editor, row, ReplyRulesEditor::PatternColumn),
                     QLatin1String(text));
    QTest::keyClicks(cell<QPlainTextEdit>(editor, row, ReplyRulesEditor::ReplyColumn),
                     QStringLiteral("re ") + QLatin1String(text));
  }
  QCOMPARE(patterns(editor), QStringList({"alpha", "beta", "gamma"}));
  QCOMPARE(editor.table()->item(2, ReplyRulesEditor::NumberColumn)->text(), QStringLiteral("3"));

  selectRule(editor, 2);
  QVERIFY(!button(editor, "downRuleButton")->isEnabled());
  QTest::mouseClick(button(editor, "upRuleButton"), Qt::LeftButton);
  QCOMPARE(patterns(editor), QStringList({"alpha", "gamma", "beta"}));
  QCOMPARE(editor.table()->currentRow(), 1);
  QTest::mouseClick(button(editor, "upRuleButton"), Qt::LeftButton);
  QCOMPARE(patterns(editor), QStringList({"gamma", "alpha", "beta"}));
  QVERIFY(!button(editor, "upRuleButton")->isEnabled());
  // The replies, the match and the options moved with their pattern.
  QCOMPARE(editor.toJson()["rules"].toArray().at(0).toObject()["reply"].toString(),
           QStringLiteral("re gamma"));

  selectRule(editor, 1);
  QTest::mouseClick(button(editor, "removeRuleButton"), Qt::LeftButton);
  QCOMPARE(patterns(editor), QStringList({"gamma", "beta"}));
  // Focus in a rule's pattern selects that rule: adding puts the new one after it.
  cell<QLineEdit>(editor, 0, ReplyRulesEditor::PatternColumn)->setFocus();
  QTRY_COMPARE(editor.table()->currentRow(), 0);
  QTest::mouseClick(button(editor, "addRuleButton"), Qt::LeftButton);
  QCOMPARE(patterns(editor), QStringList({"gamma", "", "beta"}));

  auto rules = editor.rules();
  QVERIFY(rules);
  QCOMPARE(rules->rules.size(), 3);
  QCOMPARE(rules->rules.at(1).replies.size(), 0); // a new rule answers nothing yet
}

void TestReplyRulesEditor::tryBoxShowsTheRuleAndTheExactReply() {
  ReplyRulesEditor editor;
  editor.setRules(rulesFrom(sampleRules));
  QCOMPARE(editor.table()->rowCount(), 3);
  QCOMPARE(editor.triedRule(), -1);

  tryMessage(editor, QStringLiteral("PING 42"));
  QCOMPARE(editor.triedRule(), 1);
  QVERIFY2(editor.tryResultText().contains(QLatin1String("Rule 1 answers")),
           qPrintable(editor.tryResultText()));
  QVERIFY(editor.tryResultText().contains(QLatin1String("(11 bytes): PONG 42 #1\\n")));
  QVERIFY(editor.tryResultText().contains(QLatin1String("hex: 50 4f 4e 47 20 34 32 20 23 31 0a")));
  QVERIFY(editor.table()->item(0, ReplyRulesEditor::NumberColumn)->text().contains(u'\u25b6'));

  tryMessage(editor, QStringLiteral("LEN \\x01z"));
  QCOMPARE(editor.triedRule(), 2);
  QVERIFY2(editor.tryResultText().contains(QLatin1String("Reply 1 (5 bytes): len=6")),
           qPrintable(editor.tryResultText()));
  QVERIFY(
      editor.tryResultText().contains(QLatin1String("Reply 2 (21 bytes): hex=4c 45 4e 20 01 7a")));
  QVERIFY(!editor.table()->item(0, ReplyRulesEditor::NumberColumn)->text().contains(u'\u25b6'));

  tryMessage(editor, QStringLiteral("010300000001"), true);
  QCOMPARE(editor.triedRule(), 3);
  QVERIFY2(editor.tryResultText().contains(QLatin1String("hex: 01 03 02 00 2a")),
           qPrintable(editor.tryResultText()));
  QVERIFY(editor.tryResultText().contains(QLatin1String("250 ms")));
  QVERIFY(editor.tryResultText().contains(QLatin1String("closed")));

  tryMessage(editor, QStringLiteral("what?"));
  QCOMPARE(editor.triedRule(), 0);
  QVERIFY(editor.tryResultText().contains(QLatin1String("default reply")));
  QVERIFY(editor.tryResultText().contains(QLatin1String("unknown: what?\\n")));

  editor.findChild<QCheckBox*>(QStringLiteral("defaultReplyCheck"))->setChecked(false);
  QCOMPARE(editor.triedRule(), -1);
  QVERIFY(editor.tryResultText().contains(QLatin1String("nothing is sent")));

  // An edit of a rule is tried at once: rule 1 now wants PONG in hex.
  tryMessage(editor, QStringLiteral("PING 5"));
  auto* reply = cell<QPlainTextEdit>(editor, 0, ReplyRulesEditor::ReplyColumn);
  reply->setPlainText(QStringLiteral("50 4f"));
  cell<QComboBox>(editor, 0, ReplyRulesEditor::FormatColumn)->setCurrentIndex(1);
  QCOMPARE(editor.triedRule(), 1);
  QVERIFY2(editor.tryResultText().contains(QLatin1String("(2 bytes): PO")),
           qPrintable(editor.tryResultText()));
}

void TestReplyRulesEditor::tryBoxCutsMessagesAsTheServerDoes_data() {
  QTest::addColumn<QString>("framing"); // the rules file's word, set through the widgets
  QTest::addColumn<bool>("stream");
  QTest::addColumn<QString>("typed");    // escaped text, as typed in the box
  QTest::addColumn<QList<int>>("rules"); // the rule each message fires (0: default reply)
  QTest::addColumn<QStringList>("shown");
  const QList<int> twoPings{1, 1};
  QTest::newRow("line") << "line" << true << "PING 1\\nPING 2\\n"
                        << twoPings
                        << QStringList{"Message 1 (6 bytes): PING 1", "PONG 1 #1\\n",
                                       "Message 2 (6 bytes): PING 2", "PONG 2 #2\\n"};
  QTest::newRow("line, CRLF, last unended")
      << "line" << true << "PING 3\\r\\nwhat" << QList<int>{1, 0}
      << QStringList{"Message 1 (6 bytes): PING 3", "PONG 3 #1\\n", "Message 2 (4 bytes): what",
                     "answers it when the client closes", "unknown: what\\n"};
  QTest::newRow("length:6") << "length:6" << true << "PING 7PING 8" << twoPings
                            << QStringList{"Message 2 (6 bytes): PING 8", "PONG 8 #2\\n"};
  QTest::newRow("length:6, short rest")
      << "length:6" << true << "PING 7PI" << QList<int>{1, 0}
      << QStringList{"Message 2 (2 bytes): PI", "when the client closes"};
  QTest::newRow("delimiter") << "delimiter:;" << true << "PING 1;PING 2;" << twoPings
                             << QStringList{"PONG 2 #2\\n"};
  // A chunk is one message, newlines and all: the regex's $ does not match before the first.
  QTest::newRow("chunk") << "chunk" << true << "PING 1\\nPING 2\\n"
                         << QList<int>{0}
                         << QStringList{"Message 1 (14 bytes): PING 1\\nPING 2\\n",
                                        "the default reply answers"};
  QTest::newRow("datagram") << "line" << false << "PING 1\\nPING 2\\n"
                            << QList<int>{0} << QStringList{"The datagram (14 bytes)"};
}

void TestReplyRulesEditor::tryBoxCutsMessagesAsTheServerDoes() {
  QFETCH(QString, framing);
  QFETCH(bool, stream);
  QFETCH(QString, typed);
  QFETCH(QList<int>, rules);
  QFETCH(QStringList, shown);
  ReplyRulesEditor editor;
  editor.setRules(rulesFrom(sampleRules));
  editor.setStreamKind(stream);
  // The framing as a person picks it: the combo, then the length or the delimiter.
  auto* combo = editor.findChild<QComboBox*>(QStringLiteral("framingCombo"));
  combo->setCurrentIndex(combo->findData(framing.section(QLatin1Char(':'), 0, 0)));
  if (framing.startsWith(QLatin1String("length:")))
    editor.findChild<QSpinBox*>(QStringLiteral("framingLengthSpin"))
        ->setValue(framing.section(QLatin1Char(':'), 1).toInt());
  if (framing.startsWith(QLatin1String("delimiter:")))
    QTest::keyClicks(editor.findChild<QLineEdit*>(QStringLiteral("framingDelimiterEdit")),
                     framing.section(QLatin1Char(':'), 1));
  QCOMPARE(editor.rules()->framing.toString(), framing);

  tryMessage(editor, typed);
  QCOMPARE(editor.triedRules(), rules);
  for (const QString& part : shown)
    QVERIFY2(editor.tryResultText().contains(part),
             qPrintable(part + QStringLiteral(" not in:\n") + editor.tryResultText()));
  // Every rule that fired is marked in the table; the others are not.
  for (int rule = 1; rule <= editor.table()->rowCount(); ++rule)
    QCOMPARE(
        editor.table()->item(rule - 1, ReplyRulesEditor::NumberColumn)->text().contains(u'\u25b6'),
        rules.contains(rule));
}

void TestReplyRulesEditor::tryBoxAnswersOnlyTheFirstMessageUnderOnce() {
  ServerSpec spec;
  spec.handler = ServerSpec::Handler::Rules;
  spec.rules = rulesFrom(sampleRules);
  spec.oncePerConnection = true;
  ServerEditorDialog dialog;
  dialog.setSpec(spec);
  auto* editor = dialog.findChild<ReplyRulesEditor*>(QStringLiteral("rulesEditor"));
  tryMessage(*editor, QStringLiteral("PING 1\\nPING 2\\n"));
  QCOMPARE(editor->triedRules(), QList<int>({1, -1}));
  QVERIFY2(editor->tryResultText().contains(QLatin1String("PONG 1 #1\\n\n    hex:")) &&
               editor->tryResultText().contains(QLatin1String("Then the connection is closed.")) &&
               editor->tryResultText().contains(
                   QLatin1String("Not answered: the connection is closed before it.")),
           qPrintable(editor->tryResultText()));
  // The person unchecks the option: both are answered, at once.
  dialog.findChild<QCheckBox*>(QStringLiteral("onceCheck"))->setChecked(false);
  QCOMPARE(editor->triedRules(), QList<int>({1, 1}));
  QVERIFY(!editor->tryResultText().contains(QLatin1String("closed")));
  // A silent first message under once: nothing is sent, and the connection still closes.
  dialog.findChild<QCheckBox*>(QStringLiteral("onceCheck"))->setChecked(true);
  editor->findChild<QCheckBox*>(QStringLiteral("defaultReplyCheck"))->setChecked(false);
  tryMessage(*editor, QStringLiteral("hello\\nPING 2\\n"));
  QCOMPARE(editor->triedRules(), QList<int>({-1, -1}));
  QVERIFY2(editor->tryResultText().contains(QLatin1String("nothing is sent.\n  Then the "
                                                          "connection is closed.")),
           qPrintable(editor->tryResultText()));
}

void TestReplyRulesEditor::badRuleShowsItsNumber() {
  ReplyRulesEditor editor;
  editor.setRules(rulesFrom(sampleRules));
  QVERIFY(editor.errorText().isEmpty());
  tryMessage(editor, QStringLiteral("PING 1"));
  QCOMPARE(editor.triedRule(), 1);

  auto* pattern = cell<QLineEdit>(editor, 1, ReplyRulesEditor::PatternColumn);
  cell<QComboBox>(editor, 1, ReplyRulesEditor::MatchColumn)->setCurrentIndex(4); // regex
  pattern->clear();
  QTest::keyClicks(pattern, QStringLiteral("(unclosed"));
  QVERIFY2(editor.errorText().startsWith(QLatin1String("rule 2: pattern: invalid regular "
                                                       "expression")),
           qPrintable(editor.errorText()));
  QVERIFY(editor.findChild<QLabel*>(QStringLiteral("rulesErrorLabel"))->isVisibleTo(&editor));
  QCOMPARE(editor.table()->item(1, ReplyRulesEditor::NumberColumn)->text(),
           QStringLiteral("\u26a0 2"));
  QVERIFY(!editor.rules());
  QCOMPARE(editor.triedRule(), -1);
  QVERIFY(editor.tryResultText().contains(QLatin1String("rule 2:")));
  QString error;
  QVERIFY(!editor.saveFile(QDir::temp().filePath(QStringLiteral("never.json")), &error));
  QVERIFY2(error.contains(QLatin1String("rule 2:")), qPrintable(error));

  // A capture the expression has not, and an unknown placeholder: named as well.
  pattern->setText(QStringLiteral("^LEN (.*)$"));
  cell<QPlainTextEdit>(editor, 1, ReplyRulesEditor::ReplyColumn)->setPlainText("$2");
  QVERIFY2(editor.errorText().startsWith(QLatin1String("rule 2: reply: $2")),
           qPrintable(editor.errorText()));
  cell<QPlainTextEdit>(editor, 2, ReplyRulesEditor::ReplyColumn)->setPlainText("zz");
  QVERIFY2(editor.errorText().startsWith(QLatin1String("rule 2:")), qPrintable(editor.errorText()));
  cell<QPlainTextEdit>(editor, 1, ReplyRulesEditor::ReplyColumn)->setPlainText("{nope}");
  QVERIFY2(editor.errorText().startsWith(QLatin1String("rule 2: reply: unknown placeholder "
                                                       "{nope}")),
           qPrintable(editor.errorText()));
  cell<QPlainTextEdit>(editor, 1, ReplyRulesEditor::ReplyColumn)->setPlainText("$1");
  QVERIFY2(editor.errorText().startsWith(QLatin1String("rule 3: reply:")),
           qPrintable(editor.errorText())); // bad hex "zz"
  QCOMPARE(editor.table()->item(2, ReplyRulesEditor::NumberColumn)->text(),
           QStringLiteral("\u26a0 3"));
  cell<QPlainTextEdit>(editor, 2, ReplyRulesEditor::ReplyColumn)->setPlainText("00");
  QVERIFY(editor.errorText().isEmpty());
  QVERIFY(editor.rules());
  QCOMPARE(editor.triedRule(), 1);
}

void TestReplyRulesEditor::savedFileLoadsBackEqual() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ReplyRulesEditor editor;
  editor.setRules(rulesFrom(sampleRules));
  editor.findChild<QComboBox*>(QStringLiteral("framingCombo"))->setCurrentIndex(4);
  QTest::keyClicks(editor.findChild<QLineEdit*>(QStringLiteral("framingDelimiterEdit")),
                   QStringLiteral("03"));
  const QString path = dir.filePath(QStringLiteral("rules.json"));
  QString error;
  QVERIFY2(editor.saveFile(path, &error), qPrintable(error));

  ReplyRulesEditor loaded;
  QVERIFY2(loaded.loadFile(path, &error), qPrintable(error));
  QCOMPARE(loaded.toJson(), editor.toJson());
  const auto rules = loaded.rules();
  QVERIFY(rules);
  QCOMPARE(rules->framing.kind, Framing::Kind::Delimiter);
  QCOMPARE(rules->framing.delimiter, QByteArray("\x03"));
  QCOMPARE(rules->toJson(), editor.rules()->toJson());
  // The file is what ReplyRuleSet writes and reads.
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const auto read = ReplyRuleSet::fromJson(QJsonDocument::fromJson(file.readAll()).object());
  QVERIFY(read);
  QCOMPARE(read->rules.size(), 3);
}

void TestReplyRulesEditor::badFileIsRefusedWithTheRuleNumber() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("bad.json"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(R"({"rules": [{"match": "exact", "pattern": "a", "reply": "b"},
                           {"match": "hex", "pattern": "0g"}]})");
  file.close();
  ReplyRulesEditor editor;
  editor.setRules(rulesFrom(sampleRules));
  QString error;
  QVERIFY(!editor.loadFile(path, &error));
  QVERIFY2(error.contains(QLatin1String("rule 2: pattern:")), qPrintable(error));
  QCOMPARE(editor.table()->rowCount(), 3); // left as it was
  QVERIFY(!editor.loadFile(dir.filePath(QStringLiteral("missing.json")), &error));
  QVERIFY(error.contains(QLatin1String("missing.json")));
}

void TestReplyRulesEditor::serverEditorRoundTripsRulesAndRefusesBadOnes() {
  ServerSpec spec;
  spec.name = QStringLiteral("modbus-ish");
  spec.handler = ServerSpec::Handler::Rules;
  spec.rules = rulesFrom(sampleRules);
  spec.oncePerConnection = true;
  ServerEditorDialog dialog;
  dialog.setSpec(spec);
  dialog.show();
  QVERIFY(QTest::qWaitForWindowExposed(&dialog));
  auto* box = dialog.findChild<QGroupBox*>(QStringLiteral("rulesBox"));
  auto* editor = dialog.findChild<ReplyRulesEditor*>(QStringLiteral("rulesEditor"));
  auto* once = dialog.findChild<QCheckBox*>(QStringLiteral("onceCheck"));
  QVERIFY(box && editor && once);
  QVERIFY(box->isVisible());
  QVERIFY(once->isChecked() && once->isEnabled());
  QCOMPARE(editor->table()->rowCount(), 3);
  QString error;
  auto current = dialog.currentSpec(&error);
  QVERIFY2(current, qPrintable(error));
  QCOMPARE(current->rules, spec.rules);
  QCOMPARE(*current, spec);

  // A bad regex in rule 2: named in the dialog, and OK refused.
  cell<QComboBox>(*editor, 1, ReplyRulesEditor::MatchColumn)->setCurrentIndex(4);
  cell<QLineEdit>(*editor, 1, ReplyRulesEditor::PatternColumn)->setText(QStringLiteral("(x"));
  QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
  QTest::mouseClick(ok, Qt::LeftButton);
  QVERIFY(dialog.isVisible());
  QVERIFY2(dialog.errorText().contains(QLatin1String("rule 2: pattern: invalid regular")),
           qPrintable(dialog.errorText()));
  QVERIFY(editor->errorText().startsWith(QLatin1String("rule 2:")));
  // Fixed, the error goes as it is typed and OK takes the edited rules.
  cell<QLineEdit>(*editor, 1, ReplyRulesEditor::PatternColumn)->setText(QStringLiteral("^LEN"));
  QVERIFY(dialog.errorText().isEmpty());
  QTest::mouseClick(ok, Qt::LeftButton);
  QCOMPARE(dialog.result(), int(QDialog::Accepted));
  QCOMPARE(dialog.spec().rules.rules.at(1).match, ReplyRule::Match::Regex);
  QCOMPARE(dialog.spec().rules.rules.at(1).pattern, QStringLiteral("^LEN"));

  // Another handler hides the rules (kept in the spec); a datagram kind has no "once".
  ServerEditorDialog other;
  other.setSpec(spec);
  auto* handler = other.findChild<QComboBox*>(QStringLiteral("handlerCombo"));
  handler->setCurrentIndex(handler->findData(static_cast<int>(ServerSpec::Handler::Echo)));
  QVERIFY(other.findChild<QGroupBox*>(QStringLiteral("rulesBox"))->isHidden());
  QCOMPARE(other.currentSpec()->rules, spec.rules);
  auto* kind = other.findChild<QComboBox*>(QStringLiteral("kindCombo"));
  kind->setCurrentIndex(kind->findData(static_cast<int>(ServerSpec::Kind::Udp)));
  QVERIFY(!other.findChild<QCheckBox*>(QStringLiteral("onceCheck"))->isEnabled());
}

void TestReplyRulesEditor::screenshot() {
  const QString dir = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_DIR");
  if (dir.isEmpty())
    QSKIP("set SOCKETSERVER_SCREENSHOT_DIR=<dir> to save screenshots of the rules editor");
  QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
  if (!language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  ServerSpec spec;
  spec.name = QStringLiteral("Device simulator");
  spec.handler = ServerSpec::Handler::Rules;
  spec.rules = rulesFrom(sampleRules);
  ServerEditorDialog dialog;
  dialog.setSpec(spec);
  dialog.show();
  QVERIFY(QTest::qWaitForWindowExposed(&dialog));
  auto* editor = dialog.findChild<ReplyRulesEditor*>(QStringLiteral("rulesEditor"));
  tryMessage(*editor, QStringLiteral("PING 1\\nPING 2\\n")); // two lines: two answers
  // The screen is the offscreen platform's (QT_QPA_PLATFORM=offscreen:configfile=...).
  const QSize screen = dialog.screen()->availableSize();
  const QString file = QStringLiteral("rules-editor%1-%2x%3")
                           .arg(language.isEmpty() ? QString() : QLatin1Char('-') + language)
                           .arg(screen.width())
                           .arg(screen.height());
  qInfo() << "opens at" << dialog.size() << "on" << screen;
  QVERIFY(dialog.grab().save(dir + QLatin1Char('/') + file + QStringLiteral(".png")));
  QVERIFY2(dialog.width() <= screen.width() && dialog.height() <= screen.height(),
           "larger than the screen");
  cell<QLineEdit>(*editor, 1, ReplyRulesEditor::PatternColumn)->setText(QStringLiteral("LEN"));
  cell<QPlainTextEdit>(*editor, 1, ReplyRulesEditor::ReplyColumn)->setPlainText("{nope}");
  QTest::mouseClick(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                    Qt::LeftButton);
  // With a bad rule, for a look only: in the temporary directory.
  QVERIFY(dialog.grab().save(QDir::temp().filePath(file + QStringLiteral("-bad.png"))));
}

QTEST_MAIN(TestReplyRulesEditor)
#include "TestReplyRulesEditor.moc"
