// Every built-in handler over every kind (TCP, UDP, Unix stream, Unix datagram) in every
// concurrency model, through ServerManager: the replies a client gets, and the requests and
// bytes the bridge counts and reports as events. Python's test_socketserver runs one echo
// check over every server class; this is the console's version of it.
//
// Built twice: ui_handlers covers sync, threading and the thread pool; ui_handlers_forking
// (UI_TEST_FORKING) covers forking, labelled `forking` so runs that avoid fork() in a
// threaded process (TSan) can leave it out with -LE forking.
#include "console_test_support.h"

#include <QFileInfo>
#include <QRegularExpression>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;

namespace {

const std::string fixedReply = "OK\n";
const QRegularExpression ctimeLine(
    QStringLiteral("^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\r\n$"));

/// What the client should get back for one chunk / datagram `data`; nullopt for no reply.
std::optional<QRegularExpression> expectedReply(Handler handler, Model model, int serverId,
                                                const std::string& data) {
  const QString quoted = QRegularExpression::escape(QString::fromStdString(data));
  switch (handler) {
  case Handler::Echo:
  case Handler::Welcome:
    return QRegularExpression(QLatin1Char('^') + quoted + QLatin1Char('$'));
  case Handler::Upper:
    return QRegularExpression(QLatin1Char('^') + quoted.toUpper() + QLatin1Char('$'));
  case Handler::ThreadName: {
    // Where each model runs a request: the serving thread (sync, and forked children, which
    // keep the name of the thread that forked them), a new Thread-N, or a pool worker.
    QString thread;
    switch (model) {
    case Model::Sync:
    case Model::Forking:
      thread = QStringLiteral("Server-%1").arg(serverId);
      break;
    case Model::Threading:
      thread = QStringLiteral("Thread-\\d+");
      break;
    case Model::ThreadPool:
      thread = QStringLiteral("PoolWorker-\\d+");
      break;
    case Model::Event: // the serving thread runs the first loop, EventLoop-N the others
      thread = QStringLiteral("(Server-%1|EventLoop-\\d+)").arg(serverId);
      break;
    }
    return QRegularExpression(QLatin1Char('^') + thread + QStringLiteral(": ") + quoted +
                              QLatin1Char('$'));
  }
  case Handler::FixedReply:
    return QRegularExpression(QStringLiteral("^OK\n$"));
  case Handler::TimeOfDay:
    return ctimeLine;
  case Handler::Discard:
  case Handler::Manual:    // answered by hand
  case Handler::HttpHello: // checked by its own row
  case Handler::Rules:     // tests/ui/TestRulesHandler.cpp
    break;
  }
  return std::nullopt;
}

} // namespace

class TestHandlers : public QObject {
  Q_OBJECT

private slots:
  void testHandler_data();
  void testHandler();
};

void TestHandlers::testHandler_data() {
  QTest::addColumn<Model>("model");
  QTest::addColumn<Kind>("kind");
  QTest::addColumn<Handler>("handler");
#ifdef UI_TEST_FORKING
  const QList<Model> models = {Model::Forking};
#else
  const QList<Model> models = {Model::Sync, Model::Threading, Model::ThreadPool, Model::Event};
#endif
  const QList<Kind> kinds = {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram};
  const QList<Handler> handlers = {Handler::Echo,      Handler::Upper,    Handler::ThreadName,
                                   Handler::Welcome,   Handler::Discard,  Handler::FixedReply,
                                   Handler::TimeOfDay, Handler::HttpHello, Handler::Manual};
  for (const Model model : models) {
    for (const Kind kind : kinds) {
      for (const Handler handler : handlers) {
        if (!ServerSpec::handlerSupports(handler, kind))
          continue;
        const QByteArray name =
            (ServerSpec::modelName(model) + QLatin1Char('/') + ServerSpec::kindName(kind) +
             QLatin1Char('/') + ServerSpec::handlerName(handler))
                .toLatin1();
        QTest::newRow(name.constData()) << model << kind << handler;
      }
    }
  }
}

