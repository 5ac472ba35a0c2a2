// Clients waiting in a server's backlog, as a person sees them: a synchronous stream server
// busy with one silent client leaves the next ones connected but unserved; the servers
// table's row says how many wait, in the warning colour, with a tooltip that says why and
// what to change, and the log has one notice. It goes when the queue drains. Real sockets,
// TCP and Unix stream; a threading server never shows it. The starter profile's synchronous
// TCP server (one request per connection) answers clients that queue up behind the console's
// own test client, once the test client's message is answered: nobody has to disconnect.
//
// With SOCKETSERVER_SCREENSHOT=<file.png> set, `screenshot` saves the main window with such
// a row at 1280x800 and <file>-1920x1080.png (SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN: in
// Chinese).
#include "ClientPanel.h"
#include "ConnectionsModel.h"
#include "ConsoleStyle.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "ServersPanel.h"
#include "Translations.h"
#include "console_test_support.h"
#include "widget_test_support.h"

#include <QApplication>
#include <QBrush>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QToolTip>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace ui_test;

namespace {

/// Echoes one line on `client` and checks it came back: the server is serving it.
bool echoes(Socket& client, const std::string& line) {
  client.sendall(line);
  return recvUntil(client, "\n") == line;
}

/// A client of a server that has not accepted it yet: connect() returns (the kernel
/// completed it into the backlog) and its first line waits in the socket.
Socket waitingClient(const QString& address, const std::string& line) {
  Socket client = connectStream(address);
  client.sendall(line);
  return client;
}

/// A synchronous server held by one silent client (`first`, served once), with two more
/// connected behind it (`second`, `third`, each with a line sent and no answer yet).
struct HeldServer {
  Socket first;
  Socket second;
  Socket third;
};

/// Holds synchronous server `id` as HeldServer describes; true once the manager counts the
/// two waiting clients.
bool holdWithTwoWaiting(ServerManager& manager, int id, HeldServer& held) {
  const QString address = manager.find(id)->listeningAddress;
  held.first = connectStream(address);
  if (!echoes(held.first, "first\n"))
    return false;
  held.second = waitingClient(address, "second\n");
  held.third = waitingClient(address, "third\n");
  return waitFor([&] { return manager.find(id)->waiting == 2; });
}

} // namespace

class TestBacklogWaiting : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void syncServerRowShowsWaitingClients_data();
  void syncServerRowShowsWaitingClients();
  void threadingServerLeavesNoneWaiting();
  void waitingChangesLeaveTheSavedListAlone();
  void starterSyncServerAnswersClientsBehindTheTestClient();
  void screenshot();

private:
  QString specUrl(const QString& kind, const QString& model);

  TemporarySettings settings_;
  QTemporaryDir sockets_;
  int socketCounter_ = 0;
};

void TestBacklogWaiting::initTestCase() {
  QVERIFY(sockets_.isValid());
  QVERIFY(settings_.install()); // the windows save their state: never in the person's
}

QString TestBacklogWaiting::specUrl(const QString& kind, const QString& model) {
  const QString address = kind == QLatin1String("tcp")
                              ? QStringLiteral("127.0.0.1:0")
                              : sockets_.filePath(QStringLiteral("w%1.sock").arg(++socketCounter_));
  return QStringLiteral("%1://%2?handler=echo&mode=%3").arg(kind, address, model);
}

void TestBacklogWaiting::syncServerRowShowsWaitingClients_data() {
  QTest::addColumn<QString>("kind");
  QTest::newRow("tcp") << QStringLiteral("tcp");
  QTest::newRow("unix") << QStringLiteral("unix");
}

