// ThreadPoolMixIn under load: with pool_size 2 and pool_queue_size 1, two requests run, one
// waits, and the fourth is refused visibly (PoolFullError to handle_error, Overloaded to the
// observer, the client sees its connection closed); the pool never grows past pool_size; and
// once the handlers are released the server serves again. A pool of no threads refuses
// every request the same visible way, instead of queueing it for ever.

#include <algorithm>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

using PoolServer = Recording<socketserver::ThreadPoolTCPServer>;

/// What the handlers share with the test: the gate they wait at, and the most pool threads
/// any of them saw.
struct Shared {
  Gate gate;
  std::atomic<std::size_t> most_threads{0};
};

/// Waits at the gate, then answers "done\n". Notes how many pool threads exist meanwhile.
struct GatedHandler : socketserver::BaseRequestHandler {
  GatedHandler(Request& r, const Address& a, BaseServer& s, Shared* shared)
      : BaseRequestHandler(r, a, s), shared_(shared) {}
  void handle() override {
    note_threads();
    const bool opened = shared_->gate.pass();
    note_threads();
    request.sendall(opened ? "done\n" : "gate never opened\n");
  }
  void note_threads() {
    const std::size_t now = server_as<PoolServer>().pool_threads();
    std::size_t most = shared_->most_threads.load();
    while (now > most && !shared_->most_threads.compare_exchange_weak(most, now)) {
    }
  }
  Shared* shared_;
};

} // namespace

class TestThreadPoolSaturation : public QObject {
  Q_OBJECT

private:
  /// The server saturated as the test needs it: two handlers held at the gate, one request
  /// queued; `clients` are their connections.
  struct Saturated {
    Shared shared;
    RecordingObserver observer;
    PoolServer server{"127.0.0.1:0", factory<GatedHandler>(&shared)};
    std::vector<Socket> clients;
    std::optional<ServingThread> serving;

    ~Saturated() {
      shared.gate.open(); // whatever happened, no handler stays blocked
      serving.reset();
      server.server_close();
    }
  };

  /// Fills the pool step by step, each step confirmed before the next, so the order of
  /// events is the test's and not the scheduler's.
  static void saturate(Saturated& s) {
    s.server.pool_size = 2;
    s.server.pool_queue_size = 1;
    s.server.set_observer(&s.observer);
    s.serving.emplace(s.server);

    s.clients.push_back(connect_to(s.server.server_address));
    QVERIFY(s.shared.gate.wait_arrived(1));
    s.clients.push_back(connect_to(s.server.server_address));
    QVERIFY(s.shared.gate.wait_arrived(2));
    s.clients.push_back(connect_to(s.server.server_address));
    QVERIFY(s.observer.wait_opened(3));
    QTRY_COMPARE_WITH_TIMEOUT(s.server.pool_queued(), std::size_t{1}, DEADLINE_MS);
    QCOMPARE(s.server.pool_threads(), std::size_t{2});
    QCOMPARE(s.server.pool_busy(), std::size_t{2});
    QCOMPARE(s.shared.gate.arrived(), 2); // the third waits in the queue, not in a handler
  }

private slots:
  void fourthConnectionIsRefusedWhenThreadsAndQueueAreFull() {
    fail_on_exception([] {
      Saturated s;
      saturate(s);
      if (QTest::currentTestFailed())
        return;

      Socket fourth = connect_to(s.server.server_address);
      QVERIFY(s.observer.wait_finished(1));
      const RequestId refused = s.observer.opened_ids().at(3);
      const auto finish = s.observer.finish(refused);
      QVERIFY(finish.has_value());
      QCOMPARE(finish->outcome, RequestOutcome::Overloaded);
      QVERIFY2(QString::fromStdString(finish->data).contains("thread pool full"),
               finish->data.c_str());

      QVERIFY(s.server.hooks.wait_errors(1));
      const auto errors = s.server.hooks.errors();
      QCOMPARE(errors.size(), std::size_t{1});
      QCOMPARE(errors[0].id, refused);
      QCOMPARE(QString::fromStdString(errors[0].type), QString("PoolFullError"));
      QCOMPARE(s.server.hooks.of(refused),
               QStringList({"verify_request", "process_request", "handle_error", "shutdown_request",
                            "close_request"}));

      // The refused client sees its connection closed: end of stream, nothing else.
      QCOMPARE(bytes(read_to_end(fourth)), QByteArray());
      QCOMPARE(s.shared.gate.arrived(), 2);
      QVERIFY(s.server.pool_threads() <= 2);
    });
  }

