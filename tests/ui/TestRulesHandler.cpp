// The reply-rules handler and one request per connection (once=1), over real sockets in every
// concurrency model, through ServerManager as the console runs them: each match kind,
// captures, placeholders ({counter} across connections of one server, forked children
// included), hex replies, line framing with CRLF, delimiter framing, several replies, close
// after a reply, the default reply and none, delays (on an event server, other connections
// are answered meanwhile); once=1 for the built-in handlers; the starter profile's
// synchronous TCP server serving one client after another.
//
// Built twice, as ui_handlers: ui_rules_handler (sync, threading, pool, event) and
// ui_rules_handler_forking (UI_TEST_FORKING, labelled `forking`).
#include "ByteText.h"
#include "ServerProfile.h"
#include "console_test_support.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;

namespace {

QJsonObject rule(const char* match, const char* pattern, const QJsonValue& reply) {
  return {{QStringLiteral("match"), QLatin1String(match)},
          {QStringLiteral("pattern"), QString::fromUtf8(pattern)},
          {QStringLiteral("reply"), reply}};
}

QJsonObject with(QJsonObject object, const char* key, const QJsonValue& value) {
  object[QLatin1String(key)] = value;
  return object;
}

ReplyRuleSet ruleSet(const char* framing, const QJsonArray& rules, const QJsonValue& fallback) {
  QJsonObject json{{QStringLiteral("framing"), QLatin1String(framing)},
                   {QStringLiteral("rules"), rules}};
  if (!fallback.isNull())
    json[QStringLiteral("default")] = fallback;
  QString error;
  const auto set = ReplyRuleSet::fromJson(json, &error);
  if (!set)
    qFatal("bad rules in the test: %s", qPrintable(error));
  return *set;
}

// Every match kind, captures, placeholders, several replies, a hex reply, close, default.
ReplyRuleSet everyKindOfRule() {
  const QJsonArray rules{
      rule("exact", "hello", QStringLiteral("exact {len}\\n")),
      rule("regex", "^PING (\\d+) (?<word>\\w+)$", QStringLiteral("PONG $1 ${word} {counter}\\n")),
      rule("startsWith", "GET ", QStringLiteral("start {message}\\n")),
      rule("contains", "needle", QStringLiteral("found {hex}\\n")),
      with(rule("hex", "01 03 00 00 00 01", QStringLiteral("01 03 02 00 2A")), "replyFormat",
           QStringLiteral("hex")),
      rule("exact", "two", QJsonArray{QStringLiteral("one\\n"), QStringLiteral("two\\n")}),
      rule("exact", "who", QStringLiteral("you are {peer}\\n")),
      rule("exact", "when", QStringLiteral("{date} {time} {unixtime}\\n")),
      with(rule("exact", "bye", QStringLiteral("see you\\n")), "close", true)};
  return ruleSet("line", rules, QStringLiteral("unknown: {message}\\n"));
}

/// One message and what comes back: `reply` exactly, or matching `pattern` when it is set.
struct Exchange {
  QByteArray message;
  QByteArray reply;
  QString pattern = {};
};

/// In order on one server; the counter goes on from one connection to the next.
QList<Exchange> firstConnection() {
  const QByteArray hexMessage = QByteArray::fromHex("010300000001");
  return {{"hello", "exact 5\n"},
          {"PING 7 abc", "PONG 7 abc 2\n"},
          {"GET /x", "start GET /x\n"},
          {"a needle", "found " + ByteText::toHex("a needle").toUtf8() + "\n"},
          {hexMessage, QByteArray::fromHex("010302002a")},
          {"two", "one\ntwo\n"},
          {"when", {}, QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\d{10}\n$")},
          {"what?", "unknown: what?\n"}};
}

std::string text(const QByteArray& data) { return data.toStdString(); }

/// True when the server has closed the connection (end of stream, or a reset because
/// something was still unread when it closed).
bool closedByServer(Socket& socket) {
  try {
    return socket.recv(1).empty();
  } catch (const socketserver::TimeoutError&) {
    return false;
  } catch (const socketserver::SocketError&) {
    return true;
  }
}

void checkReply(const Exchange& exchange, const std::string& reply) {
  if (exchange.pattern.isEmpty()) {
    QCOMPARE(bytes(reply), exchange.reply);
    return;
  }
  QVERIFY2(QRegularExpression(exchange.pattern).match(QString::fromStdString(reply)).hasMatch(),
           reply.c_str());
}

QList<Model> models() {
#ifdef UI_TEST_FORKING
  return {Model::Forking};
#else
  return {Model::Sync, Model::Threading, Model::ThreadPool, Model::Event};
#endif
}

/// A running server of `spec` in `manager`, started and listening; its address.
QString startServer(ServerManager& manager, const ServerSpec& spec) {
  const int id = manager.add(spec);
  if (!startAndWait(manager, id))
    return {};
  return manager.find(id)->listeningAddress;
}

} // namespace

class TestRulesHandler : public QObject {
  Q_OBJECT

private slots:
  void testRules_data();
  void testRules();
  void testFramingAndNoDefault_data();
  void testFramingAndNoDefault();
  void testDelay_data();
  void testDelay();
  void testOnce_data();
  void testOnce();
  void testStarterProfileServesClientsInARow();
};

void TestRulesHandler::testRules_data() {
  QTest::addColumn<Model>("model");
  QTest::addColumn<Kind>("kind");
  for (const Model model : models())
    for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram})
      QTest::newRow(qPrintable(ServerSpec::modelName(model) + QLatin1Char('/') +
                               ServerSpec::kindName(kind)))
          << model << kind;
}

