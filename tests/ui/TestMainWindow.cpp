// The main window driven through its widgets, offscreen, against real sockets: servers added
// through the editor dialog and started from the toolbar's actions, traffic from real clients,
// the log and connections tables following it, kick / stop, a port in use, settings and
// profiles across a restart of the window, the log's cap and its CSV / JSON Lines export.
//
// With SOCKETSERVER_SCREENSHOT=<file.png> set, `screenshot` also serves the starter profile
// with some traffic and saves the window at 1280x800 (and <file>-1920x1080.png); see
// tests/ui/screenshot.sh.
#include "ConnectionsModel.h"
#include "ConnectionsPanel.h"
#include "LogFilterModel.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerEditorDialog.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "Translations.h"
#include "console_test_support.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTimer>
#include <QUdpSocket>

#include <memory>

using namespace ui_test;

class TestMainWindow : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void firstLaunchLoadsStarterProfile();
  void serveThroughThePanel_data();
  void serveThroughThePanel();
  void portInUseShowsItsError();
  void editorRefusesBadInput();
  void settingsAndProfilesSurviveRestart();
  void closedConnectionsFadeUnlessPinned();
  void logCapDropsOldestRows();
  void logFollowsAFloodInBatches();
  void exportWritesCsvAndJsonLines();
  void screenshot();

private:
  std::unique_ptr<MainWindow> openWindow(bool empty = true);
  int addThroughDialog(MainWindow& window, ServerSpec::Kind kind, const QString& address,
                       const QString& name = {}, ServerSpec::Model model = ServerSpec::Model::Sync);
  static QAction* action(MainWindow& window, const char* name);

  TemporarySettings settings_;
  QTemporaryDir sockets_;
};

void TestMainWindow::initTestCase() {
  QVERIFY(sockets_.isValid());
  QVERIFY(settings_.install()); // the windows save their state: never in the person's
}

void TestMainWindow::init() { QSettings().clear(); }

QAction* TestMainWindow::action(MainWindow& window, const char* name) {
  return window.findChild<QAction*>(QLatin1String(name));
}

std::unique_ptr<MainWindow> TestMainWindow::openWindow(bool empty) {
  auto window = std::make_unique<MainWindow>();
  if (empty)
    window->manager()->removeAll();
  window->show();
  if (!QTest::qWaitForWindowExposed(window.get()))
    return nullptr;
  return window;
}

int TestMainWindow::addThroughDialog(MainWindow& window, ServerSpec::Kind kind,
                                     const QString& address, const QString& name,
                                     ServerSpec::Model model) {
  const int before = window.manager()->count();
  action(window, "addAction")->trigger();
  ServerEditorDialog* dialog = nullptr;
  if (!waitFor([&] { return (dialog = window.findChild<ServerEditorDialog*>()) != nullptr; }))
    return 0;
  auto* kindCombo = dialog->findChild<QComboBox*>(QStringLiteral("kindCombo"));
  kindCombo->setCurrentIndex(kindCombo->findData(static_cast<int>(kind)));
  auto* modelCombo = dialog->findChild<QComboBox*>(QStringLiteral("modelCombo"));
  modelCombo->setCurrentIndex(modelCombo->findData(static_cast<int>(model)));
  auto* addressEdit = dialog->findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  addressEdit->clear();
  QTest::keyClicks(addressEdit, address);
  if (!name.isEmpty())
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit")), name);
  auto* buttons = dialog->findChild<QDialogButtonBox*>();
  QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
  if (!waitFor([&] { return window.manager()->count() == before + 1; }))
    return 0;
  return window.manager()->at(window.manager()->count() - 1).id;
}

void TestMainWindow::firstLaunchLoadsStarterProfile() {
  auto window = openWindow(false);
  QVERIFY(window);
  QCOMPARE(window->manager()->specs(), ServerProfile::starterProfile());
  QCOMPARE(window->serversView()->model()->rowCount(), ServerProfile::starterProfile().size());
  QVERIFY(window->clientPanel());
}

