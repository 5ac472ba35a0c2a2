// ServerManager: the list (add, update, duplicate, remove), states (Starting, Listening,
// Stopping, Stopped, Failed with a reason in words), failures that leave the other servers
// working, stops that never wait for idle clients, kicks, outcomes and the rate samples.
#include "console_test_support.h"

#include "ServerFactory.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>

#include <cerrno>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;
using State = ServerEntry::State;

namespace {

/// Sends `data` and expects it back: the server is alive and echoing.
void expectEcho(const QString& address, const std::string& data = "ping\n") {
  Socket client = connectStream(address);
  client.sendall(data);
  QCOMPARE(bytes(recvExactly(client, data.size())), bytes(data));
}

/// True when nothing accepts connections at `address` any more.
bool refuses(const QString& address) {
  try {
    Socket::create_connection(Address(address.toStdString()), DEADLINE);
    return false;
  } catch (const socketserver::SocketError& error) {
    return error.code().value() == ECONNREFUSED || error.code().value() == ENOENT;
  }
}

} // namespace

class TestServerManager : public QObject {
  Q_OBJECT

private slots:
  void init();
  void cleanup();

  void testListOperations();
  void testStartStopStates();
  void testPortInUseFailsAndOthersKeepWorking();
  void testBadUnixPathFails();
  void testInvalidSpecIsRefused();
  void testUnixSocketFileLifecycle();
  void testStopDoesNotWaitForIdleClients_data();
  void testStopDoesNotWaitForIdleClients();
  void testKickOneAndAll();
  void testRemoveWhileRunning();
  void testPoolFullIsOverloaded();
  void testRequestTimeoutEndsSilentConnection();
  void testUnboundUnixDatagramClientIsAnError();
  void testPayloadCapAndRates();
  void testForkedChildLetsGoOfOtherSockets();
  void testDatagramTruncationIsNoticed();
  void testFactoryBuildsEachClassWithOptions();
  void testDestructorStopsEverything();

private:
  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<ServerManager> manager_;
};

void TestServerManager::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  QVERIFY(dir_->isValid());
  manager_ = std::make_unique<ServerManager>();
}

void TestServerManager::cleanup() {
  manager_.reset(); // stops and joins whatever a failed test left running
  dir_.reset();
}

void TestServerManager::testListOperations() {
  ServerManager& m = *manager_;
  QSignalSpy added(&m, &ServerManager::serverAdded);
  QSignalSpy aboutToRemove(&m, &ServerManager::serverAboutToBeRemoved);
  QSignalSpy removed(&m, &ServerManager::serverRemoved);
  QSignalSpy changed(&m, &ServerManager::serverChanged);

  ServerSpec spec;
  spec.name = QStringLiteral("first");
  const int a = m.add(spec);
  const int b = m.add(ServerSpec{});
  QVERIFY(a > 0 && b > a);
  QCOMPARE(m.count(), 2);
  QCOMPARE(m.ids(), QList<int>({a, b}));
  QCOMPARE(m.indexOf(b), 1);
  QCOMPARE(m.at(0).spec.name, QStringLiteral("first"));
  QCOMPARE(m.at(0).state, State::Stopped);
  QCOMPARE(added.size(), 2);

  spec.handler = Handler::Upper;
  QVERIFY(m.update(a, spec));
  QCOMPARE(m.find(a)->spec.handler, Handler::Upper);
  QCOMPARE(changed.size(), 1);
  QVERIFY(m.update(a, spec)); // same spec: no signal
  QCOMPARE(changed.size(), 1);
  QVERIFY(!m.update(999, spec));

  const int c = m.duplicate(a);
  QVERIFY(c > b);
  QCOMPARE(m.find(c)->spec.name, QStringLiteral("first (copy)"));
  QCOMPARE(m.find(c)->spec.handler, Handler::Upper);
  QCOMPARE(m.specs().size(), 3);
  QCOMPARE(m.duplicate(999), 0);

  QVERIFY(m.remove(b));
  QCOMPARE(aboutToRemove.size(), 1);
  QCOMPARE(removed.size(), 1);
  QCOMPARE(removed.first().first().toInt(), b);
  QCOMPARE(m.find(b), nullptr);
  QCOMPARE(m.ids(), QList<int>({a, c}));
  QVERIFY(!m.remove(b));
  m.removeAll();
  QCOMPARE(m.count(), 0);
  QCOMPARE(m.add(ServerSpec{}), c + 1); // ids are never reused
}

