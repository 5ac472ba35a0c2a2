// ForkingMixIn's hook order and observability: the parent runs verify_request,
// process_request and close_request (Python's parent side); the child runs finish_request,
// [handle_error], shutdown_request, close_request; and the events a child forwards over its
// pipe (received, sent, finished) reach the parent's observer in order, after the parent's
// own "opened", exactly once per request. Children log their hooks to a file
// (HookLog::record_children_in), since they cannot reach the parent's memory.

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

class TestForkingHookOrder : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;
  int log_counter_ = 0;

  static void server_classes() {
    QTest::addColumn<QString>("server_class");
    for (const char* name : {"ForkingTCPServer", "ForkingUDPServer", "ForkingUnixStreamServer",
                             "ForkingUnixDatagramServer"})
      QTest::newRow(name) << QString(name);
  }

  QString child_log() { return dir_.filePath("child-hooks." + QString::number(++log_counter_)); }

  template <class Server> void served_request() {
    RecordingObserver observer;
    Recording<Server> server{any_address<Server>(dir_), socketserver::handler<UpperHandler>()};
    QVERIFY(server.hooks.record_children_in(child_log()));
    server.set_observer(&observer);
    ServingThread serving(server);

    QCOMPARE(bytes(exchange(server, "hello\n", dir_)), QByteArray("HELLO\n"));
    QVERIFY(observer.wait_finished(1));
    const RequestId id = observer.opened_ids().at(0);

    QCOMPARE(server.hooks.of(id),
             QStringList({"verify_request", "process_request", "close_request"}));
    QCOMPARE(server.hooks.of_children(id),
             QStringList({"finish_request", "shutdown_request", "close_request"}));
    QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "sent", "finished completed"}));
    QCOMPARE(bytes(observer.received(id)), QByteArray("hello\n"));
    QCOMPARE(bytes(observer.sent(id)), QByteArray("HELLO\n"));
  }

  template <class Server> void refused_request() {
    RecordingObserver observer;
    Recording<Server> server{any_address<Server>(dir_), socketserver::handler<UpperHandler>()};
    QVERIFY(server.hooks.record_children_in(child_log()));
    server.refuse = true;
    server.set_observer(&observer);
    ServingThread serving(server);

    Socket client = send_only(server, is_datagram_v<Server> ? "hello\n" : "", dir_);
    QVERIFY(observer.wait_finished(1));
    const RequestId id = observer.opened_ids().at(0);

    // Refused before any fork: the parent shuts it down, no child ever sees it.
    QCOMPARE(server.hooks.of(id),
             QStringList({"verify_request", "shutdown_request", "close_request"}));
    QCOMPARE(server.hooks.of_children(id), QStringList());
    if constexpr (is_datagram_v<Server>) {
      QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "finished rejected"}));
    } else {
      QCOMPARE(observer.kinds(id), QStringList({"opened", "finished rejected"}));
      QCOMPARE(bytes(read_to_end(client)), QByteArray());
    }
  }

  template <class Server> void failed_request() {
    RecordingObserver observer;
    Recording<Server> server{any_address<Server>(dir_), socketserver::handler<FailingHandler>()};
    QVERIFY(server.hooks.record_children_in(child_log()));
    server.set_observer(&observer);
    std::atomic<std::size_t> children_left{1};
    server.after_service_actions = [&] { children_left = server.active_children.size(); };
    ServingThread serving(server);

    Socket client = send_only(server, "hello\n", dir_);
    QVERIFY(observer.wait_finished(1));
    const RequestId id = observer.opened_ids().at(0);

    QCOMPARE(server.hooks.of(id),
             QStringList({"verify_request", "process_request", "close_request"}));
    QCOMPARE(server.hooks.of_children(id),
             QStringList({"finish_request", "handle_error", "shutdown_request", "close_request"}));
    QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "finished error"}));
    QCOMPARE(bytes(observer.finish(id)->data), bytes(failure_text));
    if constexpr (!is_datagram_v<Server>)
      QCOMPARE(bytes(read_to_end(client)), QByteArray());

    // The child exits with status 1 and is reaped afterwards: that must not report the
    // request a second time.
    QTRY_COMPARE_WITH_TIMEOUT(children_left.load(), std::size_t{0}, DEADLINE_MS);
    QCOMPARE(observer.finished_ids().size(), std::size_t{1});
  }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void servedRequestRunsParentAndChildHooksInOrder_data() { server_classes(); }
  void servedRequestRunsParentAndChildHooksInOrder() {
    QFETCH(QString, server_class);
    QVERIFY(with_forking_server_class(
        server_class, [this](auto type) { served_request<typename decltype(type)::type>(); }));
  }

  void refusedRequestIsShutDownInTheParentWithoutForking_data() { server_classes(); }
  void refusedRequestIsShutDownInTheParentWithoutForking() {
    QFETCH(QString, server_class);
    QVERIFY(with_forking_server_class(
        server_class, [this](auto type) { refused_request<typename decltype(type)::type>(); }));
  }

  void throwingHandlerReachesHandleErrorInTheChild_data() { server_classes(); }
  void throwingHandlerReachesHandleErrorInTheChild() {
    QFETCH(QString, server_class);
    QVERIFY(with_forking_server_class(
        server_class, [this](auto type) { failed_request<typename decltype(type)::type>(); }));
  }

  // Children run at once: each connects first, then they send in reverse order, so the
  // children's events interleave in the pipe; each request's own story must stay in order.
  void concurrentChildrenKeepEachRequestsEventsInOrder() {
    fail_on_exception([this] {
      RecordingObserver observer;
      Recording<socketserver::ForkingTCPServer> server{"127.0.0.1:0",
                                                       socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      constexpr int clients = 4;
      std::vector<Socket> sockets;
      for (int i = 0; i < clients; ++i) {
        sockets.push_back(connect_to(server.server_address));
        QVERIFY(observer.wait_opened(static_cast<std::size_t>(i + 1))); // accepted in order
      }
      for (int i = clients - 1; i >= 0; --i)
        sockets[static_cast<std::size_t>(i)].sendall("client " + std::to_string(i) + "\n");
      for (int i = 0; i < clients; ++i)
        QCOMPARE(bytes(read_line(sockets[static_cast<std::size_t>(i)])),
                 bytes("CLIENT " + std::to_string(i) + "\n"));
      QVERIFY(observer.wait_finished(clients));

      const auto ids = observer.opened_ids();
      QCOMPARE(ids.size(), std::size_t{clients});
      for (int i = 0; i < clients; ++i) {
        const RequestId id = ids[static_cast<std::size_t>(i)];
        if (i > 0)
          QVERIFY2(id > ids[static_cast<std::size_t>(i - 1)], "request ids must increase");
        QCOMPARE(observer.kinds(id),
                 QStringList({"opened", "received", "sent", "finished completed"}));
        QCOMPARE(bytes(observer.received(id)), bytes("client " + std::to_string(i) + "\n"));
      }
      QCOMPARE(observer.finished_ids().size(), std::size_t{clients}); // once each
    });
  }
};

QTEST_GUILESS_MAIN(TestForkingHookOrder)
#include "TestForkingHookOrder.moc"
