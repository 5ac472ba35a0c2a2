// Reply rules and stream framing (ui/core ReplyRules, MessageFramer): each match kind,
// captures, placeholders, hex, several replies, close and delay, the default reply, bad rules
// refused with their numbers, the JSON read back as written, and framing of every kind,
// including a peer that never ends its message.
#include "MessageFramer.h"
#include "ReplyRules.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

std::optional<ReplyRuleSet> rulesFrom(const char* json, QString* error = nullptr) {
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
  if (parseError.error != QJsonParseError::NoError)
    qFatal("bad JSON in the test: %s", qPrintable(parseError.errorString()));
  return ReplyRuleSet::fromJson(document.object(), error);
}

// The replies `rules` give to `message`, from peer 127.0.0.1:5000, counter 7.
QList<QByteArray> answer(const ReplyRuleSet& rules, const QByteArray& message,
                         int* rule = nullptr) {
  ReplyValues values;
  values.message = message;
  values.peer = QStringLiteral("127.0.0.1:5000");
  values.counter = 7;
  values.now = QDateTime(QDate(2026, 12, 1), QTime(19, 30, 5));
  const auto plan = rules.plan(values);
  if (rule)
    *rule = plan ? plan->rule : -1;
  return plan ? plan->replies : QList<QByteArray>{};
}

} // namespace

