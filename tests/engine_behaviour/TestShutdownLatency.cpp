// shutdown() wakes serve_forever() at once (the engine's self-pipe), not after poll_interval:
// with poll_interval = 10 s it returns in well under a second. Called before serve_forever()
// it makes that call return at once, and only that one. (shutdown() from the threads serving
// runs on: TestShutdownFromAnyThread.)

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

constexpr Seconds long_poll{10.0};
constexpr double within_ms = 1000.0; // "at once", with room for a loaded machine

} // namespace

class TestShutdownLatency : public QObject {
  Q_OBJECT

private slots:
  void shutdownWakesServeForeverAtOnce_data() {
    QTest::addColumn<QString>("server_class");
    for (const char* name : {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "UDPServer",
                             "UnixStreamServer"})
      QTest::newRow(name) << QString(name);
  }
  void shutdownWakesServeForeverAtOnce() {
    QFETCH(QString, server_class);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(with_server_class(server_class, [&](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      Server server{any_address<Server>(dir), socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      ServingThread serving(server, long_poll);
      // Started is reported just before the loop's first poll().
      QVERIFY(observer.wait_lifecycle("started"));
      QVERIFY(server.serving());
      const auto start = Clock::now();
      {
        Watchdog watchdog("shutdown() with poll_interval 10 s");
        server.shutdown();
      }
      const double took = ms_since(start);
      qInfo("%s: shutdown() returned after %.2f ms (poll_interval %.0f s)",
            qPrintable(server_class), took, long_poll.count());
      QVERIFY(!server.serving());
      QVERIFY2(took < within_ms, qPrintable(QString("took %1 ms").arg(took)));
      QVERIFY(observer.wait_lifecycle("stopped"));
    }));
  }

  // shutdown() "waits until serve_forever() has returned", after which the server may be
  // destroyed; so serve_forever() must be done with the server and its observer by then,
  // its last report (stopped) included. The observer holds on_server_stopped() until the test
  // thread says shutdown() returned, or 1 s: a correct engine is still inside shutdown()
  // meanwhile, so the flag cannot come; a late report sees it at once.
  void observerHearsStoppedBeforeShutdownReturns() {
    struct StopWitness : socketserver::ServerObserver {
      Guarded<int> shutdown_returned; // 0 / 1
      std::atomic<int> verdict{-1};   // 1: stopped came before shutdown() returned
      void on_server_stopped() override {
        const bool late = shutdown_returned.wait([](int v) { return v == 1; }, Seconds{1.0});
        verdict = late ? 0 : 1;
      }
    };
    fail_on_exception([] {
      StopWitness witness;
      socketserver::TCPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      server.set_observer(&witness);
      ServingThread serving(server, long_poll);
      QTRY_VERIFY_WITH_TIMEOUT(server.serving(), DEADLINE_MS);
      {
        Watchdog watchdog("shutdown()");
        server.shutdown();
      }
      witness.shutdown_returned.change([](int& v) { v = 1; });
      serving.stop();
      QCOMPARE(witness.verdict.load(), 1);
    });
  }

  void shutdownBeforeServeForeverMakesItReturnAtOnce() {
    fail_on_exception([] {
      RecordingObserver observer;
      socketserver::TCPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      auto start = Clock::now();
      server.shutdown(); // nothing serving: returns at once
      QVERIFY(ms_since(start) < within_ms);

      start = Clock::now();
      {
        Watchdog watchdog("serve_forever() after an early shutdown()");
        server.serve_forever(long_poll);
      }
      const double took = ms_since(start);
      qInfo("serve_forever() after shutdown() returned after %.2f ms", took);
      QVERIFY2(took < within_ms, qPrintable(QString("took %1 ms").arg(took)));

      // The early shutdown() is spent: the next serve_forever() serves.
      ServingThread serving(server);
      QCOMPARE(bytes(exchange(server, "next\n", QTemporaryDir())), QByteArray("NEXT\n"));
    });
  }
};

QTEST_GUILESS_MAIN(TestShutdownLatency)
#include "TestShutdownLatency.moc"
