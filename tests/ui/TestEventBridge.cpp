// EventBridge on its own: engine-thread callbacks become batched Qt signals on the bridge's
// thread; payloads are capped; counters are exact; a flood is delivered in few batches and,
// past maxPending(), traffic events are dropped with a notice while counters stay exact.
#include "EventBridge.h"

#include <socketserver/address.hpp>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {
constexpr int DEADLINE_MS = 10000;
using socketserver::RequestOutcome;
} // namespace

class TestEventBridge : public QObject {
  Q_OBJECT

private slots:
  void testEventsArriveOnTheBridgeThread();
  void testPayloadCapAndPeer();
  void testFloodIsBatched();
  void testDropsTrafficWhenBehind();
  void testPostAndCountersReset();
};

void TestEventBridge::testEventsArriveOnTheBridgeThread() {
  EventBridge bridge(7);
  QVector<ConsoleEvent> received;
  QThread* deliveredOn = nullptr;
  connect(&bridge, &EventBridge::eventsReady, this, [&](const QVector<ConsoleEvent>& batch) {
    received += batch;
    deliveredOn = QThread::currentThread();
  });
  std::thread engine([&] {
    bridge.on_server_started(socketserver::Address("127.0.0.1:4000"));
    bridge.on_request_opened(1, socketserver::Address("127.0.0.1:5000"));
    bridge.on_bytes_received(1, "ping");
    bridge.on_bytes_sent(1, "PING");
    bridge.on_request_finished(1, RequestOutcome::Completed, {});
    bridge.on_notice(0, "a notice");
    bridge.on_server_stopped();
  });
  engine.join();
  QVERIFY(QTest::qWaitFor([&] { return received.size() == 7; }, DEADLINE_MS));
  QCOMPARE(deliveredOn, QThread::currentThread());
  using K = ConsoleEvent::Kind;
  const QList<K> kinds = {K::Started,  K::Opened, K::Received, K::Sent,
                          K::Finished, K::Notice, K::Stopped};
  for (int i = 0; i < kinds.size(); ++i) {
    QCOMPARE(received[i].kind, kinds[i]);
    QCOMPARE(received[i].serverId, 7);
    QVERIFY(received[i].timestampMs > 0);
  }
  QCOMPARE(received[0].text, QStringLiteral("127.0.0.1:4000"));
  QCOMPARE(received[4].outcome, ConsoleEvent::Outcome::Completed);
  QCOMPARE(received[5].text, QStringLiteral("a notice"));
  const EventBridge::Counters counters = bridge.counters();
  QCOMPARE(counters.requests, quint64(1));
  QCOMPARE(counters.finished, quint64(1));
  QCOMPARE(counters.active(), quint64(0));
  QCOMPARE(counters.bytesIn, quint64(4));
  QCOMPARE(counters.bytesOut, quint64(4));
}

void TestEventBridge::testPayloadCapAndPeer() {
  EventBridge bridge(1);
  bridge.setPayloadCap(10);
  QVector<ConsoleEvent> received;
  connect(&bridge, &EventBridge::eventsReady, this,
          [&](const QVector<ConsoleEvent>& batch) { received += batch; });
  const std::string big(100000, 'x');
  bridge.on_request_opened(5, socketserver::Address("[::1]:6000"));
  bridge.on_bytes_received(5, big);
  bridge.on_request_finished(5, RequestOutcome::Error, "recv: timed out");
  bridge.on_bytes_received(6, "no opened event: no peer");
  bridge.flush();
  QCOMPARE(received.size(), 4);
  QCOMPARE(received[1].payload, QByteArray(10, 'x'));
  QCOMPARE(received[1].size, qint64(100000));
  QVERIFY(received[1].payloadTruncated());
  QCOMPARE(received[1].peer,
           QStringLiteral("[::1]:6000")); // every event of a request names its peer
  QCOMPARE(received[2].peer, QStringLiteral("[::1]:6000"));
  QCOMPARE(received[2].outcome, ConsoleEvent::Outcome::Error);
  QCOMPARE(received[2].text, QStringLiteral("recv: timed out"));
  QCOMPARE(received[3].peer, QString());
  QCOMPARE(bridge.counters().errors, quint64(1));
  QCOMPARE(bridge.counters().bytesIn, quint64(100000 + 24));
  bridge.setPayloadCap(0);
  bridge.on_bytes_sent(5, "abc");
  bridge.flush();
  QCOMPARE(received.last().payload, QByteArray());
  QCOMPARE(received.last().size, qint64(3));
}

