// Peers that are slow on purpose, on every stream model (sync, threading, pool, event-driven;
// TCP and Unix): a peer that sends a byte and then nothing (a slowloris with gaps longer than
// the timeout), a peer that trickles bytes faster than the timeout but never ends its line,
// and a peer that asks for a large reply and never reads it. StreamRequestHandler.timeout (or
// the event server's idle_timeout) and a readline length limit end each of them with an error
// in words, and the server — even the synchronous one, which serves one peer at a time —
// goes on to serve the next client.
// In a TLS build every model runs again as a TLSServer ("TLS/..." rows): the same peers over
// TLS, the trickling one dribbling its handshake byte by byte too, and a peer whose handshake
// dribbles for longer than handshake_timeout, which bounds the whole handshake (not each byte).

#include <thread>

#include <sys/socket.h>

#include <QtTest>

#include "behaviour_support.hpp"
#include "peer_clients.hpp"

using namespace behaviour;

namespace {

// Wide enough that a trickling peer's 5 ms pace is never mistaken for silence on a loaded
// two-core machine (a trickle thread starved for 0.3 s failed there once).
constexpr Seconds peer_timeout{1.0};
constexpr std::size_t line_limit = 64;
constexpr std::size_t flood_size = std::size_t{32} * 1024 * 1024; // beyond any socket buffer pair
const std::string too_long_reply = "line too long\n";

/// One line, at most line_limit bytes, each read and write bounded by peer_timeout.
struct BoundedLineHandler : socketserver::StreamRequestHandler {
  using StreamRequestHandler::StreamRequestHandler;
  void setup() override {
    timeout = peer_timeout;
    StreamRequestHandler::setup();
  }
  void handle() override {
    const std::string line = rfile.readline(line_limit);
    if (line.size() >= line_limit && line.back() != '\n')
      wfile.write(too_long_reply);
    else if (line == "flood\n")
      wfile.write(std::string(flood_size, 'f'));
    else
      wfile.write(upper(line));
  }
};

/// The same protocol for the event-driven servers; idle_timeout bounds silence.
struct BoundedLineEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override {
    if (answered_)
      return; // bytes that were on their way when the answer went
    line_ += data;
    const auto end = line_.find('\n');
    if (end == std::string::npos) {
      if (line_.size() >= line_limit) {
        answered_ = true;
        send(too_long_reply);
        close();
      }
      return;
    }
    const std::string line = line_.substr(0, end + 1);
    answered_ = true;
    send(line == "flood\n" ? std::string(flood_size, 'f') : upper(line));
    close();
  }

private:
  std::string line_;
  bool answered_ = false;
};

template <class Server>
constexpr bool is_event_v =
    std::is_base_of_v<socketserver::EventMixIn<socketserver::TCPServer>, Server> ||
    std::is_base_of_v<socketserver::EventMixIn<socketserver::UnixStreamServer>, Server>;

/// The server of a row: plain, or TLS with `handshake_timeout` (the handshake is not the
/// handler's: its own bound).
template <class Server>
std::unique_ptr<Recording<Server>> make_server(const QTemporaryDir& dir, bool tls,
                                               Seconds handshake_timeout = peer_timeout) {
  if constexpr (is_event_v<Server>) {
    auto server = make_peer_server<Server>(tls, any_address<Server>(dir),
                                           socketserver::event_handler<BoundedLineEvents>(),
                                           handshake_timeout);
    server->idle_timeout = peer_timeout;
    server->max_output_buffer = 64 * 1024;
    return server;
  } else {
    return make_peer_server<Server>(tls, any_address<Server>(dir),
                                    socketserver::handler<BoundedLineHandler>(), handshake_timeout);
  }
}

template <class F> bool with_stream_class(const QString& row, F&& f) {
  using namespace socketserver;
  auto run = [&f](auto type) { fail_on_exception([&] { f(type); }); };
  const QString name = model_of_row(row);
  if (name == "TCPServer")
    run(Type<TCPServer>{});
  else if (name == "ThreadingTCPServer")
    run(Type<ThreadingTCPServer>{});
  else if (name == "ThreadPoolTCPServer")
    run(Type<ThreadPoolTCPServer>{});
  else if (name == "UnixStreamServer")
    run(Type<UnixStreamServer>{});
  else if (name == "EventTCPServer")
    run(Type<EventTCPServer>{});
  else if (name == "EventUnixStreamServer")
    run(Type<EventUnixStreamServer>{});
  else
    return false;
  return true;
}

const QStringList plain_rows{"TCPServer",        "ThreadingTCPServer", "ThreadPoolTCPServer",
                             "UnixStreamServer", "EventTCPServer",     "EventUnixStreamServer"};

void stream_classes() { add_model_rows(and_tls_rows(plain_rows)); }

/// Sends one byte (TLS: a record of one byte) every `gap` until the server answers or `most`
/// bytes went; the pace is the wait for an answer.
void trickle_until_answered(PeerClient& peer, std::chrono::milliseconds gap, int most) {
  for (int i = 0; i < most && !peer.readable_within(gap); ++i)
    peer.send("x");
}

