// The connections panel's send part, driven as a person drives it: select a connection row,
// type a message, click Send; a real client receives it, the log shows "sent by you", the
// row's bytes-out grow — in every model and for every kind; Repeat sends N times and Stop
// stops; a failed send shows on the row in words. Rows are found by their server and the
// client's address, as a person finds them (not by position or request id).
// Built twice: ui_connections_send (sync, threading, thread pool and event) and
// ui_connections_send_forking (UI_TEST_FORKING: the connection lives in a forked child).
//
// With SOCKETSERVER_SCREENSHOT_DIR set, `screenshot` saves the main window with Send… open
// there as it opens on the offscreen screen (send[-LANGUAGE]-WxH.png; with
// SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN: in Chinese); tests/ui/screenshot-rules.sh runs it at
// 1280x800 and 1920x1080.
#include "console_test_support.h"

#include "ClientPanel.h"
#include "ConnectionsModel.h"
#include "ConnectionsPanel.h"
#include "HandSender.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "Translations.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QTabBar>
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

/// The title of the dock in front among the window's tabbed docks ("" when none are tabbed).
/// The front tab of the window's docks (the dock tab bars are the window's own children; a
/// panel's own tabs, such as the test client's Conversation and History, are not).
QString frontTab(const QMainWindow& window) {
  for (const QTabBar* bar : window.findChildren<QTabBar*>(Qt::FindDirectChildrenOnly))
    if (bar->isVisible() && bar->currentIndex() >= 0)
      return bar->tabText(bar->currentIndex());
  return {};
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
  void initTestCase();
  void init();
  void cleanup();

  void testSelectTypeSendReachesClient_data();
  void testSelectTypeSendReachesClient();
  void testRepeatAndStop();
  void testSendToEveryConnectionOfServer();
  void testFailedSendShowsOnRow();
  void testWindowShowsSendAsATabBesideTheTestClient();
  void screenshot();

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
  TemporarySettings settings_;
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

void TestConnectionsSend::initTestCase() { QVERIFY(settings_.install()); } // the window's

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
  QTRY_COMPARE_WITH_TIMEOUT(manager_->find(id)->counters.bytesOut, quint64{16}, DEADLINE_MS);
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
  QVERIFY(manager_->sendTo(id, requestId, QByteArray(qsizetype{64} * 1024 * 1024, 'x')));
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

void TestConnectionsSend::testWindowShowsSendAsATabBesideTheTestClient() {
  QSettings().clear();
  auto window = std::make_unique<MainWindow>();
  window->resize(1280, 800);
  window->show();
  QVERIFY(QTest::qWaitForWindowExposed(window.get()));
  ConnectionsPanel* panel = window->connectionsPanel();
  auto* dock = window->findChild<QDockWidget*>(QStringLiteral("sendDock"));
  auto* part = window->findChild<QWidget*>(QStringLiteral("sendPanel"));
  auto* send = panel->findChild<QAction*>(QStringLiteral("sendAction"));
  if (!dock || !part || !send)
    QFAIL("no sendDock, sendPanel or sendAction");
  QVERIFY(dock->isAncestorOf(part));
  QVERIFY(dock->isHidden() && !send->isChecked());
  const int tableWidth = panel->view()->width();

  // Send… shows the part in front of the test client; the table keeps its width.
  send->trigger();
  QTRY_VERIFY(part->isVisible());
  QTRY_COMPARE(frontTab(*window), dock->windowTitle());   // the test client's tab behind
  QVERIFY2(panel->view()->width() >= tableWidth * 9 / 10, // (not shared with the part)
           qPrintable(QStringLiteral("%1 of %2").arg(panel->view()->width()).arg(tableWidth)));
  QVERIFY(child<QPlainTextEdit>(part, "messageEdit")->isVisible());

  // Its settings keep it open across a restart; the dock's own close button unchecks Send….
  window->saveSettings();
  window = std::make_unique<MainWindow>();
  window->show();
  QVERIFY(QTest::qWaitForWindowExposed(window.get()));
  dock = window->findChild<QDockWidget*>(QStringLiteral("sendDock"));
  send = window->connectionsPanel()->findChild<QAction*>(QStringLiteral("sendAction"));
  QTRY_VERIFY(window->findChild<QWidget*>(QStringLiteral("sendPanel"))->isVisible());
  QVERIFY(send->isChecked());
  dock->close();
  QVERIFY(!send->isChecked());
  QTRY_VERIFY(!window->clientPanel()->visibleRegion().isEmpty()); // in front again
}

void TestConnectionsSend::screenshot() {
  const QString dir = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_DIR");
  if (dir.isEmpty())
    QSKIP("set SOCKETSERVER_SCREENSHOT_DIR=<dir> to save screenshots of Send…");
  const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
  if (!language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  QSettings().clear();
  MainWindow window;
  ServerManager& manager = *window.manager();
  // The starter profile, on free ports (its own may be taken on this machine).
  manager.removeAll();
  for (ServerSpec spec : ServerProfile::starterProfile()) {
    spec.address = QStringLiteral("127.0.0.1:0");
    QVERIFY(startAndWait(manager, manager.add(spec)));
  }
  // As a window opens maximised on the offscreen platform's screen (its configfile's size).
  window.resize(window.screen()->availableSize());
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));

  // Three clients of the welcome-banner server and one UDP peer, with some traffic.
  const ServerEntry& welcome = manager.at(3);
  std::vector<Socket> clients;
  for (const char* line : {"hello\n", "status?\n", "bye?\n"}) {
    clients.push_back(connectStream(welcome.listeningAddress));
    recvUntil(clients.back(), "succeed!"); // the banner
    clients.back().sendall(line);
    recvUntil(clients.back(), "\n");
  }
  const Address udpServer(manager.at(1).listeningAddress.toStdString());
  Socket udp = datagramClient(udpServer);
  udp.sendto("ping", udpServer);
  udp.recvfrom(100);

  // Send… open, the second client's row selected, a message typed and sent once.
  ConnectionsPanel* panel = window.connectionsPanel();
  panel->findChild<QAction*>(QStringLiteral("sendAction"))->trigger();
  const QString peer = peerOf(clients.at(1));
  const ConnectionsModel* connections = window.connectionsModel();
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        for (int row = 0; row < connections->rowCount(); ++row)
          if (connections->connectionAt(row)->peer == peer)
            panel->view()->selectRow(row);
        return panel->selectedConnection() != nullptr;
      }(),
      DEADLINE_MS);
  // (In the window the part lives in a dock of its own, beside the test client.)
  auto* part = window.findChild<QWidget*>(QStringLiteral("sendPanel"));
  QVERIFY(part->isVisible());
  QTest::keyClicks(child<QPlainTextEdit>(part, "messageEdit"),
                   QStringLiteral("server going down in 5 min\\n"));
  click(part, "sendButton");
  QCOMPARE(recvUntil(clients.at(1), "\n"), std::string("server going down in 5 min\n"));
  QTRY_VERIFY_WITH_TIMEOUT(
      window.logModel()->rowCount() > 0 &&
          window.logModel()->rowAt(window.logModel()->rowCount() - 1).event.kind ==
              ConsoleEvent::Kind::SentByHand,
      DEADLINE_MS); // the log's "sent by you" row, for the picture

  const QSize screen = window.screen()->availableSize();
  const QString file = QStringLiteral("%1/send%2-%3x%4.png")
                           .arg(dir, language.isEmpty() ? QString() : QLatin1Char('-') + language)
                           .arg(screen.width())
                           .arg(screen.height());
  QVERIFY(window.grab().save(file));
}

QTEST_MAIN(TestConnectionsSend)
#include "TestConnectionsSend.moc"
