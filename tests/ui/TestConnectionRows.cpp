// The connections table as a person reads it, against real sockets: a datagram peer is one row
// (datagrams in and out, bytes, first and last heard) that goes silent after
// RecentPeers::keepSeconds, not a row per datagram; request ids are one sequence for the
// whole console, so two servers' simultaneous connections never share an id, and the log,
// the table and a hand send name the same request by the same number.
#include "console_test_support.h"

#include "ConnectionsModel.h"
#include "RecentPeers.h"

#include <QDateTime>
#include <QSet>

#include <vector>

using namespace ui_test;
using Kind = ServerSpec::Kind;

class TestConnectionRows : public QObject {
  Q_OBJECT

private slots:
  void init();
  void cleanup();

  void datagramPeerIsOneRow_data();
  void datagramPeerIsOneRow();
  void twoPeersAreTwoRows();
  void idsAreUniqueAcrossServers();
  void peerRowGoesSilentThenFades();

private:
  int startServer(Kind kind, const QString& file = {});

  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<ServerManager> manager_;
  std::unique_ptr<EventRecorder> recorder_;
  std::unique_ptr<ConnectionsModel> model_;
};

void TestConnectionRows::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  QVERIFY(dir_->isValid());
  manager_ = std::make_unique<ServerManager>();
  recorder_ = std::make_unique<EventRecorder>(*manager_);
  model_ = std::make_unique<ConnectionsModel>(manager_.get());
}

void TestConnectionRows::cleanup() {
  model_.reset();
  recorder_.reset();
  manager_.reset(); // stops the servers
  dir_.reset();
}

int TestConnectionRows::startServer(Kind kind, const QString& file) {
  ServerSpec spec = specFor(kind, *dir_, file);
  spec.model = ServerSpec::Model::Threading;
  spec.handler = ServerSpec::Handler::Echo;
  const int id = manager_->add(spec);
  return startAndWait(*manager_, id) ? id : 0;
}

void TestConnectionRows::datagramPeerIsOneRow_data() {
  QTest::addColumn<Kind>("kind");
  QTest::newRow("udp") << Kind::Udp;
  QTest::newRow("unixdgram") << Kind::UnixDatagram;
}

// Five datagrams from one client, each echoed: one row with 5 in and 5 out, the bytes of both
// ways, first and last heard, and the id the log printed for each of them.
void TestConnectionRows::datagramPeerIsOneRow() {
  QFETCH(Kind, kind);
  const int id = startServer(kind, QStringLiteral("server.sock"));
  QVERIFY(id);
  const Address server(manager_->find(id)->listeningAddress.toStdString());
  Socket client =
      datagramClient(server, dir_->filePath(QStringLiteral("client.sock")).toStdString());
  const qint64 before = QDateTime::currentMSecsSinceEpoch();
  for (int i = 0; i < 5; ++i) {
    client.sendto("ping" + std::to_string(i), server);
    QCOMPARE(client.recvfrom(100).first, "ping" + std::to_string(i));
  }
  QTRY_COMPARE_WITH_TIMEOUT(recorder_->count(id, ConsoleEvent::Kind::Sent), 5, DEADLINE_MS);
  QCOMPARE(model_->rowCount(), 1);
  const ConnectionsModel::Connection* row = model_->connectionAt(0);
  QVERIFY(row->datagramPeer);
  QCOMPARE(row->messagesIn, quint64(5));
  QCOMPARE(row->messagesOut, quint64(5));
  QCOMPARE(row->bytesIn, quint64(5 * 5));
  QCOMPARE(row->bytesOut, quint64(5 * 5));
  QCOMPARE(row->state, ConnectionsModel::ConnectionState::Open);
  QVERIFY(row->openedMs >= before);
  QVERIFY(row->lastActivityMs >= row->openedMs);
  const QString messages = model_->index(0, ConnectionsModel::Messages).data().toString();
  QCOMPARE(messages, QStringLiteral("5 / 5"));
  QCOMPARE(model_->index(0, ConnectionsModel::State).data().toString(), QStringLiteral("active"));

  // Every datagram's events carry the row's id: the log and the table say the same number.
  QSet<quint64> ids;
  for (const ConsoleEvent& e : recorder_->events)
    if (e.serverId == id && e.requestId != 0)
      ids.insert(e.requestId);
  QCOMPARE(ids, QSet<quint64>{row->requestId});
  QCOMPARE(recorder_->count(id, ConsoleEvent::Kind::Opened), 5);

  // A hand send to the row reaches the client and counts as one more datagram out.
  QString error;
  QVERIFY2(manager_->sendTo(id, row->requestId, "by hand", &error), qPrintable(error));
  QCOMPARE(client.recvfrom(100).first, std::string("by hand"));
  QTRY_COMPARE_WITH_TIMEOUT(model_->connectionAt(0)->messagesOut, quint64(6), DEADLINE_MS);
  QCOMPARE(model_->rowCount(), 1);
}