void TestMainWindow::serveThroughThePanel_data() {
  QTest::addColumn<ServerSpec::Model>("model");
  QTest::addColumn<ServerSpec::Kind>("kind");
  QTest::addColumn<QString>("address");
#ifdef UI_TEST_FORKING
  const QList<ServerSpec::Model> models = {ServerSpec::Model::Forking};
#else
  const QList<ServerSpec::Model> models = {ServerSpec::Model::Sync, ServerSpec::Model::Threading,
                                           ServerSpec::Model::ThreadPool, ServerSpec::Model::Event};
#endif
  for (const ServerSpec::Model model : models) {
    for (const ServerSpec::Kind kind :
         {ServerSpec::Kind::Tcp, ServerSpec::Kind::Udp, ServerSpec::Kind::UnixStream,
          ServerSpec::Kind::UnixDatagram}) {
      const QString tag =
          ServerSpec::modelName(model) + QLatin1Char('/') + ServerSpec::kindName(kind);
      const QString address = ServerSpec::isUnix(kind)
                                  ? sockets_.filePath(ServerSpec::modelName(model) +
                                                      QLatin1Char('-') + ServerSpec::kindName(kind))
                                  : QStringLiteral("127.0.0.1:0");
      QTest::newRow(qPrintable(tag)) << model << kind << address;
    }
  }
}