void TestRulesHandler::testRules() {
  QFETCH(Model, model);
  QFETCH(Kind, kind);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ServerManager manager;
  ServerSpec spec = specFor(kind, dir, QStringLiteral("rules.sock"));
  spec.model = model;
  spec.handler = Handler::Rules;
  spec.rules = everyKindOfRule();
  spec.poolSize = 2;
  QVERIFY2(spec.isValid(), qPrintable(spec.validationError()));
  const QString address = startServer(manager, spec);
  QVERIFY(!address.isEmpty());
  const QList<Exchange> exchanges = firstConnection();

  if (!ServerSpec::isStream(kind)) { // each datagram is one message: no terminators
    const Address server(address.toStdString());
    Socket client = datagramClient(server, dir.filePath(QStringLiteral("c.sock")).toStdString());
    for (const Exchange& exchange : exchanges) {
      client.sendto(text(exchange.message), server);
      std::string reply = client.recvfrom(65536).first;
      if (exchange.message == "two") // several replies: one datagram each
        reply += client.recvfrom(65536).first;
      checkReply(exchange, reply);
    }
    client.sendto("PING 9 z", server);
    QCOMPARE(bytes(client.recvfrom(65536).first), QByteArray("PONG 9 z 9\n"));
    client.sendto("who", server);
    const std::string who = client.recvfrom(65536).first;
    const Address self = client.getsockname(); // unbound UDP: 0.0.0.0, seen as 127.0.0.1
    const std::string peer =
        self.is_unix() ? self.to_string() : "127.0.0.1:" + std::to_string(self.port());
    QCOMPARE(bytes(who), bytes("you are " + peer + "\n"));
    return;
  }

  {
    Socket client = connectStream(address);
    for (const Exchange& exchange : exchanges) {
      client.sendall(text(exchange.message + "\r\n")); // CRLF: not part of the message
      const std::string reply =
          exchange.message.startsWith('\x01')
              ? recvExactly(client, 5)
              : recvUntil(client, exchange.message == "two" ? "two\n" : "\n");
      checkReply(exchange, reply);
    }
    client.sendall("who\n");
    const std::string who = recvUntil(client, "\n");
    if (kind == Kind::Tcp)
      QCOMPARE(bytes(who), bytes("you are " + client.getsockname().to_string() + "\n"));
    else
      QVERIFY2(who.starts_with("you are "), who.c_str());
  }
  // A second connection of the same server: the counter goes on (9 answers so far).
  Socket second = connectStream(address);
  second.sendall("PING 9 z\n");
  QCOMPARE(bytes(recvUntil(second, "\n")), QByteArray("PONG 9 z 10\n"));
  second.sendall("bye\nhello\n"); // closes after its reply: "hello" is never answered
  QCOMPARE(bytes(recvAll(second)), QByteArray("see you\n"));
}

void TestRulesHandler::testFramingAndNoDefault_data() {
  QTest::addColumn<Model>("model");
  QTest::addColumn<Kind>("kind");
  for (const Model model : models())
    for (const Kind kind : {Kind::Tcp, Kind::UnixStream})
      QTest::newRow(qPrintable(ServerSpec::modelName(model) + QLatin1Char('/') +
                               ServerSpec::kindName(kind)))
          << model << kind;
}

void TestRulesHandler::testFramingAndNoDefault() {
  QFETCH(Model, model);
  QFETCH(Kind, kind);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ServerManager manager;
  ServerSpec spec = specFor(kind, dir, QStringLiteral("framing.sock"));
  spec.model = model;
  spec.handler = Handler::Rules;
  // Delimiter framing; no default reply: a message no rule matches gets nothing.
  spec.rules = ruleSet("delimiter:;;",
                       {rule("exact", "a", QStringLiteral("A;")),
                        rule("regex", "^n=(\\d+)$", QStringLiteral("[$1 {len}]"))},
                       QJsonValue::Null);
  const QString address = startServer(manager, spec);
  QVERIFY(!address.isEmpty());
  Socket client = connectStream(address);
  client.sendall("a;;zz;;n=4"); // the last message is not complete yet
  QCOMPARE(bytes(recvExactly(client, 2)), QByteArray("A;"));
  client.sendall("2;;a;"); // ... now it is; "a;" is not
  QCOMPARE(bytes(recvExactly(client, 6)), QByteArray("[42 4]"));
  client.sendall(";");
  QCOMPARE(bytes(recvExactly(client, 2)), QByteArray("A;"));
}

