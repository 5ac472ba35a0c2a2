// The forking models under the same trials as the others (TestShutdownFromAnyThread), and
// what only a child process can do:
//  - shutdown() in a child (a handler) stops the parent's serve_forever(), through the
//    inherited wake-up pipe, and returns at once;
//  - a child never waits on its parent: with the parent no longer reading its events (after
//    shutdown(), before server_close()), a child that moves megabytes still runs to its end,
//    and its exit status tells the parent how the request ended.
#include <QtTest>

#include "model_cases.hpp"

using namespace behaviour;

namespace {

constexpr std::size_t flood_bytes = std::size_t{4} * 1024 * 1024;

/// Waits for "go", then sends flood_bytes in 1 KiB pieces: thousands of events for the
/// parent, far more than the channel between them holds.
struct Flood : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request_line(request);
    const std::string piece(1024, 'x');
    for (std::size_t sent = 0; sent < flood_bytes; sent += piece.size())
      request.sendall(piece);
  }
};

} // namespace

class TestForkingMisuse : public QObject {
  Q_OBJECT

private slots:
  void shutdownInAChildStopsTheParent_data() {
    QTest::addColumn<QString>("model");
    for (const char* row : {"ForkingTCPServer", "ForkingUDPServer", "ForkingUnixStreamServer",
                            "ForkingUnixDatagramServer"})
      QTest::newRow(row) << row;
  }
  void shutdownInAChildStopsTheParent() {
    QFETCH(QString, model);
    QVERIFY(with_forking_server_class(model, [](auto type) {
      using Server = typename decltype(type)::type;
      QTemporaryDir dir;
      Recording<Server> server{any_address<Server>(dir), socketserver::handler<StopThenAnswer>()};
      ServingThread serving(server);
      QTRY_VERIFY_WITH_TIMEOUT(server.serving(), DEADLINE_MS);
      QCOMPARE(bytes(exchange(server, "stop\n", dir)), QByteArray("stopped\n"));
      QVERIFY(serving.join_ended() == nullptr); // the parent stopped by itself
      QVERIFY(!server.serving());
    }));
  }

  void aChildNeverWaitsForAParentThatStoppedReading() {
    RecordingObserver observer;
    Recording<socketserver::ForkingTCPServer> server{Address{"127.0.0.1:0"},
                                                     socketserver::handler<Flood>()};
    server.set_observer(&observer);
    auto serving = std::make_unique<ServingThread>(server);
    Socket client = connect_to(server.server_address);
    QVERIFY(observer.wait_opened(1));
    QTRY_COMPARE_WITH_TIMEOUT(server.active_children.size(), std::size_t{1}, DEADLINE_MS);
    serving.reset(); // shutdown(): nobody reads the children's events any more
    client.sendall("go\n");
    QCOMPARE(read_to_end(client).size(), flood_bytes); // the child ran to its end
    server.server_close(); // reaps it: its exit status says it completed
    const auto finish = observer.finish(observer.opened_ids().front());
    QVERIFY(finish.has_value());
    QCOMPARE(finish->outcome, RequestOutcome::Completed);
  }
};

QTEST_GUILESS_MAIN(TestForkingMisuse)
#include "TestForkingMisuse.moc"
