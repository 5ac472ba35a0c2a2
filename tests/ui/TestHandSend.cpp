// Sending to a server's clients by hand (ServerManager::sendTo / sendToAll / openRequests):
// real clients on 127.0.0.1 and on Unix paths in a QTemporaryDir receive exactly the bytes
// sent, the log records "sent by you", the counters include them, and what cannot be sent
// is refused (or reported) in words.
//
// Built twice: ui_hand_send covers sync, threading, the thread pool and event;
// ui_hand_send_forking (UI_TEST_FORKING) covers forking, where the connection lives in a
// child and the parent's duplicate descriptor carries the send.
#include "console_test_support.h"

#include "HandSender.h"

#include <QJsonObject>

#include <memory>
#include <optional>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;

namespace {

QList<Model> modelsUnderTest() {
#ifdef UI_TEST_FORKING
  return {Model::Forking};
#else
  return {Model::Sync, Model::Threading, Model::ThreadPool, Model::Event};
#endif
}

/// One client of any kind, with the request id the server gave it.
struct Client {
  Socket socket;
  quint64 requestId = 0;
};

} // namespace

class TestHandSend : public QObject {
  Q_OBJECT

private slots:
  void init();
  void cleanup();

  void testSendReachesClient_data();
  void testSendReachesClient();
  void testSendToAllReachesTwoClients_data();
  void testSendToAllReachesTwoClients();
  void testPeerNotReadingIsAnErrorInWords();
  void testFinishedConnectionRefusedInWords();
  void testUnboundUnixDatagramPeerRefusedInWords();
  void testStoppedServerRefusedInWords();
  void testWriteToVanishedPeerIsPeerGone();

private:
  int startServer(Kind kind, Model model, const QString& file = QStringLiteral("s.sock"));
  /// Connects (stream) or sends one datagram (datagram); waits for the request's Opened event.
  Client newClient(int serverId, Kind kind, const QString& clientFile = {});
  /// Receives `n` bytes (stream) or one datagram.
  static std::string receive(Client& client, Kind kind, std::size_t n);

  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<ServerManager> manager_;
  std::unique_ptr<EventRecorder> recorder_;
};

void TestHandSend::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  QVERIFY(dir_->isValid());
  manager_ = std::make_unique<ServerManager>();
  manager_->setBatchInterval(0);
  recorder_ = std::make_unique<EventRecorder>(*manager_);
}

void TestHandSend::cleanup() {
  recorder_.reset();
  manager_.reset();
  dir_.reset();
}

int TestHandSend::startServer(Kind kind, Model model, const QString& file) {
  ServerSpec spec = specFor(kind, *dir_, file);
  spec.model = model;
  spec.handler = Handler::Discard; // reads, answers nothing: what arrives was sent by hand
  const int id = manager_->add(spec);
  if (!startAndWait(*manager_, id))
    qWarning("server did not start: %s", qPrintable(manager_->find(id)->failureReason));
  return id;
}

Client TestHandSend::newClient(int serverId, Kind kind, const QString& clientFile) {
  const Address server(manager_->find(serverId)->listeningAddress.toStdString());
  const int before = recorder_->count(serverId, ConsoleEvent::Kind::Opened);
  Client client;
  if (ServerSpec::isStream(kind)) {
    client.socket = Socket::create_connection(server, DEADLINE);
  } else {
    client.socket = datagramClient(
        server, clientFile.isEmpty() ? std::string() : dir_->filePath(clientFile).toStdString());
    client.socket.sendto("ping", server);
  }
  client.socket.settimeout(DEADLINE);
  if (!waitFor([&] { return recorder_->count(serverId, ConsoleEvent::Kind::Opened) > before; }))
    return client;
  int seen = 0;
  for (const ConsoleEvent& e : recorder_->events) {
    if (e.serverId == serverId && e.kind == ConsoleEvent::Kind::Opened && seen++ == before)
      client.requestId = e.requestId;
  }
  return client;
}

