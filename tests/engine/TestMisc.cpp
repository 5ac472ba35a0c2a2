// Python's MiscTestCase: every public name of the module exists (checked by the compiler),
// shutdown_request() runs for a refused request, and finished request threads are not kept.

#include <atomic>
#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <QtTest>

#include <socketserver.hpp>

#include "echo_cases.hpp"
#include "test_support.hpp"

using namespace socketserver;
using namespace test_support;

namespace names {

// Python's socketserver.__all__ (3.11), plus the Forking Unix servers that Python 3.12
// adds: each name must be a complete type. A missing or misspelt name fails to compile.
template <class... T> constexpr bool complete = ((sizeof(T) > 0) && ...);

static_assert(
    complete<BaseServer, TCPServer, UDPServer, ThreadingUDPServer, ThreadingTCPServer,
             BaseRequestHandler, StreamRequestHandler, DatagramRequestHandler,
             ThreadingMixIn<TCPServer>, ForkingUDPServer, ForkingTCPServer, ForkingMixIn<TCPServer>,
             UnixStreamServer, UnixDatagramServer, ThreadingUnixStreamServer,
             ThreadingUnixDatagramServer, ForkingUnixStreamServer, ForkingUnixDatagramServer>);

// The aliases are the mixins over the base servers, as in Python's class statements.
static_assert(std::is_same_v<ThreadingTCPServer, ThreadingMixIn<TCPServer>>);
static_assert(std::is_same_v<ThreadingUDPServer, ThreadingMixIn<UDPServer>>);
static_assert(std::is_same_v<ThreadingUnixStreamServer, ThreadingMixIn<UnixStreamServer>>);
static_assert(std::is_same_v<ThreadingUnixDatagramServer, ThreadingMixIn<UnixDatagramServer>>);
static_assert(std::is_same_v<ForkingTCPServer, ForkingMixIn<TCPServer>>);
static_assert(std::is_same_v<ForkingUDPServer, ForkingMixIn<UDPServer>>);
static_assert(std::is_same_v<ForkingUnixStreamServer, ForkingMixIn<UnixStreamServer>>);
static_assert(std::is_same_v<ForkingUnixDatagramServer, ForkingMixIn<UnixDatagramServer>>);

// The class hierarchy of the Python module.
static_assert(std::is_base_of_v<BaseServer, TCPServer>);
static_assert(std::is_base_of_v<TCPServer, UDPServer>);
static_assert(std::is_base_of_v<TCPServer, UnixStreamServer>);
static_assert(std::is_base_of_v<UDPServer, UnixDatagramServer>);
static_assert(std::is_base_of_v<BaseRequestHandler, StreamRequestHandler>);
static_assert(std::is_base_of_v<BaseRequestHandler, DatagramRequestHandler>);

// Every public attribute and hook of the Python classes, by its Python name.
static_assert(requires(BaseServer & s, Request& r, const Address& a) {
  s.server_address;
  s.RequestHandlerClass;
  s.timeout;
  s.serve_forever(Seconds{0.5});
  s.serve_forever();
  s.shutdown();
  s.handle_request();
  s.fileno();
  s.server_activate();
  s.get_request();
  s.handle_timeout();
  { s.verify_request(r, a) } -> std::same_as<bool>;
  s.process_request(r, a);
  s.finish_request(r, a);
  s.shutdown_request(r);
  s.close_request(r);
  s.service_actions();
  s.handle_error(r, a);
  s.server_close();
});

static_assert(requires(TCPServer & s) {
  s.address_family;
  s.socket_type;
  s.request_queue_size;
  s.allow_reuse_address;
  s.allow_reuse_port;
  s.socket;
  s.server_bind();
});

static_assert(requires(UDPServer & s) { s.max_packet_size; });

static_assert(requires(ThreadingTCPServer & s, Request& r, const Address& a) {
  s.daemon_threads;
  s.block_on_close;
  s.process_request_thread(r, a);
});

static_assert(requires(ForkingTCPServer & s) {
  s.timeout;
  s.active_children;
  s.max_children;
  s.block_on_close;
  s.collect_children();
});

static_assert(requires(BaseRequestHandler & h) {
  h.request;
  h.client_address;
  h.server;
  h.setup();
  h.handle();
  h.finish();
});

static_assert(requires(StreamRequestHandler & h) {
  h.rbufsize;
  h.wbufsize;
  h.timeout;
  h.disable_nagle_algorithm;
  h.connection();
  h.rfile.readline();
  h.rfile.read();
  h.rfile.readlines();
  h.wfile.write(std::string_view{});
  h.wfile.flush();
  h.wfile.fileno();
});

static_assert(requires(DatagramRequestHandler & h) {
  h.packet;
  h.socket();
  h.rfile.readline();
  h.wfile.write(std::string_view{});
});

} // namespace names

