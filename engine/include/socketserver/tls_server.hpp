/// @file
/// Public header. TLSServer: a stream server whose connections speak TLS — what Python users
/// write as `context.wrap_socket(...)` in get_request() — in every model.
///
/// @code{.cpp}
///   auto context = socketserver::TlsContext::create();
///   context->load_cert_chain("server.pem", "server.key");
///   socketserver::TLSServer<socketserver::ThreadingTCPServer> server{
///       context, "127.0.0.1:8443", socketserver::handler<Upper>()};
///   server.serve_forever();
/// @endcode
///
/// `Server` is any stream server: TCPServer, UnixStreamServer, or either under ThreadingMixIn,
/// ThreadPoolMixIn, ForkingMixIn or EventMixIn (TLSServer goes outside: TLSServer<EventTCPServer>).
/// The constructor takes the context, then `Server`'s own arguments.
///
/// get_request() wraps each accepted connection without a handshake, so the serving thread
/// never waits for a client. The handshake runs where the request runs: on its thread (sync,
/// threading, pool), in its child (forking), or without blocking in its event loop (event,
/// WANT_READ / WANT_WRITE handled) — bounded by handshake_timeout, so a client that never
/// finishes its handshake holds nothing for longer. Then the handler runs as over TCP:
/// request.recv()/sendall(), rfile/wfile and EventHandler::send() carry plaintext, and the
/// observer sees the plaintext (on_bytes_received / on_bytes_sent) and the handshake's facts
/// (on_tls_handshake). A failed handshake ends the request with RequestOutcome::Error and its
/// reason in words (TlsError: "no common protocol version", "the client does not trust the
/// server's certificate (unknown CA)", "plain HTTP sent to a TLS port", "the client closed the
/// connection during the TLS handshake"; TimeoutError when it timed out) through
/// handle_error(), like any other failed request; serving goes on.
/// shutdown_request() sends TLS close_notify before the TCP shutdown.
///
/// Forking models: fork() copies only the forking thread, and a lock OpenSSL held on another
/// thread at that moment would stay held in the child, whose handshake would then wait for
/// ever. So the engine makes every OpenSSL call (and frees each thread's OpenSSL state) inside
/// a NoForkScope, and ForkingMixIn forks only when none is open (no_fork_scope.hpp): a forking
/// TLS server is safe beside any number of the engine's TLS servers in one process. Other
/// OpenSSL users in the process (a TLS client library) must open a NoForkScope around their
/// calls too, or not be inside OpenSSL when a child is forked. And a session a child puts in
/// the server's session cache dies with the child: resuming by session ID fails there (session
/// tickets, OpenSSL's default, still resume: their key is the context's, made before any fork).
#pragma once

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "socketserver/config.hpp"
#include "socketserver/tcp_server.hpp"
#include "socketserver/tls_context.hpp"
#include "socketserver/udp_server.hpp"

namespace socketserver {

namespace detail {
/// Gives `connection` a TLS transport over `context` (server side, no handshake yet).
/// Throws SocketError when OpenSSL cannot make one (get_request()'s quiet failure).
void wrap_server_side(Socket& connection, const std::shared_ptr<TlsContext>& context,
                      std::optional<Seconds> handshake_timeout);
/// `timeout`, or std::invalid_argument when it is zero, negative or NaN.
std::optional<Seconds> checked_handshake_timeout(std::optional<Seconds> timeout);
/// `context`, or std::invalid_argument when it is null or has no certificate.
std::shared_ptr<TlsContext> checked_server_context(std::shared_ptr<TlsContext> context);
/// Sends close_notify on a TLS connection whose handshake completed; nothing otherwise.
void send_close_notify(Socket& connection) noexcept;
} // namespace detail

/// A stream `Server` whose connections speak TLS with `context`. Details in tls_server.hpp.
// NOLINTNEXTLINE(cppcoreguidelines-virtual-class-destructor): virtual through Server (override)
template <class Server> class TLSServer : public Server {
  static_assert(std::is_base_of_v<TCPServer, Server> && !std::is_base_of_v<UDPServer, Server>,
                "TLSServer needs a stream server (TCPServer, UnixStreamServer and their mixins)");

public:
  /// `context` (with its certificate loaded), then `Server`'s constructor arguments. Throws
  /// std::invalid_argument when the context is null or has no certificate.
  template <class... Args>
  explicit TLSServer(std::shared_ptr<TlsContext> tls_context, Args&&... args)
      : Server(std::forward<Args>(args)...),
        context(detail::checked_server_context(std::move(tls_context))) {}
  /// Request threads and pool workers call this class's hooks (finish_request(),
  /// shutdown_request()): server_close() waits for them before this part of the object goes
  /// (the mixins' rule for a subclass whose hooks are its own).
  ~TLSServer() override { this->server_close(); }

  /// The context every new connection is wrapped with (Python's SSLContext).
  std::shared_ptr<TlsContext> context;
  /// How long a client has to complete its handshake, from its first TLS call: a positive
  /// number of seconds (zero, negative or NaN: get_request() throws std::invalid_argument,
  /// which ends serve_forever()). nullopt = no bound of its own: a blocking model waits as
  /// long as the connection's socket timeout allows (none: for ever), an event model has no
  /// timer for it at all (a client that stalls its handshake holds its connection until it
  /// goes away or the server closes). Set before serving.
  std::optional<Seconds> handshake_timeout = Seconds{10};

  /// Server::get_request(), then the connection wrapped in TLS (no handshake yet).
  /// May be extended, do not override.
  std::pair<Request, Address> get_request() override {
    const auto bound = detail::checked_handshake_timeout(handshake_timeout); // before accepting
    auto got = Server::get_request();
    detail::wrap_server_side(got.first.socket(), context, bound);
    return got;
  }
  /// Completes the handshake (Socket::do_handshake()), then Server::finish_request().
  /// May be extended, do not override.
  void finish_request(Request& request, const Address& client_address) override {
    if (!request.is_datagram())
      request.socket().do_handshake();
    Server::finish_request(request, client_address);
  }
  /// close_notify (after a completed handshake), then Server::shutdown_request().
  /// May be extended, do not override.
  void shutdown_request(Request& request) override {
    detail::send_close_notify(request.socket());
    Server::shutdown_request(request);
  }
};

} // namespace socketserver