std::string TestHandSend::receive(Client& client, Kind kind, std::size_t n) {
  if (ServerSpec::isStream(kind))
    return recvExactly(client.socket, n);
  return client.socket.recvfrom(65536).first;
}

void TestHandSend::testSendReachesClient_data() {
  QTest::addColumn<Kind>("kind");
  QTest::addColumn<Model>("model");
  for (const Model model : modelsUnderTest()) {
    for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
      const QByteArray name =
          (ServerSpec::kindName(kind) + QLatin1Char('/') + ServerSpec::modelName(model)).toUtf8();
      QTest::newRow(name.constData()) << kind << model;
    }
  }
}

void TestHandSend::testSendReachesClient() {
  QFETCH(Kind, kind);
  QFETCH(Model, model);
  const int id = startServer(kind, model);
  Client client = newClient(id, kind, QStringLiteral("client.sock"));
  QVERIFY(client.requestId != 0);
  if (!ServerSpec::isStream(kind)) {
    // A datagram request ends at once: it is answered from the peers remembered.
    QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::Finished) == 1; }));
  }
  const QList<ServerManager::OpenRequest> open = manager_->openRequests(id);
  QCOMPARE(open.size(), 1);
  QCOMPARE(open.first().requestId, client.requestId);

  const QByteArray message("hello from the server\r\n\x01\x02", 25);
  QString error;
  QVERIFY2(manager_->sendTo(id, client.requestId, message, &error), qPrintable(error));
  QCOMPARE(QByteArray::fromStdString(receive(client, kind, 25)), message);

  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::SentByHand) == 1; }));
  const ConsoleEvent* sent = recorder_->last(id, ConsoleEvent::Kind::SentByHand);
  QCOMPARE(sent->requestId, client.requestId);
  QCOMPARE(sent->size, 25);
  QCOMPARE(sent->payload, message);
  QVERIFY(sent->toLogLine(QStringLiteral("s")).contains(QStringLiteral(" sent by you ")));
  QCOMPARE(sent->toJson().value(QStringLiteral("event")).toString(), QStringLiteral("sentByHand"));
  QVERIFY(waitFor([&] { return manager_->find(id)->counters.bytesOut == 25; }));
  QCOMPARE(recorder_->count(id, ConsoleEvent::Kind::SendFailed), 0);
}

void TestHandSend::testSendToAllReachesTwoClients_data() {
  QTest::addColumn<Kind>("kind");
  QTest::addColumn<Model>("model");
  for (const Model model : modelsUnderTest()) {
    for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
      if (model == Model::Sync && ServerSpec::isStream(kind))
        continue; // a synchronous stream server serves one connection at a time
      const QByteArray name =
          (ServerSpec::kindName(kind) + QLatin1Char('/') + ServerSpec::modelName(model)).toUtf8();
      QTest::newRow(name.constData()) << kind << model;
    }
  }
}

void TestHandSend::testSendToAllReachesTwoClients() {
  QFETCH(Kind, kind);
  QFETCH(Model, model);
  const int id = startServer(kind, model);
  Client first = newClient(id, kind, QStringLiteral("a.sock"));
  Client second = newClient(id, kind, QStringLiteral("b.sock"));
  QVERIFY(first.requestId != 0 && second.requestId != 0);
  // A forked child's events reach the parent's peer list through its channel: wait for both.
  QVERIFY(waitFor([&] { return manager_->openRequests(id).size() == 2; }));
  QCOMPARE(manager_->sendToAll(id, "to all\n"), 2);
  QCOMPARE(receive(first, kind, 7), std::string("to all\n"));
  QCOMPARE(receive(second, kind, 7), std::string("to all\n"));
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::SentByHand) == 2; }));
  QVERIFY(waitFor([&] { return manager_->find(id)->counters.bytesOut == 14; }));
}