void TestRulesHandler::testDelay_data() {
  QTest::addColumn<Model>("model");
  for (const Model model : models())
    QTest::newRow(qPrintable(ServerSpec::modelName(model))) << model;
}

void TestRulesHandler::testDelay() {
  QFETCH(Model, model);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ServerManager manager;
  ServerSpec spec = specFor(Kind::Tcp, dir, {});
  spec.model = model;
  spec.handler = Handler::Rules;
  constexpr int delayMs = 2500;
  spec.rules = ruleSet("line",
                       {with(rule("exact", "slow", QStringLiteral("slow done\\n")), "delayMs",
                             delayMs),
                        rule("exact", "fast", QStringLiteral("fast done\\n"))},
                       QJsonValue::Null);
  const QString address = startServer(manager, spec);
  QVERIFY(!address.isEmpty());
  QElapsedTimer clock;
  clock.start();
  Socket slow = connectStream(address);
  slow.sendall("slow\nfast\n"); // "fast" waits for the reply before it
  if (model != Model::Sync) {
    // Meanwhile other connections are answered at once: an event server's loops are not
    // blocked by the delay. Enough of them that some share the slow one's loop.
    for (int i = 0; i < 16; ++i) {
      Socket other = connectStream(address);
      other.sendall("fast\n");
      QCOMPARE(bytes(recvUntil(other, "\n")), QByteArray("fast done\n"));
    }
    QVERIFY2(clock.elapsed() < delayMs, qPrintable(QString::number(clock.elapsed())));
  }
  QCOMPARE(bytes(recvUntil(slow, "fast done\n")), QByteArray("slow done\nfast done\n"));
  QVERIFY2(clock.elapsed() >= delayMs - 50, qPrintable(QString::number(clock.elapsed())));
}

void TestRulesHandler::testOnce_data() {
  QTest::addColumn<Model>("model");
  QTest::addColumn<Kind>("kind");
  QTest::addColumn<Handler>("handler");
  QTest::addColumn<QByteArray>("reply");
  for (const Model model : models()) {
    for (const Kind kind : {Kind::Tcp, Kind::UnixStream}) {
      const auto row = [&](Handler handler, const QByteArray& reply) {
        QTest::newRow(qPrintable(ServerSpec::modelName(model) + QLatin1Char('/') +
                                 ServerSpec::kindName(kind) + QLatin1Char('/') +
                                 ServerSpec::handlerName(handler)))
            << model << kind << handler << reply;
      };
      row(Handler::Echo, "hi\n");
      row(Handler::Upper, "HI\n");
      row(Handler::FixedReply, "OK\n");
      row(Handler::Discard, "");
      row(Handler::Rules, "rule: hi\n");
    }
  }
}

void TestRulesHandler::testOnce() {
  QFETCH(Model, model);
  QFETCH(Kind, kind);
  QFETCH(Handler, handler);
  QFETCH(QByteArray, reply);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ServerManager manager;
  ServerSpec spec = specFor(kind, dir, QStringLiteral("once.sock"));
  spec.model = model;
  spec.handler = handler;
  spec.oncePerConnection = true;
  spec.fixedReply = "OK\n";
  spec.rules = ruleSet("line", {}, QStringLiteral("rule: {message}\\n"));
  const QString address = startServer(manager, spec);
  QVERIFY(!address.isEmpty());
  for (int client = 0; client < 2; ++client) { // the second client is served as well
    Socket socket = connectStream(address);
    socket.sendall("hi\n");
    QCOMPARE(bytes(recvExactly(socket, static_cast<std::size_t>(reply.size()))), reply);
    QVERIFY2(closedByServer(socket), "closed after the first request");
    try {
      socket.sendall("again\n"); // nobody reads it: at most a reset comes back
    } catch (const socketserver::SocketError&) {
    }
    QVERIFY(closedByServer(socket));
  }
}

void TestRulesHandler::testStarterProfileServesClientsInARow() {
#ifdef UI_TEST_FORKING
  QSKIP("the starter profile's server is synchronous");
#endif
  ServerSpec spec = ServerProfile::starterProfile().first();
  QCOMPARE(spec.model, Model::Sync);
  QCOMPARE(spec.kind, Kind::Tcp);
  spec.address = QStringLiteral("127.0.0.1:0");
  ServerManager manager;
  const QString address = startServer(manager, spec);
  QVERIFY(!address.isEmpty());
  // The console's test client connects and sends; it is answered and let go, though it
  // keeps its socket open...
  Socket testClient = connectStream(address);
  testClient.sendall("from the console\n");
  QCOMPARE(bytes(recvExactly(testClient, 17)), QByteArray("FROM THE CONSOLE\n"));
  // ... so the reference's Python clients that come next are answered one after the other.
  for (const char* message : {"hello world\n", "second client\n"}) {
    Socket client = connectStream(address);
    client.sendall(message);
    QCOMPARE(bytes(recvUntil(client, "\n")), QByteArray(message).toUpper());
    QVERIFY(closedByServer(client));
  }
  QVERIFY(closedByServer(testClient));
}

QTEST_GUILESS_MAIN(TestRulesHandler)
#include "TestRulesHandler.moc"
