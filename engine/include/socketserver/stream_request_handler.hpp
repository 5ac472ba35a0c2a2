/// @file
/// Public header. StreamRequestHandler: Python's handler for stream servers, with `rfile`
/// (buffered: readline(), read()) and `wfile` (unbuffered: write() sends at once).
///
/// @code{.cpp}
///   struct LineEcho : socketserver::StreamRequestHandler {
///     void handle() override {
///       for (std::string line; !(line = rfile.readline(65536)).empty();)
///         wfile.write(line);
///     }
///   };
/// @endcode
///
/// Set the class variables in your constructor: timeout (applied to the connection in
/// setup(); a read or write past it throws TimeoutError), disable_nagle_algorithm
/// (TCP_NODELAY), rbufsize, wbufsize.
#pragma once

#include <optional>

#include "socketserver/reader.hpp"
#include "socketserver/request_handler.hpp"
#include "socketserver/writer.hpp"

namespace socketserver {

/// Python's socketserver.StreamRequestHandler: a handler for stream servers (TCP, Unix
/// stream) that reads the connection through `rfile` and writes through `wfile`.
class StreamRequestHandler : public BaseRequestHandler {
public:
  /// The constructors of BaseRequestHandler.
  using BaseRequestHandler::BaseRequestHandler;

  /// rfile's buffer: -1 = default (8192), 0 = one byte at a time, n = n bytes.
  long rbufsize = -1;
  /// wfile's buffer: 0 = unbuffered (Python's default), n = flush every n bytes and at finish.
  long wbufsize = 0;
  /// Applied to the connection in setup(); nullopt = block forever.
  std::optional<Seconds> timeout;
  /// Sets TCP_NODELAY in setup() (IP connections only).
  bool disable_nagle_algorithm = false;

  /// The connection's read side, buffered (Python's self.rfile); made in setup().
  BufferedReader rfile;
  /// The connection's write side (Python's self.wfile); made in setup().
  SocketWriter wfile;

  /// Python's self.connection: the request's socket.
  Socket& connection() noexcept { return request.socket(); }

  /// Applies timeout and Nagle, makes rfile and wfile. May be extended, do not override.
  void setup() override;
  /// Flushes wfile (errors ignored) and closes both files. May be extended, do not override.
  void finish() override;
};

} // namespace socketserver