/// The request ended by a timeout: TimeoutError through handle_error(), in words.
template <class Server> void expect_one_timeout(const Recording<Server>& server) {
  QVERIFY2(server.hooks.wait_errors(1), "the slow peer's request must end with an error");
  const HandledError error = server.hooks.errors().front();
  QCOMPARE(QString::fromStdString(error.type), QString("TimeoutError"));
  const QString what = QString::fromStdString(error.what);
  QVERIFY2(what.contains("timed out") || what.contains("idle for 1 s"), error.what.c_str());
}

} // namespace

class TestSlowPeers : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void peerThatStopsSendingTimesOut_data() { stream_classes(); }
  void peerThatStopsSendingTimesOut() {
    QFETCH(QString, model);
    QVERIFY(with_stream_class(model, [this, tls = is_tls_row(model)](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_, tls);
      ServingThread serving(*server);

      const auto slow = connect_peer(server->server_address, tls);
      slow->send("h"); // then nothing: the next byte would come after the timeout
      const auto start = Clock::now();
      // A good client queued behind it is served; the synchronous server does so once the
      // slow peer has timed out, the others at once.
      QCOMPARE(bytes(peer_exchange(server->server_address, tls, "good\n")), QByteArray("GOOD\n"));
      if constexpr (std::is_same_v<Server, socketserver::TCPServer> ||
                    std::is_same_v<Server, socketserver::UnixStreamServer>)
        QVERIFY2(server->hooks.errors().size() == 1, "sync: served after the slow peer ended");
      expect_one_timeout(*server);
      QCOMPARE(bytes(slow->read_to_end()), QByteArray()); // dropped without a reply
      QVERIFY2(ms_since(start) < DEADLINE_MS, "the timeout bounds the slow peer");
    }));
  }

  void tricklingPeerIsBoundedByTheLineLimit_data() { stream_classes(); }
  void tricklingPeerIsBoundedByTheLineLimit() {
    QFETCH(QString, model);
    QVERIFY(with_stream_class(model, [this, tls = is_tls_row(model)](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_, tls, DEADLINE);

      ServingThread serving(*server);
      // Over TLS every byte on the wire goes alone, 1 ms apart, the handshake's too (a
      // record of one byte is 23 bytes: a byte of the line every ~25 ms).
      const auto slow = connect_peer(server->server_address, tls, tls ? 1 : 0);
      // Each byte comes well within the timeout, so only the length limit can end it.
      trickle_until_answered(*slow, std::chrono::milliseconds(5), 100000);
      QCOMPARE(bytes(slow->read_line()), bytes(too_long_reply));
      QCOMPARE(bytes(peer_exchange(server->server_address, tls, "good\n")), QByteArray("GOOD\n"));
      QVERIFY(server->hooks.errors().empty() ||
              server->hooks.errors().front().type == "SocketError"); // peer reset after reply
    }));
  }

  void peerThatNeverReadsTimesOutTheWrite_data() { stream_classes(); }
  void peerThatNeverReadsTimesOutTheWrite() {
    QFETCH(QString, model);
    QVERIFY(with_stream_class(model, [this, tls = is_tls_row(model)](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_, tls);
      ServingThread serving(*server);

      const auto slow = connect_peer(server->server_address, tls);
      slow->send("flood\n"); // and never read the 32 MB answer
      expect_one_timeout(*server);
      QCOMPARE(bytes(peer_exchange(server->server_address, tls, "good\n")), QByteArray("GOOD\n"));
      slow->reset();
    }));
  }

  // A handshake dribbled byte by byte, each byte well within any per-read timeout but the
  // whole far longer than handshake_timeout: the bound is the whole handshake's, so a
  // slowloris in the handshake holds its connection (the synchronous server's only thread)
  // for handshake_timeout and no longer.
  void dribbledHandshakeIsBoundedByTheHandshakeTimeout_data() {
#if !SOCKETSERVER_HAS_TLS
    QSKIP("this engine was built without TLS");
#endif
    add_model_rows(and_tls_rows(plain_rows).filter(tls_row_prefix));
  }
  void dribbledHandshakeIsBoundedByTheHandshakeTimeout() {
    QFETCH(QString, model);
    QVERIFY(with_stream_class(model, [this](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_, true);
      ServingThread serving(*server);

      // 20 ms a byte: a ClientHello of some 250 bytes would take 5 s.
      const auto slow = make_peer(server->server_address, true, 20);
      slow->connect(server->server_address);
      const auto start = Clock::now();
      bool slow_failed = false;
      std::thread dribbling([&slow, &slow_failed] {
        try {
          slow->begin();
        } catch (const socketserver::TimeoutError&) {
          // the client gave up first: the server did not end it
        } catch (const socketserver::SocketError&) {
          slow_failed = true; // the server ended it
        }
      });
      QCOMPARE(bytes(peer_exchange(server->server_address, true, "good\n")), QByteArray("GOOD\n"));
      expect_one_timeout(*server);
      dribbling.join();
      QVERIFY2(slow_failed, "the dribbled handshake must be ended by the server");
      QVERIFY2(ms_since(start) < DEADLINE_MS, "handshake_timeout bounds the dribbling peer");
    }));
  }
};

QTEST_GUILESS_MAIN(TestSlowPeers)
#include "TestSlowPeers.moc"
