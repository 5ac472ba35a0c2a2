// One memory budget for the whole console (issue 15): the bridges of every server take their
// events in flight from one share, so two servers flooded at once hold no more than one; what
// does not fit is dropped with a notice in the log while the counters stay exact; and the
// memory a flood used goes back to the system once the traffic has settled.
#include "EventBridge.h"
#include "MemoryBudget.h"
#include "console_test_support.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace ui_test;

namespace {

qint64 rssBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoll(line.substr(6)) * 1024;
  return 0;
}

int notices(const QVector<ConsoleEvent>& events) {
  return static_cast<int>(std::count_if(events.begin(), events.end(), [](const ConsoleEvent& e) {
    return e.kind == ConsoleEvent::Kind::Notice && e.text.contains(QLatin1String("not shown"));
  }));
}

/// `clients` connections to `address`, each echoing `messages` messages of `size` bytes, on
/// threads of their own; records the most any sample of `budget` held while they ran.
struct Flood {
  std::atomic<qint64> mostInFlight{0};
  std::atomic<int> failures{0};

  void run(const QStringList& addresses, int clients, int messages, int size,
           const MemoryBudget& budget) {
    std::vector<std::thread> threads;
    for (const QString& address : addresses) {
      for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, address] {
          try {
            Socket socket = connectStream(address);
            const std::string message(static_cast<std::size_t>(size), 'm');
            for (int i = 0; i < messages; ++i) {
              socket.sendall(message);
              recvExactly(socket, message.size());
              qint64 held = budget.inFlight(), most = mostInFlight.load();
              while (held > most && !mostInFlight.compare_exchange_weak(most, held)) {
              }
            }
          } catch (const std::exception&) {
            ++failures;
          }
        });
      }
    }
    for (std::thread& thread : threads)
      thread.join();
  }
};

} // namespace

class TestMemoryBudget : public QObject {
  Q_OBJECT

private slots:
  void testBridgesShareOneBudget();
  void testTwoServersFloodedStayWithinOneBudget();
  void testManagerAppliesTheBudget();
  void testMemoryIsGivenBackAfterAFlood();
};

void TestMemoryBudget::testBridgesShareOneBudget() {
  auto budget = std::make_shared<MemoryBudget>(MemoryBudget::minimumBytes);
  EventBridge first(1, budget), second(2, budget);
  for (EventBridge* bridge : {&first, &second})
    bridge->setMaxPending(1000000); // only the budget bounds them here
  QVector<ConsoleEvent> delivered;
  for (EventBridge* bridge : {&first, &second})
    connect(bridge, &EventBridge::eventsReady, this,
            [&](const QVector<ConsoleEvent>& batch) { delivered += batch; });
  // No event loop runs while both are flooded: the window "falls behind".
  constexpr int perBridge = 20000;
  const std::string payload(200, 'p');
  std::vector<std::thread> engine;
  for (EventBridge* bridge : {&first, &second})
    engine.emplace_back([&, bridge] {
      for (int i = 0; i < perBridge; ++i)
        bridge->on_bytes_received(1, payload);
    });
  for (std::thread& thread : engine)
    thread.join();
  QVERIFY(budget->inFlight() <= budget->inFlightLimit());
  QVERIFY(budget->inFlight() > budget->inFlightLimit() / 2); // the share was used up
  ConsoleEvent one;
  one.kind = ConsoleEvent::Kind::Received;
  one.payload = QByteArray::fromStdString(payload);
  const qint64 held = first.pendingCount() + second.pendingCount();
  QVERIFY2(held * MemoryBudget::costOf(one) <= budget->inFlightLimit(),
           qPrintable(QStringLiteral("%1 events held").arg(held)));
  first.flush();
  second.flush();
  QCOMPARE(budget->inFlight(), qint64{0});
  QCOMPARE(notices(delivered), 2); // each bridge says what it dropped
  QCOMPARE(first.counters().bytesIn, quint64{perBridge * payload.size()});
  QCOMPARE(second.counters().bytesIn, quint64{perBridge * payload.size()});
}

