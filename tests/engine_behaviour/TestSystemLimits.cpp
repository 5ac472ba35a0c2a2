// When the system says no, the engine says why, and loses no request:
//  - no thread can be started (the threading model's per-request thread, the pool's first
//    worker): the request is refused visibly — handle_error() gets an OverloadError, the
//    client sees its connection end, the observer sees RequestOutcome::Overloaded;
//  - no ephemeral port is left for port 0: the error says so, with the range, instead of
//    "port 0 is already in use".
// Each case runs in a forked child of its own, made poor on purpose (an unprivileged user
// limited to one process; a network namespace with a two-port range), so needs root.
#include <QtTest>

#include <cerrno>
#include <cstring>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "child_namespace.hpp"
#include "model_cases.hpp"

using namespace behaviour;

namespace {

/// In a child: become the unprivileged user `nobody`, allowed one process (this one), so
/// that no thread can start.
void forbid_threads() {
  if (::setgid(65534) != 0 || ::setuid(65534) != 0)
    throw std::runtime_error(std::string("setuid: ") + std::strerror(errno));
  const rlimit one{1, 1};
  if (::setrlimit(RLIMIT_NPROC, &one) != 0)
    throw std::runtime_error(std::string("setrlimit: ") + std::strerror(errno));
}

/// One request on a server that cannot start threads: what handle_error() and the observer
/// saw, and what the client read.
template <class Server> std::string request_without_threads() {
  RecordingObserver observer;
  Recording<Server> server{Address{"127.0.0.1:0"}, socketserver::handler<UpperHandler>()};
  server.set_observer(&observer);
  forbid_threads();
  Socket client = connect_to(server.server_address);
  client.sendall("hello\n");
  server.handle_request(); // on this thread: the request's own thread cannot start
  const std::string reply = read_line(client);
  const auto errors = server.hooks.errors();
  const auto finish = observer.finish(observer.opened_ids().at(0));
  return "reply=[" + reply +
         "] error=" + (errors.empty() ? "none" : errors[0].type + ": " + errors[0].what) +
         " outcome=" + std::string(finish ? socketserver::to_string(finish->outcome) : "none") +
         " hooks=" + server.hooks.of(observer.opened_ids().at(0)).join(",").toStdString();
}

} // namespace

class TestSystemLimits : public QObject {
  Q_OBJECT

private slots:
  void init() {
    if (::geteuid() != 0)
      QSKIP("needs root: it makes a child process poor on purpose");
  }

  void noThreadForTheRequestIsAVisibleRefusal_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("ThreadingTCPServer") << "ThreadingTCPServer";
    QTest::newRow("ThreadPoolTCPServer") << "ThreadPoolTCPServer";
  }
  void noThreadForTheRequestIsAVisibleRefusal() {
    QFETCH(QString, model);
    const std::string seen = in_child([&] {
      return model == "ThreadingTCPServer"
                 ? request_without_threads<socketserver::ThreadingTCPServer>()
                 : request_without_threads<socketserver::ThreadPoolTCPServer>();
    });
    qInfo("%s", seen.c_str());
    const QString text = QString::fromStdString(seen);
    QVERIFY2(text.contains("reply=[]"), seen.c_str()); // closed, not left waiting
    QVERIFY2(text.contains("error=OverloadError: cannot start a"), seen.c_str());
    QVERIFY2(text.contains("outcome=overloaded"), seen.c_str());
    QVERIFY2(text.contains("handle_error,shutdown_request,close_request"), seen.c_str());
  }

  void noFreePortIsSaidInWords() {
    const std::string seen = in_child([] {
      if (::unshare(CLONE_NEWNET) != 0)
        return std::string("unshare: ") + std::strerror(errno);
      loopback_up(IFF_UP);
      FILE* range = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "w");
      if (range == nullptr)
        return std::string("cannot set the port range");
      std::fputs("40000 40001", range);
      std::fclose(range);
      socketserver::TCPServer first{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      socketserver::TCPServer second{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      try {
        socketserver::TCPServer third{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
        return std::string("a third port was found");
      } catch (const socketserver::SocketError& error) {
        return std::string(error.what());
      }
    });
    qInfo("%s", seen.c_str());
    QVERIFY2(seen.find("no free port") != std::string::npos, seen.c_str());
    QVERIFY2(seen.find("40000-40001") != std::string::npos, seen.c_str());
    QVERIFY2(seen.find("port 0 is already in use") == std::string::npos, seen.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSystemLimits)
#include "TestSystemLimits.moc"