void TestMainWindow::serveThroughThePanel() {
  QFETCH(ServerSpec::Model, model);
  QFETCH(ServerSpec::Kind, kind);
  QFETCH(QString, address);
  auto window = openWindow();
  QVERIFY(window);
  ServerManager& manager = *window->manager();
  const int id = addThroughDialog(*window, kind, address, {}, model);
  QVERIFY(id);
  QCOMPARE(window->selectedServerId(), id);

  action(*window, "startAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(manager.find(id)->state, ServerEntry::State::Listening, DEADLINE_MS);
  const QString real = manager.find(id)->listeningAddress;
  const QModelIndex stateCell = window->serversModel()->index(0, ServersModel::State);
  QVERIFY2(stateCell.data().toString().contains(real), qPrintable(stateCell.data().toString()));
  QVERIFY(!action(*window, "startAction")->isEnabled());

  const Address server(real.toStdString());
  const bool stream = ServerSpec::isStream(kind);
  Socket client =
      stream ? connectStream(real)
             : datagramClient(
                   server, sockets_.filePath(QStringLiteral("client-%1-%2").arg(int(model)).arg(id))
                               .toStdString());
  if (stream) {
    client.sendall("hello panel");
    QCOMPARE(recvExactly(client, 11), std::string("hello panel"));
  } else {
    client.sendto("hello panel", server);
    QCOMPARE(client.recvfrom(4096).first, std::string("hello panel"));
  }

  LogModel* log = window->logModel();
  const auto hasRow = [&](ConsoleEvent::Kind k) {
    for (int r = 0; r < log->rowCount(); ++r)
      if (log->rowAt(r).event.serverId == id && log->rowAt(r).event.kind == k &&
          log->index(r, LogModel::Payload).data().toString() == QLatin1String("hello panel"))
        return true;
    return false;
  };
  QTRY_VERIFY_WITH_TIMEOUT(hasRow(ConsoleEvent::Kind::Received), DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(hasRow(ConsoleEvent::Kind::Sent), DEADLINE_MS);
  ConnectionsModel* connections = window->connectionsModel();
  QTRY_VERIFY_WITH_TIMEOUT(connections->rowCount() >= 1, DEADLINE_MS);
  QCOMPARE(connections->connectionAt(0)->serverId, id);
  QCOMPARE(connections->connectionAt(0)->bytesIn, quint64(11));

  // Selecting the connection filters the log to it.
  window->connectionsView()->selectRow(0);
  const quint64 requestId = connections->connectionAt(0)->requestId;
  QCOMPARE(window->logFilter()->requestId(), requestId);
  QVERIFY(window->logFilter()->rowCount() >= 2);
  for (int r = 0; r < window->logFilter()->rowCount(); ++r)
    QCOMPARE(window->logFilter()->index(r, 0).data(LogModel::RequestIdRole).toULongLong(),
             requestId);

  if (stream) {
    QVERIFY(action(*window, "kickAction")->isEnabled());
    action(*window, "kickAction")->trigger();
    QCOMPARE(recvAll(client), std::string()); // the server closed the connection
    QTRY_VERIFY_WITH_TIMEOUT(connections->connectionAt(connections->rowOf(id, requestId))->state !=
                                 ConnectionsModel::ConnectionState::Open,
                             DEADLINE_MS);
  }
  client.close();

  window->selectServer(id);
  action(*window, "stopAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(manager.find(id)->state, ServerEntry::State::Stopped, DEADLINE_MS);
  if (kind == ServerSpec::Kind::Tcp) {
    // The listener is gone: connecting is refused. (Binding again would need SO_REUSEADDR on
    // both sides while the kicked connection sits in TIME_WAIT: Linux's rule, and the reason
    // for allow_reuse_address.)
    QVERIFY_THROWS_EXCEPTION(socketserver::SocketError, connectStream(real));
  } else if (kind == ServerSpec::Kind::Udp) {
    QUdpSocket probe;
    QVERIFY(probe.bind(QHostAddress::LocalHost, static_cast<quint16>(server.port())));
  }
}

void TestMainWindow::portInUseShowsItsError() {
  QTcpServer squatter;
  QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
  auto window = openWindow();
  QVERIFY(window);
  const int busy = addThroughDialog(*window, ServerSpec::Kind::Tcp,
                                    QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort()),
                                    QStringLiteral("busy"));
  QVERIFY(busy);
  action(*window, "startAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(window->manager()->find(busy)->state, ServerEntry::State::Failed,
                            DEADLINE_MS);
  const QString state = window->serversModel()
                            ->index(window->serversModel()->rowOf(busy), ServersModel::State)
                            .data()
                            .toString();
  QVERIFY2(state.contains(QLatin1String("in use")), qPrintable(state));

  // The app keeps working: another server starts and serves.
  const int ok = addThroughDialog(*window, ServerSpec::Kind::Tcp, QStringLiteral("127.0.0.1:0"));
  QVERIFY(ok);
  action(*window, "startAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(window->manager()->find(ok)->state, ServerEntry::State::Listening,
                            DEADLINE_MS);
  Socket client = connectStream(window->manager()->find(ok)->listeningAddress);
  client.sendall("still here");
  QCOMPARE(recvExactly(client, 10), std::string("still here"));
}

void TestMainWindow::editorRefusesBadInput() {
  auto window = openWindow();
  QVERIFY(window);
  action(*window, "addAction")->trigger();
  ServerEditorDialog* dialog = nullptr;
  QTRY_VERIFY((dialog = window->findChild<ServerEditorDialog*>()) != nullptr);
  auto* addressEdit = dialog->findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  auto* errorLabel = dialog->findChild<QLabel*>(QStringLiteral("errorLabel"));
  auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
  for (const QString& bad :
       {QStringLiteral("127.0.0.1:99999"), QStringLiteral("no port"), QString()}) {
    addressEdit->clear();
    QTest::keyClicks(addressEdit, bad);
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY2(!errorLabel->isHidden() && !errorLabel->text().isEmpty(), qPrintable(bad));
  }
  // Bad hex in a fixed reply is refused too.
  auto* handler = dialog->findChild<QComboBox*>(QStringLiteral("handlerCombo"));
  handler->setCurrentIndex(handler->findData(static_cast<int>(ServerSpec::Handler::FixedReply)));
  dialog->findChild<QComboBox*>(QStringLiteral("replyModeCombo"))->setCurrentIndex(1);
  QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("replyEdit")),
                   QStringLiteral("zz"));
  addressEdit->clear();
  QTest::keyClicks(addressEdit, QStringLiteral("127.0.0.1:0"));
  QTest::mouseClick(ok, Qt::LeftButton);
  QVERIFY(dialog->isVisible());
  QVERIFY2(errorLabel->text().contains(QLatin1String("reply"), Qt::CaseInsensitive),
           qPrintable(errorLabel->text()));
  QCOMPARE(window->manager()->count(), 0);
  dialog->reject();
}

