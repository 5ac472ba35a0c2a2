// The template method, hook by hook: for a served, a refused and a failed request, every
// in-process concurrency model (synchronous, ThreadingMixIn, ThreadPoolMixIn) on stream and
// datagram servers runs Python's hooks in Python's order, and the observer sees the same
// story: opened, the bytes, one finish with the right outcome. Forking lives in
// TestForkingHookOrder.cpp (it cannot run under TSan).

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

class TestHookOrder : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  static void server_classes() {
    QTest::addColumn<QString>("server_class");
    for (const char* name :
         {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "UnixStreamServer", "UDPServer",
          "ThreadingUDPServer", "ThreadPoolUDPServer", "UnixDatagramServer"})
      QTest::newRow(name) << QString(name);
  }

  template <class Server> void served_request() {
    RecordingObserver observer;
    Recording<Server> server{any_address<Server>(dir_), socketserver::handler<UpperHandler>()};
    server.set_observer(&observer);
    ServingThread serving(server);

    QCOMPARE(bytes(exchange(server, "hello\n", dir_)), QByteArray("HELLO\n"));
    QVERIFY(observer.wait_finished(1));
    QCOMPARE(observer.opened_ids().size(), std::size_t{1});
    const RequestId id = observer.opened_ids().front();

    QCOMPARE(server.hooks.of(id), served_hooks);
    QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "sent", "finished completed"}));
    QCOMPARE(bytes(observer.received(id)), QByteArray("hello\n"));
    QCOMPARE(bytes(observer.sent(id)), QByteArray("HELLO\n"));
    QCOMPARE(bytes(observer.finish(id)->data), QByteArray());
    QVERIFY(server.hooks.errors().empty());
  }

  template <class Server> void refused_request() {
    RecordingObserver observer;
    Recording<Server> server{any_address<Server>(dir_), socketserver::handler<UpperHandler>()};
    server.refuse = true;
    server.set_observer(&observer);
    ServingThread serving(server);

    // A stream client sends nothing, so the refusal is a clean end of stream (unread data
    // would turn the close into a reset).
    Socket client = send_only(server, is_datagram_v<Server> ? "hello\n" : "", dir_);
    QVERIFY(observer.wait_finished(1));
    const RequestId id = observer.opened_ids().at(0);

    QCOMPARE(server.hooks.of(id),
             QStringList({"verify_request", "shutdown_request", "close_request"}));
    if constexpr (is_datagram_v<Server>) {
      QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "finished rejected"}));
    } else {
      QCOMPARE(observer.kinds(id), QStringList({"opened", "finished rejected"}));
      QCOMPARE(bytes(read_to_end(client)), QByteArray()); // the client sees it closed
    }
    QCOMPARE(server.hooks.count("handle_error"), 0);
  }

  template <class Server> void failed_request() {
    RecordingObserver observer;
    Recording<Server> server{any_address<Server>(dir_), socketserver::handler<FailingHandler>()};
    server.set_observer(&observer);
    ServingThread serving(server);

    Socket client = send_only(server, "hello\n", dir_);
    QVERIFY(observer.wait_finished(1));
    const RequestId id = observer.opened_ids().at(0);

    QCOMPARE(server.hooks.of(id),
             QStringList({"verify_request", "process_request", "finish_request", "handle_error",
                          "shutdown_request", "close_request"}));
    QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "finished error"}));
    QCOMPARE(bytes(observer.finish(id)->data), bytes(failure_text));
    const auto errors = server.hooks.errors();
    QCOMPARE(errors.size(), std::size_t{1});
    QCOMPARE(errors[0].id, id);
    QCOMPARE(QString::fromStdString(errors[0].type), QString("runtime_error"));
    QCOMPARE(bytes(errors[0].what), bytes(failure_text));
    if constexpr (!is_datagram_v<Server>)
      QCOMPARE(bytes(read_to_end(client)), QByteArray()); // closed after the failure

    // A failed request does not stop the server: the next one is served (and fails) too.
    Socket second = send_only(server, "again\n", dir_);
    QVERIFY(observer.wait_finished(2));
    QCOMPARE(observer.opened_ids().size(), std::size_t{2});
    QCOMPARE(observer.kinds(observer.opened_ids().at(1)),
             QStringList({"opened", "received", "finished error"}));
  }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void servedRequestRunsHooksInPythonOrder_data() { server_classes(); }
  void servedRequestRunsHooksInPythonOrder() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(
        server_class, [this](auto type) { served_request<typename decltype(type)::type>(); }));
  }

  void refusedRequestStillGoesThroughShutdownRequest_data() { server_classes(); }
  void refusedRequestStillGoesThroughShutdownRequest() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(
        server_class, [this](auto type) { refused_request<typename decltype(type)::type>(); }));
  }

  void throwingHandlerReachesHandleErrorThenShutdownRequest_data() { server_classes(); }
  void throwingHandlerReachesHandleErrorThenShutdownRequest() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(
        server_class, [this](auto type) { failed_request<typename decltype(type)::type>(); }));
  }

  void bindAndActivateRunOnceBeforeAnyRequest_data() { server_classes(); }
  void bindAndActivateRunOnceBeforeAnyRequest() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      Recording<Server> server{any_address<Server>(dir_), socketserver::handler<UpperHandler>()};
      QCOMPARE(server.hooks.of(0), QStringList({"server_bind", "server_activate"}));
      QVERIFY(server.fileno() >= 0);
    }));
  }

  void serviceActionsRunsEveryPollInterval() {
    Recording<socketserver::TCPServer> server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
    std::atomic<std::thread::id> caller{};
    server.before_service_actions = [&caller] { caller = std::this_thread::get_id(); };
    {
      ServingThread serving(server, Seconds{0.01});
      QTRY_VERIFY_WITH_TIMEOUT(server.service_actions_calls.load() >= 3, DEADLINE_MS);
    }
    // On the serving thread, never on the test's.
    QVERIFY(caller.load() != std::thread::id{});
    QVERIFY(caller.load() != std::this_thread::get_id());
  }

  // Python calls service_actions() after each request too, not only when a poll times out:
  // with poll_interval 30 s, a request is followed by one at once.
  void serviceActionsRunsAfterEachRequest() {
    RecordingObserver observer;
    Recording<socketserver::TCPServer> server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
    server.set_observer(&observer);
    ServingThread serving(server, Seconds{30});
    QVERIFY(observer.wait_lifecycle("started"));
    QCOMPARE(server.service_actions_calls.load(), 0L);
    for (long i = 1; i <= 2; ++i) {
      QCOMPARE(bytes(exchange(server, "x\n", dir_)), QByteArray("X\n"));
      QTRY_COMPARE_WITH_TIMEOUT(server.service_actions_calls.load(), i, 5000);
    }
  }
};

QTEST_GUILESS_MAIN(TestHookOrder)
#include "TestHookOrder.moc"
