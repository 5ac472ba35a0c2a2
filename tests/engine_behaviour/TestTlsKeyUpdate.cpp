// A read that must wait until the socket can take a write. OpenSSL's SSL_read says so
// (WANT_WRITE) when a record it read obliges it to write before it can go on and the socket
// is full; the event loop must then watch for output and read again once the socket takes
// bytes, not wait for input that may never come (the record that asked is already read).
// The first test puts that answer in a transport of its own, deterministically; the second
// sends a real TLS 1.3 KeyUpdate asking for an answer (update_requested) while the server's
// socket is full, in every model. (OpenSSL 3.0 answers a KeyUpdate on its next write rather
// than inside SSL_read, so a real session does not reach the first test's case today: the
// second test checks the exchange goes on, and the answer comes with the next reply.)
//
// The socket is made full without leaving anything in the server's own output buffer (which
// would have it watch for output anyway): the handler sends while its send buffer is large,
// then shrinks it below what is queued; the client's small receive buffer keeps the bytes in
// the server's queue until it reads them.
#include <csignal>
#include <memory>
#include <string>

#include <QtTest>

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <socketserver/detail/transport.hpp>

#include "behaviour_support.hpp"
#include "model_cases.hpp"
#include "peer_clients.hpp"
#include "tls_support.hpp"

using namespace behaviour;

namespace {

constexpr std::size_t fill_size =
    std::size_t{128} * 1024; // fits a 1 MB send buffer, not a 4 KiB one

/// What the handler tells the test: its connection's descriptor once the socket is full.
struct Filled {
  Guarded<int> server_fd; // -1 until filled
  Guarded<std::string> failure;
};

/// Makes the socket `fd` full with `send`: a large send buffer takes all of `data` at once,
/// then the buffer shrinks below what is queued.
template <class Send> void fill_socket(int fd, Send&& send) {
  const int large = 1024 * 1024;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &large, sizeof large);
  send(std::string(fill_size, 'f'));
  const int small = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
}

/// "fill\n": fills the socket and tells the test; any other line comes back upper-cased.
struct FillHandler : socketserver::BaseRequestHandler {
  FillHandler(Request& request_, const Address& client, BaseServer& server_, Filled* filled_)
      : BaseRequestHandler(request_, client, server_), filled(filled_) {}
  void handle() override {
    request.socket().settimeout(DEADLINE);
    for (std::string line; !(line = request_line(request)).empty();) {
      if (line != "fill\n") {
        request.sendall(upper(line));
        continue;
      }
      fill_socket(request.socket().fileno(),
                  [&](const std::string& data) { request.sendall(data); });
      filled->server_fd.change([&](int& fd) { fd = request.socket().fileno(); });
    }
  }
  Filled* filled;
};

/// The event-driven twin; send() must have handed everything to the socket.
struct FillEvents : socketserver::EventHandler {
  explicit FillEvents(Filled* filled_) : filled(filled_) {}
  void on_data(std::string_view data) override {
    line_ += data;
    const auto end = line_.find('\n');
    if (end == std::string::npos)
      return;
    const std::string line = line_.substr(0, end + 1);
    line_.erase(0, end + 1);
    if (line != "fill\n") {
      send(upper(line));
      return;
    }
    fill_socket(request().socket().fileno(), [&](const std::string& bytes) { send(bytes); });
    if (pending_output() != 0)
      filled->failure.change([](std::string& f) { f = "the fill did not go to the socket"; });
    filled->server_fd.change([&](int& fd) { fd = request().socket().fileno(); });
  }
  Filled* filled;

private:
  std::string line_;
};

/// Waits (at most DEADLINE) until the server's side of the connection has read everything
/// that came: the KeyUpdate was taken by OpenSSL's read.
bool server_read_all(int fd) {
  const auto start = Clock::now();
  for (;;) {
    int queued = 0;
    if (::ioctl(fd, FIONREAD, &queued) != 0 || queued == 0)
      return true;
    if (ms_since(start) > DEADLINE_MS)
      return false;
    ::poll(nullptr, 0, 2);
  }
}