void TestServerManager::testStartStopStates() {
  ServerManager& m = *manager_;
  QList<State> states;
  connect(&m, &ServerManager::serverChanged, this, [&](int id) { states << m.find(id)->state; });
  QSignalSpy allStopped(&m, &ServerManager::allStopped);
  const int id = m.add(specFor(Kind::Tcp, *dir_, {}));
  QVERIFY(!m.anyRunning());
  QVERIFY(startAndWait(m, id));
  QVERIFY(m.anyRunning());
  QVERIFY(!m.start(id)); // already running
  const QString address = m.find(id)->listeningAddress;
  QVERIFY2(!address.endsWith(QLatin1String(":0")), qPrintable(address));
  QCOMPARE(m.find(id)->statusText(), QStringLiteral("Listening on %1").arg(address));
  expectEcho(address);
  QVERIFY(stopAndWait(m, id));
  QVERIFY(!m.stop(id)); // not running
  QCOMPARE(states,
           QList<State>({State::Starting, State::Listening, State::Stopping, State::Stopped}));
  QCOMPARE(m.find(id)->listeningAddress, QString());
  QVERIFY(allStopped.size() == 1 || allStopped.wait(DEADLINE_MS));
  QVERIFY(refuses(address));
  // And again: a stopped server starts anew, counters from zero.
  QCOMPARE(m.find(id)->counters.requests, quint64(1));
  QVERIFY(startAndWait(m, id));
  QCOMPARE(m.find(id)->counters.requests, quint64(0));
  expectEcho(m.find(id)->listeningAddress);
}

void TestServerManager::testPortInUseFailsAndOthersKeepWorking() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  // Something else holds a port.
  Socket occupant(AF_INET, SOCK_STREAM);
  occupant.bind(Address("127.0.0.1:0"));
  occupant.listen(1);
  const QString taken = QString::fromStdString(occupant.getsockname().to_string());

  const int good = m.add(specFor(Kind::Tcp, *dir_, {}));
  QVERIFY(startAndWait(m, good));
  ServerSpec clash;
  clash.address = taken;
  const int bad = m.add(clash);
  QVERIFY(m.start(bad)); // the bind happens on the server's thread
  QVERIFY(waitFor([&] { return m.find(bad)->state == State::Failed; }));
  const QString reason = m.find(bad)->failureReason;
  QVERIFY2(reason.contains(QLatin1String("already in use")), qPrintable(reason));
  QVERIFY2(m.find(bad)->statusText().startsWith(QLatin1String("Failed: ")),
           qPrintable(m.find(bad)->statusText()));
  QVERIFY(waitFor([&] { return recorder.count(bad, ConsoleEvent::Kind::Failed) == 1; }));
  QCOMPARE(recorder.last(bad, ConsoleEvent::Kind::Failed)->text, reason);

  // The other server never noticed, and the app goes on: start all, then free the port.
  QCOMPARE(m.find(good)->state, State::Listening);
  expectEcho(m.find(good)->listeningAddress);
  occupant.close();
  QVERIFY(startAndWait(m, bad));
  expectEcho(m.find(bad)->listeningAddress);
  m.stopAll();
  QVERIFY(waitFor([&] { return !m.anyRunning(); }));
  QCOMPARE(m.find(bad)->state, State::Stopped);
  QCOMPARE(m.find(good)->state, State::Stopped);
}