void TestBacklogWaiting::syncServerRowShowsWaitingClients() {
  QFETCH(QString, kind);
  ServerManager manager;
  EventRecorder recorder(manager);
  ServersModel model(&manager);
  ServersPanel panel(&manager, &model);
  panel.show();
  const auto spec = ServerSpec::fromUrl(specUrl(kind, QStringLiteral("sync")));
  QVERIFY(spec.has_value());
  const int id = manager.add(*spec);
  QVERIFY(startAndWait(manager, id));
  const QString address = manager.find(id)->listeningAddress;

  // One client holds the synchronous server; two more wait in its backlog.
  HeldServer held;
  QVERIFY(holdWithTwoWaiting(manager, id, held));
  QCOMPARE(manager.find(id)->waiting, 2U);

  // The row, as the panel's view shows it.
  QAbstractItemModel* shown = panel.view()->model();
  const QModelIndex state = shown->index(model.rowOf(id), ServersModel::State);
  const QString text = shown->data(state, Qt::DisplayRole).toString();
  QVERIFY2(text.contains(address) && text.contains(QLatin1String("2 waiting")), qPrintable(text));
  const QString tip = shown->data(state, Qt::ToolTipRole).toString();
  QVERIFY2(tip.contains(QLatin1String("synchronous server serves one connection at a time: 2 "
                                      "clients wait in its backlog")) &&
               tip.contains(QLatin1String("Threading or Event")) &&
               tip.contains(QLatin1String("One request per connection")),
           qPrintable(tip));
  QCOMPARE(shown->data(state, Qt::ForegroundRole).value<QBrush>().color(),
           ConsoleStyle::waitingColor());
  QVERIFY(!shown->data(state, Qt::DecorationRole).isNull());
  QCOMPARE(shown->data(state, ServersModel::WaitingRole).toUInt(), 2U);
  // The log says it once, in words.
  QTRY_COMPARE_WITH_TIMEOUT(recorder.count(id, ConsoleEvent::Kind::Notice), 1, DEADLINE_MS);
  const QString notice = recorder.last(id, ConsoleEvent::Kind::Notice)->text;
  QVERIFY2(notice.contains(QLatin1String("2 clients wait")), qPrintable(notice));

  // The first leaves: the others are served in turn, and the queue drains.
  held.first.close();
  QCOMPARE(recvUntil(held.second, "\n"), std::string("second\n"));
  held.second.close();
  QCOMPARE(recvUntil(held.third, "\n"), std::string("third\n"));
  QTRY_COMPARE_WITH_TIMEOUT(manager.find(id)->waiting, 0U, DEADLINE_MS);
  // (The socket's directory name may say "waiting" too: compare the whole text.)
  const QString drained = shown->data(state, Qt::DisplayRole).toString();
  QCOMPARE(drained, QStringLiteral("Listening on %1").arg(address));
  QCOMPARE(shown->data(state, Qt::ToolTipRole).toString(), drained);
  QCOMPARE(shown->data(state, Qt::ForegroundRole).value<QBrush>().color(),
           ConsoleStyle::healthyColor());
  QVERIFY(shown->data(state, Qt::DecorationRole).isNull());
  QCOMPARE(recorder.count(id, ConsoleEvent::Kind::Notice), 1);
  held.third.close();
  QVERIFY(stopAndWait(manager, id));
  QCOMPARE(manager.find(id)->waiting, 0U);
}

void TestBacklogWaiting::threadingServerLeavesNoneWaiting() {
  ServerManager manager;
  ServersModel model(&manager);
  const auto spec =
      ServerSpec::fromUrl(specUrl(QStringLiteral("tcp"), QStringLiteral("threading")));
  QVERIFY(spec.has_value());
  const int id = manager.add(*spec);
  QVERIFY(startAndWait(manager, id));
  const QString address = manager.find(id)->listeningAddress;
  std::vector<Socket> clients;
  for (const char* line : {"one\n", "two\n", "three\n"}) {
    clients.push_back(connectStream(address));
    QVERIFY(echoes(clients.back(), line));
  }
  // Two samples with every client served and still connected: nobody waits.
  const qsizetype samples = manager.find(id)->requestRates.size();
  QTRY_VERIFY_WITH_TIMEOUT(manager.find(id)->requestRates.size() >= samples + 2, DEADLINE_MS);
  QCOMPARE(manager.find(id)->waiting, 0U);
  QCOMPARE(model.data(model.index(0, ServersModel::State)).toString(),
           QStringLiteral("Listening on %1").arg(address));
}