void TestMainWindow::settingsAndProfilesSurviveRestart() {
  const QString profilePath = sockets_.filePath(QStringLiteral("profile.json"));
  QList<ServerSpec> saved;
  {
    auto window = openWindow();
    QVERIFY(window);
    QVERIFY(addThroughDialog(*window, ServerSpec::Kind::Udp, QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("persisted udp")));
    QVERIFY(addThroughDialog(*window, ServerSpec::Kind::UnixStream,
                             sockets_.filePath(QStringLiteral("p.sock"))));
    action(*window, "hexAction")->setChecked(true);
    window->findChild<QCheckBox*>(QStringLiteral("regexCheck"))->setChecked(true);
    window->findChild<QSpinBox*>(QStringLiteral("payloadCapSpin"))->setValue(64);
    QCOMPARE(window->manager()->payloadCap(), 64);
    // The one memory budget: the servers' events in flight and the log's share follow it.
    QTimer::singleShot(0, window.get(), [] {
      auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog);
      dialog->setIntValue(96);
      dialog->accept();
    });
    action(*window, "memoryBudgetAction")->trigger(); // the Log menu's item
    QCOMPARE(window->manager()->memoryBudget().limit(), 96 * MemoryBudget::mebibyte);
    QCOMPARE(window->logModel()->byteBudget(), window->manager()->memoryBudget().logLimit());
    saved = window->manager()->specs();
    QVERIFY(window->saveProfile(profilePath));
    window->close();
  }
  {
    auto window = openWindow(false);
    QVERIFY(window);
    QCOMPARE(window->manager()->specs(), saved);
    QCOMPARE(window->manager()->at(0).spec.name, QStringLiteral("persisted udp"));
    QVERIFY(action(*window, "hexAction")->isChecked());
    QVERIFY(window->logModel()->hexMode());
    QVERIFY(window->findChild<QCheckBox*>(QStringLiteral("regexCheck"))->isChecked());
    QCOMPARE(window->manager()->payloadCap(), 64);
    QCOMPARE(window->manager()->memoryBudget().limit(), 96 * MemoryBudget::mebibyte);
    QCOMPARE(window->logModel()->byteBudget(), 72 * MemoryBudget::mebibyte);

    // A profile replaces the servers.
    window->manager()->removeAll();
    QCOMPARE(window->manager()->count(), 0);
    QString error;
    QVERIFY2(window->openProfile(profilePath, &error), qPrintable(error));
    QCOMPARE(window->manager()->specs(), saved);
    QVERIFY(!window->openProfile(sockets_.filePath(QStringLiteral("missing.json")), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(window->manager()->specs(), saved);
    window->close();
  }
}

namespace {

ConsoleEvent trafficEvent(int i, ConsoleEvent::Kind kind, const QByteArray& payload) {
  ConsoleEvent e;
  e.timestampMs = 1700000000000 + i;
  e.serverId = 1;
  e.requestId = static_cast<quint64>(i) / 10 + 1;
  e.kind = kind;
  e.peer = QStringLiteral("127.0.0.1:4000");
  e.payload = payload;
  e.size = payload.size();
  return e;
}

} // namespace

void TestMainWindow::closedConnectionsFadeUnlessPinned() {
  ServerManager manager;
  ConnectionsModel model(&manager);
  const qint64 longAgo = QDateTime::currentMSecsSinceEpoch() - 60000;
  QVector<ConsoleEvent> events;
  for (quint64 request : {1, 2, 3}) {
    ConsoleEvent opened;
    opened.timestampMs = longAgo;
    opened.serverId = 7;
    opened.requestId = request;
    opened.kind = ConsoleEvent::Kind::Opened;
    opened.peer = QStringLiteral("127.0.0.1:%1").arg(5000 + request);
    events << opened;
    ConsoleEvent received = opened;
    received.kind = ConsoleEvent::Kind::Received;
    received.size = 5;
    events << received;
    if (request != 3) { // 3 stays open
      ConsoleEvent finished = opened;
      finished.kind = ConsoleEvent::Kind::Finished;
      finished.outcome =
          request == 2 ? ConsoleEvent::Outcome::Error : ConsoleEvent::Outcome::Completed;
      events << finished;
    }
  }
  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  emit manager.eventsReady(events);
  QCOMPARE(inserted.size(), 1);
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.connectionAt(0)->bytesIn, quint64(5));
  QCOMPARE(model.connectionAt(1)->state, ConnectionsModel::ConnectionState::Error);
  QCOMPARE(model.openCount(), 1);

  model.setFadeAfterMs(0); // keep closed rows
  model.expire();
  QCOMPARE(model.rowCount(), 3);
  model.setFadeAfterMs(1000);
  model.setPinned(model.rowOf(7, 2), true);
  model.expire();
  QCOMPARE(model.rowCount(), 2); // 1 faded; 2 is pinned, 3 is open
  QVERIFY(model.rowOf(7, 1) < 0);
  QCOMPARE(model.connectionAt(model.rowOf(7, 2))->requestId, quint64(2));
  QCOMPARE(model.connectionAt(model.rowOf(7, 3))->state, ConnectionsModel::ConnectionState::Open);
  model.setPinned(model.rowOf(7, 2), false);
  model.expire();
  QCOMPARE(model.rowCount(), 1);
}

