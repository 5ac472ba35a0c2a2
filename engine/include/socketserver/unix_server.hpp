/// @file
/// Public header. UnixStreamServer and UnixDatagramServer: the TCP and UDP servers on Unix
/// domain socket paths ("/tmp/echo.sock").
///
/// Binding fails with a clear SocketError when the path exists ("address already in use"),
/// its directory is missing, or permission is denied; an over-long path is an AddressError.
/// server_close() does not remove the socket file, as in Python.
#pragma once

#include "socketserver/udp_server.hpp"

namespace socketserver {

/// Python's socketserver.UnixStreamServer: TCPServer on a Unix-domain socket path.
class UnixStreamServer : public TCPServer {
public:
  /// Binds to the path and listens unless bind_and_activate is false. Throws AddressError
  /// for a non-path address and SocketError when the path cannot be bound.
  UnixStreamServer(Address server_address, HandlerFactory RequestHandlerClass,
                   bool bind_and_activate = true);
};

/// Python's socketserver.UnixDatagramServer: UDPServer on a Unix-domain socket path.
class UnixDatagramServer : public UDPServer {
public:
  /// Binds to the path unless bind_and_activate is false. Throws AddressError for a
  /// non-path address and SocketError when the path cannot be bound.
  UnixDatagramServer(Address server_address, HandlerFactory RequestHandlerClass,
                     bool bind_and_activate = true);
};

} // namespace socketserver
