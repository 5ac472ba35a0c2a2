// Public header. UnixStreamServer and UnixDatagramServer: the TCP and UDP servers on Unix
// domain socket paths ("/tmp/echo.sock").
//
// Binding fails with a clear SocketError when the path exists ("address already in use"),
// its directory is missing, or permission is denied; an over-long path is an AddressError.
// server_close() does not remove the socket file, as in Python.
#pragma once

#include "socketserver/udp_server.hpp"

namespace socketserver {

class UnixStreamServer : public TCPServer {
public:
  UnixStreamServer(Address server_address, HandlerFactory RequestHandlerClass,
                   bool bind_and_activate = true);
};

class UnixDatagramServer : public UDPServer {
public:
  UnixDatagramServer(Address server_address, HandlerFactory RequestHandlerClass,
                     bool bind_and_activate = true);
};

} // namespace socketserver
