// The connections panel's send part, driven as a person drives it: select a connection row,
// type a message, click Send; a real client receives it, the log shows "sent by you", the
// row's bytes-out grow — in every model and for every kind; Repeat sends N times and Stop
// stops; a failed send shows on the row in words. Rows are found by their server and the
// client's address, as a person finds them (not by position or request id).
// Built twice: ui_connections_send (sync, threading, thread pool and event) and
// ui_connections_send_forking (UI_TEST_FORKING: the connection lives in a forked child).
#include "console_test_support.h"

#include "ConnectionsModel.h"
#include "ConnectionsPanel.h"
#include "HandSender.h"
#include "LogModel.h"
#include "ServersModel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>

#include <memory>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;

namespace {

template <class T> T* child(QWidget* panel, const char* name) {
  T* widget = panel->findChild<T*>(QString::fromLatin1(name));
  if (!widget)
    qFatal("no child widget named %s", name);
  return widget;
}

void click(QWidget* panel, const char* name) {
  auto* button = child<QPushButton>(panel, name);
  QVERIFY2(button->isEnabled(), name);
  QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestConnectionsSend : public QObject {
  Q_OBJECT

private slots:
  void init();
  void cleanup();

  void testSelectTypeSendReachesClient_data();
  void testSelectTypeSendReachesClient();
  void testRepeatAndStop();
  void testSendToEveryConnectionOfServer();
  void testFailedSendShowsOnRow();

private:
  int startServer(Kind kind, Model model);
  /// The newest row of `serverId`'s connection (or datagram) from `peer`, as its Peer column
  /// says; -1 when there is none yet.
  int rowOfPeer(int serverId, const QString& peer) const;
  /// Clicks the rows of `peers` of `serverId` (waiting for them to appear); true once the
  /// panel has exactly those selected.
  bool selectRows(int serverId, const QStringList& peers);
  void typeMessage(const QString& text);
  /// True once the log has a "sent by you" row of `serverId` carrying `payload`.
  bool logShowsSentByYou(int serverId, const QString& payload) const;

  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<ServerManager> manager_;
  std::unique_ptr<EventRecorder> recorder_;
  std::unique_ptr<ConnectionsModel> model_;
  std::unique_ptr<LogModel> log_;
  std::unique_ptr<ConnectionsPanel> panel_;
};

/// The model of the panel's other features (repeat, send to all, a failed send).
static Model modelUnderTest() {
#ifdef UI_TEST_FORKING
  return Model::Forking;
#else
  return Model::Event;
#endif
}

/// Every model a send from the server is tried in.
static QList<Model> modelsUnderTest() {
#ifdef UI_TEST_FORKING
  return {Model::Forking};
#else
  return {Model::Sync, Model::Threading, Model::ThreadPool, Model::Event};
#endif
}

/// The client's own address as the server's Peer column shows it ("" for an unbound Unix
/// stream client, shown "(unnamed)").
static QString peerOf(const Socket& client) {
  return QString::fromStdString(client.getsockname().to_string());
}

void TestConnectionsSend::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  QVERIFY(dir_->isValid());
  manager_ = std::make_unique<ServerManager>();
  manager_->setBatchInterval(0);
  recorder_ = std::make_unique<EventRecorder>(*manager_);
  model_ = std::make_unique<ConnectionsModel>(manager_.get());
  log_ = std::make_unique<LogModel>(manager_.get());
  panel_ = std::make_unique<ConnectionsPanel>(manager_.get(), model_.get());
  panel_->resize(1100, 420);
  panel_->show();
  child<QAction>(panel_.get(), "sendAction")->trigger();
  QVERIFY(child<QWidget>(panel_.get(), "sendPanel")->isVisible());
}

void TestConnectionsSend::cleanup() {
  panel_.reset();
  log_.reset();
  model_.reset();
  recorder_.reset();
  manager_.reset();
  dir_.reset();
}

int TestConnectionsSend::startServer(Kind kind, Model model) {
  ServerSpec spec = specFor(kind, *dir_, QStringLiteral("s.sock"));
  spec.model = model;
  spec.handler = Handler::Discard;
  spec.name = QStringLiteral("target");
  const int id = manager_->add(spec);
  if (!startAndWait(*manager_, id))
    qWarning("server did not start: %s", qPrintable(manager_->find(id)->failureReason));
  return id;
}

int TestConnectionsSend::rowOfPeer(int serverId, const QString& peer) const {
  for (int row = model_->rowCount() - 1; row >= 0; --row) { // the newest: a datagram's row
    const auto* c = model_->connectionAt(row);              // ends as soon as it is read
    if (c->serverId == serverId && c->peer == peer)
      return row;
  }
  return -1;
}

bool TestConnectionsSend::selectRows(int serverId, const QStringList& peers) {
  if (!waitFor([&] {
        return std::all_of(peers.begin(), peers.end(),
                           [&](const QString& peer) { return rowOfPeer(serverId, peer) >= 0; });
      }))
    return false;
  QTableView* view = panel_->view();
  view->clearSelection();
  for (const QString& peer : peers) {
    const QModelIndex cell = model_->index(rowOfPeer(serverId, peer), ConnectionsModel::Peer);
    view->scrollTo(cell);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      view->visualRect(cell).center());
  }
  const auto selected = panel_->selectedConnections();
  return selected.size() == peers.size() &&
         std::all_of(selected.begin(), selected.end(), [&](const auto* c) {
           return c->serverId == serverId && peers.contains(c->peer);
         });
}