/// A plain transport whose read, the first time bytes come, takes them from the socket but
/// answers "call again once the socket is writable", as SSL_read does when the record it
/// read obliges it to write first. The bytes are returned by the next read.
class ReadWaitsForOutputOnce final : public socketserver::detail::Transport {
public:
  explicit ReadWaitsForOutputOnce(int fd) : fd_(fd) {}
  bool handshake(const Socket::TrafficReporting&) override { return true; }
  bool handshake_done() const noexcept override { return true; }
  std::optional<Seconds> handshake_timeout() const noexcept override { return std::nullopt; }
  long read(char* buffer, std::size_t size) override {
    if (held_.empty()) {
      char chunk[4096];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n <= 0)
        return waits_or_fails(n, POLLIN);
      held_.assign(chunk, static_cast<std::size_t>(n));
      if (!waited_) {
        waited_ = true;
        wanted_ = POLLOUT;
        return -1;
      }
    }
    const std::size_t n = std::min(size, held_.size());
    held_.copy(buffer, n);
    held_.erase(0, n);
    return static_cast<long>(n);
  }
  long write(const char* data, std::size_t size) override {
    const ssize_t n = ::send(fd_, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    return n < 0 ? waits_or_fails(n, POLLOUT) : n;
  }
  std::size_t keep_unsent() override { return 0; }
  std::size_t unsent() const noexcept override { return 0; }
  short wanted() const noexcept override { return wanted_; }
  std::size_t pending() const noexcept override { return 0; } // no readiness announces it
  void close_notify() noexcept override {}
  socketserver::TlsHandshakeInfo info() const override { return {}; }

private:
  long waits_or_fails(ssize_t n, short wanted) {
    if (n == 0)
      return 0;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      throw socketserver::SocketError(errno, "test transport");
    wanted_ = wanted;
    return -1;
  }

  int fd_;
  std::string held_;
  short wanted_ = POLLIN;
  bool waited_ = false;
};

/// An event server whose connections read through ReadWaitsForOutputOnce.
template <class Server> struct WaitingReads : Recording<Server> {
  using Recording<Server>::Recording;
  std::pair<Request, Address> get_request() override {
    auto got = Recording<Server>::get_request();
    Socket& connection = got.first.socket();
    connection.set_transport(std::make_unique<ReadWaitsForOutputOnce>(connection.fileno()));
    return got;
  }
};

} // namespace

class TestTlsKeyUpdate : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() { std::signal(SIGPIPE, SIG_IGN); } // OpenSSL's client socket BIO reads

  void readWaitingForOutputIsRetriedOnceTheSocketIsWritable_data() {
    add_model_rows({"EventTCPServer/1", "EventTCPServer/2"});
  }
  void readWaitingForOutputIsRetriedOnceTheSocketIsWritable() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      if constexpr (is_event_v<Server> && !is_datagram_v<Server>) {
        WaitingReads<Server> server{Address{"127.0.0.1:0"},
                                    socketserver::event_handler<UpperEvents>()};
        server.event_loops = m.event_loops;
        ServingThread serving(server);
        Socket client = connect_to(server.server_address);
        client.sendall("hello\n"); // read at once, then the read waits for output
        QCOMPARE(bytes(read_line(client)), QByteArray("HELLO\n"));
        client.sendall("again\n");
        QCOMPARE(bytes(read_line(client)), QByteArray("AGAIN\n"));
        close_abortively(client);
      }
    }));
  }

  void keyUpdateWhileTheServersSocketIsFull_data() {
    add_model_rows({"TCPServer", "ThreadingTCPServer", "EventTCPServer/1", "EventTCPServer/2"});
  }
  void keyUpdateWhileTheServersSocketIsFull() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      if constexpr (!is_datagram_v<Server>) {
        Filled filled;
        filled.server_fd.change([](int& fd) { fd = -1; });
        std::unique_ptr<Recording<Server>> server;
        if constexpr (is_event_v<Server>) {
          server =
              make_peer_server<Server>(true, Address{"127.0.0.1:0"},
                                       socketserver::event_handler<FillEvents>(&filled), DEADLINE);
          server->event_loops = m.event_loops;
        } else {
          server = make_peer_server<Server>(true, Address{"127.0.0.1:0"},
                                            factory<FillHandler>(&filled), DEADLINE);
        }
        ServingThread serving(*server);

        Socket socket(AF_INET, SOCK_STREAM);
        const int small = 4096; // before connecting: the window it offers stays small
        ::setsockopt(socket.fileno(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        tls_test::ClientOptions options;
        tls_test::TlsClient client(std::move(socket), options);
        client.socket().connect(server->server_address);
        QVERIFY2(client.handshake(), client.error().c_str());
        QVERIFY(client.send("fill\n"));
        int server_fd = -1;
        QVERIFY(filled.server_fd.wait([&](int fd) { return (server_fd = fd) >= 0; }));
        QCOMPARE(QString::fromStdString(filled.failure.read([](auto& f) { return f; })), QString());

        QVERIFY2(client.request_key_update(), client.error().c_str());
        QVERIFY2(server_read_all(server_fd), "the server did not read the KeyUpdate");
        std::size_t drained = 0;
        while (drained < fill_size) {
          const std::string got = client.read_some(65536);
          QVERIFY2(!got.empty(), client.error().c_str());
          drained += got.size();
        }
        QCOMPARE(drained, fill_size);
        // The fill is read: the exchange goes on under the new keys, both ways.
        QVERIFY(client.send("after\n"));
        const std::string after = client.read_line();
        QVERIFY2(after == "AFTER\n", (after + " / " + client.error()).c_str());
      }
    }));
  }
};

QTEST_GUILESS_MAIN(TestTlsKeyUpdate)
#include "TestTlsKeyUpdate.moc"