namespace chain {

// Every callback it hears, in order, as "started", "opened", "received:<bytes>", ...
class EventLog : public ServerObserver {
public:
  void on_server_started(const Address&) override { add("started"); }
  void on_server_stopped() override { add("stopped"); }
  void on_server_failed(std::string_view reason) override { add("failed:" + std::string(reason)); }
  void on_request_opened(RequestId, const Address&) override { add("opened"); }
  void on_bytes_received(RequestId, std::string_view data) override {
    add("received:" + std::string(data));
  }
  void on_bytes_sent(RequestId, std::string_view data) override {
    add("sent:" + std::string(data));
  }
  void on_request_finished(RequestId, RequestOutcome outcome, std::string_view) override {
    add("finished:" + std::string(to_string(outcome)));
  }
  void on_notice(RequestId, std::string_view message) override {
    add("notice:" + std::string(message));
  }
  std::vector<std::string> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

private:
  void add(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  mutable std::mutex mutex_;
  std::vector<std::string> events_;
};

// Acts on one event and passes every event on.
class FinishedCounter : public ForwardingObserver {
public:
  using ForwardingObserver::ForwardingObserver;
  void on_request_finished(RequestId id, RequestOutcome outcome, std::string_view detail) override {
    ++finished;
    ForwardingObserver::on_request_finished(id, outcome, detail);
  }
  std::atomic<int> finished{0};
};

} // namespace chain

class MiscTestCase : public QObject {
  Q_OBJECT

private slots:
  // Objects defined in the module are where a Python user expects them. The names are
  // checked at compile time above; their Python defaults are checked here.
  void testAll() {
    TCPServer tcp(Address{HOST, 0}, handler<StreamRequestHandler>(), false);
    QVERIFY(!tcp.timeout.has_value());
    QCOMPARE(tcp.request_queue_size, 5);
    QCOMPARE(tcp.allow_reuse_address, false);
    QCOMPARE(tcp.allow_reuse_port, false);
    QCOMPARE(tcp.address_family, AF_INET);
    QCOMPARE(tcp.socket_type, int{SOCK_STREAM});

    UDPServer udp(Address{HOST, 0}, handler<DatagramRequestHandler>(), false);
    QCOMPARE(udp.max_packet_size, std::size_t{8192});
    QCOMPARE(udp.socket_type, int{SOCK_DGRAM});

    ThreadingTCPServer threading(Address{HOST, 0}, handler<StreamRequestHandler>(), false);
    QCOMPARE(threading.daemon_threads, false);
    QCOMPARE(threading.block_on_close, true);

    ForkingTCPServer forking(Address{HOST, 0}, handler<StreamRequestHandler>(), false);
    QVERIFY(forking.timeout.has_value());
    QCOMPARE(forking.timeout->count(), 300.0);
    QCOMPARE(forking.max_children, std::size_t{40});
    QCOMPARE(forking.block_on_close, true);
    QVERIFY(forking.active_children.empty());
  }

  // Issue #26309: BaseServer should call shutdown_request even if verify_request is False.
  void testShutdownRequestCalledIfVerifyRequestFalse() {
    struct MyServer : TCPServer {
      using TCPServer::TCPServer;
      bool verify_request(Request&, const Address&) override { return false; }
      int shutdown_called = 0;
      void shutdown_request(Request& request) override {
        ++shutdown_called;
        TCPServer::shutdown_request(request);
      }
    };
    std::atomic<int> handled{0};
    MyServer server(Address{HOST, 0},
                    [&handled](Request&, const Address&, BaseServer&) { ++handled; });
    server.timeout = DEADLINE;
    {
      Socket s(server.address_family, SOCK_STREAM);
      s.connect(server.server_address);
    }
    QVERIFY_THROWS_NO_EXCEPTION(server.handle_request());
    QCOMPARE(server.shutdown_called, 1);
    QCOMPARE(handled.load(), 0); // refused: the handler never ran
    server.server_close();
  }

  // In #37193, users reported a memory leak due to the saving of every request thread.
  // Ensure that not all threads are kept forever.
  void testThreadsReaped() {
    using MyServer = ThreadingMixIn<TCPServer>;
    MyServer server(Address{HOST, 0}, handler<StreamRequestHandler>());
    server.timeout = DEADLINE;
    for (int n = 0; n < 10; ++n) {
      Socket client = Socket::create_connection(server.server_address, DEADLINE);
      QVERIFY_THROWS_NO_EXCEPTION(server.handle_request());
    }
    QTRY_VERIFY_WITH_TIMEOUT(server.active_threads() < 10, DEADLINE_MS);
    // Every handler returns at once, so in the end none is left.
    QTRY_COMPARE_WITH_TIMEOUT(server.active_threads(), std::size_t{0}, DEADLINE_MS);
    server.server_close();
  }
  // Beyond Python: a ForwardingObserver in front of another observer passes every event of
  // a real exchange on, in order, and its override sees the event it acts on.
  void testForwardingObserverPassesEveryEventOn() {
    chain::EventLog log;
    chain::FinishedCounter counter(&log);
    {
      echo_cases::EchoServer<TCPServer> server(
          Address{HOST, 0}, handler<echo_cases::LineEchoHandler<StreamRequestHandler>>());
      server.set_observer(&counter);
      ServingThread serving(server);
      QCOMPARE(stream_examine(server.server_address), TEST_STR);
      QTRY_COMPARE_WITH_TIMEOUT(counter.finished.load(), 1, DEADLINE_MS);
      QVERIFY(serving.stop() == nullptr);
      server.server_close();
    }
    const std::vector<std::string> expected = {
        "started", "opened", "received:" + TEST_STR, "sent:" + TEST_STR, "finished:completed",
        "stopped"};
    QCOMPARE(log.events(), expected);

    chain::FinishedCounter alone; // no next observer: events stop here, nothing breaks
    alone.on_request_finished(1, RequestOutcome::Error, "detail");
    alone.on_notice(1, "notice");
    QCOMPARE(alone.finished.load(), 1);
    QCOMPARE(alone.next(), nullptr);
  }
};

QTEST_GUILESS_MAIN(MiscTestCase)
#include "TestMisc.moc"
