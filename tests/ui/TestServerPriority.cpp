// The priority of the servers under the window (issue 15). The window runs its servers at a
// lower priority (ServerManager::setServerNiceIncrement) so that traffic cannot starve its
// GUI thread; a thread and a process of the server that serve requests run at it. A forking
// server's serving thread does not: fork() holds every malloc arena lock and the address
// space's lock while it copies the process, and a lowered thread preempted there held the GUI
// thread in free() and in page faults for up to a second. It keeps the GUI's priority, and
// each child lowers its own as it starts.
#include "ServerManager.h"
#include "console_test_support.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <optional>

#include <sys/resource.h>
#include <unistd.h>

using namespace ui_test;

namespace {

int niceOf(pid_t pidOrThread) {
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(pidOrThread));
  return errno == 0 ? nice : -100;
}

/// The thread of this process named `name` (the serving thread is "Server-<id>"), or nullopt.
std::optional<pid_t> threadNamed(const QString& name) {
  for (const QString& tid : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs)) {
    QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(tid));
    if (comm.open(QIODevice::ReadOnly) && QString::fromLatin1(comm.readAll()).trimmed() == name)
      return tid.toInt();
  }
  return std::nullopt;
}

/// The processes whose parent is this one.
QList<pid_t> childProcesses() {
  QList<pid_t> found;
  for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
      continue;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> after = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (after.size() > 1 && after[1].toInt() == ::getpid())
      found << pid.toInt();
  }
  return found;
}

} // namespace

class TestServerPriority : public QObject {
  Q_OBJECT

private slots:
  void servingThreadLowered_data();
  void servingThreadLowered();
  void forkingServerLowersItsChildrenNotItself();
};

void TestServerPriority::servingThreadLowered_data() {
  QTest::addColumn<QString>("model");
  for (const char* model : {"sync", "threading", "pool", "event"})
    QTest::newRow(model) << QString::fromLatin1(model);
}

void TestServerPriority::servingThreadLowered() {
  QFETCH(QString, model);
  const int base = niceOf(0);
  ServerManager manager;
  manager.setServerNiceIncrement(5);
  const auto spec = ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=%1").arg(model));
  QVERIFY(spec.has_value());
  const int id = manager.add(*spec);
  QVERIFY(startAndWait(manager, id));
  const auto serving = threadNamed(QStringLiteral("Server-%1").arg(id));
  QVERIFY(serving.has_value());
  QCOMPARE(niceOf(*serving), std::min(base + 5, 19));
  QCOMPARE(niceOf(0), base); // the GUI thread keeps its own
  QVERIFY(stopAndWait(manager, id));
}

void TestServerPriority::forkingServerLowersItsChildrenNotItself() {
  const int base = niceOf(0);
  ServerManager manager;
  manager.setServerNiceIncrement(5);
  const auto spec = ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=forking"));
  QVERIFY(spec.has_value());
  const int id = manager.add(*spec);
  QVERIFY(startAndWait(manager, id));
  const auto serving = threadNamed(QStringLiteral("Server-%1").arg(id));
  QVERIFY(serving.has_value());
  QCOMPARE(niceOf(*serving), base);

  Socket client = connectStream(manager.find(id)->listeningAddress);
  client.sendall("hello\n");
  QCOMPARE(recvUntil(client, "\n"), std::string("hello\n")); // its child serves it now
  const QList<pid_t> forked = childProcesses();
  QCOMPARE(forked.size(), 1);
  QCOMPARE(niceOf(forked.first()), std::min(base + 5, 19));
  client.close();
  QVERIFY(stopAndWait(manager, id));
}

QTEST_GUILESS_MAIN(TestServerPriority)
#include "TestServerPriority.moc"