  void poolThreadsNeverExceedPoolSize() {
    fail_on_exception([] {
      Saturated s;
      saturate(s);
      if (QTest::currentTestFailed())
        return;
      // More refused connections while saturated: none may add a thread.
      for (int i = 0; i < 3; ++i) {
        Socket extra = connect_to(s.server.server_address);
        QCOMPARE(bytes(read_to_end(extra)), QByteArray());
        QVERIFY(s.server.pool_threads() <= 2);
      }
      s.shared.gate.open();
      for (auto& client : s.clients)
        QCOMPARE(bytes(read_line(client)), QByteArray("done\n"));
      QVERIFY(s.observer.wait_finished(6));
      QCOMPARE(s.shared.most_threads.load(), std::size_t{2});
      QVERIFY(s.server.pool_threads() <= 2);
    });
  }

  void servingResumesOnceTheHandlersAreReleased() {
    fail_on_exception([] {
      Saturated s;
      saturate(s);
      if (QTest::currentTestFailed())
        return;
      Socket refused = connect_to(s.server.server_address);
      QCOMPARE(bytes(read_to_end(refused)), QByteArray());

      s.shared.gate.open();
      for (auto& client : s.clients) // the queued third is served too
        QCOMPARE(bytes(read_line(client)), QByteArray("done\n"));
      QVERIFY(s.observer.wait_finished(4));

      // Room again: new requests are served, by the same two threads.
      for (int i = 0; i < 4; ++i) {
        Socket next = connect_to(s.server.server_address);
        QCOMPARE(bytes(read_line(next)), QByteArray("done\n"));
      }
      QVERIFY(s.observer.wait_finished(8));
      int overloaded = 0;
      for (const RequestId id : s.observer.finished_ids())
        overloaded += s.observer.finish(id)->outcome == RequestOutcome::Overloaded ? 1 : 0;
      QCOMPARE(overloaded, 1);
      QVERIFY(s.server.pool_threads() <= 2);
    });
  }

  void poolOfNoThreadsRefusesEveryRequestVisibly_data() {
    QTest::addColumn<bool>("datagram");
    QTest::newRow("ThreadPoolTCPServer") << false;
    QTest::newRow("ThreadPoolUDPServer") << true;
  }
  void poolOfNoThreadsRefusesEveryRequestVisibly() {
    QFETCH(bool, datagram);
    auto body = [](auto type) {
      using Server = typename decltype(type)::type;
      QTemporaryDir dir;
      RecordingObserver observer;
      Recording<Server> server{any_address<Server>(dir), socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      server.pool_size = 0;
      ServingThread serving(server);
      Socket client = send_only(server, "hello\n", dir);
      QVERIFY(observer.wait_finished(1));
      const auto finish = observer.finish(observer.opened_ids().front());
      QCOMPARE(finish->outcome, RequestOutcome::Overloaded);
      QVERIFY2(finish->data.find("pool_size is 0") != std::string::npos, finish->data.c_str());
      QCOMPARE(QString::fromStdString(server.hooks.errors().at(0).type), QString("PoolFullError"));
      if constexpr (!is_datagram_v<Server>) {
        try { // closed (or reset: our line went unread), not left waiting
          QCOMPARE(bytes(read_to_end(client)), QByteArray());
        } catch (const socketserver::TimeoutError&) {
          QFAIL("the refused client was left waiting");
        } catch (const socketserver::SocketError&) {
        }
      }
      QCOMPARE(server.pool_threads(), std::size_t{0});
    };
    fail_on_exception([&] {
      if (datagram)
        body(Type<socketserver::ThreadPoolUDPServer>{});
      else
        body(Type<socketserver::ThreadPoolTCPServer>{});
    });
  }
};

QTEST_GUILESS_MAIN(TestThreadPoolSaturation)
#include "TestThreadPoolSaturation.moc"
