// The window stops on SIGTERM and SIGINT as cleanly as File → Quit: the real binary (offscreen,
// in a home of its own) starts a Unix stream server that was running at its last close; once
// the socket file accepts, the signal goes to that process alone. It exits 0 within the
// deadline, its socket file is gone and its settings were saved.
#include "ServerProfile.h"
#include "console_process.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <exception>

using namespace ui_test;

namespace {

/// True when a client can connect to the Unix stream socket at `path` now.
bool accepts(const QString& path) {
  try {
    Socket client = connectStream(path);
    return true;
  } catch (const std::exception&) {
    return false; // not there yet, or not listening
  }
}

} // namespace

class TestWindowSignals : public QObject {
  Q_OBJECT

private slots:
  void stopsLikeQuit_data();
  void stopsLikeQuit();
};

void TestWindowSignals::stopsLikeQuit_data() {
  QTest::addColumn<int>("signalNumber");
  QTest::newRow("SIGTERM") << SIGTERM;
  QTest::newRow("SIGINT") << SIGINT;
}

void TestWindowSignals::stopsLikeQuit() {
  QFETCH(int, signalNumber);
  ConsoleHome home;
  QTemporaryDir sockets;
  QVERIFY(home.isValid() && sockets.isValid());
  ServerSpec spec;
  spec.name = QStringLiteral("signalled");
  spec.kind = ServerSpec::Kind::UnixStream;
  spec.model = ServerSpec::Model::Threading;
  spec.address = sockets.filePath(QStringLiteral("window.sock"));
  {
    const auto settings = home.settings();
    settings->setValue(QStringLiteral("servers/profile"), ServerProfile::toJson({spec}));
    settings->setValue(QStringLiteral("servers/resumeAtLaunch"), true);
    settings->setValue(QStringLiteral("servers/runningAtClose"), QStringList{spec.toUrl()});
  }

  Console console({}, home);
  QVERIFY2(waitFor([&] {
             return accepts(spec.address) || console.process.state() == QProcess::NotRunning;
           }) &&
               accepts(spec.address),
           qPrintable(console.diagnostics()));

  console.signal(signalNumber);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(console.process.exitCode(), 0);
  QVERIFY2(!QFileInfo::exists(spec.address), qPrintable(console.diagnostics()));
  // Saved as at File → Quit: the window's layout, and the server as one that was running.
  const auto settings = home.settings();
  QVERIFY(settings->contains(QStringLiteral("window/geometry")));
  QCOMPARE(settings->value(QStringLiteral("servers/runningAtClose")).toStringList(),
           QStringList{spec.toUrl()});
}

QTEST_GUILESS_MAIN(TestWindowSignals)
#include "TestWindowSignals.moc"