void TestMainWindow::logCapDropsOldestRows() {
  LogModel log(nullptr);
  log.setCapacity(10);
  QSignalSpy inserted(&log, &QAbstractItemModel::rowsInserted);
  for (int batch = 0; batch < 3; ++batch) {
    QVector<ConsoleEvent> events;
    for (int i = 0; i < 7; ++i)
      events << trafficEvent(batch * 7 + i, ConsoleEvent::Kind::Received,
                             QByteArray::number(batch * 7 + i));
    log.append(events);
  }
  QCOMPARE(inserted.size(), 3); // one insertion per batch
  QCOMPARE(log.rowCount(), 10);
  QCOMPARE(log.droppedCount(), quint64(11));
  QCOMPARE(log.rowAt(0).event.payload, QByteArray("11"));
  QCOMPARE(log.rowAt(9).event.payload, QByteArray("20"));

  // A batch larger than the ring keeps its newest rows.
  QVector<ConsoleEvent> flood;
  for (int i = 0; i < 25; ++i)
    flood << trafficEvent(100 + i, ConsoleEvent::Kind::Sent, QByteArray::number(100 + i));
  log.append(flood);
  QCOMPARE(log.rowCount(), 10);
  QCOMPARE(log.rowAt(0).event.payload, QByteArray("115"));
  QCOMPARE(log.droppedCount(), quint64(11 + 10 + 15));

  // Paused: rows wait, then appear.
  log.setPaused(true);
  log.append({trafficEvent(200, ConsoleEvent::Kind::Received, "late")});
  QCOMPARE(log.pendingCount(), 1);
  QCOMPARE(log.rowAt(9).event.payload, QByteArray("124"));
  log.setPaused(false);
  QCOMPARE(log.rowAt(9).event.payload, QByteArray("late"));
}

void TestMainWindow::logFollowsAFloodInBatches() {
  auto window = openWindow();
  QVERIFY(window);
  window->logModel()->setCapacity(1000);
  const int id = addThroughDialog(*window, ServerSpec::Kind::Udp, QStringLiteral("127.0.0.1:0"));
  QVERIFY(id);
  action(*window, "startAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(window->manager()->find(id)->state, ServerEntry::State::Listening,
                            DEADLINE_MS);
  QSignalSpy inserted(window->logModel(), &QAbstractItemModel::rowsInserted);
  const Address server(window->manager()->find(id)->listeningAddress.toStdString());
  Socket client = datagramClient(server);
  constexpr int datagrams = 2000;
  for (int i = 0; i < datagrams; ++i) {
    client.sendto("flood " + std::to_string(i), server);
    client.recvfrom(4096);
  }
  // Started, then four events a datagram (opened, received, sent, closed); 1000 rows kept.
  QTRY_COMPARE_WITH_TIMEOUT(window->manager()->find(id)->counters.finished, quint64(datagrams),
                            DEADLINE_MS);
  QTRY_COMPARE_WITH_TIMEOUT(window->logModel()->droppedCount(), quint64(1 + 4 * datagrams - 1000),
                            DEADLINE_MS);
  QCOMPARE(window->logModel()->rowCount(), 1000);
  QCOMPARE(window->logModel()->rowAt(999).event.kind, ConsoleEvent::Kind::Finished);
  QVERIFY2(inserted.size() < 4 * datagrams / 10, qPrintable(QString::number(inserted.size())));
  auto* dropped = window->findChild<QLabel*>(QStringLiteral("droppedLabel"));
  QTRY_VERIFY(!dropped->isHidden());
  QVERIFY2(dropped->text().contains(QLatin1String("dropped")), qPrintable(dropped->text()));
}

