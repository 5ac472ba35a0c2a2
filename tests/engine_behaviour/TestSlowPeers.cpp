// Peers that are slow on purpose, on every stream model (sync, threading, pool, event-driven;
// TCP and Unix): a peer that sends a byte and then nothing (a slowloris with gaps longer than
// the timeout), a peer that trickles bytes faster than the timeout but never ends its line,
// and a peer that asks for a large reply and never reads it. StreamRequestHandler.timeout (or
// the event server's idle_timeout) and a readline length limit end each of them with an error
// in words, and the server — even the synchronous one, which serves one peer at a time —
// goes on to serve the next client.

#include <atomic>
#include <thread>

#include <sys/socket.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

// Wide enough that a trickling peer's 5 ms pace is never mistaken for silence on a loaded
// two-core machine (a trickle thread starved for 0.3 s failed there once).
constexpr Seconds peer_timeout{1.0};
constexpr std::size_t line_limit = 64;
constexpr std::size_t flood_size = 32 * 1024 * 1024; // beyond any socket buffer pair
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

template <class Server> std::unique_ptr<Recording<Server>> make_server(const QTemporaryDir& dir) {
  if constexpr (is_event_v<Server>) {
    auto server = std::make_unique<Recording<Server>>(
        any_address<Server>(dir), socketserver::event_handler<BoundedLineEvents>());
    server->idle_timeout = peer_timeout;
    server->max_output_buffer = 64 * 1024;
    return server;
  } else {
    return std::make_unique<Recording<Server>>(any_address<Server>(dir),
                                               socketserver::handler<BoundedLineHandler>());
  }
}

template <class F> bool with_stream_class(const QString& name, F&& f) {
  using namespace socketserver;
  auto run = [&f](auto type) { fail_on_exception([&] { f(type); }); };
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

void stream_classes() {
  QTest::addColumn<QString>("server_class");
  for (const char* name : {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer",
                           "UnixStreamServer", "EventTCPServer", "EventUnixStreamServer"})
    QTest::newRow(name) << QString(name);
}

/// Sends one byte every `gap` on its own thread until stop(), the peer closes, or `most`.
class Trickle {
public:
  Trickle(Socket& socket, std::chrono::milliseconds gap, int most)
      : thread_([this, fd = socket.fileno(), gap, most] {
          for (int i = 0; i < most && !stop_.load(); ++i) {
            if (::send(fd, "x", 1, MSG_NOSIGNAL) != 1)
              return;
            std::this_thread::sleep_for(gap); // the peer's pace, not a synchronisation
          }
        }) {}
  ~Trickle() {
    stop_ = true;
    thread_.join();
  }
  Trickle(const Trickle&) = delete;
  Trickle& operator=(const Trickle&) = delete;

private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

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
    QFETCH(QString, server_class);
    QVERIFY(with_stream_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_);
      ServingThread serving(*server);

      Socket slow = connect_to(server->server_address);
      slow.sendall("h"); // then nothing: the next byte would come after the timeout
      const auto start = Clock::now();
      // A good client queued behind it is served; the synchronous server does so once the
      // slow peer has timed out, the others at once.
      QCOMPARE(bytes(exchange(*server, "good\n", dir_)), QByteArray("GOOD\n"));
      if constexpr (std::is_same_v<Server, socketserver::TCPServer> ||
                    std::is_same_v<Server, socketserver::UnixStreamServer>)
        QVERIFY2(server->hooks.errors().size() == 1, "sync: served after the slow peer ended");
      expect_one_timeout(*server);
      QCOMPARE(bytes(read_to_end(slow)), QByteArray()); // dropped without a reply
      QVERIFY2(ms_since(start) < DEADLINE_MS, "the timeout bounds the slow peer");
    }));
  }

  void tricklingPeerIsBoundedByTheLineLimit_data() { stream_classes(); }
  void tricklingPeerIsBoundedByTheLineLimit() {
    QFETCH(QString, server_class);
    QVERIFY(with_stream_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_);
      ServingThread serving(*server);

      Socket slow = connect_to(server->server_address);
      {
        // Each byte comes well within the timeout, so only the length limit can end it.
        Trickle trickle(slow, std::chrono::milliseconds(5), 100000);
        QCOMPARE(bytes(read_line(slow)), bytes(too_long_reply));
      }
      QCOMPARE(bytes(exchange(*server, "good\n", dir_)), QByteArray("GOOD\n"));
      QVERIFY(server->hooks.errors().empty() ||
              server->hooks.errors().front().type == "SocketError"); // peer reset after reply
    }));
  }

  void peerThatNeverReadsTimesOutTheWrite_data() { stream_classes(); }
  void peerThatNeverReadsTimesOutTheWrite() {
    QFETCH(QString, server_class);
    QVERIFY(with_stream_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      auto server = make_server<Server>(dir_);
      ServingThread serving(*server);

      Socket slow = connect_to(server->server_address);
      slow.sendall("flood\n"); // and never read the 32 MB answer
      expect_one_timeout(*server);
      QCOMPARE(bytes(exchange(*server, "good\n", dir_)), QByteArray("GOOD\n"));
    }));
  }
};

QTEST_GUILESS_MAIN(TestSlowPeers)
#include "TestSlowPeers.moc"
