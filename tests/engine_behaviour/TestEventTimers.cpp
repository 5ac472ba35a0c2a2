// EventHandler::call_later(): replies after a delay without blocking the loop (one loop and
// several, TCP and Unix stream), deadline and call order, a timer's exception ending only its
// request, pending timers dropped however the request ends (peer gone, close(), end of
// stream, idle timeout, server stopping) and never run after on_close(), answering after end
// of stream, handle_request(), datagram servers refusing it, and the loop's TimerQueue.

#include <QtTest>

#include <sys/socket.h>

#include "behaviour_support.hpp"
#include "socketserver/detail/timer_queue.hpp"

using namespace behaviour;
using namespace std::chrono_literals;
using socketserver::EventHandler;
using socketserver::detail::TimerQueue;

namespace {

/// What the handlers did, and a token each pending callback holds a copy of: once a request
/// has ended, the token is back to one owner exactly when every callback was destroyed.
struct Trace {
  Guarded<QStringList> log;
  std::shared_ptr<int> token = std::make_shared<int>(0);
  void add(const QString& entry) {
    log.change([&](QStringList& l) { l << entry; });
  }
  QStringList entries() const {
    return log.read([](const QStringList& l) { return l; });
  }
};

/// Commands (one per chunk): "slow" answers after 300 ms, "fast" at once, "order" with
/// timers of several delays, "late-boom" throws from a timer, "wait" / "wait-close" queue
/// timers that must never run (100 ms and 60 s; "wait-long": 30 s and 60 s; then answer
/// "queued"), "mark" answers after 150 ms.
class TimedEvents : public EventHandler {
public:
  explicit TimedEvents(Trace* trace = nullptr, bool answer_after_eof = false)
      : trace_(trace), answer_after_eof_(answer_after_eof) {}

  void on_data(std::string_view data) override {
    if (data.starts_with("slow"))
      call_later(300ms, [this] { send("slow\n"); });
    else if (data.starts_with("fast"))
      send("fast\n");
    else if (data.starts_with("order"))
      queue_in_mixed_order();
    else if (data.starts_with("late-boom"))
      call_later(0ms, [] { throw std::runtime_error("late boom"); });
    else if (data.starts_with("wait"))
      queue_never_run(data.starts_with("wait-close"), data.starts_with("wait-long"));
    else if (data.starts_with("mark"))
      call_later(150ms, [this] { send("mark\n"); });
  }
  void on_eof() override {
    if (!answer_after_eof_) {
      EventHandler::on_eof(); // close(): pending timers are dropped
      return;
    }
    call_later(50ms, [this] {
      send("late bye\n");
      close();
    });
  }
  void on_close() override {
    if (trace_ == nullptr)
      return;
    trace_->add("closed");
    try {
      call_later(0ms, [] {});
    } catch (const std::logic_error&) {
      trace_->add("refused in on_close");
    }
  }

private:
  void queue_in_mixed_order() {
    inside_ = true;
    call_later(40ms, [this] {
      send("3");
      call_later(0ms, [this] { // from a timer callback, too
        send("\n");
        close();
      });
    });
    call_later(10ms, [this] { send("1"); });
    call_later(10ms, [this] { send("2"); });
    call_later(0ms, [this] { send(inside_ ? "ran inside call_later" : "0"); });
    inside_ = false;
  }
  void queue_never_run(bool then_close, bool only_long) {
    for (const auto delay : {only_long ? 30000ms : 100ms, 60000ms})
      call_later(delay, [this, token = trace_->token] { trace_->add("timer ran"); });
    send("queued\n");
    if (then_close)
      close();
  }

  Trace* trace_;
  bool answer_after_eof_;
  bool inside_ = false;
};

template <class Server> using Events = Recording<Server>;

} // namespace

class TestEventTimers : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  /// Client A asks for "slow", then B, on the same loop, for "fast": B's answer comes first.
  template <class Server> void slow_then_fast(std::size_t loops) {
    Events<Server> server{any_address<Server>(dir_), socketserver::event_handler<TimedEvents>()};
    server.event_loops = loops;
    ServingThread serving(server);

    Socket slow = connect_to(server.server_address);
    std::vector<Socket> others; // round robin: the next `loops - 1` go to the other loops
    for (std::size_t i = 1; i < loops; ++i)
      others.push_back(connect_to(server.server_address));
    Socket fast = connect_to(server.server_address);
    Guarded<QStringList> arrivals;
    const auto reader = [&arrivals](Socket& socket) {
      const std::string line = read_line(socket);
      arrivals.change([&](QStringList& l) { l << QString::fromStdString(line).trimmed(); });
    };
    slow.sendall("slow\n");
    fast.sendall("fast\n");
    {
      std::jthread slow_reader(reader, std::ref(slow));
      std::jthread fast_reader(reader, std::ref(fast));
    }
    QCOMPARE(arrivals.read([](const QStringList& l) { return l; }), QStringList({"fast", "slow"}));
  }

