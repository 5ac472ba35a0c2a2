// Internal header of the hostile-peer suites (slow peers, vanishing peers, descriptor
// exhaustion): their tables name each model plain ("ThreadingTCPServer") and, in a TLS build,
// once more as a TLSServer over it ("TLS/ThreadingTCPServer"). A PeerClient is the client
// side of either, so one test body tries the same hostile peer against both; the TLS one
// speaks through tls_support.hpp's client (compiled into the suite when TLS is built).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <poll.h>

#include <socketserver/config.hpp>

#include "behaviour_support.hpp"
#if SOCKETSERVER_HAS_TLS
#include "tls_support.hpp"
#endif

namespace behaviour {

inline const QString tls_row_prefix = QStringLiteral("TLS/");

/// True for a row that names a TLS server ("TLS/EventTCPServer/3").
inline bool is_tls_row(const QString& row) { return row.startsWith(tls_row_prefix); }
/// The model a row names, without its "TLS/".
inline QString model_of_row(const QString& row) {
  return is_tls_row(row) ? row.mid(tls_row_prefix.size()) : row;
}
/// `rows`, then (in a TLS build) each of them again as a TLS row.
inline QStringList and_tls_rows(const QStringList& rows) {
  QStringList all = rows;
#if SOCKETSERVER_HAS_TLS
  for (const QString& row : rows)
    all << tls_row_prefix + row;
#endif
  return all;
}
/// Adds a "model" column with one row per entry of `rows`.
inline void add_model_rows(const QStringList& rows) {
  QTest::addColumn<QString>("model");
  for (const QString& row : rows)
    QTest::newRow(qPrintable(row)) << row;
}

#if SOCKETSERVER_HAS_TLS
/// A server context with the test PKI's certificate, made once per process.
inline std::shared_ptr<socketserver::TlsContext> test_server_context() {
  static const QTemporaryDir dir;
  static const tls_test::TestPki pki = tls_test::make_test_pki(dir.path().toStdString());
  auto context = socketserver::TlsContext::create();
  context->load_cert_chain(pki.server_cert, pki.server_key);
  return context;
}
#endif

/// Recording<Server> on `address`; for a TLS row a TLSServer<Recording<Server>>, whose clients
/// have `handshake_timeout` to complete their handshake.
template <class Server, class Factory>
std::unique_ptr<Recording<Server>> make_peer_server(bool tls, Address address, Factory factory,
                                                    std::optional<Seconds> handshake_timeout) {
#if SOCKETSERVER_HAS_TLS
  if constexpr (!is_datagram_v<Server>) {
    if (tls) {
      auto server = std::make_unique<socketserver::TLSServer<Recording<Server>>>(
          test_server_context(), std::move(address), std::move(factory));
      server->handshake_timeout = handshake_timeout;
      return server;
    }
  }
#else
  (void)handshake_timeout;
#endif
  if (tls)
    throw std::logic_error("a TLS row for a server that cannot speak TLS");
  return std::make_unique<Recording<Server>>(std::move(address), std::move(factory));
}

/// The client side of a stream connection, plain or TLS. Every wait is bounded by DEADLINE:
/// a wait that runs out throws TimeoutError, a connection the server refused or dropped
/// throws SocketError (or reads as an early end).
class PeerClient {
public:
  PeerClient() = default;
  virtual ~PeerClient() = default;
  PeerClient(const PeerClient&) = delete;
  PeerClient& operator=(const PeerClient&) = delete;

