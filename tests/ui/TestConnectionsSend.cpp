// The connections panel's send part, driven as a person drives it: select a connection row,
// type a message, click Send; a real client receives it, the log shows "sent by you", the
// row's bytes-out grow; Repeat sends N times and Stop stops; a failed send shows on the row in
// words. Built twice: ui_connections_send (threading and event models) and
// ui_connections_send_forking (UI_TEST_FORKING: the connection lives in a forked child).
#include "console_test_support.h"

#include "ConnectionsModel.h"
#include "ConnectionsPanel.h"
#include "HandSender.h"
#include "LogModel.h"

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
  /// Selects the rows of `requestIds` of `serverId` (waiting for them to appear).
  bool selectRows(int serverId, const QList<quint64>& requestIds);
  void typeMessage(const QString& text);

  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<ServerManager> manager_;
  std::unique_ptr<EventRecorder> recorder_;
  std::unique_ptr<ConnectionsModel> model_;
  std::unique_ptr<LogModel> log_;
  std::unique_ptr<ConnectionsPanel> panel_;
};

static Model modelUnderTest() {
#ifdef UI_TEST_FORKING
  return Model::Forking;
#else
  return Model::Event;
#endif
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

bool TestConnectionsSend::selectRows(int serverId, const QList<quint64>& requestIds) {
  if (!waitFor([&] {
        return std::all_of(requestIds.begin(), requestIds.end(), [&](quint64 requestId) {
          return model_->rowOf(serverId, requestId) >= 0;
        });
      }))
    return false;
  QTableView* view = panel_->view();
  view->clearSelection();
  for (const quint64 requestId : requestIds) {
    const int row = model_->rowOf(serverId, requestId);
    const QRect cell = view->visualRect(model_->index(row, ConnectionsModel::Peer));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, cell.center());
  }
  return panel_->selectedConnections().size() == requestIds.size();
}

void TestConnectionsSend::typeMessage(const QString& text) {
  auto* editor = child<QPlainTextEdit>(panel_.get(), "messageEdit");
  editor->clear();
  QTest::keyClicks(editor, text);
}

void TestConnectionsSend::testSelectTypeSendReachesClient_data() {
  QTest::addColumn<Kind>("kind");
  for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram})
    QTest::newRow(qPrintable(ServerSpec::kindName(kind))) << kind;
}

void TestConnectionsSend::testSelectTypeSendReachesClient() {
  QFETCH(Kind, kind);
  const int id = startServer(kind, modelUnderTest());
  const Address server(manager_->find(id)->listeningAddress.toStdString());
  Socket client;
  if (ServerSpec::isStream(kind)) {
    client = Socket::create_connection(server, DEADLINE);
  } else {
    client = datagramClient(server, dir_->filePath(QStringLiteral("c.sock")).toStdString());
    client.sendto("ping", server);
  }
  client.settimeout(DEADLINE);
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::Opened) == 1; }));
  const quint64 requestId = recorder_->events.last().requestId;
  QVERIFY(selectRows(id, {requestId}));
  QVERIFY2(
      child<QLabel>(panel_.get(), "sendTargetLabel")->text().contains(QLatin1String("1 selected")),
      qPrintable(child<QLabel>(panel_.get(), "sendTargetLabel")->text()));

  typeMessage(QStringLiteral("from the server\\x21"));
  click(panel_.get(), "sendButton");
  const std::string received =
      ServerSpec::isStream(kind) ? recvExactly(client, 16) : client.recvfrom(100).first;
  QCOMPARE(bytes(received), QByteArray("from the server!"));
  const int row = model_->rowOf(id, requestId);
  QTRY_COMPARE_WITH_TIMEOUT(model_->connectionAt(row)->bytesOut, quint64{16}, DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(log_->rowCount() > 0 &&
                               log_->data(log_->index(log_->rowCount() - 1, LogModel::Event))
                                   .toString()
                                   .contains(QLatin1String("sent by you")),
                           DEADLINE_MS);
  QCOMPARE(manager_->find(id)->counters.bytesOut, quint64{16});
}

void TestConnectionsSend::testRepeatAndStop() {
  const int id = startServer(Kind::Tcp, modelUnderTest());
  Socket client = connectStream(manager_->find(id)->listeningAddress);
  client.settimeout(DEADLINE);
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::Opened) == 1; }));
  QVERIFY(selectRows(id, {recorder_->events.last().requestId}));
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
  QVERIFY(selectRows(id, {recorder_->events.last().requestId})); // one row of the server
  child<QCheckBox>(panel_.get(), "sendToAllCheck")->setChecked(true);
  typeMessage(QStringLiteral("everyone\\n"));
  click(panel_.get(), "sendButton");
  QCOMPARE(bytes(recvExactly(first, 9)), QByteArray("everyone\n"));
  QCOMPARE(bytes(recvExactly(second, 9)), QByteArray("everyone\n"));
}

void TestConnectionsSend::testFailedSendShowsOnRow() {
  const int id = startServer(Kind::UnixStream, modelUnderTest());
  Socket client = connectStream(manager_->find(id)->listeningAddress); // never reads
  QVERIFY(waitFor([&] { return recorder_->count(id, ConsoleEvent::Kind::Opened) == 1; }));
  const quint64 requestId = recorder_->events.last().requestId;
  QVERIFY(selectRows(id, {requestId}));
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