void TestMainWindow::exportWritesCsvAndJsonLines() {
  auto window = openWindow();
  QVERIFY(window);
  LogModel* log = window->logModel();
  log->append({trafficEvent(1, ConsoleEvent::Kind::Received, "plain"),
               trafficEvent(2, ConsoleEvent::Kind::Sent, "a,\"quoted\"\r\nline"),
               trafficEvent(3, ConsoleEvent::Kind::Received, "other")});
  QCOMPARE(log->rowCount(), 3);

  // Only the visible rows are exported.
  window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->setText(QStringLiteral("quoted"));
  QCOMPARE(window->logFilter()->rowCount(), 1);
  const QString csvPath = sockets_.filePath(QStringLiteral("log.csv"));
  QString error;
  QVERIFY2(window->exportLog(csvPath, MainWindow::ExportFormat::Csv, &error), qPrintable(error));
  QFile csv(csvPath);
  QVERIFY(csv.open(QIODevice::ReadOnly));
  const QByteArray csvText = csv.readAll();
  const QList<QByteArray> lines = csvText.split('\n');
  QCOMPARE(lines.at(0), QByteArray("time,server,request,peer,event,size,payload\r"));
  // The event in the view's words; the payload shows escaped (CR LF as \r\n) and the field is
  // quoted, quotes doubled.
  QVERIFY2(
      csvText.contains(QStringLiteral(",→ sent,16,\"a,\"\"quoted\"\"\\r\\nline\"\r\n").toUtf8()),
      csvText.constData());
  QCOMPARE(csvText.count("\r\n"), 2);

  window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->clear();
  window->findChild<QComboBox*>(QStringLiteral("directionCombo"))->setCurrentIndex(1); // Received
  QCOMPARE(window->logFilter()->rowCount(), 2);
  const QString jsonPath = sockets_.filePath(QStringLiteral("log.jsonl"));
  QVERIFY2(window->exportLog(jsonPath, MainWindow::ExportFormat::JsonLines, &error),
           qPrintable(error));
  QFile jsonl(jsonPath);
  QVERIFY(jsonl.open(QIODevice::ReadOnly));
  QList<QByteArray> records = jsonl.readAll().split('\n');
  QCOMPARE(records.size(), 3);
  QVERIFY(records.at(2).isEmpty());
  for (int i = 0; i < 2; ++i) {
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(records.at(i), &parseError);
    QVERIFY2(doc.isObject(), qPrintable(parseError.errorString()));
    QCOMPARE(doc.object().value(QLatin1String("event")).toString(), QStringLiteral("received"));
  }

  // Regex filter, and an invalid one keeps the previous filter.
  window->findChild<QCheckBox*>(QStringLiteral("regexCheck"))->setChecked(true);
  window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))
      ->setText(QStringLiteral("^pl[a-z]+n\\b"));
  QCOMPARE(window->logFilter()->rowCount(), 1);
  window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->setText(QStringLiteral("(("));
  QCOMPARE(window->logFilter()->rowCount(), 1);
}