void TestConnectionsSend::typeMessage(const QString& text) {
  auto* editor = child<QPlainTextEdit>(panel_.get(), "messageEdit");
  editor->clear();
  QTest::keyClicks(editor, text);
}

bool TestConnectionsSend::logShowsSentByYou(int serverId, const QString& payload) const {
  for (int row = log_->rowCount() - 1; row >= 0; --row) {
    const ConsoleEvent& event = log_->rowAt(row).event;
    if (event.serverId == serverId && event.kind == ConsoleEvent::Kind::SentByHand &&
        log_->index(row, LogModel::Event)
            .data()
            .toString()
            .contains(QLatin1String("sent by you")) &&
        log_->index(row, LogModel::Payload).data().toString() == payload)
      return true;
  }
  return false;
}

void TestConnectionsSend::testSelectTypeSendReachesClient_data() {
  QTest::addColumn<Model>("model");
  QTest::addColumn<Kind>("kind");
  for (const Model model : modelsUnderTest()) {
    for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
      const QString tag =
          ServerSpec::modelName(model) + QLatin1Char('/') + ServerSpec::kindName(kind);
      QTest::newRow(qPrintable(tag)) << model << kind;
    }
  }
}

void TestConnectionsSend::testSelectTypeSendReachesClient() {
  QFETCH(Model, model);
  QFETCH(Kind, kind);
  const int id = startServer(kind, model);
  const Address server(manager_->find(id)->listeningAddress.toStdString());
  Socket client;
  if (ServerSpec::isStream(kind)) {
    client = Socket::create_connection(server, DEADLINE);
  } else {
    client = datagramClient(server, dir_->filePath(QStringLiteral("c.sock")).toStdString());
    if (kind == Kind::Udp) // bound as the server will see it, not on 0.0.0.0
      client.bind(Address("127.0.0.1", 0));
    client.sendto("ping", server);
  }
  client.settimeout(DEADLINE);
  const QString peer = peerOf(client);
  QVERIFY(selectRows(id, {peer}));
  QVERIFY2(
      child<QLabel>(panel_.get(), "sendTargetLabel")->text().contains(QLatin1String("1 selected")),
      qPrintable(child<QLabel>(panel_.get(), "sendTargetLabel")->text()));

  typeMessage(QStringLiteral("from the server\\x21"));
  click(panel_.get(), "sendButton");
  const std::string received =
      ServerSpec::isStream(kind) ? recvExactly(client, 16) : client.recvfrom(100).first;
  QCOMPARE(bytes(received), QByteArray("from the server!"));
  QTRY_VERIFY_WITH_TIMEOUT(logShowsSentByYou(id, QStringLiteral("from the server!")), DEADLINE_MS);
  // The counters, on the selected row (found again: rows may have moved) and the server's.
  QTRY_COMPARE_WITH_TIMEOUT(model_->connectionAt(rowOfPeer(id, peer))->bytesOut, quint64{16},
                            DEADLINE_MS);
  QCOMPARE(model_->data(model_->index(rowOfPeer(id, peer), ConnectionsModel::BytesOut)).toString(),
           ServersModel::formatBytes(16));
  QCOMPARE(manager_->find(id)->counters.bytesOut, quint64{16});
}

