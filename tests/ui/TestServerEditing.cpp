// Adding and editing servers as a person does it, through the window's Add / Edit dialog
// (offscreen) and real sockets: the Add dialog's default model serves several clients at once
// for stream kinds; a Unix kind takes a socket path (an absolute placeholder under
// $XDG_RUNTIME_DIR or the temp directory), a relative path is refused in words and never
// creates a file; editing a running server shows, on its row, which changes wait for a
// restart, while the row keeps showing what runs.
//
// With SOCKETSERVER_SCREENSHOT=<file.png> set, `screenshot` saves the window with an edit
// waiting for a restart and a UDP server's peers in the connections table (plus the State
// cell's tooltip, and the window at 1920x1080); SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN shows
// it in Chinese.
#include "console_test_support.h"

#include "ConnectionsModel.h"
#include "MainWindow.h"
#include "ServerEditorDialog.h"
#include "ServersModel.h"
#include "Translations.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QTableView>
#include <QTcpServer>
#include <QToolTip>

#include <memory>
#include <vector>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;

class TestServerEditing : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void cleanup();

  void addDialogDefaultsToAModelServingSeveral();
  void unixKindTakesAnAbsolutePath();
  void unixPathFallsBackToTheTempDirectory();
  void relativeUnixPathIsRefused();
  void editingARunningServerWaitsForRestart();
  void renamingARunningServerAppliesAtOnce();
  void multicastGroupsAndInterfaceAreChecked();
  void screenshot();

private:
  ServerEditorDialog* openDialog(const char* actionName);
  void setKind(Kind kind);
  QString address() const;
  QString stateText(int id) const;
  QString cell(int id, int column, int role = Qt::DisplayRole) const;
  bool clickOk();

  QTemporaryDir settingsDir_;
  QTemporaryDir runtimeDir_;
  std::unique_ptr<MainWindow> window_;
  ServerEditorDialog* dialog_ = nullptr;
};

void TestServerEditing::initTestCase() {
  QVERIFY(settingsDir_.isValid());
  QVERIFY(runtimeDir_.isValid());
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServerTest"));
  QCoreApplication::setApplicationName(QStringLiteral("TestServerEditing"));
}

void TestServerEditing::init() {
  QSettings().clear();
  qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDir_.path()));
  window_ = std::make_unique<MainWindow>();
  window_->manager()->removeAll();
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestServerEditing::cleanup() {
  if (dialog_)
    dialog_->reject();
  dialog_ = nullptr;
  window_.reset();
}

ServerEditorDialog* TestServerEditing::openDialog(const char* actionName) {
  window_->findChild<QAction*>(QLatin1String(actionName))->trigger();
  dialog_ = nullptr;
  waitFor([&] { return (dialog_ = window_->findChild<ServerEditorDialog*>()) != nullptr; });
  return dialog_;
}

void TestServerEditing::setKind(Kind kind) {
  auto* combo = dialog_->findChild<QComboBox*>(QStringLiteral("kindCombo"));
  combo->setCurrentIndex(combo->findData(static_cast<int>(kind)));
}

QString TestServerEditing::address() const {
  return dialog_->findChild<QLineEdit*>(QStringLiteral("addressEdit"))->text();
}

bool TestServerEditing::clickOk() {
  QTest::mouseClick(dialog_->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                    Qt::LeftButton);
  const bool closed = !dialog_->isVisible();
  if (closed) { // deleted on close, later: the next findChild() must not find it
    const QPointer<ServerEditorDialog> closing(dialog_);
    dialog_ = nullptr;
    waitFor([&] { return closing.isNull(); });
  }
  return closed;
}

QString TestServerEditing::cell(int id, int column, int role) const {
  ServersModel* model = window_->serversModel();
  return model->index(model->rowOf(id), column).data(role).toString();
}

QString TestServerEditing::stateText(int id) const { return cell(id, ServersModel::State); }