void TestServerManager::testBadUnixPathFails() {
  ServerManager& m = *manager_;
  ServerSpec spec;
  spec.kind = Kind::UnixStream;
  spec.address = dir_->filePath(QStringLiteral("no/such/dir/s.sock"));
  const int id = m.add(spec);
  QVERIFY(m.start(id));
  QVERIFY(waitFor([&] { return m.find(id)->state == State::Failed; }));
  QVERIFY2(m.find(id)->failureReason.contains(QLatin1String("no such file or directory"),
                                              Qt::CaseInsensitive),
           qPrintable(m.find(id)->failureReason));
  // A host name that does not resolve fails in words as well.
  ServerSpec nowhere;
  nowhere.address = QStringLiteral("no-such-host.invalid:1");
  const int other = m.add(nowhere);
  QVERIFY(m.start(other));
  QVERIFY(waitFor([&] { return m.find(other)->state == State::Failed; }));
  QVERIFY2(m.find(other)->failureReason.contains(QLatin1String("no-such-host.invalid")),
           qPrintable(m.find(other)->failureReason));
}

void TestServerManager::testInvalidSpecIsRefused() {
  ServerManager& m = *manager_;
  ServerSpec spec;
  spec.handler = Handler::FixedReply; // without a reply
  const int id = m.add(spec);
  QVERIFY(!m.start(id));
  QCOMPARE(m.find(id)->state, State::Failed);
  QVERIFY2(m.find(id)->failureReason.contains(QLatin1String("fixed reply")),
           qPrintable(m.find(id)->failureReason));
  QVERIFY(!m.anyRunning());
  spec.fixedReply = "ok";
  QVERIFY(m.update(id, spec));
  QVERIFY(startAndWait(m, id));
}

void TestServerManager::testUnixSocketFileLifecycle() {
  ServerManager& m = *manager_;
  for (const Kind kind : {Kind::UnixStream, Kind::UnixDatagram}) {
    const ServerSpec spec = specFor(kind, *dir_, QStringLiteral("life.sock"));
    const int id = m.add(spec);
    QVERIFY(startAndWait(m, id));
    QVERIFY(QFileInfo::exists(spec.address));
    QVERIFY(stopAndWait(m, id));
    QVERIFY2(!QFileInfo::exists(spec.address), "removed on stop: the server made it");
  }
  // A file already there is not ours: binding fails, and the file stays.
  const QString path = dir_->filePath(QStringLiteral("taken.sock"));
  {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
  }
  ServerSpec spec = specFor(Kind::UnixStream, *dir_, QStringLiteral("taken.sock"));
  const int id = m.add(spec);
  QVERIFY(m.start(id));
  QVERIFY(waitFor([&] { return m.find(id)->state == State::Failed; }));
  QVERIFY2(m.find(id)->failureReason.contains(QLatin1String("not a socket")),
           qPrintable(m.find(id)->failureReason));
  QVERIFY(QFileInfo::exists(path));
}

void TestServerManager::testStopDoesNotWaitForIdleClients_data() {
  QTest::addColumn<Kind>("kind");
  QTest::addColumn<Model>("model");
  for (const Kind kind : {Kind::Tcp, Kind::UnixStream}) {
    for (const Model model :
         {Model::Sync, Model::Threading, Model::ThreadPool, Model::Forking, Model::Event}) {
      const QByteArray name =
          (ServerSpec::kindName(kind) + QLatin1Char('/') + ServerSpec::modelName(model)).toLatin1();
      QTest::newRow(name.constData()) << kind << model;
    }
  }
}

