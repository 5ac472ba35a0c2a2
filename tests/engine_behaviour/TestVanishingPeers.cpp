// Peers that vanish: a handler writing 10 MB to a client that closed without reading gets a
// SocketError (EPIPE or ECONNRESET) through handle_error — never a SIGPIPE, and this test
// does not ignore SIGPIPE, so one would kill it — and a client that resets (SO_LINGER 0)
// while the handler reads is an ECONNRESET error. Either way the server serves the next one.

#include <cerrno>
#include <csignal>

#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

constexpr std::size_t ten_mb = 10 * 1024 * 1024;

/// Reads a line; "flood\n" answers with 10 MB, anything else is upper-cased back.
struct FloodHandler : socketserver::StreamRequestHandler {
  using StreamRequestHandler::StreamRequestHandler;
  void setup() override {
    timeout = DEADLINE;
    StreamRequestHandler::setup();
  }
  void handle() override {
    const std::string line = rfile.readline(100);
    if (line == "flood\n")
      wfile.write(std::string(ten_mb, 'f'));
    else
      wfile.write(upper(line));
  }
};

/// Reads lines with request.recv() until a full line or the end.
struct LineReader : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request.socket().settimeout(DEADLINE);
    std::string line;
    while (line.find('\n') == std::string::npos) {
      std::string chunk = request.recv(1024);
      if (chunk.empty())
        return;
      line += chunk;
    }
    request.sendall(upper(line));
  }
};

/// SIGPIPE would end this process: its default action is in place and it is not blocked.
bool sigpipe_would_kill() {
  struct sigaction current {};
  ::sigaction(SIGPIPE, nullptr, &current);
  sigset_t blocked;
  ::pthread_sigmask(SIG_BLOCK, nullptr, &blocked);
  return current.sa_handler != SIG_IGN && !sigismember(&blocked, SIGPIPE);
}

/// Closes `socket` with a reset (RST) instead of an orderly end.
void reset(Socket& socket) {
  const linger hard{1, 0};
  ::setsockopt(socket.fileno(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  socket.close();
}

} // namespace

class TestVanishingPeers : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    QVERIFY2(sigpipe_would_kill(), "SIGPIPE must keep its default action for these tests");
  }

  void writingToAClientThatLeftIsASocketErrorNotSigpipe_data() {
    QTest::addColumn<QString>("server_class");
    QTest::newRow("TCPServer") << "TCPServer"; // the handler runs on the serving thread
    QTest::newRow("ThreadingTCPServer") << "ThreadingTCPServer";
    QTest::newRow("UnixStreamServer") << "UnixStreamServer";
  }
  void writingToAClientThatLeftIsASocketErrorNotSigpipe() {
    QFETCH(QString, server_class);
    QTemporaryDir dir;
    QVERIFY(with_server_class(server_class, [&](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      Recording<Server> server{any_address<Server>(dir), socketserver::handler<FloodHandler>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      {
        Socket client = connect_to(server.server_address);
        client.sendall("flood\n");
        QVERIFY(!client.recv(1).empty()); // the flood has started...
        client.close();                   // ...and the client leaves without reading it
      }
      QVERIFY(observer.wait_finished(1));
      QVERIFY(sigpipe_would_kill()); // still alive, and not by having SIGPIPE ignored

      const auto errors = server.hooks.errors();
      QCOMPARE(errors.size(), std::size_t{1});
      QCOMPARE(QString::fromStdString(errors[0].type), QString("SocketError"));
      const QString what = QString::fromStdString(errors[0].what);
      QVERIFY2(errors[0].code == EPIPE || errors[0].code == ECONNRESET,
               qPrintable(QString("errno %1: %2").arg(errors[0].code).arg(what)));
      QVERIFY2(what.contains("the peer has closed the connection") ||
                   what.contains("connection reset by peer"),
               qPrintable(what));
      const auto finish = observer.finish(1);
      QCOMPARE(finish->outcome, RequestOutcome::Error);
      QCOMPARE(bytes(finish->data), bytes(errors[0].what));
      QVERIFY(observer.sent_size(1) < ten_mb); // it did not pretend to deliver it all
      QCOMPARE(server.hooks.of(1),
               QStringList({"verify_request", "process_request", "finish_request", "handle_error",
                            "shutdown_request", "close_request"}));

      // And the server goes on.
      QCOMPARE(bytes(exchange(server, "next\n", dir)), QByteArray("NEXT\n"));
    }));
  }

  void clientResetDuringARecvIsAnEconnresetError() {
    fail_on_exception([] {
      RecordingObserver observer;
      Recording<socketserver::ThreadingTCPServer> server{"127.0.0.1:0",
                                                         socketserver::handler<LineReader>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = connect_to(server.server_address);
      client.sendall("half a li");
      // The handler has read the first part and waits for the rest of its line...
      QVERIFY(observer.wait([](const std::vector<Observed>& events) {
        std::string got;
        for (const auto& e : events)
          if (e.kind == Observed::Kind::Received)
            got += e.data;
        return got == "half a li";
      }));
      reset(client); // ...when the client resets.

      QVERIFY(observer.wait_finished(1));
      const auto errors = server.hooks.errors();
      QCOMPARE(errors.size(), std::size_t{1});
      QCOMPARE(QString::fromStdString(errors[0].type), QString("SocketError"));
      QCOMPARE(errors[0].code, ECONNRESET);
      QVERIFY2(QString::fromStdString(errors[0].what).contains("connection reset by peer"),
               errors[0].what.c_str());
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Error);

      QCOMPARE(bytes(exchange(server, "after\n", QTemporaryDir())), QByteArray("AFTER\n"));
    });
  }

  // A reset before the handler reads anything: the same error, still no crash.
  void clientResetBeforeTheHandlerReadsIsAnError() {
    fail_on_exception([] {
      RecordingObserver observer;
      Gate gate; // holds the handler until the reset has happened
      struct Held : socketserver::BaseRequestHandler {
        Held(Request& r, const Address& a, BaseServer& s, Gate* g)
            : BaseRequestHandler(r, a, s), gate_(g) {}
        void handle() override {
          gate_->pass();
          request.socket().settimeout(DEADLINE);
          request.recv(1024);
          request.sendall("unreachable\n");
        }
        Gate* gate_;
      };
      Recording<socketserver::ThreadingTCPServer> server{"127.0.0.1:0", factory<Held>(&gate)};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = connect_to(server.server_address);
      client.sendall("data the server never reads\n");
      QVERIFY(gate.wait_arrived(1));
      reset(client);
      gate.open();

      QVERIFY(observer.wait_finished(1));
      // Linux may hand over the bytes that arrived before the reset first; then the reply
      // meets the reset instead (EPIPE).
      const auto errors = server.hooks.errors();
      QCOMPARE(errors.size(), std::size_t{1});
      QCOMPARE(QString::fromStdString(errors[0].type), QString("SocketError"));
      QVERIFY2(errors[0].code == ECONNRESET || errors[0].code == EPIPE, errors[0].what.c_str());
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Error);
    });
  }
};

QTEST_GUILESS_MAIN(TestVanishingPeers)
#include "TestVanishingPeers.moc"