void TestServerEditing::addDialogDefaultsToAModelServingSeveral() {
  QVERIFY(openDialog("addAction"));
  auto* model = dialog_->findChild<QComboBox*>(QStringLiteral("modelCombo"));
  QCOMPARE(model->currentData().toInt(),
           int(Model::Threading)); // TCP: a client never blocks the next
  setKind(Kind::Udp);
  QCOMPARE(model->currentData().toInt(), int(Model::Sync)); // a datagram is a short request
  setKind(Kind::UnixStream);
  QCOMPARE(model->currentData().toInt(), int(Model::Threading));
  setKind(Kind::Tcp);
  // A model the person chose stays, whatever the kind.
  model->setCurrentIndex(model->findData(int(Model::Event)));
  setKind(Kind::Udp);
  QCOMPARE(model->currentData().toInt(), int(Model::Event));
  setKind(Kind::Tcp);
  model->setCurrentIndex(model->findData(int(Model::Threading)));
  QVERIFY(clickOk());
  QCOMPARE(window_->manager()->count(), 1);
  QCOMPARE(window_->manager()->at(0).spec.model, Model::Threading);
  QCOMPARE(window_->manager()->at(0).spec.kind, Kind::Tcp);
}

void TestServerEditing::unixKindTakesAnAbsolutePath() {
  QVERIFY(openDialog("addAction"));
  auto* edit = dialog_->findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  edit->clear();
  QTest::keyClicks(edit, QStringLiteral("127.0.0.1:4567"));
  setKind(Kind::UnixStream);
  const QString path = address();
  QVERIFY2(QFileInfo(path).isAbsolute(), qPrintable(path));
  QVERIFY2(path.startsWith(runtimeDir_.path() + QLatin1Char('/')), qPrintable(path));
  QVERIFY2(path.endsWith(QLatin1String(".sock")), qPrintable(path));
  setKind(Kind::UnixDatagram); // still a Unix kind: the path stays
  QCOMPARE(address(), path);
  setKind(Kind::Udp); // an IP kind: the address typed before comes back
  QCOMPARE(address(), QStringLiteral("127.0.0.1:4567"));
  setKind(Kind::UnixStream);
  QCOMPARE(address(), path);
  QVERIFY(clickOk());

  // Another server gets a path of its own.
  QVERIFY(openDialog("addAction"));
  setKind(Kind::UnixStream);
  QVERIFY2(address() != path && address().startsWith(runtimeDir_.path()), qPrintable(address()));
  dialog_->reject();
  dialog_ = nullptr;

  // The path is where the server listens, and the row says so.
  const int id = window_->manager()->at(0).id;
  QVERIFY(startAndWait(*window_->manager(), id));
  QCOMPARE(stateText(id), QStringLiteral("Listening on %1").arg(path));
  QVERIFY(QFileInfo(path).exists());
  Socket client = connectStream(path);
  client.sendall("unix");
  QCOMPARE(recvExactly(client, 4), std::string("unix"));
  client.close();
  QVERIFY(stopAndWait(*window_->manager(), id));
  QVERIFY(!QFileInfo::exists(path));
}

void TestServerEditing::unixPathFallsBackToTheTempDirectory() {
  qunsetenv("XDG_RUNTIME_DIR");
  QVERIFY(openDialog("addAction"));
  setKind(Kind::UnixDatagram);
  QVERIFY2(address().startsWith(QDir::tempPath() + QLatin1Char('/')), qPrintable(address()));
  QVERIFY2(address().endsWith(QLatin1String(".sock")), qPrintable(address()));
}

