// shutdown() never deadlocks, whichever thread calls it (base_server.hpp): from a thread
// serve_forever() runs on or waits for — a synchronous handler, service_actions(), an event
// loop's callback on the serving thread or on a loop thread of its own — it asks for the stop
// and returns; from a request thread of the threading and pool models it waits until
// serve_forever() has returned, as Python's does. In every case the request that asked is
// answered and serve_forever() ends by itself. (Forked children: TestForkingMisuse.)
#include <QtTest>

#include "model_cases.hpp"

using namespace behaviour;

namespace {

/// The event-driven twin: on "stop", stops the server from its loop's thread, then answers;
/// anything else is answered "idle" (a connection that only holds a loop's place).
struct StopThenAnswerEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override {
    if (!data.starts_with("stop")) {
      send("idle\n");
      return;
    }
    server().shutdown();
    send("stopped\n");
    close();
  }
};

/// Answers "idle\n" when asked; for a connection that only holds a loop's first place.
struct Idle : socketserver::EventHandler {
  void on_data(std::string_view) override { send("idle\n"); }
};

} // namespace

class TestShutdownFromAnyThread : public QObject {
  Q_OBJECT

private slots:
  void shutdownFromAHandlerAnswersAndEndsServing_data() {
    QTest::addColumn<QString>("model");
    for (const QString& row : stream_models() + datagram_models())
      QTest::newRow(qPrintable(row)) << row;
  }
  void shutdownFromAHandlerAnswersAndEndsServing() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      QTemporaryDir dir;
      auto server =
          make_recording<Server, StopThenAnswer, StopThenAnswerEvents>(dir, m.event_loops);
      ServingThread serving(*server);
      QTRY_VERIFY_WITH_TIMEOUT(server->serving(), DEADLINE_MS);
      // With several loops, connections go round robin from loop 0 (the serving thread's):
      // hold the first places so that the request that stops runs on a loop thread.
      std::vector<Socket> holding;
      if constexpr (is_event_v<Server> && !is_datagram_v<Server>) {
        for (std::size_t i = 1; i < m.event_loops; ++i) {
          holding.push_back(connect_to(server->server_address));
          holding.back().sendall("hold\n");
          QCOMPARE(bytes(read_line(holding.back())), QByteArray("idle\n"));
        }
      }
      QCOMPARE(bytes(exchange(*server, "stop\n", dir)), QByteArray("stopped\n"));
      QVERIFY(serving.join_ended() == nullptr); // ended by itself, without our shutdown()
      QVERIFY(!server->serving());
      QCOMPARE(server->hooks.errors().size(), std::size_t{0});
      for (Socket& socket : holding)
        close_without_time_wait(socket);
    }));
  }

  void shutdownFromServiceActionsReturnsAndEndsServing_data() {
    QTest::addColumn<QString>("model");
    for (const char* row : {"TCPServer", "ThreadingTCPServer", "ThreadPoolUDPServer",
                            "EventTCPServer/1", "EventTCPServer/3", "EventUDPServer"})
      QTest::newRow(row) << QString(row);
  }
  void shutdownFromServiceActionsReturnsAndEndsServing() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      QTemporaryDir dir;
      auto server = make_recording<Server, UpperHandler, Idle>(dir, m.event_loops);
      std::atomic<int> returned{0};
      server->after_service_actions = [&] {
        if (returned.load() == 0) {
          server->shutdown(); // the serving thread: asks and returns
          ++returned;
        }
      };
      ServingThread serving(*server, Seconds{0.01});
      QVERIFY(serving.join_ended() == nullptr);
      QCOMPARE(returned.load(), 1);
    }));
  }

  // Not the serving thread, not a request: shutdown() waits until serve_forever() returned.
  void shutdownFromAnotherThreadWaitsForServeForeverToReturn() {
    RecordingObserver observer;
    socketserver::EventTCPServer server{"127.0.0.1:0", socketserver::event_handler<Idle>()};
    server.event_loops = 3;
    server.set_observer(&observer);
    ServingThread serving(server);
    QTRY_VERIFY_WITH_TIMEOUT(server.serving(), DEADLINE_MS);
    std::thread other([&] { server.shutdown(); });
    other.join();
    QVERIFY(!server.serving());
    QVERIFY(observer.lifecycle().contains("stopped"));
    QVERIFY(serving.join_ended() == nullptr);
  }
};

QTEST_GUILESS_MAIN(TestShutdownFromAnyThread)
#include "TestShutdownFromAnyThread.moc"
