// Quitting and starting again, in the window (offscreen) on real Unix stream servers under a
// temp dir: quit() closes an open dialog and saves the settings; "start the servers that were
// running" is off by default, remembered per server at close, and starts those servers alone
// at the next launch when it is on.
#include "MainWindow.h"
#include "ServerEditorDialog.h"
#include "ServerManager.h"
#include "ServerProfile.h"
#include "console_test_support.h"

#include <QAction>
#include <QSettings>
#include <QTemporaryDir>

#include <memory>

using namespace ui_test;

namespace {

const QString kChoiceKey = QStringLiteral("servers/resumeAtLaunch");
const QString kRunningKey = QStringLiteral("servers/runningAtClose");

QAction* resumeAction(const MainWindow& window) {
  return window.findChild<QAction*>(QStringLiteral("resumeAtLaunchAction"));
}

bool listening(const MainWindow& window, int row) {
  return window.manager()->at(row).state == ServerEntry::State::Listening;
}

} // namespace

class TestQuitAndResume : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void quitClosesAnOpenDialogAndSaves();
  void resumeIsOffByDefault();
  void closingRemembersWhichServersWereRunning();
  void launchStartsThoseThatWereRunning();

private:
  /// Two Unix stream servers, "first" and "second", saved as the window's servers.
  QList<ServerSpec> saveTwoServers();

  QTemporaryDir settingsDir_;
  QTemporaryDir sockets_;
};

void TestQuitAndResume::initTestCase() {
  QVERIFY(settingsDir_.isValid());
  QVERIFY(sockets_.isValid());
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServerTest"));
  QCoreApplication::setApplicationName(QStringLiteral("TestQuitAndResume"));
}

void TestQuitAndResume::init() { QSettings().clear(); }

QList<ServerSpec> TestQuitAndResume::saveTwoServers() {
  QList<ServerSpec> specs;
  for (const char* name : {"first", "second"}) {
    ServerSpec spec = specFor(ServerSpec::Kind::UnixStream, sockets_,
                              QLatin1String(name) + QLatin1String(".sock"));
    spec.name = QLatin1String(name);
    spec.model = ServerSpec::Model::Threading;
    specs << spec;
  }
  QSettings().setValue(QStringLiteral("servers/profile"), ServerProfile::toJson(specs));
  return specs;
}

void TestQuitAndResume::quitClosesAnOpenDialogAndSaves() {
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  window.findChild<QAction*>(QStringLiteral("addAction"))->trigger();
  ServerEditorDialog* dialog = nullptr;
  QTRY_VERIFY_WITH_TIMEOUT(
      (dialog = window.findChild<ServerEditorDialog*>()) && dialog->isVisible(), DEADLINE_MS);
  window.quit();
  QTRY_VERIFY_WITH_TIMEOUT(window.findChild<ServerEditorDialog*>() == nullptr, DEADLINE_MS);
  QVERIFY(!window.isVisible());
  QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
}

void TestQuitAndResume::resumeIsOffByDefault() {
  const QList<ServerSpec> specs = saveTwoServers();
  // Even with a list of servers that were running, nothing starts while the choice is off.
  QSettings().setValue(kRunningKey, QStringList{specs[0].toUrl(), specs[1].toUrl()});
  MainWindow window;
  QAction* resume = resumeAction(window);
  QVERIFY(resume && resume->isCheckable());
  QVERIFY(!resume->isChecked());
  QVERIFY(!window.manager()->anyRunning());
}

void TestQuitAndResume::closingRemembersWhichServersWereRunning() {
  const QList<ServerSpec> specs = saveTwoServers();
  {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    resumeAction(window)->trigger();
    QVERIFY(startAndWait(*window.manager(), window.manager()->at(1).id));
    window.quit();
  }
  QCOMPARE(QSettings().value(kChoiceKey).toBool(), true);
  QCOMPARE(QSettings().value(kRunningKey).toStringList(), QStringList{specs[1].toUrl()});
  // The next launch: the choice is shown on, and the second server alone listens again.
  MainWindow next;
  QVERIFY(resumeAction(next)->isChecked());
  QTRY_VERIFY_WITH_TIMEOUT(listening(next, 1), DEADLINE_MS);
  QVERIFY(!next.manager()->at(0).isRunning());
}

void TestQuitAndResume::launchStartsThoseThatWereRunning() {
  const QList<ServerSpec> specs = saveTwoServers();
  QSettings().setValue(kChoiceKey, true);
  // The first server, and one since removed from the list: only what is still there starts.
  ServerSpec gone = specs[0];
  gone.name = QStringLiteral("gone");
  QSettings().setValue(kRunningKey, QStringList{gone.toUrl(), specs[0].toUrl()});
  MainWindow window;
  QTRY_VERIFY_WITH_TIMEOUT(listening(window, 0), DEADLINE_MS);
  QVERIFY(!window.manager()->at(1).isRunning());
  QCOMPARE(window.manager()->count(), 2);
}

QTEST_MAIN(TestQuitAndResume)
#include "TestQuitAndResume.moc"