void TestServerManager::testStopDoesNotWaitForIdleClients() {
  QFETCH(Kind, kind);
  QFETCH(Model, model);
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  ServerSpec spec = specFor(kind, *dir_, QStringLiteral("idle.sock"));
  spec.model = model;
  spec.blockOnClose = true; // the default, and the case that would wait for the handlers
  const int id = m.add(spec);
  QVERIFY(startAndWait(m, id));
  const QString address = m.find(id)->listeningAddress;
  // Two clients: one served (idle in recv), one more so a pool/sync server has one queued.
  Socket first = connectStream(address);
  first.sendall("x");
  QCOMPARE(bytes(recvExactly(first, 1)), QByteArray("x"));
  Socket second = connectStream(address);
  QVERIFY(waitFor([&] { return m.find(id)->counters.requests >= 1; }));
  QElapsedTimer stopping;
  stopping.start();
  QVERIFY(m.stop(id));
  QCOMPARE(m.find(id)->state, State::Stopping); // stop() returned at once
  QVERIFY(waitFor([&] { return m.find(id)->state == State::Stopped; }));
  QVERIFY2(stopping.elapsed() < 2000, qPrintable(QString::number(stopping.elapsed())));
  // The clients see their connections close.
  QCOMPARE(bytes(recvAll(first)), QByteArray());
  try {
    recvAll(second);
  } catch (const socketserver::SocketError&) {
    // a connection still in the backlog is reset when the listening socket closes
  }
  QVERIFY(refuses(address));
  QCOMPARE(m.find(id)->counters.active(), quint64(0));
}

void TestServerManager::testKickOneAndAll() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  ServerSpec spec = specFor(Kind::Tcp, *dir_, {});
  spec.model = Model::Threading;
  const int id = m.add(spec);
  QVERIFY(startAndWait(m, id));
  const QString address = m.find(id)->listeningAddress;
  Socket a = connectStream(address);
  Socket b = connectStream(address);
  Socket c = connectStream(address);
  const QString peerA = QString::fromStdString(a.getsockname().to_string());
  QVERIFY(waitFor([&] { return recorder.requestFrom(id, peerA) != 0; }));
  QVERIFY(waitFor([&] { return m.find(id)->counters.active() == 3; }));
  const quint64 requestA = recorder.requestFrom(id, peerA);

  QVERIFY(m.kick(id, requestA));
  QCOMPARE(bytes(recvAll(a)), QByteArray()); // a sees the close
  b.sendall("still here");
  QCOMPARE(bytes(recvExactly(b, 10)), QByteArray("still here"));
  QVERIFY(waitFor([&] { return m.find(id)->counters.active() == 2; }));
  QVERIFY(!m.kick(id, requestA)); // finished: nothing left to kick
  const ConsoleEvent* notice = recorder.last(id, ConsoleEvent::Kind::Notice);
  QVERIFY(
      waitFor([&] { return (notice = recorder.last(id, ConsoleEvent::Kind::Notice)) != nullptr; }));
  QCOMPARE(notice->requestId, requestA);
  QCOMPARE(notice->peer, peerA);

  QCOMPARE(m.kickAll(id), 2);
  QCOMPARE(bytes(recvAll(b)), QByteArray());
  QCOMPARE(bytes(recvAll(c)), QByteArray());
  QVERIFY(waitFor([&] { return m.find(id)->counters.active() == 0; }));
  QCOMPARE(m.find(id)->state, State::Listening); // kicking is not stopping
  expectEcho(address);
  QVERIFY(!m.kick(999, 1));
  QCOMPARE(m.kickAll(999), 0);
}

void TestServerManager::testRemoveWhileRunning() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  QSignalSpy allStopped(&m, &ServerManager::allStopped);
  const int id = m.add(specFor(Kind::Tcp, *dir_, {}));
  QVERIFY(startAndWait(m, id));
  const QString address = m.find(id)->listeningAddress;
  Socket client = connectStream(address); // a client does not hold the removal up
  QVERIFY(m.remove(id));
  QCOMPARE(m.count(), 0);
  QVERIFY(m.anyRunning()); // still stopping in the background
  QVERIFY(allStopped.wait(DEADLINE_MS));
  QVERIFY(!m.anyRunning());
  QVERIFY(refuses(address));
  for (const ConsoleEvent& event : std::as_const(recorder.events))
    QVERIFY2(event.kind != ConsoleEvent::Kind::Stopped,
             "a removed server's events are not emitted");
}

