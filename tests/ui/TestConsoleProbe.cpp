// ConsoleProbe (issue 15): the line a benchmark reads once a second from the console it floods
// from outside. A stall of the GUI thread shows as the longest gap of its 2 ms heartbeat; the
// servers' counters and the data events that reached the window are there, exact, once the
// traffic has settled. A file that cannot be written is said, not a crash.
#include "ConsoleProbe.h"
#include "ServerManager.h"
#include "console_test_support.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <thread>

using namespace ui_test;

namespace {

/// The probe's last complete line (an empty object before the first).
QJsonObject lastLine(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
  return QJsonDocument::fromJson(lines.last()).object();
}

} // namespace

class TestConsoleProbe : public QObject {
  Q_OBJECT

private slots:
  void reportsStallAndExactCounters();
  void unwritableFileIsSaid();
};

void TestConsoleProbe::reportsStallAndExactCounters() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("probe.jsonl"));
  ServerManager manager;
  const auto spec = ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=threading"));
  QVERIFY(spec.has_value());
  const int id = manager.add(*spec);
  QVERIFY(startAndWait(manager, id));
  ConsoleProbe probe(path, manager);
  QVERIFY2(probe.isOpen(), qPrintable(probe.errorString()));

  {
    Socket client = connectStream(manager.find(id)->listeningAddress);
    for (int i = 0; i < 10; ++i) {
      client.sendall("0123456789\n");
      QCOMPARE(recvUntil(client, "\n"), std::string("0123456789\n"));
    }
  }
  // 10 exchanges: 110 bytes each way, 20 data events, all shown (nothing near the budget).
  QTRY_VERIFY_WITH_TIMEOUT(lastLine(path).value(QStringLiteral("finished")).toInteger() == 1 &&
                               lastLine(path).value(QStringLiteral("delivered")).toInteger() == 20,
                           DEADLINE_MS);
  const QJsonObject settled = lastLine(path);
  QCOMPARE(settled.value(QStringLiteral("requests")).toInteger(), 1);
  QCOMPARE(settled.value(QStringLiteral("bytes_in")).toInteger(), 110);
  QCOMPARE(settled.value(QStringLiteral("bytes_out")).toInteger(), 110);
  QCOMPARE(settled.value(QStringLiteral("not_shown")).toInteger(), 0);
  QCOMPARE(settled.value(QStringLiteral("servers")).toInteger(), 1);
  QVERIFY(settled.value(QStringLiteral("t_ms")).toInteger() > 0);

  // The GUI thread held for 300 ms: the next line's gap covers it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  QTRY_VERIFY_WITH_TIMEOUT(lastLine(path).value(QStringLiteral("t_ms")).toInteger() >
                               settled.value(QStringLiteral("t_ms")).toInteger(),
                           DEADLINE_MS);
  QVERIFY(lastLine(path).value(QStringLiteral("gap_ms")).toInteger() >= 300);
  QVERIFY(stopAndWait(manager, id));
}

void TestConsoleProbe::unwritableFileIsSaid() {
  ServerManager manager;
  ConsoleProbe probe(QStringLiteral("/nonexistent-directory/probe.jsonl"), manager);
  QVERIFY(!probe.isOpen());
  QVERIFY(!probe.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestConsoleProbe)
#include "TestConsoleProbe.moc"