void TestConnectionsSend::testRepeatAndStop() {
  const int id = startServer(Kind::Tcp, modelUnderTest());
  Socket client = connectStream(manager_->find(id)->listeningAddress);
  client.settimeout(DEADLINE);
  QVERIFY(selectRows(id, {peerOf(client)}));
  typeMessage(QStringLiteral("t"));
  child<QSpinBox>(panel_.get(), "repeatCountSpin")->setValue(5);
  child<QSpinBox>(panel_.get(), "repeatIntervalSpin")->setValue(5);
  click(panel_.get(), "repeatButton");
  QTRY_COMPARE_WITH_TIMEOUT(child<QProgressBar>(panel_.get(), "repeatProgress")->value(), 5,
                            DEADLINE_MS);
  // The repeat ticks on this thread's event loop: the client reads once it is done.
  QCOMPARE(bytes(recvExactly(client, 5)), QByteArray("ttttt"));
  QVERIFY(child<QPushButton>(panel_.get(), "sendButton")->isEnabled());

  // A long run, stopped: nothing more arrives after what was sent.
  child<QSpinBox>(panel_.get(), "repeatCountSpin")->setValue(99999);
  child<QSpinBox>(panel_.get(), "repeatIntervalSpin")->setValue(20);
  click(panel_.get(), "repeatButton");
  QTRY_VERIFY_WITH_TIMEOUT(child<QProgressBar>(panel_.get(), "repeatProgress")->value() >= 3,
                           DEADLINE_MS);
  click(panel_.get(), "stopButton");
  const int sent = child<QProgressBar>(panel_.get(), "repeatProgress")->value();
  QVERIFY(sent < 99999);
  QVERIFY(child<QLabel>(panel_.get(), "sendStatusLabel")
              ->text()
              .contains(QLatin1String("Stopped after")));
  QCOMPARE(bytes(recvExactly(client, static_cast<std::size_t>(sent))), QByteArray(sent, 't'));
  QTRY_COMPARE_WITH_TIMEOUT(recorder_->count(id, ConsoleEvent::Kind::SentByHand), 5 + sent,
                            DEADLINE_MS);
}

void TestConnectionsSend::testSendToEveryConnectionOfServer() {
  const int id = startServer(Kind::UnixStream, modelUnderTest());
  Socket first = connectStream(manager_->find(id)->listeningAddress);
  Socket second = connectStream(manager_->find(id)->listeningAddress);
  first.settimeout(DEADLINE);
  second.settimeout(DEADLINE);
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::Opened) == 2; }));
  QVERIFY(selectRows(id, {peerOf(second)})); // one row of the server (both are "(unnamed)")
  child<QCheckBox>(panel_.get(), "sendToAllCheck")->setChecked(true);
  typeMessage(QStringLiteral("everyone\\n"));
  click(panel_.get(), "sendButton");
  QCOMPARE(bytes(recvExactly(first, 9)), QByteArray("everyone\n"));
  QCOMPARE(bytes(recvExactly(second, 9)), QByteArray("everyone\n"));
}

void TestConnectionsSend::testFailedSendShowsOnRow() {
  const int id = startServer(Kind::UnixStream, modelUnderTest());
  Socket client = connectStream(manager_->find(id)->listeningAddress); // never reads
  QVERIFY(selectRows(id, {peerOf(client)}));
  const quint64 requestId = panel_->selectedConnection()->requestId;
  // 64 MiB, more than the socket buffers hold, to a client that does not read (sent through
  // the manager: an editor holding 64 MiB of text would only test the text widget).
  QVERIFY(manager_->sendTo(id, requestId, QByteArray(64 * 1024 * 1024, 'x')));
  const int row = model_->rowOf(id, requestId);
  QTRY_VERIFY_WITH_TIMEOUT(!model_->connectionAt(row)->sendError.isEmpty(),
                           HandSender::stallTimeoutMs + DEADLINE_MS);
  const QString state = model_->data(model_->index(row, ConnectionsModel::State)).toString();
  QVERIFY2(state.contains(QLatin1String("send failed: the peer is not reading: sent ")),
           qPrintable(state));
  QVERIFY(model_->data(model_->index(row, ConnectionsModel::State), Qt::ToolTipRole)
              .toString()
              .contains(QLatin1String("not reading")));
}

QTEST_MAIN(TestConnectionsSend)
#include "TestConnectionsSend.moc"