// The panel saves the list of servers in the settings, and each QSettings write syncs the file
// to disk. Changes of state and of the waiting count (once a second under load) must not write
// it: on a busy disk one write stalled the window for seconds (issue 15). An edit does.
void TestBacklogWaiting::waitingChangesLeaveTheSavedListAlone() {
  const QString savedList = QStringLiteral("servers/profile");
  ServerManager manager;
  ServersModel model(&manager);
  ServersPanel panel(&manager, &model);
  const auto spec = ServerSpec::fromUrl(specUrl(QStringLiteral("tcp"), QStringLiteral("sync")));
  QVERIFY(spec.has_value());
  const int id = manager.add(*spec);
  QVERIFY(QSettings().contains(savedList)); // adding a server saves the list
  QSettings().remove(savedList);            // from here on, a write would put it back

  QVERIFY(startAndWait(manager, id));
  HeldServer held;
  QVERIFY(holdWithTwoWaiting(manager, id, held));
  held.first.close();
  held.second.close();
  held.third.close();
  QTRY_COMPARE_WITH_TIMEOUT(manager.find(id)->waiting, 0U, DEADLINE_MS);
  QVERIFY(stopAndWait(manager, id));
  QVERIFY2(!QSettings().contains(savedList), "a change of state rewrote the saved servers");

  ServerSpec renamed = *spec;
  renamed.name = QStringLiteral("renamed");
  QVERIFY(manager.update(id, renamed));
  QVERIFY(QSettings().value(savedList).toByteArray().contains("renamed"));
}

namespace {

/// A client as the reference documents write it (Python's TCPServer client): connect, send
/// a line, read the reply, close. Throws when the deadline passes first.
std::string referenceClient(const QString& address, const std::string& line) {
  Socket client = connectStream(address);
  client.sendall(line);
  return recvUntil(client, "\n");
}

} // namespace

void TestBacklogWaiting::starterSyncServerAnswersClientsBehindTheTestClient() {
  QSettings().clear();
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  ServerManager& manager = *window.manager();
  // The starter profile's first server, as the window loads it, on a free port.
  const ServerSpec starter = ServerProfile::starterProfile().constFirst();
  QVERIFY(starter.model == ServerSpec::Model::Sync && starter.oncePerConnection);
  QCOMPARE(manager.find(manager.at(0).id)->spec, starter);
  ServerSpec spec = starter;
  spec.address = QStringLiteral("127.0.0.1:0");
  manager.removeAll();
  const int id = manager.add(spec);
  QVERIFY(startAndWait(manager, id));
  const QString address = manager.find(id)->listeningAddress;

  // The test client panel connects, as a person does, and says nothing yet: the synchronous
  // server is serving it.
  ClientPanel* panel = window.clientPanel();
  auto* transport = panel->findChild<QComboBox*>(QStringLiteral("transportCombo"));
  transport->setCurrentIndex(transport->findData(static_cast<int>(ServerSpec::Kind::Tcp)));
  auto* target = panel->findChild<QLineEdit*>(QStringLiteral("targetEdit"));
  target->clear();
  QTest::keyClicks(target, address);
  QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("connectButton")),
                    Qt::LeftButton);
  QTRY_COMPARE_WITH_TIMEOUT(window.connectionsModel()->openCount(), 1, DEADLINE_MS);

  // Two reference clients, one after the other, the first queued while the panel is connected.
  std::atomic<bool> firstQueued = false;
  std::atomic<bool> done = false;
  std::string first;
  std::string second;
  // (A jthread: joined on every way out; its sockets' deadlines bound the join.)
  std::jthread clients([&] {
    try {
      Socket queued = connectStream(address);
      queued.sendall("first client\n");
      firstQueued = true;
      first = recvUntil(queued, "\n");
      queued.close();
      second = referenceClient(address, "second client\n");
    } catch (const std::exception& e) { // a deadline passed: the comparisons below fail
      qWarning("reference client: %s", e.what());
    }
    done = true;
  });
  QTRY_VERIFY_WITH_TIMEOUT(firstQueued, DEADLINE_MS);
  QVERIFY(!done);

  // The panel's message is answered and its connection closed: the clients behind it follow.
  auto* message = panel->findChild<QPlainTextEdit*>(QStringLiteral("messageEdit"));
  message->clear();
  QTest::keyClicks(message, QStringLiteral("hello from the panel\\n"));
  QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("sendButton")), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(done, 2 * DEADLINE_MS);
  QCOMPARE(first, std::string("FIRST CLIENT\n"));
  QCOMPARE(second, std::string("SECOND CLIENT\n"));
  // (The panel reads its reply on this thread's loop: it may come after the clients'.)
  QTRY_VERIFY_WITH_TIMEOUT(
      ui_test::conversationText(panel).contains(QLatin1String("HELLO FROM THE PANEL\\n")),
      DEADLINE_MS);
  QTRY_COMPARE_WITH_TIMEOUT(manager.find(id)->counters.finished, quint64{3}, DEADLINE_MS);
}

