// Peers that vanish: a handler writing 10 MB to a client that closed without reading gets a
// SocketError (EPIPE or ECONNRESET) through handle_error — never a SIGPIPE, and this test
// does not ignore SIGPIPE, so one would kill it — and a client that resets (SO_LINGER 0)
// while the handler reads is an ECONNRESET error. Either way the server serves the next one.
// In a TLS build the same peers vanish from TLSServer rows ("TLS/..."), and a TLS peer resets
// in the middle of its handshake (after the server's first flight): an error in words, in
// every model, and the next client is served.

#include <cerrno>
#include <csignal>

#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include <QtTest>

#include "behaviour_support.hpp"
#include "model_cases.hpp"
#include "peer_clients.hpp"

using namespace behaviour;

namespace {

constexpr std::size_t ten_mb = std::size_t{10} * 1024 * 1024;

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
    // TCPServer: the handler runs on the serving thread.
    add_model_rows(and_tls_rows({"TCPServer", "ThreadingTCPServer", "UnixStreamServer"}));
  }
  void writingToAClientThatLeftIsASocketErrorNotSigpipe() {
    QFETCH(QString, model);
    QTemporaryDir dir;
    QVERIFY(with_server_class(model_of_row(model), [&, tls = is_tls_row(model)](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      const auto made = make_peer_server<Server>(tls, any_address<Server>(dir),
                                                 socketserver::handler<FloodHandler>(), DEADLINE);
      Recording<Server>& server = *made;
      server.set_observer(&observer);
      ServingThread serving(server);

      {
        const auto client = connect_peer(server.server_address, tls);
        client->send("flood\n");
        QVERIFY(!client->read_some(1).empty()); // the flood has started...
        client->reset(); // ...and the client vanishes without reading it (RST)
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
      QCOMPARE(bytes(peer_exchange(server.server_address, tls, "next\n")), QByteArray("NEXT\n"));
    }));
  }

  void clientResetDuringARecvIsAnEconnresetError_data() {
    add_model_rows(and_tls_rows({"ThreadingTCPServer"}));
  }
  void clientResetDuringARecvIsAnEconnresetError() {
    QFETCH(QString, model);
    fail_on_exception([tls = is_tls_row(model)] {
      RecordingObserver observer;
      const auto made = make_peer_server<socketserver::ThreadingTCPServer>(
          tls, Address{"127.0.0.1:0"}, socketserver::handler<LineReader>(), DEADLINE);
      Recording<socketserver::ThreadingTCPServer>& server = *made;
      server.set_observer(&observer);
      ServingThread serving(server);

      const auto client = connect_peer(server.server_address, tls);
      client->send("half a li");
      // The handler has read the first part and waits for the rest of its line...
      QVERIFY(observer.wait([](const std::vector<Observed>& events) {
        std::string got;
        for (const auto& e : events)
          if (e.kind == Observed::Kind::Received)
            got += e.data;
        return got == "half a li";
      }));
      client->reset(); // ...when the client resets.

      QVERIFY(observer.wait_finished(1));
      const auto errors = server.hooks.errors();
      QCOMPARE(errors.size(), std::size_t{1});
      QCOMPARE(QString::fromStdString(errors[0].type), QString("SocketError"));
      QCOMPARE(errors[0].code, ECONNRESET);
      QVERIFY2(QString::fromStdString(errors[0].what).contains("connection reset by peer"),
               errors[0].what.c_str());
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Error);

      QCOMPARE(bytes(peer_exchange(server.server_address, tls, "after\n")), QByteArray("AFTER\n"));
    });
  }

#if SOCKETSERVER_HAS_TLS
  // A TLS client that resets after the server's first flight (ServerHello and the rest): the
  // server is in the middle of the handshake, waiting for the client's Finished.
  void clientResetMidHandshakeIsAnErrorInWords_data() {
    add_model_rows({"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "UnixStreamServer",
                    "EventTCPServer/1", "EventUnixStreamServer/2"});
  }
  void clientResetMidHandshakeIsAnErrorInWords() {
    QFETCH(QString, model);
    QTemporaryDir dir;
    QVERIFY(with_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      if constexpr (!is_datagram_v<Server>) {
        RecordingObserver observer;
        const auto address = any_address<Server>(dir);
        std::unique_ptr<Recording<Server>> server;
        if constexpr (is_event_v<Server>) {
          server = make_peer_server<Server>(true, address,
                                            socketserver::event_handler<UpperEvents>(), DEADLINE);
          server->event_loops = m.event_loops;
        } else {
          server = make_peer_server<Server>(true, address, socketserver::handler<FloodHandler>(),
                                            DEADLINE);
        }
        server->set_observer(&observer);
        ServingThread serving(*server);

        Socket client = connect_to(server->server_address);
        client.sendall(tls_test::client_hello());
        QVERIFY(!client.recv(1).empty()); // the server's first flight: it waits for ours
        reset(client);

        QVERIFY(observer.wait_finished(1));
        QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Error);
        const auto errors = server->hooks.errors();
        QCOMPARE(errors.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(errors[0].type), QString("SocketError")); // TlsError
        QCOMPARE(errors[0].code, ECONNABORTED);
        QVERIFY2(errors[0].what.find("the client reset the connection during the TLS "
                                     "handshake") != std::string::npos ||
                     errors[0].what.find("the client closed the connection during the TLS "
                                         "handshake") != std::string::npos,
                 errors[0].what.c_str());
        QCOMPARE(bytes(peer_exchange(server->server_address, true, "next\n")),
                 QByteArray("NEXT\n"));
      }
    }));
  }
#endif

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