void TestServerManager::testPoolFullIsOverloaded() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  ServerSpec spec = specFor(Kind::Tcp, *dir_, {});
  spec.model = Model::ThreadPool;
  spec.poolSize = 1;
  spec.poolQueue = 0;
  const int id = m.add(spec);
  QVERIFY(startAndWait(m, id));
  const QString address = m.find(id)->listeningAddress;
  Socket busy = connectStream(address); // takes the only thread
  busy.sendall("x");
  QCOMPARE(bytes(recvExactly(busy, 1)), QByteArray("x"));
  Socket refused = connectStream(address);
  QCOMPARE(bytes(recvAll(refused)), QByteArray()); // closed at once
  QVERIFY(waitFor([&] { return m.find(id)->counters.overloaded == 1; }));
  QVERIFY(waitFor([&] { return recorder.outcomes(id, ConsoleEvent::Outcome::Overloaded) == 1; }));
  const ConsoleEvent* finished = recorder.last(id, ConsoleEvent::Kind::Finished);
  QVERIFY2(finished->text.contains(QLatin1String("thread pool full")), qPrintable(finished->text));
}

void TestServerManager::testRequestTimeoutEndsSilentConnection() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  ServerSpec spec = specFor(Kind::Tcp, *dir_, {});
  spec.requestTimeout = 0.2;
  const int id = m.add(spec);
  QVERIFY(startAndWait(m, id));
  Socket silent = connectStream(m.find(id)->listeningAddress);
  QCOMPARE(bytes(recvAll(silent)), QByteArray()); // dropped after 0.2 s of silence
  QVERIFY(waitFor([&] { return m.find(id)->counters.errors == 1; }));
  QVERIFY(waitFor([&] { return recorder.outcomes(id, ConsoleEvent::Outcome::Error) == 1; }));
  const ConsoleEvent* finished = recorder.last(id, ConsoleEvent::Kind::Finished);
  QVERIFY2(finished->text.contains(QLatin1String("timed out")), qPrintable(finished->text));
}

void TestServerManager::testUnboundUnixDatagramClientIsAnError() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  const int id = m.add(specFor(Kind::UnixDatagram, *dir_, QStringLiteral("dgram.sock")));
  QVERIFY(startAndWait(m, id));
  const Address server(m.find(id)->listeningAddress.toStdString());
  Socket client = datagramClient(server); // not bound: it has no address to answer to
  client.sendto("hello", server);
  QVERIFY(waitFor([&] { return recorder.outcomes(id, ConsoleEvent::Outcome::Error) == 1; }));
  const ConsoleEvent* finished = recorder.last(id, ConsoleEvent::Kind::Finished);
  QVERIFY2(finished->text.contains(QLatin1String("bind it to a path")), qPrintable(finished->text));
  QCOMPARE(m.find(id)->state, State::Listening); // one request's error, not the server's
}

void TestServerManager::testPayloadCapAndRates() {
  ServerManager& m = *manager_;
  m.setPayloadCap(4);
  EventRecorder recorder(m);
  const int id = m.add(specFor(Kind::Tcp, *dir_, {}));
  QVERIFY(startAndWait(m, id));
  expectEcho(m.find(id)->listeningAddress, "0123456789");
  QVERIFY(waitFor([&] { return recorder.count(id, ConsoleEvent::Kind::Received) >= 1; }));
  const ConsoleEvent* received = recorder.last(id, ConsoleEvent::Kind::Received);
  QCOMPARE(received->payload, QByteArray("0123"));
  QCOMPARE(received->size, qint64(10));
  // The sparkline's samples: one per second, this second's request counted.
  QVERIFY(waitFor([&] { return !m.find(id)->requestRates.isEmpty(); }, 3000));
  QCOMPARE(m.find(id)->requestRates.first(), quint32(1));
}