void TestMainWindow::screenshot() {
  const QString path = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT");
  if (path.isEmpty())
    QSKIP("set SOCKETSERVER_SCREENSHOT=<file.png> to save a screenshot");
  // SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN: the same window in another language.
  if (const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
      !language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  auto window = openWindow(false);
  QVERIFY(window);
  window->resize(1280, 800);
  ServerManager& manager = *window->manager();
  // The run before (English, then Chinese) leaves its connections to the starter ports in
  // TIME_WAIT on the servers' side: without address reuse the next run's binds would fail.
  for (const int id : manager.ids()) {
    ServerSpec spec = manager.find(id)->spec;
    spec.allowReuseAddress = true;
    manager.update(id, spec);
  }
  manager.startAll();
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        for (int r = 0; r < manager.count(); ++r)
          if (manager.at(r).state == ServerEntry::State::Starting)
            return false;
        return true;
      }(),
      DEADLINE_MS);
  // A failing server shows how a failure reads.
  ServerSpec broken;
  broken.name = QStringLiteral("Port in use");
  broken.address = manager.at(0).listeningAddress.isEmpty() ? QStringLiteral("127.0.0.1:9999")
                                                            : manager.at(0).listeningAddress;
  manager.start(manager.add(broken));

  std::vector<Socket> keep;
  for (int r = 0; r < manager.count(); ++r) {
    const ServerEntry& e = manager.at(r);
    if (e.state != ServerEntry::State::Listening)
      continue;
    const Address address(e.listeningAddress.toStdString());
    if (e.spec.kind == ServerSpec::Kind::Udp) {
      Socket udp = datagramClient(address);
      for (const char* text : {"hello udp", "ping 2", "\x01\x02 binary"}) {
        udp.sendto(text, address);
        udp.recvfrom(4096);
      }
    } else if (e.spec.handler == ServerSpec::Handler::HttpHello) {
      Socket http = connectStream(e.listeningAddress);
      http.sendall("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
      recvAll(http);
    } else {
      Socket tcp = connectStream(e.listeningAddress);
      if (e.spec.handler == ServerSpec::Handler::Welcome)
        tcp.recv(4096);
      tcp.sendall("hello, server\n");
      tcp.recv(4096);
      if (e.spec.oncePerConnection)
        continue; // answered and closed, as the reference's first server does
      tcp.sendall("second line\tüñï\n");
      tcp.recv(4096);
      keep.push_back(std::move(tcp));
    }
  }
  QTRY_VERIFY_WITH_TIMEOUT(window->connectionsModel()->openCount() >= 3, DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(window->logModel()->rowCount() >= 30, DEADLINE_MS);
  // Let the rate sampler tick a few times, with traffic, so the sparklines show a line.
  for (int tick = 1; tick <= 4; ++tick) {
    QTRY_VERIFY_WITH_TIMEOUT(manager.at(1).requestRates.size() >= tick, DEADLINE_MS);
    for (int r = 0; r < manager.count(); ++r) {
      const ServerEntry& e = manager.at(r);
      if (e.state == ServerEntry::State::Listening && e.spec.kind == ServerSpec::Kind::Udp) {
        const Address address(e.listeningAddress.toStdString());
        Socket udp = datagramClient(address);
        for (int n = 0; n < tick * 2; ++n) {
          udp.sendto("tick", address);
          udp.recvfrom(4096);
        }
      }
    }
  }
  window->selectServer(manager.at(0).id);

  QCOMPARE(window->size(), QSize(1280, 800));
  QVERIFY(window->grab().save(path));
  window->resize(1920, 1080);
  QTRY_COMPARE(window->size(), QSize(1920, 1080));
  QString wide = path;
  wide.replace(QLatin1String(".png"), QLatin1String("-1920x1080.png"));
  QVERIFY(window->grab().save(wide));
  // The connections panel's send part, for a look (not part of the README): at both sizes,
  // next to the screenshot in /tmp, with a connection selected and a message typed.
  {
    ConnectionsPanel* connections = window->connectionsPanel();
    action(*window, "sendAction")->trigger();
    const ConnectionsModel* model = window->connectionsModel();
    for (int row = 0; row < model->rowCount(); ++row) {
      if (model->connectionAt(row)->state == ConnectionsModel::ConnectionState::Open) {
        connections->view()->selectRow(row);
        break;
      }
    }
    auto* editor = window->findChild<QWidget*>(QStringLiteral("sendPanel"))
                       ->findChild<QPlainTextEdit*>(QStringLiteral("messageEdit"));
    editor->setPlainText(QStringLiteral("hello from the server\\n"));
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
      window->resize(size);
      QTRY_COMPARE(window->size(), size);
      QString file = QDir::temp().filePath(QFileInfo(path).completeBaseName());
      file += QStringLiteral("-send-%1x%2.png").arg(size.width()).arg(size.height());
      QVERIFY(window->grab().save(file));
    }
    action(*window, "sendAction")->trigger();
  }
  // The editor, for a look (not part of the README): next to the screenshot, in /tmp.
  window->selectServer(manager.at(4).id);
  action(*window, "editAction")->trigger();
  ServerEditorDialog* dialog = nullptr;
  QTRY_VERIFY((dialog = window->findChild<ServerEditorDialog*>()) != nullptr);
  QVERIFY(QTest::qWaitForWindowExposed(dialog));
  QVERIFY(dialog->grab().save(QDir::temp().filePath(QStringLiteral("socketserver-editor.png"))));
  dialog->reject();
  for (Socket& s : keep)
    s.close();
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