void TestEventBridge::testFloodIsBatched() {
  // Batching, not dropping (testDropsTrafficWhenBehind): the whole flood fits the backlog
  // and the memory budget (80 000 events of ~200 bytes each could fill the default share).
  EventBridge bridge(1, std::make_shared<MemoryBudget>(256 * MemoryBudget::mebibyte));
  bridge.setBatchInterval(40);
  bridge.setMaxPending(4 * 20000);
  int batches = 0;
  qsizetype events = 0;
  connect(&bridge, &EventBridge::eventsReady, this, [&](const QVector<ConsoleEvent>& batch) {
    ++batches;
    events += batch.size();
  });
  constexpr int threads = 4;
  constexpr int perThread = 20000;
  std::atomic<int> running{threads};
  std::vector<std::thread> engine;
  QElapsedTimer elapsed;
  elapsed.start();
  for (int t = 0; t < threads; ++t) {
    engine.emplace_back([&, t] {
      const auto id = static_cast<socketserver::RequestId>(t + 1);
      for (int i = 0; i < perThread; ++i)
        bridge.on_bytes_received(id, "chunk");
      --running;
    });
  }
  // The event loop keeps running while the engine threads flood the bridge.
  QVERIFY(QTest::qWaitFor([&] { return running == 0; }, DEADLINE_MS));
  for (auto& thread : engine)
    thread.join();
  QVERIFY(QTest::qWaitFor([&] { return events == threads * perThread; }, DEADLINE_MS));
  // At most one batch per interval, plus the first (delivered at once) and the last.
  const qint64 ms = elapsed.elapsed();
  QVERIFY2(batches <= ms / 40 + 2,
           qPrintable(QStringLiteral("%1 batches in %2 ms").arg(batches).arg(ms)));
  QCOMPARE(bridge.counters().bytesIn, quint64(threads * perThread * 5));
}

void TestEventBridge::testDropsTrafficWhenBehind() {
  EventBridge bridge(1);
  bridge.setMaxPending(100);
  QVector<ConsoleEvent> received;
  connect(&bridge, &EventBridge::eventsReady, this,
          [&](const QVector<ConsoleEvent>& batch) { received += batch; });
  // No event loop runs meanwhile: the GUI "falls behind".
  bridge.on_request_opened(1, socketserver::Address("127.0.0.1:1"));
  for (int i = 0; i < 1000; ++i)
    bridge.on_bytes_received(1, "x");
  bridge.on_request_finished(1, RequestOutcome::Completed, {}); // lifecycle: never dropped
  QCOMPARE(bridge.pendingCount(), 101);
  bridge.flush();
  QCOMPARE(received.size(), 102); // 100 kept, the finished event, and a notice
  QCOMPARE(received[100].kind, ConsoleEvent::Kind::Finished);
  QCOMPARE(received.last().kind, ConsoleEvent::Kind::Notice);
  QVERIFY2(received.last().text.contains(QLatin1String("901 data event")),
           qPrintable(received.last().text));
  QCOMPARE(bridge.counters().bytesIn, quint64(1000)); // counters stay exact
  QCOMPARE(bridge.counters().notShown, quint64(901)); // and count what was dropped
  bridge.flush();
  QCOMPARE(received.size(), 102); // nothing new: no empty batch
}

void TestEventBridge::testPostAndCountersReset() {
  EventBridge bridge(9);
  QSignalSpy spy(&bridge, &EventBridge::eventsReady);
  ConsoleEvent failed;
  failed.kind = ConsoleEvent::Kind::Failed;
  failed.text = QStringLiteral("bind: port 1 is already in use");
  bridge.post(failed);
  QVERIFY(spy.wait(DEADLINE_MS));
  const auto batch = spy.takeFirst().at(0).value<QVector<ConsoleEvent>>();
  QCOMPARE(batch.size(), 1);
  QCOMPARE(batch[0].serverId, 9);
  QVERIFY(batch[0].timestampMs > 0);
  QCOMPARE(batch[0].text, failed.text);
  bridge.on_request_opened(1, socketserver::Address("127.0.0.1:1"));
  QCOMPARE(bridge.counters().requests, quint64(1));
  bridge.resetCounters();
  QCOMPARE(bridge.counters().requests, quint64(0));
  QCOMPARE(bridge.counters().notShown, quint64(0));
}

QTEST_GUILESS_MAIN(TestEventBridge)
#include "TestEventBridge.moc"