void TestServerManager::testForkedChildLetsGoOfOtherSockets() {
  ServerManager& m = *manager_;
  // Another server, listening before the fork below.
  const int other = m.add(specFor(Kind::Tcp, *dir_, {}));
  QVERIFY(startAndWait(m, other));
  const QString otherAddress = m.find(other)->listeningAddress;
  ServerSpec spec = specFor(Kind::Tcp, *dir_, {});
  spec.model = Model::Forking;
  const int forking = m.add(spec);
  QVERIFY(startAndWait(m, forking));
  Socket client = connectStream(m.find(forking)->listeningAddress);
  client.sendall("x");
  QCOMPARE(bytes(recvExactly(client, 1)), QByteArray("x")); // a child now serves it
  // Stopping the other server frees its port although the child is still running...
  QVERIFY(stopAndWait(m, other));
  QVERIFY2(refuses(otherAddress), "the forked child must not keep the other server's socket");
  // ...and the client's close reaches the child although this process forked it.
  client.close();
  QVERIFY(waitFor([&] { return m.find(forking)->counters.finished == 1; }));
}

void TestServerManager::testDatagramTruncationIsNoticed() {
  ServerManager& m = *manager_;
  EventRecorder recorder(m);
  ServerSpec spec = specFor(Kind::Udp, *dir_, {});
  spec.maxPacketSize = 4;
  const int id = m.add(spec);
  QVERIFY(startAndWait(m, id));
  const Address server(m.find(id)->listeningAddress.toStdString());
  Socket client = datagramClient(server);
  client.sendto("0123456789", server);
  QCOMPARE(bytes(client.recvfrom(100).first), QByteArray("0123")); // cut to max_packet_size
  QVERIFY(waitFor([&] { return recorder.count(id, ConsoleEvent::Kind::Notice) == 1; }));
  const ConsoleEvent* notice = recorder.last(id, ConsoleEvent::Kind::Notice);
  QVERIFY2(notice->text.contains(QLatin1String("truncated")), qPrintable(notice->text));
  QVERIFY(notice->requestId != 0);
}

namespace {
template <class Server> bool isA(socketserver::BaseServer* server) {
  return dynamic_cast<Server*>(server) != nullptr;
}
} // namespace