class TestReplyRules : public QObject {
  Q_OBJECT

private slots:
  void matchKinds_data() {
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("rule");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("exact") << QByteArray("hello") << 1 << QByteArray("hi\n");
    QTest::newRow("exact is whole") << QByteArray("hello!") << 0 << QByteArray("? hello!\n");
    QTest::newRow("contains") << QByteArray("say bye now") << 2 << QByteArray("see you\n");
    QTest::newRow("startsWith") << QByteArray("GET /x") << 3 << QByteArray("HTTP/1.0 200 OK\r\n");
    QTest::newRow("hex") << QByteArray::fromHex("010300000001") << 4
                         << QByteArray::fromHex("010302002a");
    QTest::newRow("regex") << QByteArray("PING 42") << 5 << QByteArray("PONG 42 #7\n");
    QTest::newRow("first match wins") << QByteArray("GET bye") << 2 << QByteArray("see you\n");
  }
  void matchKinds() {
    QFETCH(QByteArray, message);
    QFETCH(int, rule);
    QFETCH(QByteArray, reply);
    QString error;
    const auto rules = rulesFrom(R"({"framing": "line", "rules": [
        {"match": "exact", "pattern": "hello", "reply": "hi\\n"},
        {"match": "contains", "pattern": "bye", "reply": "see you\\n", "close": true},
        {"match": "startsWith", "pattern": "GET ", "reply": "HTTP/1.0 200 OK\\r\\n"},
        {"match": "hex", "pattern": "01 03 00 00 00 01", "reply": "01 03 02 00 2A",
         "replyFormat": "hex"},
        {"match": "regex", "pattern": "^PING (\\d+)$", "reply": "PONG $1 #{counter}\\n"}],
      "default": "? {message}\\n"})",
                                 &error);
    QVERIFY2(rules, qPrintable(error));
    int fired = -1;
    QCOMPARE(answer(*rules, message, &fired), QList<QByteArray>{reply});
    QCOMPARE(fired, rule);
  }

  void placeholdersAndCaptures() {
    const auto rules = rulesFrom(R"({"rules": [{"match": "regex",
        "pattern": "^(?<verb>[A-Z]+) (\\w+)$",
        "reply": "${verb}/$2/$0 {time} {date} {unixtime} {peer} {len} {hex} $$ {a b} {1}"}]})");
    QVERIFY(rules);
    const QByteArray expected =
        "SET/x/SET x 19:30:05 2026-12-01 " +
        QByteArray::number(QDateTime(QDate(2026, 12, 1), QTime(19, 30, 5)).toSecsSinceEpoch()) +
        " 127.0.0.1:5000 5 53 45 54 20 78 $ {a b} {1}";
    QCOMPARE(answer(*rules, "SET x"), QList<QByteArray>{expected});
  }

  void severalRepliesCloseAndDelay() {
    const auto rules = rulesFrom(R"({"rules": [{"match": "exact", "pattern": "quit",
        "reply": ["bye\\n", "{counter}\\n"], "close": true, "delayMs": 250}]})");
    QVERIFY(rules);
    ReplyValues values;
    values.message = "quit";
    values.counter = 3;
    const auto plan = rules->plan(values);
    QVERIFY(plan);
    QCOMPARE(plan->replies, (QList<QByteArray>{"bye\n", "3\n"}));
    QVERIFY(plan->close);
    QCOMPARE(plan->delayMs, 250);
  }

  void noDefaultMeansNoAnswer() {
    const auto rules =
        rulesFrom(R"({"rules": [{"match": "exact", "pattern": "a", "reply": "b"}]})");
    QVERIFY(rules);
    int fired = 0;
    QVERIFY(answer(*rules, "zzz", &fired).isEmpty());
    QCOMPARE(fired, -1);
  }

  void responderCountsAnsweredMessages() {
    const auto rules = rulesFrom(R"({"rules": [{"match": "contains", "pattern": "n",
        "reply": "{counter}"}]})");
    QVERIFY(rules);
    ReplyResponder responder(std::make_shared<const ReplyRuleSet>(*rules));
    QCOMPARE(responder.respond("one", {})->replies, QList<QByteArray>{"1"});
    QVERIFY(!responder.respond("xyz", {})); // not answered: not counted
    QCOMPARE(responder.respond("two n", {})->replies, QList<QByteArray>{"2"});
  }

  void badRulesAreRefusedWithTheirNumber_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("invalid regex")
        << QByteArray("{\"rules\": [{\"match\": \"exact\", \"pattern\": \"a\"},"
                      " {\"match\": \"regex\", \"pattern\": \"a[\", \"reply\": \"x\"}]}")
        << "rule 2: pattern: invalid regular expression at offset 2: missing terminating ] for "
           "character class";
    QTest::newRow("bad hex pattern")
        << QByteArray(R"({"rules": [{"match": "hex", "pattern": "0g", "reply": "x"}]})")
        << "rule 1: pattern: ";
    QTest::newRow("bad hex reply")
        << QByteArray(R"({"rules": [{"match": "exact", "pattern": "a", "reply": "zz",
                                   "replyFormat": "hex"}]})")
        << "rule 1: reply: ";
    QTest::newRow("unknown placeholder")
        << QByteArray(R"({"rules": [{"match": "exact", "pattern": "a", "reply": "{nope}"}]})")
        << "rule 1: reply: unknown placeholder {nope}";
    QTest::newRow("capture without regex")
        << QByteArray(R"({"rules": [{"match": "exact", "pattern": "a", "reply": "$1"}]})")
        << "rule 1: reply: $1: captures are only for regex rules";
    QTest::newRow("missing capture group")
        << QByteArray(
               R"json({"rules": [{"match": "regex", "pattern": "(a)", "reply": "$2 ${x}"}]})json")
        << "rule 1: reply: $2: the expression has no such capture group";
    QTest::newRow("unknown match")
        << QByteArray(R"({"rules": [{"match": "glob", "pattern": "a"}]})")
        << "rule 1: match: 'glob' is not one of exact, contains, startsWith, hex, regex";
    QTest::newRow("delay out of range")
        << QByteArray(R"({"rules": [{"match": "exact", "pattern": "a", "delayMs": -1}]})")
        << "rule 1: delayMs: must be from 0 to 600000";
    QTest::newRow("rule not an object")
        << QByteArray(R"({"rules": [1]})") << "rule 1: not a JSON object";
    QTest::newRow("bad framing") << QByteArray(R"({"framing": "length:0", "rules": []})")
                                 << "framing 'length:0': the length must be a number from 1 to";
    QTest::newRow("bad default") << QByteArray(R"({"rules": [], "default": "{x}"})")
                                 << "default: unknown placeholder {x}";
  }
  void badRulesAreRefusedWithTheirNumber() {
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!rulesFrom(json.constData(), &said));
    QVERIFY2(said.startsWith(error), qPrintable(said));
  }

  void jsonReadsBackAsWritten() {
    const char* json = R"({"framing": "delimiterHex:03", "rules": [
        {"match": "regex", "pattern": "^PING (\\d+)$", "reply": "PONG $1 {counter}\\n"},
        {"match": "hex", "pattern": "01 03", "reply": "01 03 02 00 2A", "replyFormat": "hex"},
        {"match": "contains", "pattern": "bye", "reply": ["a", "b"], "close": true,
         "delayMs": 10}],
      "default": "unknown: {message}\\n"})";
    const auto rules = rulesFrom(json);
    QVERIFY(rules);
    const QJsonObject written = rules->toJson();
    QCOMPARE(written, QJsonDocument::fromJson(json).object());
    const auto again = ReplyRuleSet::fromJson(written);
    QVERIFY(again);
    QCOMPARE(again->toJson(), written);
  }

  void framing_data() {
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QList<QByteArray>>("messages");
    QTest::addColumn<QByteArray>("pending");
    using List = QList<QByteArray>;
    QTest::newRow("chunk") << "chunk" << List{"ab", "c"} << List{"ab", "c"} << QByteArray();
    QTest::newRow("line LF and CRLF") << "line" << List{"PING 1\r\nPI", "NG 2\n\nrest"}
                                      << List{"PING 1", "PING 2", ""} << QByteArray("rest");
    QTest::newRow("length") << "length:3" << List{"abcd", "efgh"} << List{"abc", "def"}
                            << QByteArray("gh");
    QTest::newRow("delimiter text")
        << "delimiter:\\r\\n"
        << List{"a\r", "\nb\rc\r\n"} << List{"a", "b\rc"} << QByteArray();
    QTest::newRow("delimiter hex")
        << "delimiterHex:03" << List{"x\x03y", "\x03"} << List{"x", "y"} << QByteArray();
  }
  void framing() {
    QFETCH(QString, framing);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<QByteArray>, messages);
    QFETCH(QByteArray, pending);
    QString error;
    const auto parsed = Framing::parse(framing, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(Framing::parse(parsed->toString()), parsed);
    MessageFramer framer(*parsed);
    QList<QByteArray> got;
    for (const QByteArray& chunk : chunks)
      got += framer.feed(chunk);
    QCOMPARE(got, messages);
    QCOMPARE(framer.pending(), pending);
  }

  void aMessageThatNeverEndsIsHandedOverInPieces() {
    MessageFramer framer(*Framing::parse(QStringLiteral("line")));
    QList<QByteArray> got;
    const QByteArray piece(1000, 'x');
    for (int i = 0; i < 200; ++i) // 200 000 bytes, no newline
      got += framer.feed(piece);
    QCOMPARE(got.size(), 200000 / MessageFramer::maxMessageBytes);
    for (const QByteArray& message : got)
      QCOMPARE(message.size(), MessageFramer::maxMessageBytes);
    QVERIFY(framer.pending().size() < MessageFramer::maxMessageBytes);
  }

  void badFramingIsRefused() {
    QString error;
    QVERIFY(!Framing::parse(QStringLiteral("words"), &error));
    QCOMPARE(error, QStringLiteral("framing 'words' is not one of chunk, line, length:N, "
                                   "delimiter:TEXT, delimiterHex:HEX"));
    QVERIFY(!Framing::parse(QStringLiteral("delimiter:"), &error));
    QCOMPARE(error, QStringLiteral("framing 'delimiter:': the delimiter is empty"));
  }
};

QTEST_GUILESS_MAIN(TestReplyRules)
#include "TestReplyRules.moc"
