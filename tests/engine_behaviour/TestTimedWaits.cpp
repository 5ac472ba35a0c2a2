// Every timed wait counts the time left, and no timeout overflows:
//  - signals arriving every few milliseconds (EINTR) do not stretch handle_request()'s
//    timeout, serve_forever()'s poll_interval (service_actions() still runs) or a socket's
//    timeout, as Python's PEP 475 retries count the time left;
//  - timeouts of any size (40 days, 300 years, infinity) are clamped, not overflowed (UBSan
//    watches the conversions), and a NaN socket timeout is refused;
//  - handle_request() waits for the smaller of `timeout` and the listening socket's timeout,
//    as Python does, and the listening socket blocks when it says it blocks.
#include <QScopeGuard>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <fstream>

#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "model_cases.hpp"

using namespace behaviour;

namespace {

void ignore_signal(int) {}

/// Sends SIGUSR1 to one thread every `period` while it lives (SIGUSR1 is handled without
/// SA_RESTART, so every blocking call of that thread is interrupted).
class SignalStorm {
public:
  SignalStorm(pthread_t target, std::chrono::milliseconds period)
      : thread_([this, target, period] {
          while (!stop_.wait_for(period))
            ::pthread_kill(target, SIGUSR1);
        }) {}
  ~SignalStorm() {
    stop_.open();
    thread_.join();
  }
  SignalStorm(const SignalStorm&) = delete;
  SignalStorm& operator=(const SignalStorm&) = delete;

private:
  /// A flag to wait on with a timeout.
  class Flag {
  public:
    bool wait_for(std::chrono::milliseconds limit) {
      std::unique_lock lock(mutex_);
      return changed_.wait_for(lock, limit, [this] { return set_; });
    }
    void open() {
      {
        std::lock_guard lock(mutex_);
        set_ = true;
      }
      changed_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool set_ = false;
  };
  Flag stop_;
  std::thread thread_;
};

constexpr std::chrono::milliseconds storm_period{20};

/// The state letter of thread `tid` in /proc ('S' = sleeping in a call).
char thread_state(pid_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

} // namespace

class TestTimedWaits : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    struct sigaction action {};
    action.sa_handler = ignore_signal; // no SA_RESTART: every wait sees EINTR
    sigemptyset(&action.sa_mask);
    QCOMPARE(::sigaction(SIGUSR1, &action, nullptr), 0);
  }