// Two clients of one server are two rows, each with its own id.
void TestConnectionRows::twoPeersAreTwoRows() {
  const int id = startServer(Kind::Udp);
  QVERIFY(id);
  const Address server(manager_->find(id)->listeningAddress.toStdString());
  Socket first = datagramClient(server);
  Socket second = datagramClient(server);
  for (int i = 0; i < 3; ++i) {
    first.sendto("a", server);
    QCOMPARE(first.recvfrom(10).first, std::string("a"));
  }
  second.sendto("b", server);
  QCOMPARE(second.recvfrom(10).first, std::string("b"));
  QTRY_COMPARE_WITH_TIMEOUT(recorder_->count(id, ConsoleEvent::Kind::Finished), 4, DEADLINE_MS);
  QCOMPARE(model_->rowCount(), 2);
  QVERIFY(model_->connectionAt(0)->requestId != model_->connectionAt(1)->requestId);
  QCOMPARE(model_->connectionAt(0)->messagesIn, quint64(3));
  QCOMPARE(model_->connectionAt(1)->messagesIn, quint64(1));
  // Headless `list` and the send part name the peers by the same ids.
  const QList<ServerManager::OpenRequest> open = manager_->openRequests(id);
  QCOMPARE(open.size(), 2);
  QSet<quint64> listed;
  for (const auto& request : open)
    listed.insert(request.requestId);
  QCOMPARE(listed,
           (QSet<quint64>{model_->connectionAt(0)->requestId, model_->connectionAt(1)->requestId}));
}

// Two servers, two connections each, all open at once: four distinct ids, in the log and in
// the table, and each id kicks only its own connection.
void TestConnectionRows::idsAreUniqueAcrossServers() {
  const int a = startServer(Kind::Tcp);
  const int b = startServer(Kind::Tcp);
  QVERIFY(a && b);
  std::vector<Socket> clients;
  for (const int server : {a, b, a, b}) {
    clients.push_back(connectStream(manager_->find(server)->listeningAddress));
    clients.back().sendall("x");
    QCOMPARE(recvExactly(clients.back(), 1), std::string("x"));
  }
  QTRY_COMPARE_WITH_TIMEOUT(model_->openCount(), 4, DEADLINE_MS);
  QSet<quint64> ids;
  for (int row = 0; row < model_->rowCount(); ++row)
    ids.insert(model_->connectionAt(row)->requestId);
  QCOMPARE(ids.size(), 4);
  QSet<quint64> logged;
  for (const ConsoleEvent& e : recorder_->events)
    if (e.kind == ConsoleEvent::Kind::Opened)
      logged.insert(e.requestId);
  QCOMPARE(logged, ids);

  // The third client (server a) by its id: only it closes.
  const quint64 third =
      recorder_->requestFrom(a, QString::fromStdString(clients[2].getsockname().to_string()));
  QVERIFY(third != 0);
  QVERIFY(!manager_->kick(b, third)); // not b's
  QVERIFY(manager_->kick(a, third));
  QCOMPARE(recvAll(clients[2]), std::string());
  QTRY_COMPARE_WITH_TIMEOUT(model_->openCount(), 3, DEADLINE_MS);
  clients[0].sendall("y");
  QCOMPARE(recvExactly(clients[0], 1), std::string("y"));
}

// Silence: a peer row is active while the peer was heard within RecentPeers::keepSeconds,
// then "silent" (kept like a closed connection), then fades like one.
void TestConnectionRows::peerRowGoesSilentThenFades() {
  ServerSpec spec = specFor(Kind::Udp, *dir_, {});
  const int id = manager_->add(spec);
  QVERIFY(startAndWait(*manager_, id)); // the model asks the manager what kind the server is
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  const qint64 heard = now - qint64{RecentPeers::keepSeconds + 5} * 1000;
  QVector<ConsoleEvent> events;
  for (const quint64 request : {quint64(1000001), quint64(1000002)}) {
    ConsoleEvent opened;
    opened.timestampMs = request == 1000001 ? heard : now;
    opened.serverId = id;
    opened.requestId = request;
    opened.kind = ConsoleEvent::Kind::Opened;
    opened.peer = QStringLiteral("127.0.0.1:%1").arg(request % 100 + 4000);
    ConsoleEvent finished = opened;
    finished.kind = ConsoleEvent::Kind::Finished;
    finished.outcome = ConsoleEvent::Outcome::Completed;
    events << opened << finished;
  }
  emit manager_->eventsReady(events);
  QCOMPARE(model_->rowCount(), 2);
  QCOMPARE(model_->openCount(), 2); // a finished datagram does not end its peer's row
  model_->setFadeAfterMs(10 * 60 * 1000);
  model_->expire();
  const int old = model_->rowOf(id, 1000001);
  QCOMPARE(model_->connectionAt(old)->state, ConnectionsModel::ConnectionState::Closed);
  QCOMPARE(model_->index(old, ConnectionsModel::State).data().toString(), QStringLiteral("silent"));
  QCOMPARE(model_->connectionAt(model_->rowOf(id, 1000002))->state,
           ConnectionsModel::ConnectionState::Open);
  model_->setFadeAfterMs(1000); // silent since 5 s: due
  model_->expire();
  QCOMPARE(model_->rowCount(), 1);
  QVERIFY(model_->rowOf(id, 1000001) < 0);

  // Stopping the server silences its peers at once: nothing will be answered any more.
  QVERIFY(stopAndWait(*manager_, id));
  QTRY_COMPARE_WITH_TIMEOUT(model_->openCount(), 0, DEADLINE_MS);
}

QTEST_MAIN(TestConnectionRows)
#include "TestConnectionRows.moc"
