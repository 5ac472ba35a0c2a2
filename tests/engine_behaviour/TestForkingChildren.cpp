// ForkingMixIn's children: max_children bounds how many run at once; server_close() leaves
// active_children empty; a child killed by SIGKILL mid-request is reported as an Error that
// names the signal; and a child the test forked itself is never reaped by the server.
//
// Children are held by their clients (each child sends "pid <n>\n" and then waits for a line)
// rather than by shared memory, which a forked child does not have. active_children belongs
// to the serving thread, so it is sampled there (after_service_actions) or read once serving
// has stopped.

#include <csignal>
#include <fstream>

#include <sys/wait.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

using ForkingServer = Recording<socketserver::ForkingTCPServer>;

/// In the child: tells the client its pid, waits for a line, answers "bye\n".
struct HeldChild : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request.socket().settimeout(Seconds{5}); // a forgotten child ends on its own
    request.sendall("pid " + std::to_string(::getpid()) + "\n");
    std::string line;
    while (line.find('\n') == std::string::npos) {
      std::string chunk = request.recv(64);
      if (chunk.empty())
        return;
      line += chunk;
    }
    request.sendall("bye\n");
  }
};

/// In the child: tells the client its pid, then echoes what it receives until end of stream.
struct PidThenEcho : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request.socket().settimeout(Seconds{5}); // a forgotten child ends on its own
    request.sendall("pid " + std::to_string(::getpid()) + "\n");
    for (std::string chunk; !(chunk = request.recv(65536)).empty();)
      request.sendall(chunk);
  }
};

long proc_value(const char* path) {
  std::ifstream file(path);
  long value = 0;
  file >> value;
  return value;
}

/// The child's pid from its "pid <n>\n" line, or -1.
pid_t read_pid(Socket& client) {
  const std::string line = read_line(client);
  if (line.rfind("pid ", 0) != 0)
    return -1;
  return static_cast<pid_t>(std::stol(line.substr(4)));
}

/// Python's simple_subprocess(): a child of the test itself that exits at once with 72 and is
/// left a zombie until collect(), so a server calling waitpid(-1) would take it.
class ForeignChild {
public:
  ForeignChild() : pid_(::fork()) {
    if (pid_ == 0)
      ::_exit(72); // nothing of the test harness may run here
  }
  ~ForeignChild() {
    if (pid_ > 0 && !collected_)
      ::waitpid(pid_, nullptr, 0); // it has exited: does not block
  }
  ForeignChild(const ForeignChild&) = delete;
  ForeignChild& operator=(const ForeignChild&) = delete;

  pid_t pid() const { return pid_; }
  /// Exited, and still waiting to be collected (waitid with WNOWAIT leaves it a zombie).
  bool is_zombie() const {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == pid_;
  }
  /// waitpid(pid): the status, or -1 when it was already reaped by someone else.
  int collect() {
    int status = 0;
    const pid_t got = ::waitpid(pid_, &status, WNOHANG);
    collected_ = true;
    return got == pid_ ? status : -1;
  }

private:
  pid_t pid_;
  bool collected_ = false;
};

} // namespace

class TestForkingChildren : public QObject {
  Q_OBJECT

private slots:
  void maxChildrenBoundsConcurrentChildren() {
    fail_on_exception([] {
      RecordingObserver observer;
      ForkingServer server{"127.0.0.1:0", socketserver::handler<HeldChild>()};
      server.max_children = 2;
      server.set_observer(&observer);
      std::atomic<std::size_t> most{0};
      // Right after each fork, service_actions() runs: the peak is always sampled here.
      server.before_service_actions = [&] {
        most = std::max(most.load(), server.active_children.size());
      };
      ServingThread serving(server);

      Socket first = connect_to(server.server_address);
      Socket second = connect_to(server.server_address);
      Socket third = connect_to(server.server_address);
      QVERIFY(read_pid(first) > 0);
      QVERIFY(read_pid(second) > 0);
      // At the limit the loop says so and waits for a child to end, accepting nothing.
      QVERIFY(observer.wait([](const std::vector<Observed>& events) {
        for (const auto& e : events)
          if (e.kind == Observed::Kind::Notice && e.data.find("max_children (2)") == 0)
            return true;
        return false;
      }));
      QCOMPARE(observer.opened_ids().size(), std::size_t{2});

      first.sendall("go\n");
      QCOMPARE(bytes(read_line(first)), QByteArray("bye\n"));
      QVERIFY(read_pid(third) > 0); // the first child ended: the third is served
      second.sendall("go\n");
      third.sendall("go\n");
      QCOMPARE(bytes(read_line(second)), QByteArray("bye\n"));
      QCOMPARE(bytes(read_line(third)), QByteArray("bye\n"));
      QVERIFY(observer.wait_finished(3));
      for (const RequestId id : observer.finished_ids())
        QCOMPARE(observer.finish(id)->outcome, RequestOutcome::Completed);
      QCOMPARE(most.load(), std::size_t{2});
    });
  }