void TestHandlers::testHandler() {
  QFETCH(Model, model);
  QFETCH(Kind, kind);
  QFETCH(Handler, handler);

  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ServerManager manager;
  manager.setBatchInterval(5); // the default 40 ms would dominate each row's time
  EventRecorder recorder(manager);
  ServerSpec spec = specFor(kind, dir, QStringLiteral("server.sock"));
  spec.model = model;
  spec.handler = handler;
  spec.fixedReply = QByteArray::fromStdString(fixedReply);
  spec.poolSize = 2;
  const int id = manager.add(spec);
  QVERIFY2(startAndWait(manager, id), qPrintable(manager.find(id)->statusText()));
  const QString address = manager.find(id)->listeningAddress;
  if (ServerSpec::isUnix(kind))
    QCOMPARE(address, spec.address);
  else
    QVERIFY2(address.startsWith(QLatin1String("127.0.0.1:")) &&
                 !address.endsWith(QLatin1String(":0")),
             qPrintable(address));

  quint64 requests = 0;
  quint64 bytesIn = 0;
  quint64 bytesOut = 0;
  const auto check = [&](const std::string& reply, const std::string& sent) {
    const auto pattern = expectedReply(handler, model, id, sent);
    QVERIFY(pattern.has_value());
    QVERIFY2(
        pattern->match(QString::fromStdString(reply)).hasMatch(),
        qPrintable(QStringLiteral("reply %1 does not match %2")
                       .arg(QString::fromStdString(reply).toHtmlEscaped(), pattern->pattern())));
  };

  if (ServerSpec::isStream(kind)) {
    Socket client = connectStream(address);
    requests = 1;
    switch (handler) {
    case Handler::TimeOfDay: {
      const std::string reply = recvAll(client);
      check(reply, {});
      bytesOut = reply.size();
      break;
    }
    case Handler::HttpHello: {
      const std::string request = "GET / HTTP/1.0\r\nHost: test\r\n\r\n";
      client.sendall(request);
      const std::string reply = recvAll(client);
      QVERIFY2(reply.starts_with("HTTP/1.0 200 OK\r\n"), reply.c_str());
      QVERIFY2(reply.ends_with("\r\n\r\nHello, World!"), reply.c_str());
      bytesIn = request.size();
      bytesOut = reply.size();
      break;
    }
    case Handler::Discard:
    case Handler::Manual: {
      const std::string data = "hello\nworld\n";
      client.sendall(data);
      client.shutdown(SHUT_WR);
      QCOMPARE(bytes(recvAll(client)), QByteArray()); // nothing back, then the server closes
      bytesIn = data.size();
      break;
    }
    default: {
      if (handler == Handler::Welcome) {
        const std::string banner = recvUntil(client, "succeed!");
        // The server's own address, as the reference's example prints it.
        const QString serverText = QRegularExpression::escape(address);
        const QRegularExpression bannerPattern(
            QStringLiteral("^connection %1 at [A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d "
                           "\\d\\d:\\d\\d:\\d\\d \\d{4} succeed!$")
                .arg(serverText));
        QVERIFY2(bannerPattern.match(QString::fromStdString(banner)).hasMatch(), banner.c_str());
        bytesOut += banner.size();
      }
      // Two chunks, each answered before the next is sent: "each chunk as it arrives".
      for (const std::string data : {"hello\n", "world\n"}) {
        client.sendall(data);
        const std::string reply = recvUntil(client, "\n"); // every reply ends with the newline
        check(reply, data);
        bytesIn += data.size();
        bytesOut += reply.size();
      }
      break;
    }
    }
    client.close();
  } else {
    const Address server(address.toStdString());
    Socket client =
        datagramClient(server, dir.filePath(QStringLiteral("client.sock")).toStdString());
    for (const std::string data : {"hello\n", "world\n"}) {
      client.sendto(data, server);
      ++requests;
      bytesIn += data.size();
      if (handler == Handler::Discard || handler == Handler::Manual)
        continue;
      const auto [reply, from] = client.recvfrom(65536);
      QCOMPARE(QString::fromStdString(from.to_string()), address);
      check(reply, data);
      bytesOut += reply.size();
    }
  }

  // The bridge's counters are exact, and the events it delivered add up to the same.
  QVERIFY2(waitFor([&] {
             const auto& c = manager.find(id)->counters;
             return c.requests == requests && c.finished == requests && c.bytesIn == bytesIn &&
                    c.bytesOut == bytesOut;
           }),
           qPrintable(QStringLiteral("counters: requests %1/%2 finished %3 in %4/%5 out %6/%7")
                          .arg(manager.find(id)->counters.requests)
                          .arg(requests)
                          .arg(manager.find(id)->counters.finished)
                          .arg(manager.find(id)->counters.bytesIn)
                          .arg(bytesIn)
                          .arg(manager.find(id)->counters.bytesOut)
                          .arg(bytesOut)));
  const auto& counters = manager.find(id)->counters;
  QCOMPARE(counters.active(), quint64(0));
  QCOMPARE(counters.errors, quint64(0));
  QVERIFY(waitFor([&] {
    return recorder.outcomes(id, ConsoleEvent::Outcome::Completed) == static_cast<int>(requests);
  }));
  QCOMPARE(recorder.count(id, ConsoleEvent::Kind::Started), 1);
  QCOMPARE(recorder.count(id, ConsoleEvent::Kind::Opened), static_cast<int>(requests));
  QCOMPARE(recorder.bytes(id, ConsoleEvent::Kind::Received), static_cast<qint64>(bytesIn));
  QCOMPARE(recorder.bytes(id, ConsoleEvent::Kind::Sent), static_cast<qint64>(bytesOut));
  for (const ConsoleEvent& event : std::as_const(recorder.events)) {
    if (event.requestId != 0)
      QVERIFY2(!event.peer.isEmpty() || ServerSpec::isUnix(kind),
               "every request event names its peer");
  }

  QVERIFY(stopAndWait(manager, id));
  QCOMPARE(manager.find(id)->state, ServerEntry::State::Stopped);
  QVERIFY(waitFor([&] { return recorder.count(id, ConsoleEvent::Kind::Stopped) == 1; }));
  if (ServerSpec::isUnix(kind))
    QVERIFY2(!QFileInfo::exists(spec.address), "the socket file is removed on stop");
}

QTEST_GUILESS_MAIN(TestHandlers)
#include "TestHandlers.moc"