  void handleRequestTimesOutUnderSignals_data() {
    QTest::addColumn<QString>("model");
    for (const char* row : {"TCPServer", "ThreadingUDPServer", "ThreadPoolTCPServer",
                            "EventTCPServer/1", "UnixDatagramServer"})
      QTest::newRow(row) << QString(row);
  }
  void handleRequestTimesOutUnderSignals() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      QTemporaryDir dir;
      auto server = make_recording<Server, UpperHandler, UpperEvents>(dir, m.event_loops);
      server->timeout = Seconds{0.3};
      Watchdog watchdog("handle_request() with timeout 0.3 s under a signal every 20 ms");
      const auto start = Clock::now();
      {
        SignalStorm storm(::pthread_self(), storm_period);
        server->handle_request();
      }
      const double took = ms_since(start);
      qInfo("returned after %.0f ms", took);
      QCOMPARE(server->hooks.count("handle_timeout"), 1);
      QVERIFY2(took >= 290, qPrintable(QString::number(took)));
    }));
  }

  void serveForeverReachesServiceActionsUnderSignals_data() {
    QTest::addColumn<QString>("model");
    for (const char* row : {"TCPServer", "ThreadingTCPServer", "UDPServer", "EventTCPServer/1",
                            "EventTCPServer/3", "EventUDPServer"})
      QTest::newRow(row) << QString(row);
  }
  void serveForeverReachesServiceActionsUnderSignals() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      QTemporaryDir dir;
      auto server = make_recording<Server, UpperHandler, UpperEvents>(dir, m.event_loops);
      std::thread serving([&] { server->serve_forever(Seconds{0.2}); });
      struct StopOnExit { // also when a check below fails
        BaseServer& server;
        std::thread& thread;
        ~StopOnExit() {
          server.shutdown();
          thread.join();
        }
      } stop_on_exit{*server, serving};
      SignalStorm storm(serving.native_handle(), storm_period);
      // Idle: only the poll_interval brings service_actions(); 3 of them take ~0.6 s.
      QTRY_VERIFY_WITH_TIMEOUT(server->service_actions_calls.load() >= 3, DEADLINE_MS);
      QCOMPARE(bytes(exchange(*server, "still\n", dir)), QByteArray("STILL\n"));
    }));
  }

  void socketTimeoutHoldsUnderSignals() {
    QTemporaryDir dir;
    socketserver::TCPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
    Socket client = connect_to(server.server_address); // accepted by the backlog; silent
    client.settimeout(Seconds{0.3});
    Watchdog watchdog("recv() with timeout 0.3 s under a signal every 20 ms");
    SignalStorm storm(::pthread_self(), storm_period);
    QVERIFY_THROWS_EXCEPTION(socketserver::TimeoutError, client.recv(16));
    close_without_time_wait(client);
  }

  void hugeTimeoutsAreClampedNotOverflowed_data() {
    QTest::addColumn<double>("seconds");
    QTest::newRow("40 days") << 40.0 * 24 * 3600;
    QTest::newRow("300 years") << 300.0 * 365 * 24 * 3600;
    QTest::newRow("1e300 s") << 1e300;
    QTest::newRow("infinity") << double(INFINITY);
  }
  void hugeTimeoutsAreClampedNotOverflowed() {
    QFETCH(double, seconds);
    const Seconds huge{seconds};
    QTemporaryDir dir;
    { // handle_request() serves a request that is already waiting
      Recording<socketserver::TCPServer> server{Address{"127.0.0.1:0"},
                                                socketserver::handler<UpperHandler>()};
      server.timeout = huge;
      server.socket.settimeout(huge);
      Socket client = connect_to(server.server_address);
      client.settimeout(huge);
      client.sendall("huge\n");
      server.handle_request();
      QCOMPARE(bytes(read_line(client)), QByteArray("HUGE\n"));
      QCOMPARE(server.hooks.count("handle_timeout"), 0);
    }
    { // serve_forever(huge poll_interval) still stops at once
      socketserver::UDPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      ServingThread serving(server, huge);
      QTRY_VERIFY_WITH_TIMEOUT(server.serving(), DEADLINE_MS);
      QCOMPARE(bytes(exchange(server, "udp\n", dir)), QByteArray("UDP\n"));
      QVERIFY(serving.stop() == nullptr);
    }
    { // the event family's idle timeout and shutdown grace
      socketserver::EventTCPServer server{"127.0.0.1:0",
                                          socketserver::event_handler<UpperEvents>()};
      server.event_loops = 2;
      server.idle_timeout = huge;
      server.shutdown_grace = huge;
      ServingThread serving(server, huge);
      Socket client = connect_to(server.server_address);
      client.sendall("event\n");
      QCOMPARE(bytes(read_line(client)), QByteArray("EVENT\n"));
      client.shutdown(SHUT_WR); // ends its request, so the grace has nothing to wait for
      QCOMPARE(bytes(read_to_end(client)), QByteArray());
      QVERIFY(serving.stop() == nullptr);
    }
  }

  void nanSocketTimeoutIsRefused() {
    Socket socket(AF_INET, SOCK_STREAM);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, socket.settimeout(Seconds{NAN}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, socket.settimeout(Seconds{-1}));
  }

  void handleRequestWaitsForTheSmallerTimeout_data() {
    QTest::addColumn<double>("server_timeout"); // < 0: none
    QTest::addColumn<double>("socket_timeout"); // < 0: none
    QTest::newRow("socket's only") << -1.0 << 0.2;
    QTest::newRow("socket's smaller") << 60.0 << 0.2;
    QTest::newRow("server's smaller") << 0.2 << 60.0;
  }
  void handleRequestWaitsForTheSmallerTimeout() {
    QFETCH(double, server_timeout);
    QFETCH(double, socket_timeout);
    Recording<socketserver::TCPServer> server{Address{"127.0.0.1:0"},
                                              socketserver::handler<UpperHandler>()};
    if (server_timeout >= 0)
      server.timeout = Seconds{server_timeout};
    else
      server.timeout = std::nullopt;
    if (socket_timeout >= 0)
      server.socket.settimeout(Seconds{socket_timeout});
    Watchdog watchdog("handle_request() with a 0.2 s timeout on one side");
    server.handle_request();
    QCOMPARE(server.hooks.count("handle_timeout"), 1);
  }

  // The listening socket is non-blocking underneath (so the serving loop never blocks in
  // accept()), but it says it blocks: a user's own accept() on it waits for a client.
  void listeningSocketBlocksWhenItSaysItBlocks() {
    socketserver::TCPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
    QVERIFY(!server.socket.gettimeout().has_value());
    Guarded<pid_t> accepting_tid;
    std::atomic<int> verdict{0}; // 1 accepted, -1 threw
    std::thread accepting([&] {
      accepting_tid.change([](pid_t& tid) { tid = static_cast<pid_t>(::syscall(SYS_gettid)); });
      try {
        auto [connection, client] = server.socket.accept();
        verdict = connection ? 1 : -1;
      } catch (const std::exception& error) {
        qWarning("accept() threw: %s", error.what());
        verdict = -1;
      }
    });
    // A check that fails returns early: shutting the listening socket down makes the
    // waiting accept() return, so the thread is joined rather than left to std::terminate.
    auto join_on_failure = qScopeGuard([&] {
      if (accepting.joinable()) {
        ::shutdown(server.socket.fileno(), SHUT_RDWR);
        accepting.join();
      }
    });
    QVERIFY(accepting_tid.wait([](pid_t tid) { return tid != 0; }));
    const pid_t tid = accepting_tid.read([](pid_t t) { return t; });
    // Either it failed at once (non-blocking underneath) or it sleeps waiting for a client.
    QTRY_VERIFY_WITH_TIMEOUT(verdict.load() != 0 || thread_state(tid) == 'S', DEADLINE_MS);
    QCOMPARE(verdict.load(), 0);
    Socket client = connect_to(server.server_address);
    accepting.join();
    QCOMPARE(verdict.load(), 1);
    close_without_time_wait(client);
  }
};

QTEST_GUILESS_MAIN(TestTimedWaits)
#include "TestTimedWaits.moc"
