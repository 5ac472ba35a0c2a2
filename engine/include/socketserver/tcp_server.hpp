/// @file
/// Public header. TCPServer: Python's socketserver.TCPServer, a synchronous stream server.
///
/// @code{.cpp}
///   struct Upper : socketserver::BaseRequestHandler {
///     void handle() override { request.sendall(to_upper(request.recv(1024))); }
///   };
///   socketserver::TCPServer server{"127.0.0.1:9999", socketserver::handler<Upper>()};
///   server.serve_forever();
/// @endcode
///
/// IPv4 or IPv6 by the address given. The constructor binds and listens unless
/// bind_and_activate is false; then set attributes (allow_reuse_address...) and call
/// server_bind() and server_activate() yourself, exactly as in Python. Because C++ does not
/// dispatch virtual calls from a base constructor, a subclass that overrides server_bind() or
/// server_activate() must pass bind_and_activate = false and call them from its own constructor.
#pragma once

#include "socketserver/base_server.hpp"

namespace socketserver {

/// Python's socketserver.TCPServer: a synchronous stream server on an IPv4 or IPv6 address,
/// one connection at a time. Mix in ThreadingMixIn, ForkingMixIn or ThreadPoolMixIn for
/// concurrency. Details in tcp_server.hpp.
class TCPServer : public BaseServer {
public:
  /// Throws AddressError for an address of the wrong family and SocketError when binding or
  /// listening fails ("port 9999 is already in use"); nothing leaks.
  TCPServer(Address server_address, HandlerFactory RequestHandlerClass,
            bool bind_and_activate = true);
  ~TCPServer() override;

  // ---- Class variables that may be overridden ----
  int address_family;               ///< AF_INET or AF_INET6 (from the address), AF_UNIX
  int socket_type = SOCK_STREAM;    ///< SOCK_STREAM; SOCK_DGRAM for the datagram servers
  int request_queue_size = 5;       ///< listen() backlog
  bool allow_reuse_address = false; ///< SO_REUSEADDR
  bool allow_reuse_port = false;    ///< SO_REUSEPORT
  /// Unix paths only (beyond Python): when the path is a stale socket file (nobody answers
  /// on it), remove it and bind. Default false: refused with a message. See unix_server.hpp.
  bool replace_stale_socket = false;

  /// The listening socket; fileno() == -1 after server_close(). Its timeout (settimeout())
  /// also bounds handle_request(), as in Python.
  Socket socket;

  /// Binds to server_address and updates it to the real address. May be overridden.
  virtual void server_bind();
  void server_activate() override;
  /// Closes the listening socket (stopping a running serve_forever() first: see
  /// base_server.hpp). Idempotent.
  void server_close() override;
  int fileno() const override { return socket.fileno(); }
  /// accept() with close-on-exec. Out of descriptors (EMFILE), it frees a reserved one to
  /// accept and close the waiting connection, so the listening socket does not stay readable.
  std::pair<Request, Address> get_request() override;
  /// shutdown(SHUT_WR) then close_request().
  void shutdown_request(Request& request) override;
  void close_request(Request& request) override;

protected:
  /// For UDPServer and the Unix servers: a socket of `type` for `family_required`
  /// (AF_UNSPEC = IPv4 or IPv6).
  TCPServer(Address server_address, HandlerFactory RequestHandlerClass, bool bind_and_activate,
            int type, int family_required);

private:
  std::optional<Seconds> listening_timeout() const override;
  void bind_and_activate_now();
  detail::UniqueFd reserve_fd_;
};

} // namespace socketserver