void TestServerManager::testFactoryBuildsEachClassWithOptions() {
  namespace ss = socketserver;
  int made = 0;
  for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
    for (const Model model :
         {Model::Sync, Model::Threading, Model::Forking, Model::ThreadPool, Model::Event}) {
      ServerSpec spec = specFor(kind, *dir_, QStringLiteral("factory%1.sock").arg(made++));
      spec.model = model;
      spec.allowReuseAddress = true;
      spec.backlog = 17;
      spec.maxPacketSize = 1234;
      spec.poolSize = 3;
      spec.poolQueue = 9;
      spec.daemonThreads = true;
      spec.blockOnClose = false;
      QString error;
      const auto server = ServerFactory::create(spec, nullptr, &error);
      QVERIFY2(server, qPrintable(error));
      // The right one of the twenty classes.
      bool right = false;
      switch (kind) {
      case Kind::Tcp:
        right = model == Model::Sync
                    ? isA<ss::TCPServer>(server.get()) && !isA<ss::ThreadingTCPServer>(server.get())
                : model == Model::Threading ? isA<ss::ThreadingTCPServer>(server.get())
                : model == Model::Forking   ? isA<ss::ForkingTCPServer>(server.get())
                : model == Model::Event     ? isA<ss::EventTCPServer>(server.get())
                                            : isA<ss::ThreadPoolTCPServer>(server.get());
        break;
      case Kind::Udp:
        right = model == Model::Sync        ? isA<ss::UDPServer>(server.get())
                : model == Model::Threading ? isA<ss::ThreadingUDPServer>(server.get())
                : model == Model::Forking   ? isA<ss::ForkingUDPServer>(server.get())
                : model == Model::Event     ? isA<ss::EventUDPServer>(server.get())
                                            : isA<ss::ThreadPoolUDPServer>(server.get());
        break;
      case Kind::UnixStream:
        right = model == Model::Sync        ? isA<ss::UnixStreamServer>(server.get())
                : model == Model::Threading ? isA<ss::ThreadingUnixStreamServer>(server.get())
                : model == Model::Forking   ? isA<ss::ForkingUnixStreamServer>(server.get())
                : model == Model::Event     ? isA<ss::EventUnixStreamServer>(server.get())
                                            : isA<ss::ThreadPoolUnixStreamServer>(server.get());
        break;
      case Kind::UnixDatagram:
        right = model == Model::Sync        ? isA<ss::UnixDatagramServer>(server.get())
                : model == Model::Threading ? isA<ss::ThreadingUnixDatagramServer>(server.get())
                : model == Model::Forking   ? isA<ss::ForkingUnixDatagramServer>(server.get())
                : model == Model::Event     ? isA<ss::EventUnixDatagramServer>(server.get())
                                            : isA<ss::ThreadPoolUnixDatagramServer>(server.get());
        break;
      case Kind::Tls: // not in this loop: TestTlsServers builds and serves them in every model
        break;
      }
      QVERIFY2(right, qPrintable(spec.toUrl()));
      // Options were applied before binding.
      auto* tcp = dynamic_cast<ss::TCPServer*>(server.get());
      QVERIFY(tcp);
      QVERIFY(tcp->allow_reuse_address);
      QCOMPARE(tcp->socket.getsockopt(SOL_SOCKET, SO_REUSEADDR), 1);
      QCOMPARE(tcp->request_queue_size, 17);
      if (auto* udp = dynamic_cast<ss::UDPServer*>(server.get()))
        QCOMPARE(udp->max_packet_size, std::size_t(1234));
      if (auto* threading = dynamic_cast<ss::ThreadingTCPServer*>(server.get())) {
        QVERIFY(threading->daemon_threads);
        QVERIFY(!threading->block_on_close);
      }
      if (auto* pool = dynamic_cast<ss::ThreadPoolUDPServer*>(server.get())) {
        QCOMPARE(pool->pool_size, std::size_t(3));
        QCOMPARE(pool->pool_queue_size, std::size_t(9));
      }
      if (auto* forking = dynamic_cast<ss::ForkingUnixStreamServer*>(server.get()))
        QVERIFY(!forking->block_on_close);
      QVERIFY(server->server_address.is_unix() || server->server_address.port() > 0);
      server->server_close();
      if (ServerSpec::isUnix(kind))
        QFile::remove(spec.address);
    }
  }
  // Errors come back in words, not as exceptions.
  ServerSpec bad;
  bad.kind = Kind::UnixDatagram;
  bad.address = QStringLiteral("/proc/no-sockets-here/x.sock");
  QString error;
  QVERIFY(!ServerFactory::create(bad, nullptr, &error));
  QVERIFY2(!error.isEmpty(), "an error message");
}

void TestServerManager::testDestructorStopsEverything() {
  QStringList addresses;
  std::vector<Socket> clients;
  {
    ServerManager m;
    for (const Model model : {Model::Sync, Model::Threading, Model::Forking, Model::ThreadPool}) {
      ServerSpec spec = specFor(Kind::Tcp, *dir_, {});
      spec.model = model;
      const int id = m.add(spec);
      QVERIFY(startAndWait(m, id));
      addresses << m.find(id)->listeningAddress;
      clients.push_back(connectStream(addresses.last()));
      clients.back().sendall("x");
      QCOMPARE(bytes(recvExactly(clients.back(), 1)), QByteArray("x"));
    }
  } // waits for every server's thread, children included
  for (const QString& address : std::as_const(addresses))
    QVERIFY(refuses(address));
  for (Socket& client : clients)
    QCOMPARE(bytes(recvAll(client)), QByteArray());
}

QTEST_GUILESS_MAIN(TestServerManager)
#include "TestServerManager.moc"
