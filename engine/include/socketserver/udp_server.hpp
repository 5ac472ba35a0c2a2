/// @file
/// Public header. UDPServer: Python's socketserver.UDPServer, a synchronous datagram server.
///
/// Each datagram is one request: request.packet() is its data (Python's request[0]) and
/// request.socket() the server socket (request[1]). A datagram larger than max_packet_size is
/// cut to it as in Python, and the cut is reported (Request::truncated(), an observer notice).
#pragma once

#include "socketserver/tcp_server.hpp"

namespace socketserver {

/// Python's socketserver.UDPServer: a synchronous datagram server on an IPv4 or IPv6
/// address; each datagram is one request. Details in udp_server.hpp.
class UDPServer : public TCPServer {
public:
  /// Binds unless bind_and_activate is false. Throws AddressError for a non-IP address and
  /// SocketError when binding fails.
  UDPServer(Address server_address, HandlerFactory RequestHandlerClass,
            bool bind_and_activate = true);

  /// Largest datagram kept; a longer one is cut to this size (Request::truncated()).
  std::size_t max_packet_size = 8192;

  std::pair<Request, Address> get_request() override;
  /// Datagram servers do not listen.
  void server_activate() override {}
  /// Nothing to shut down: the socket is the server's.
  void shutdown_request(Request& request) override { close_request(request); }
  void close_request(Request&) override {}

protected:
  /// For UnixDatagramServer: a datagram socket for `family_required`.
  UDPServer(Address server_address, HandlerFactory RequestHandlerClass, bool bind_and_activate,
            int family_required);
};

} // namespace socketserver