void TestHandSend::testPeerNotReadingIsAnErrorInWords() {
  const int id = startServer(Kind::UnixStream, modelsUnderTest().constLast());
  Client client = newClient(id, Kind::UnixStream);
  QVERIFY(client.requestId != 0);
  // Far more than the socket buffers hold, to a client that never reads.
  const QByteArray flood(64 * 1024 * 1024, 'x');
  QVERIFY(manager_->sendTo(id, client.requestId, flood));
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::SendFailed) == 1; },
                  HandSender::stallTimeoutMs + DEADLINE_MS));
  const ConsoleEvent* failed = recorder_->last(id, ConsoleEvent::Kind::SendFailed);
  QCOMPARE(failed->requestId, client.requestId);
  QVERIFY2(failed->text.startsWith(QStringLiteral("the peer is not reading: sent ")),
           qPrintable(failed->text));
  QVERIFY(failed->text.endsWith(QStringLiteral(" of 67108864 bytes")));
  // What did go is counted, and the log says so.
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::SentByHand) == 1; }));
  const qint64 went = recorder_->bytes(id, ConsoleEvent::Kind::SentByHand);
  QVERIFY(went > 0 && went < flood.size());
  QVERIFY(failed->text.contains(QString::number(went)));
  QCOMPARE(failed->toJson().value(QStringLiteral("event")).toString(),
           QStringLiteral("sendFailed"));
}

void TestHandSend::testFinishedConnectionRefusedInWords() {
  const int id = startServer(Kind::Tcp, modelsUnderTest().constLast());
  Client client = newClient(id, Kind::Tcp);
  QVERIFY(client.requestId != 0);
  client.socket.close();
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::Finished) == 1; }));
  QString error;
  QVERIFY(!manager_->sendTo(id, client.requestId, "late", &error));
  QCOMPARE(error, QStringLiteral("request #%1 is not an open connection (it has finished, or it "
                                 "is unknown)")
                      .arg(client.requestId));
  QVERIFY(!manager_->sendTo(id, 999, "x", &error));
  QVERIFY(error.startsWith(QStringLiteral("request #999 is not an open connection")));
  QVERIFY(manager_->openRequests(id).isEmpty());
  QCOMPARE(manager_->sendToAll(id, "nobody"), 0);
}

void TestHandSend::testUnboundUnixDatagramPeerRefusedInWords() {
  const int id = startServer(Kind::UnixDatagram, modelsUnderTest().constFirst());
  Client client = newClient(id, Kind::UnixDatagram); // no path: it cannot be answered
  QVERIFY(client.requestId != 0);
  QString error;
  QVERIFY(!manager_->sendTo(id, client.requestId, "x", &error));
  QVERIFY2(error.contains(QStringLiteral("without a path: it cannot be answered")),
           qPrintable(error));
  QCOMPARE(manager_->sendToAll(id, "x"), 0);
}

void TestHandSend::testStoppedServerRefusedInWords() {
  const int id = startServer(Kind::Udp, modelsUnderTest().constFirst());
  Client client = newClient(id, Kind::Udp);
  QVERIFY(client.requestId != 0);
  QVERIFY(stopAndWait(*manager_, id));
  QString error;
  QVERIFY(!manager_->sendTo(id, client.requestId, "x", &error));
  QVERIFY2(error.endsWith(QStringLiteral(" is not running")), qPrintable(error));
  QVERIFY(manager_->openRequests(id).isEmpty());
}

void TestHandSend::testWriteToVanishedPeerIsPeerGone() {
  int pair[2] = {-1, -1};
  QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  ::close(pair[1]);
  qsizetype sent = -1;
  QCOMPARE(HandSender::writeWithin(pair[0], "abc", 3, 1000, &sent), EPIPE); // no SIGPIPE
  QCOMPARE(sent, 0);
  ::close(pair[0]);
}

QTEST_GUILESS_MAIN(TestHandSend)
#include "TestHandSend.moc"