void TestBacklogWaiting::screenshot() {
  const QString path = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT");
  if (path.isEmpty())
    QSKIP("set SOCKETSERVER_SCREENSHOT=<file.png> to save a screenshot");
  if (const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
      !language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  QSettings().clear();
  MainWindow window;
  window.manager()->removeAll();
  window.resize(1280, 800);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  ServerManager& manager = *window.manager();
  const int busy =
      manager.add(*ServerSpec::fromUrl(specUrl(QStringLiteral("tcp"), QStringLiteral("sync"))));
  const int idle = manager.add(
      *ServerSpec::fromUrl(specUrl(QStringLiteral("tcp"), QStringLiteral("threading"))));
  QVERIFY(startAndWait(manager, busy));
  QVERIFY(startAndWait(manager, idle));
  HeldServer held;
  QVERIFY(holdWithTwoWaiting(manager, busy, held));
  // The log's notice too (started x2, opened, received, sent, notice).
  QTRY_VERIFY_WITH_TIMEOUT(window.logModel()->rowCount() >= 6, DEADLINE_MS);
  // The other row selected, so that the warning's colour shows.
  window.selectServer(idle);
  QVERIFY(window.grab().save(path));
  // The State cell's tooltip, as hovering shows it (a window of its own: grabbed apart).
  QTableView* view = window.serversView();
  const QModelIndex state = view->model()->index(manager.indexOf(busy), ServersModel::State);
  const QRect cell = view->visualRect(state);
  QToolTip::showText(view->viewport()->mapToGlobal(cell.center()),
                     view->model()->data(state, Qt::ToolTipRole).toString(), view->viewport());
  QWidget* tip = nullptr;
  QTRY_VERIFY([&] {
    for (QWidget* widget : QApplication::topLevelWidgets())
      if (widget->inherits("QTipLabel") && widget->isVisible())
        tip = widget;
    return tip != nullptr;
  }());
  QString tipPath = path;
  tipPath.replace(QLatin1String(".png"), QLatin1String("-tooltip.png"));
  QVERIFY(tip->grab().save(tipPath));
  QToolTip::hideText();
  window.resize(1920, 1080);
  QTRY_COMPARE(window.size(), QSize(1920, 1080));
  QString wide = path;
  wide.replace(QLatin1String(".png"), QLatin1String("-1920x1080.png"));
  QVERIFY(window.grab().save(wide));
}

QTEST_MAIN(TestBacklogWaiting)
#include "TestBacklogWaiting.moc"
