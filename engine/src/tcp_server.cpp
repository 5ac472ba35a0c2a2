#include "socketserver/tcp_server.hpp"

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

#include "socketserver/detail/server_access.hpp"
#include "socketserver/errors.hpp"
#include "unix_socket_file.hpp"

namespace socketserver {

namespace {

const char* family_name(int family) {
  switch (family) {
  case AF_INET:
    return "an IPv4 address";
  case AF_INET6:
    return "an IPv6 address";
  case AF_UNIX:
    return "a Unix socket path";
  default:
    return "an empty address";
  }
}

// The socket to create for `address`, or AddressError when the server cannot use it.
int checked_family(const Address& address, int family_required, const char* server) {
  const int family = address.family();
  const bool fits = family_required == AF_UNSPEC ? address.is_ip() : family == family_required;
  if (!fits)
    throw AddressError(
        std::string(server) + " needs " +
        (family_required == AF_UNIX ? "a Unix socket path" : "an IP address as host:port") +
        ", got " + family_name(family) + " '" + address.to_string() + "'");
  return family;
}

} // namespace

TCPServer::TCPServer(Address server_address_, HandlerFactory handler_factory,
                     bool bind_and_activate)
    : TCPServer(std::move(server_address_), std::move(handler_factory), bind_and_activate,
                SOCK_STREAM, AF_UNSPEC) {}

TCPServer::TCPServer(Address server_address_, HandlerFactory handler_factory,
                     bool bind_and_activate, int type, int family_required)
    : BaseServer(std::move(server_address_), std::move(handler_factory)),
      address_family(checked_family(server_address, family_required,
                                    type == SOCK_STREAM ? "a stream server" : "a datagram server")),
      socket_type(type), socket(address_family, type) {
  if (bind_and_activate)
    bind_and_activate_now();
}

TCPServer::~TCPServer() = default;

namespace {
/// Kept so that accept() can still take (and close) a connection when descriptors run out.
detail::UniqueFd open_reserve() {
  return detail::UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}
} // namespace

void TCPServer::bind_and_activate_now() {
  // Not virtual calls on purpose: a base constructor cannot reach a subclass's overrides.
  // The socket member closes itself if this throws (RAII), so a failed bind leaks nothing.
  TCPServer::server_bind();
  if (socket_type == SOCK_STREAM) // UDPServer's server_activate() does nothing
    TCPServer::server_activate();
}

void TCPServer::server_bind() {
  if (allow_reuse_address)
    socket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
  if (allow_reuse_port)
    socket.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
  try {
    if (address_family == AF_UNIX)
      detail::bind_unix_path(socket, socket_type, server_address, replace_stale_socket);
    else
      socket.bind(server_address);
    server_address = socket.getsockname();
  } catch (const std::exception& error) {
    if (ServerObserver* watching = observer())
      watching->on_server_failed(error.what());
    throw;
  }
}

void TCPServer::server_activate() {
  try {
    socket.listen(request_queue_size);
  } catch (const std::exception& error) {
    if (ServerObserver* watching = observer())
      watching->on_server_failed(error.what());
    throw;
  }
  // Non-blocking, so a connection that vanished between poll() and accept() costs an EAGAIN
  // instead of a serving loop blocked in accept().
  ::fcntl(socket.fileno(), F_SETFL, ::fcntl(socket.fileno(), F_GETFL) | O_NONBLOCK);
  if (!reserve_fd_)
    reserve_fd_ = open_reserve();
}

void TCPServer::server_close() {
  if (!detail::ServerAccess::stop_serving_before_close(*this))
    return; // called on an event loop's thread: closed as serve_forever() returns
  socket.close();
  reserve_fd_.reset();
}

std::optional<Seconds> TCPServer::listening_timeout() const { return socket.gettimeout(); }

std::pair<Request, Address> TCPServer::get_request() {
  try {
    auto [connection, client_address] = socket.accept_now();
    if (!reserve_fd_) // lost to another thread while descriptors ran out: take it back
      reserve_fd_ = open_reserve();
    return {Request(std::move(connection)), std::move(client_address)};
  } catch (const SocketError& error) {
    const int code = error.code().value();
    if ((code == EMFILE || code == ENFILE) && reserve_fd_) {
      // Out of descriptors, the waiting connection keeps the socket readable and the loop
      // would spin: free the reserve, take the connection, close it so the peer knows at
      // once, and take the reserve back.
      reserve_fd_.reset();
      try {
        auto [connection, client_address] = socket.accept_now();
        connection.close();
        detail::ServerAccess::refused_for_lack_of_descriptors(*this);
        detail::ServerAccess::report_notice(*this, 0,
                                            "too many open files: refused the connection from " +
                                                client_address.to_string());
      } catch (const SocketError&) {
      }
      reserve_fd_ = open_reserve();
    }
    throw;
  }
}

void TCPServer::shutdown_request(Request& request) {
  // Explicitly shut down: close() alone would not tell the peer while a forked child still
  // holds the descriptor. ENOTCONN (peer gone) is expected and ignored.
  if (request.socket())
    ::shutdown(request.socket().fileno(), SHUT_WR);
  close_request(request);
}

void TCPServer::close_request(Request& request) { request.close(); }

} // namespace socketserver
