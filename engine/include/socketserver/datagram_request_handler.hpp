/// @file
/// Public header. DatagramRequestHandler: Python's handler for datagram servers. `rfile`
/// reads the datagram, `wfile` collects the reply, and finish() sends what wfile holds to
/// the client in one datagram — an empty one when nothing was written, as Python does.
///
/// @code{.cpp}
///   struct Upper : socketserver::DatagramRequestHandler {
///     void handle() override { wfile.write(to_upper(rfile.read())); }
///   };
/// @endcode
#pragma once

#include <string>

#include "socketserver/reader.hpp"
#include "socketserver/request_handler.hpp"
#include "socketserver/writer.hpp"

namespace socketserver {

/// Python's socketserver.DatagramRequestHandler: a handler for UDPServer and
/// UnixDatagramServer that reads the datagram from `rfile` and answers through `wfile`.
class DatagramRequestHandler : public BaseRequestHandler {
public:
  /// The constructors of BaseRequestHandler.
  using BaseRequestHandler::BaseRequestHandler;

  /// The datagram (Python's self.packet).
  std::string packet;
  /// Reads the datagram (Python's BytesIO over self.packet).
  BufferedReader rfile;
  /// Collects the reply that finish() sends (Python's BytesIO).
  BytesWriter wfile;

  /// Python's self.socket: the server socket the reply leaves from.
  Socket& socket() noexcept { return request.socket(); }

  /// May be extended, do not override.
  void setup() override;
  /// Sends wfile's contents to client_address. May be extended, do not override.
  void finish() override;
};

} // namespace socketserver