private slots:
  void slowReplyDoesNotBlockTcpOneLoop() { slow_then_fast<socketserver::EventTCPServer>(1); }
  void slowReplyDoesNotBlockTcpThreeLoops() { slow_then_fast<socketserver::EventTCPServer>(3); }
  void slowReplyDoesNotBlockUnixTwoLoops() {
    slow_then_fast<socketserver::EventUnixStreamServer>(2);
  }

  void timersRunInDeadlineOrderNeverInsideCallLater() {
    Events<socketserver::EventTCPServer> server{Address{"127.0.0.1:0"},
                                                socketserver::event_handler<TimedEvents>()};
    server.event_loops = 1;
    ServingThread serving(server);
    Socket client = connect_to(server.server_address);
    client.sendall("order\n");
    QCOMPARE(bytes(read_to_end(client)), QByteArray("0123\n"));
  }

  void timerExceptionEndsOnlyItsRequest() {
    RecordingObserver observer;
    Events<socketserver::EventTCPServer> server{Address{"127.0.0.1:0"},
                                                socketserver::event_handler<TimedEvents>()};
    server.event_loops = 1;
    server.set_observer(&observer);
    ServingThread serving(server);

    Socket survivor = connect_to(server.server_address);
    Socket failing = connect_to(server.server_address);
    failing.sendall("late-boom\n");
    QCOMPARE(bytes(read_to_end(failing)), QByteArray()); // its connection closes
    QVERIFY(server.hooks.wait_errors(1));
    const HandledError error = server.hooks.errors().at(0);
    QCOMPARE(QString::fromStdString(error.type), QString("runtime_error"));
    QCOMPARE(bytes(error.what), QByteArray("late boom"));
    QVERIFY(observer.wait_finished(1));
    QCOMPARE(observer.finish(error.id)->outcome, RequestOutcome::Error);
    QCOMPARE(server.hooks.of(error.id),
             QStringList({"verify_request", "process_request", "handle_error", "shutdown_request",
                          "close_request"}));
    survivor.sendall("fast\n");
    QCOMPARE(bytes(read_line(survivor)), QByteArray("fast\n"));
  }

  void pendingTimersEndWithTheirRequest_data() {
    QTest::addColumn<QString>("how");
    QTest::addColumn<RequestOutcome>("outcome");
    QTest::newRow("peer leaves") << "peer leaves" << RequestOutcome::Completed;
    QTest::newRow("close()") << "close()" << RequestOutcome::Completed;
    QTest::newRow("end of stream") << "end of stream" << RequestOutcome::Completed;
    QTest::newRow("idle timeout") << "idle timeout" << RequestOutcome::Error;
    QTest::newRow("server stops") << "server stops" << RequestOutcome::Completed;
  }
  void pendingTimersEndWithTheirRequest() {
    QFETCH(QString, how);
    QFETCH(RequestOutcome, outcome);
    Trace trace;
    RecordingObserver observer;
    Events<socketserver::EventTCPServer> server{Address{"127.0.0.1:0"},
                                                socketserver::event_handler<TimedEvents>(&trace)};
    server.event_loops = 1;
    if (how == "idle timeout")
      server.idle_timeout = Seconds{0.3};
    server.set_observer(&observer);
    ServingThread serving(server);

    Socket client = connect_to(server.server_address);
    // The idle timeout must come first: the 100 ms timer would legitimately run before it.
    client.sendall(how == "close()"        ? "wait-close\n"
                   : how == "idle timeout" ? "wait-long\n"
                                           : "wait\n");
    QCOMPARE(bytes(read_line(client)), QByteArray("queued\n"));
    if (how != "close()")                    // that one may have ended already
      QCOMPARE(trace.token.use_count(), 3L); // two callbacks pending
    if (how == "peer leaves")
      client.close();
    else if (how == "end of stream")
      client.shutdown(SHUT_WR); // on_eof()'s default close() does not wait for timers
    else if (how == "server stops")
      QVERIFY(!serving.stop()); // a 60 s timer does not hold shutdown() (Watchdog: 10 s)
    if (how != "peer leaves")
      QCOMPARE(bytes(read_to_end(client)), QByteArray());
    QVERIFY(observer.wait_finished(1));
    QCOMPARE(observer.finish(observer.opened_ids().front())->outcome, outcome);
    QCOMPARE(trace.token.use_count(), 1L); // both callbacks destroyed, never run
    QCOMPARE(trace.entries(), QStringList({"closed", "refused in on_close"}));
    if (how == "server stops")
      return;
    // A later timer on the same loop runs: the dropped 100 ms one would have run before it.
    Socket marker = connect_to(server.server_address);
    marker.sendall("mark\n");
    QCOMPARE(bytes(read_line(marker)), QByteArray("mark\n"));
    QVERIFY(!trace.entries().contains("timer ran"));
  }

  void handlerAnswersAfterEndOfStreamFromATimer() {
    Trace trace;
    Events<socketserver::EventUnixStreamServer> server{
        any_address<socketserver::EventUnixStreamServer>(dir_),
        socketserver::event_handler<TimedEvents>(&trace, true)};
    server.event_loops = 2;
    ServingThread serving(server);
    Socket client = connect_to(server.server_address);
    client.shutdown(SHUT_WR);
    QCOMPARE(bytes(read_to_end(client)), QByteArray("late bye\n"));
  }

  void handleRequestRunsTimersToTheEnd() {
    Events<socketserver::EventTCPServer> server{Address{"127.0.0.1:0"},
                                                socketserver::event_handler<TimedEvents>()};
    std::string reply;
    std::thread client([&] {
      Socket socket = connect_to(server.server_address);
      socket.sendall("slow\n");
      reply = read_line(socket);
    });
    Watchdog watchdog("handle_request()");
    server.handle_request();
    client.join();
    QCOMPARE(bytes(reply), QByteArray("slow\n"));
  }

  void datagramServersRefuseCallLater() {
    RecordingObserver observer;
    Events<socketserver::EventUDPServer> server{Address{"127.0.0.1:0"},
                                                socketserver::event_handler<TimedEvents>()};
    server.set_observer(&observer);
    ServingThread serving(server);
    Socket client = datagram_client(server.server_address, dir_);
    client.sendto("slow", server.server_address);
    QVERIFY(server.hooks.wait_errors(1));
    const HandledError error = server.hooks.errors().at(0);
    QCOMPARE(QString::fromStdString(error.type), QString("logic_error"));
    QVERIFY2(error.what.find("datagram") != std::string::npos, error.what.c_str());
    QVERIFY(observer.wait_finished(1));
    QCOMPARE(observer.finish(error.id)->outcome, RequestOutcome::Error);
    client.sendto("fast", server.server_address); // and it serves on
    QCOMPARE(bytes(client.recv(65536)), QByteArray("fast\n"));
  }

  void timerQueueOrdersByDeadlineThenCallOrder() {
    TimerQueue queue;
    const auto t = Clock::now();
    QString ran;
    queue.add(1, t + 5ms, [&] { ran += "c"; });
    queue.add(2, t, [&] { ran += "a"; });
    queue.add(1, t, [&] { ran += "b"; });
    queue.add(3, t + 1ms, [&] { ran += "dropped"; });
    queue.drop(3);
    QCOMPARE(queue.size(), std::size_t{3});
    QCOMPARE(*queue.next_deadline(), t);
    const auto before = queue.next_sequence();
    // Added while the due ones run: never earlier than the pass's time.
    queue.add(4, t + 5ms, [&] { ran += "added while running"; });
    while (auto timer = queue.pop_due(t + 5ms, before))
      timer->callback();
    QCOMPARE(ran, QString("abc"));
    QCOMPARE(queue.size(), std::size_t{1}); // left for the next pass
    QCOMPARE(TimerQueue::deadline_after(-5ms, t), t);
    QVERIFY(TimerQueue::deadline_after(std::chrono::milliseconds::max(), t) > t); // no overflow
  }
};

QTEST_GUILESS_MAIN(TestEventTimers)
#include "TestEventTimers.moc"