void TestServerEditing::relativeUnixPathIsRefused() {
  // Run from a directory of our own: nothing may appear in it.
  QTemporaryDir cwd;
  QVERIFY(cwd.isValid());
  const QString previous = QDir::currentPath();
  QVERIFY(QDir::setCurrent(cwd.path()));
  auto restore = qScopeGuard([&] { QDir::setCurrent(previous); });

  QVERIFY(openDialog("addAction"));
  setKind(Kind::UnixStream);
  auto* edit = dialog_->findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  auto* error = dialog_->findChild<QLabel*>(QStringLiteral("errorLabel"));
  for (const QString& relative : {QStringLiteral("echo.sock"), QStringLiteral("127.0.0.1:0")}) {
    edit->clear();
    QTest::keyClicks(edit, relative);
    QVERIFY(!clickOk());
    QVERIFY2(!error->isHidden() && error->text().contains(QLatin1String("relative")),
             qPrintable(error->text()));
    QVERIFY2(error->text().contains(QLatin1String("absolute")), qPrintable(error->text()));
  }
  QCOMPARE(window_->manager()->count(), 0);

  // A spec that comes with one anyway (an old profile, a script) fails to start in words.
  ServerSpec spec;
  spec.kind = Kind::UnixStream;
  spec.address = QStringLiteral("127.0.0.1:0");
  const int id = window_->manager()->add(spec);
  QVERIFY(!window_->manager()->start(id));
  QVERIFY2(stateText(id).contains(QLatin1String("relative")), qPrintable(stateText(id)));
  QCOMPARE(QDir(cwd.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestServerEditing::multicastGroupsAndInterfaceAreChecked() {
  QVERIFY(openDialog("addAction"));
  auto* groups = dialog_->findChild<QLineEdit*>(QStringLiteral("groupsEdit"));
  auto* interfaces = dialog_->findChild<QComboBox*>(QStringLiteral("interfaceCombo"));
  auto* error = dialog_->findChild<QLabel*>(QStringLiteral("errorLabel"));
  QVERIFY(groups && interfaces);
  QVERIFY(!groups->isEnabled()); // TCP: no groups
  setKind(Kind::Udp);
  QVERIFY(groups->isEnabled());
  QVERIFY(interfaces->findData(QStringLiteral("lo")) > 0); // the machine's interfaces
  auto* edit = dialog_->findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  edit->clear();
  QTest::keyClicks(edit, QStringLiteral("0.0.0.0:0"));
  QTest::keyClicks(groups, QStringLiteral("239.1.2.3, 10.0.0.1"));
  QVERIFY(!clickOk());
  QVERIFY2(error->text().contains(QLatin1String("'10.0.0.1' is not a multicast address")),
           qPrintable(error->text()));
  groups->clear();
  QTest::keyClicks(groups, QStringLiteral("239.1.2.3, 239.1.2.4"));
  interfaces->setCurrentIndex(interfaces->findData(QStringLiteral("lo")));
  QVERIFY(clickOk());
  QCOMPARE(window_->manager()->count(), 1);
  const ServerSpec added = window_->manager()->at(0).spec;
  QCOMPARE(added.multicastGroups, QStringList({"239.1.2.3", "239.1.2.4"}));
  QCOMPARE(added.multicastInterface, QStringLiteral("lo"));

  // A spec that names an interface the machine lacks (a profile from another machine) shows
  // it, and is refused in words.
  ServerSpec foreign = added;
  foreign.multicastInterface = QStringLiteral("nosuch0");
  ServerEditorDialog editor;
  editor.setSpec(foreign);
  editor.accept();
  QVERIFY(editor.result() != QDialog::Accepted);
  QVERIFY2(editor.errorText().contains(QLatin1String("no interface 'nosuch0'")),
           qPrintable(editor.errorText()));
}

void TestServerEditing::editingARunningServerWaitsForRestart() {
  ServerSpec spec;
  spec.model = Model::Threading;
  const int id = window_->manager()->add(spec);
  QVERIFY(startAndWait(*window_->manager(), id));
  const QString running = window_->manager()->find(id)->listeningAddress;
  QTcpServer probe; // a free port for the new address
  QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
  const QString newAddress = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
  probe.close();

  window_->selectServer(id);
  QVERIFY(openDialog("editAction"));
  auto* edit = dialog_->findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  edit->clear();
  QTest::keyClicks(edit, newAddress);
  auto* model = dialog_->findChild<QComboBox*>(QStringLiteral("modelCombo"));
  model->setCurrentIndex(model->findData(int(Model::Event)));
  QVERIFY(clickOk());

  // The row shows what runs, and which changes wait.
  QCOMPARE(cell(id, ServersModel::Address), running);
  QCOMPARE(cell(id, ServersModel::Model), ServerSpec::modelLabel(Model::Threading));
  QVERIFY2(
      stateText(id).startsWith(QStringLiteral("Restart to apply: port, model · Listening on ")),
      qPrintable(stateText(id)));
  const QString tip = cell(id, ServersModel::State, Qt::ToolTipRole);
  QVERIFY2(tip.contains(QStringLiteral("%1 → %2").arg(ServerSpec::modelLabel(Model::Threading),
                                                      ServerSpec::modelLabel(Model::Event))),
           qPrintable(tip));
  QVERIFY2(tip.contains(QString::number(probe.serverPort())), qPrintable(tip));
  // What is saved (and what the editor opens with next) is the edited server.
  QCOMPARE(window_->manager()->specs().at(0).address, newAddress);
  QCOMPARE(window_->manager()->specs().at(0).model, Model::Event);
  Socket client = connectStream(running); // still served as before
  client.sendall("old");
  QCOMPARE(recvExactly(client, 3), std::string("old"));
  client.close();

  // Stopped: the row shows the edited server, nothing waits any more.
  QVERIFY(stopAndWait(*window_->manager(), id));
  QVERIFY2(!stateText(id).contains(QLatin1String("Restart")), qPrintable(stateText(id)));
  QCOMPARE(cell(id, ServersModel::Model), ServerSpec::modelLabel(Model::Event));
  QCOMPARE(cell(id, ServersModel::Address), newAddress);
  QVERIFY(startAndWait(*window_->manager(), id));
  QCOMPARE(window_->manager()->find(id)->listeningAddress, newAddress);
  QCOMPARE(stateText(id), QStringLiteral("Listening on %1").arg(newAddress));
}

void TestServerEditing::renamingARunningServerAppliesAtOnce() {
  const int id = window_->manager()->add(ServerSpec{});
  QVERIFY(startAndWait(*window_->manager(), id));
  window_->selectServer(id);
  QVERIFY(openDialog("editAction"));
  QTest::keyClicks(dialog_->findChild<QLineEdit*>(QStringLiteral("nameEdit")),
                   QStringLiteral("renamed"));
  QVERIFY(clickOk());
  QCOMPARE(cell(id, ServersModel::Name), QStringLiteral("renamed"));
  QVERIFY2(!stateText(id).contains(QLatin1String("Restart")), qPrintable(stateText(id)));
}

void TestServerEditing::screenshot() {
  const QString path = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT");
  if (path.isEmpty())
    QSKIP("set SOCKETSERVER_SCREENSHOT=<file.png> to save a screenshot");
  if (const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
      !language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  // A window made in that language (init() made one before it was installed).
  window_ = std::make_unique<MainWindow>();
  window_->manager()->removeAll();
  window_->resize(1280, 800);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  ServerManager& manager = *window_->manager();
  ServerSpec tcp = *ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=threading"
                                                       "&handler=upper&name=Upper-case%20echo"));
  ServerSpec udp = *ServerSpec::fromUrl(QStringLiteral("udp://127.0.0.1:0?name=UDP%20echo"));
  const int edited = manager.add(tcp);
  const int datagrams = manager.add(udp);
  QVERIFY(startAndWait(manager, edited));
  QVERIFY(startAndWait(manager, datagrams));
  // Edited while it runs: another port and model wait for the restart.
  tcp.address = QStringLiteral("127.0.0.1:9100");
  tcp.model = Model::Event;
  QVERIFY(manager.update(edited, tcp));

  Socket connection = connectStream(manager.find(edited)->listeningAddress);
  connection.sendall("hello\n");
  QCOMPARE(recvExactly(connection, 6), std::string("HELLO\n"));
  const Address server(manager.find(datagrams)->listeningAddress.toStdString());
  std::vector<Socket> peers;
  for (const int count : {5, 2}) {
    peers.push_back(datagramClient(server));
    for (int i = 0; i < count; ++i) {
      peers.back().sendto("ping " + std::to_string(i), server);
      peers.back().recvfrom(100);
    }
  }
  QTRY_COMPARE_WITH_TIMEOUT(window_->connectionsModel()->rowCount(), 3, DEADLINE_MS);
  window_->selectServer(datagrams); // the edited row unselected, so that its colours show
  // The status bar's totals catch up every second: 1 connection + 7 datagrams.
  QTRY_VERIFY_WITH_TIMEOUT(window_->findChild<QLabel*>(QStringLiteral("trafficStatus"))
                               ->text()
                               .contains(QStringLiteral("· 8 ")),
                           DEADLINE_MS);
  QVERIFY(window_->grab().save(path));

  // The State cell's tooltip, as hovering shows it (a window of its own: grabbed apart).
  QTableView* view = window_->serversView();
  const QModelIndex state = view->model()->index(manager.indexOf(edited), ServersModel::State);
  QToolTip::showText(view->viewport()->mapToGlobal(view->visualRect(state).center()),
                     state.data(Qt::ToolTipRole).toString(), view->viewport());
  QWidget* tip = nullptr;
  QTRY_VERIFY([&] {
    for (QWidget* widget : QApplication::topLevelWidgets())
      if (widget->inherits("QTipLabel") && widget->isVisible())
        tip = widget;
    return tip != nullptr;
  }());
  QString tipPath = path;
  QVERIFY(tip->grab().save(tipPath.replace(QLatin1String(".png"), QLatin1String("-tooltip.png"))));
  QToolTip::hideText();
  window_->resize(1920, 1080);
  QTRY_COMPARE(window_->size(), QSize(1920, 1080));
  QString wide = path;
  QVERIFY(
      window_->grab().save(wide.replace(QLatin1String(".png"), QLatin1String("-1920x1080.png"))));
}

QTEST_MAIN(TestServerEditing)
#include "TestServerEditing.moc"