  // A child never waits for its parent: events that do not fit the channel are dropped. The
  // channel holds a burst of a few hundred events while the parent's serving thread is off
  // the CPU (under a flood of a few dozen children the 208 KiB default dropped one in eight).
  void burstWhileTheParentIsNotReadingArrivesWhole() {
    if (proc_value("/proc/sys/net/core/wmem_max") < 4L * 1024 * 1024)
      QSKIP("net.core.wmem_max caps the channel's buffer below 4 MiB on this machine");
    fail_on_exception([] {
      RecordingObserver observer;
      ForkingServer server{"127.0.0.1:0", socketserver::handler<PidThenEcho>()};
      server.set_observer(&observer);
      std::atomic<bool> hold{true};
      // Once the child runs, the serving thread waits here, reading nothing, until it ended.
      server.before_service_actions = [&] {
        if (server.active_children.empty())
          return;
        for (const auto give_up = Clock::now() + DEADLINE; hold && Clock::now() < give_up;)
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
      };
      ServingThread serving(server);

      Socket client = connect_to(server.server_address);
      const pid_t child = read_pid(client);
      QVERIFY(child > 0);
      const std::string message(1000, 'b');
      constexpr int exchanges = 300; // 600 events, about 1.3 MiB of the channel's buffer
      for (int i = 0; i < exchanges; ++i) {
        client.sendall(message);
        std::string reply;
        while (reply.size() < message.size())
          reply += client.recv(message.size() - reply.size());
      }
      // shutdown, not close: the child was forked with a copy of this end too.
      client.shutdown(SHUT_WR);
      siginfo_t info{};
      for (const auto give_up = Clock::now() + DEADLINE; Clock::now() < give_up;) {
        info = {};
        if (::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == child)
          break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      QCOMPARE(info.si_pid, child); // it has ended, its events waiting for the parent
      hold = false;
      QVERIFY(observer.wait_finished(1));
      const RequestId id = observer.finished_ids().front();
      QVERIFY2(observer.finish(id)->outcome == RequestOutcome::Completed,
               observer.finish(id)->data.c_str());
      QCOMPARE(observer.received(id).size(), std::size_t{exchanges} * message.size());
      const std::size_t pidLine = std::string("pid \n").size() + std::to_string(child).size();
      QCOMPARE(observer.sent_size(id), std::size_t{exchanges} * message.size() + pidLine);
    });
  }

  void activeChildrenIsEmptyAfterServerClose() {
    fail_on_exception([] {
      ForkingServer server{"127.0.0.1:0", socketserver::handler<HeldChild>()};
      std::optional<ServingThread> serving(std::in_place, server);
      Socket client = connect_to(server.server_address);
      const pid_t child = read_pid(client);
      QVERIFY(child > 0);
      serving.reset(); // the serving thread is gone: active_children is ours to read
      QCOMPARE(server.active_children.size(), std::size_t{1}); // held: cannot have ended
      QVERIFY(server.active_children.count(child) == 1);

      client.sendall("go\n"); // lets it finish; server_close() must wait for and reap it
      {
        Watchdog watchdog("server_close() waiting for a child");
        server.server_close();
      }
      QVERIFY(server.active_children.empty());
      errno = 0;
      QCOMPARE(::waitpid(child, nullptr, WNOHANG), pid_t{-1}); // reaped: no zombie left
      QCOMPARE(errno, ECHILD);
    });
  }

  void childKilledBySigkillIsReportedAsErrorNamingTheSignal() {
    fail_on_exception([] {
      RecordingObserver observer;
      ForkingServer server{"127.0.0.1:0", socketserver::handler<HeldChild>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = connect_to(server.server_address);
      const pid_t child = read_pid(client);
      QVERIFY(child > 0 && child != ::getpid());
      QCOMPARE(::kill(child, SIGKILL), 0);

      QVERIFY(observer.wait_finished(1));
      const RequestId id = observer.opened_ids().at(0);
      const auto finish = observer.finish(id);
      QCOMPARE(finish->outcome, RequestOutcome::Error);
      const QString detail = QString::fromStdString(finish->data);
      QVERIFY2(detail.contains("signal 9") && detail.contains(QString::number(child)),
               qPrintable(detail));
      QCOMPARE(observer.finished_ids().size(), std::size_t{1});
      QCOMPARE(bytes(read_to_end(client)), QByteArray()); // the client sees the end
      QCOMPARE(observer.kinds(id).back(), QString("finished error"));
    });
  }

  void foreignChildIsNeverReaped() {
    fail_on_exception([] {
      ForeignChild foreign;
      QVERIFY(foreign.pid() > 0);
      QTRY_VERIFY_WITH_TIMEOUT(foreign.is_zombie(), DEADLINE_MS);

      RecordingObserver observer;
      ForkingServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      std::atomic<std::size_t> children_left{1};
      server.after_service_actions = [&] { children_left = server.active_children.size(); };
      {
        ServingThread serving(server);
        for (int i = 0; i < 3; ++i) {
          Socket client = connect_to(server.server_address);
          client.sendall("x\n");
          QCOMPARE(bytes(read_line(client)), QByteArray("X\n"));
        }
        QVERIFY(observer.wait_finished(3));
        // The server has reaped its own three children (so it did look for zombies)...
        QTRY_COMPARE_WITH_TIMEOUT(children_left.load(), std::size_t{0}, DEADLINE_MS);
      }
      server.server_close();

      // ...and left ours alone.
      QVERIFY2(foreign.is_zombie(), "the server reaped a child it did not fork");
      const int status = foreign.collect();
      QVERIFY(status != -1);
      QVERIFY(WIFEXITED(status));
      QCOMPARE(WEXITSTATUS(status), 72);
    });
  }
};

QTEST_GUILESS_MAIN(TestForkingChildren)
#include "TestForkingChildren.moc"