void TestMemoryBudget::testTwoServersFloodedStayWithinOneBudget() {
  ServerManager manager;
  manager.setMemoryBudget(MemoryBudget::minimumBytes);
  EventRecorder recorder(manager);
  QStringList addresses;
  QList<int> ids;
  for (int i = 0; i < 2; ++i) {
    const int id = manager.add(
        *ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=threading&handler=echo")));
    QVERIFY(startAndWait(manager, id));
    ids << id;
    addresses << manager.find(id)->listeningAddress;
  }
  // The test thread runs no event loop during the flood: nothing reaches the window, and the
  // events in flight of both servers pile up against the one share.
  constexpr int clients = 2, messages = 1500, size = 512;
  Flood flood;
  flood.run(addresses, clients, messages, size, manager.memoryBudget());
  QCOMPARE(flood.failures.load(), 0);
  const MemoryBudget& budget = manager.memoryBudget();
  // Lifecycle events (opened) are never dropped: a few hundred bytes beyond the share at most.
  const qint64 lifecycle = 2 * clients * 1024;
  QVERIFY2(flood.mostInFlight <= budget.inFlightLimit() + lifecycle,
           qPrintable(QStringLiteral("%1 bytes in flight, share %2")
                          .arg(flood.mostInFlight.load())
                          .arg(budget.inFlightLimit())));
  QVERIFY(flood.mostInFlight > budget.inFlightLimit() / 2);
  // Once the window catches up, the counters are exact and each server's log says it dropped.
  const quint64 sent = quint64{clients} * messages * size;
  for (const int id : ids)
    QVERIFY(stopAndWait(manager, id));
  for (const int id : ids) {
    QCOMPARE(manager.find(id)->counters.bytesIn, sent);
    QCOMPARE(manager.find(id)->counters.bytesOut, sent);
    int dropNotices = 0;
    for (const ConsoleEvent& e : recorder.events)
      dropNotices += e.serverId == id && e.kind == ConsoleEvent::Kind::Notice &&
                     e.text.contains(QLatin1String("not shown"));
    QVERIFY(dropNotices > 0);
  }
  QVERIFY(waitFor([&] { return budget.inFlight() == 0; }));
}

void TestMemoryBudget::testManagerAppliesTheBudget() {
  ServerManager manager;
  QCOMPARE(manager.memoryBudget().limit(), MemoryBudget::defaultBytes);
  QSignalSpy changed(&manager, &ServerManager::memoryBudgetChanged);
  manager.setMemoryBudget(32 * MemoryBudget::mebibyte);
  QCOMPARE(manager.memoryBudget().limit(), 32 * MemoryBudget::mebibyte);
  QCOMPARE(changed.count(), 1);
  manager.setMemoryBudget(1); // below the least: clamped
  QCOMPARE(manager.memoryBudget().limit(), MemoryBudget::minimumBytes);
  // A server added afterwards takes from the same budget.
  const int id = manager.add(
      *ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=threading&handler=echo")));
  QVERIFY(startAndWait(manager, id));
  QVERIFY(stopAndWait(manager, id));
}

void TestMemoryBudget::testMemoryIsGivenBackAfterAFlood() {
  ServerManager manager;
  manager.setMemoryBudget(256 * MemoryBudget::mebibyte); // room for a large backlog
  manager.setPayloadCap(4096);
  QStringList addresses;
  for (int i = 0; i < 2; ++i) {
    const int id = manager.add(
        *ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=threading&handler=echo")));
    QVERIFY(startAndWait(manager, id));
    addresses << manager.find(id)->listeningAddress;
  }
  Flood warmUp; // threads, stacks and arenas of a flood exist before idle is measured
  warmUp.run(addresses, 4, 10, 2048, manager.memoryBudget());
  QVERIFY(waitFor([&] { return manager.memoryBudget().inFlight() == 0; }));
  QTest::qWait(0);
  const qint64 idle = rssBytes();
  // A backlog of tens of MiB: no event loop runs during the flood.
  Flood flood;
  flood.run(addresses, 4, 2000, 2048, manager.memoryBudget());
  QCOMPARE(flood.failures.load(), 0);
  const qint64 peak = rssBytes();
  QVERIFY2(peak > idle + 32 * MemoryBudget::mebibyte,
           qPrintable(QStringLiteral("the flood did not raise RSS: %1 -> %2 MiB")
                          .arg(idle >> 20)
                          .arg(peak >> 20)));
  // Delivered and discarded (no log here), then the settled console gives the memory back.
  constexpr qint64 slack = 8 * MemoryBudget::mebibyte;
  const bool returned =
      waitFor([&] { return manager.memoryBudget().inFlight() == 0 && rssBytes() <= idle + slack; },
              4 * DEADLINE_MS);
  QVERIFY2(returned, qPrintable(QStringLiteral("RSS %1 MiB idle, %2 MiB peak, %3 MiB after")
                                    .arg(idle >> 20)
                                    .arg(peak >> 20)
                                    .arg(rssBytes() >> 20)));
  qInfo("RSS %lld MiB idle, %lld MiB peak, %lld MiB after", idle >> 20, peak >> 20,
        rssBytes() >> 20);
  manager.stopAllAndWait();
}

QTEST_GUILESS_MAIN(TestMemoryBudget)
#include "TestMemoryBudget.moc"
