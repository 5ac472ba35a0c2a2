/// @file
/// Public header. UnixStreamServer and UnixDatagramServer: the TCP and UDP servers on Unix
/// domain socket paths ("/tmp/echo.sock").
///
/// Binding fails with a clear SocketError when its directory is missing ("no such file or
/// directory"), a component of the path is a file ("not a directory"), or permission is
/// denied; an over-long path is an AddressError. server_close() does not remove the socket
/// file, as in Python.
///
/// When the path exists, binding fails with SocketError(EADDRINUSE) whose message says why,
/// found by a connect() probe:
///  - a running server accepts (or reads datagrams) there: "already in use by a running
///    server". Always refused.
///  - a stale socket file left by a server that is gone (connect() is refused): refused with
///    a hint, unless `replace_stale_socket` is set (construct with bind_and_activate = false,
///    set it, then server_bind() and server_activate()): then the file is removed and bound.
///  - a file that is not a socket: refused and left alone.
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
