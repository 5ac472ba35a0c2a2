// Public header. UDPServer: Python's socketserver.UDPServer, a synchronous datagram server.
//
// Each datagram is one request: request.packet() is its data (Python's request[0]) and
// request.socket() the server socket (request[1]). A datagram larger than max_packet_size is
// cut to it as in Python, and the cut is reported (Request::truncated(), an observer notice).
#pragma once

#include "socketserver/tcp_server.hpp"

namespace socketserver {

class UDPServer : public TCPServer {
public:
  UDPServer(Address server_address, HandlerFactory RequestHandlerClass,
            bool bind_and_activate = true);

  std::size_t max_packet_size = 8192;

  std::pair<Request, Address> get_request() override;
  /// Datagram servers do not listen.
  void server_activate() override {}
  /// Nothing to shut down: the socket is the server's.
  void shutdown_request(Request& request) override { close_request(request); }
  void close_request(Request&) override {}

protected:
  UDPServer(Address server_address, HandlerFactory RequestHandlerClass, bool bind_and_activate,
            int family_required);
};

} // namespace socketserver