  /// Connects the socket made by make_peer() (no TLS handshake yet).
  virtual void connect(const Address& server) = 0;
  /// TLS: the handshake (SocketError when the server ended it). Plain: nothing.
  virtual void begin() = 0;
  /// Sends all of `data` (TLS: in one record).
  virtual void send(const std::string& data) = 0;
  /// Reads up to "\n" (kept) or the end.
  virtual std::string read_line() = 0;
  /// Reads what comes first, at most `most` bytes.
  virtual std::string read_some(std::size_t most) = 0;
  /// Reads until the server ends the stream.
  virtual std::string read_to_end() = 0;
  /// True once the server sent something (or ended), waiting at most `wait`.
  virtual bool readable_within(std::chrono::milliseconds wait) = 0;
  /// Writes no more (plain: shutdown(SHUT_WR); TLS: close_notify), reading on.
  virtual void end_writing() = 0;
  /// Vanishes: a reset (SO_LINGER 0), which also leaves no TIME_WAIT behind.
  virtual void reset() = 0;
};

class PlainPeer final : public PeerClient {
public:
  explicit PlainPeer(Socket socket) : socket_(std::move(socket)) {}
  void connect(const Address& server) override { socket_.connect(server); }
  void begin() override {}
  void send(const std::string& data) override { socket_.sendall(data); }
  std::string read_line() override { return behaviour::read_line(socket_); }
  std::string read_some(std::size_t most) override { return socket_.recv(most); }
  std::string read_to_end() override { return behaviour::read_to_end(socket_); }
  bool readable_within(std::chrono::milliseconds wait) override {
    pollfd entry{socket_.fileno(), POLLIN, 0};
    return ::poll(&entry, 1, static_cast<int>(wait.count())) > 0;
  }
  void end_writing() override { socket_.shutdown(SHUT_WR); }
  void reset() override { close_abortively(socket_); }

private:
  Socket socket_;
};

#if SOCKETSERVER_HAS_TLS
class TlsPeer final : public PeerClient {
public:
  TlsPeer(Socket socket, const tls_test::ClientOptions& options)
      : client_(std::move(socket), options), after_connect_(options.after_connect) {}
  void connect(const Address& server) override {
    client_.socket().connect(server);
    if (after_connect_)
      after_connect_();
  }
  void begin() override {
    if (!client_.handshake())
      fail("TLS handshake");
  }
  void send(const std::string& data) override {
    if (!client_.send(data))
      fail("TLS send");
  }
  std::string read_line() override { return checked(client_.read_line()); }
  std::string read_some(std::size_t most) override { return checked(client_.read_some(most)); }
  std::string read_to_end() override { return checked(client_.read_to_end()); }
  bool readable_within(std::chrono::milliseconds wait) override {
    return client_.readable_within(static_cast<int>(wait.count()));
  }
  void end_writing() override { client_.close_notify(); }
  void reset() override { client_.reset(); }

private:
  [[noreturn]] void fail(const char* what) {
    if (client_.timed_out())
      throw socketserver::TimeoutError(std::string(what) + ": timed out");
    throw socketserver::SocketError(ECONNRESET, std::string(what) + ": " + client_.error());
  }
  std::string checked(std::string got) {
    if (client_.timed_out())
      throw socketserver::TimeoutError("TLS read: timed out");
    return got;
  }

  tls_test::TlsClient client_;
  std::function<void()> after_connect_;
};
#endif

/// True for the ForkingMixIn models.
template <class Server> inline constexpr bool forks_v = requires(Server& s) { s.max_children; };

/// For a TLS client of a forking server: once connected, it waits for its request's child
/// before its handshake, so that no OpenSSL call of this process runs while the server forks
/// (tls_support.hpp, wait_for_new_child()). Nothing for the other models.
template <class Server> std::function<void()> wait_for_child_if_forking() {
#if SOCKETSERVER_HAS_TLS
  if constexpr (forks_v<Server>)
    return [before = tls_test::count_children()] { tls_test::wait_for_new_child(before); };
#endif
  return {};
}

/// A client for `server` whose socket exists but has not connected: one made while
/// descriptors are free can connect when none is. Each byte it writes goes alone,
/// `dribble_ms` apart, when that is not 0 (TLS rows only: the handshake dribbles too).
/// A TLS client runs `after_connect` once connected, before its handshake.
inline std::unique_ptr<PeerClient> make_peer(const Address& server, bool tls, int dribble_ms = 0,
                                             const std::function<void()>& after_connect = {}) {
  Socket socket(server.family(), SOCK_STREAM);
  socket.settimeout(DEADLINE);
#if SOCKETSERVER_HAS_TLS
  if (tls) {
    tls_test::ClientOptions options;
    options.timeout_seconds = DEADLINE.count();
    options.dribble_ms = dribble_ms;
    options.after_connect = after_connect;
    return std::make_unique<TlsPeer>(std::move(socket), options);
  }
#else
  (void)after_connect;
#endif
  if (tls || dribble_ms != 0)
    throw std::logic_error("a TLS peer in a build without TLS, or a dribbling plain one");
  return std::make_unique<PlainPeer>(std::move(socket));
}

/// make_peer(), connected, its handshake done.
inline std::unique_ptr<PeerClient> connect_peer(const Address& server, bool tls, int dribble_ms = 0,
                                                const std::function<void()>& after_connect = {}) {
  auto peer = make_peer(server, tls, dribble_ms, after_connect);
  peer->connect(server);
  peer->begin();
  return peer;
}

/// One line to `server` and its answer, on a connection of its own.
inline std::string peer_exchange(const Address& server, bool tls, const std::string& line) {
  auto peer = connect_peer(server, tls);
  peer->send(line);
  return peer->read_line();
}

} // namespace behaviour
