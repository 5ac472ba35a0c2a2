#include "socketserver/datagram_request_handler.hpp"

namespace socketserver {

void DatagramRequestHandler::setup() {
  packet = request.packet();
  rfile = BufferedReader(packet);
  wfile.clear();
}

void DatagramRequestHandler::finish() { socket().sendto(wfile.getvalue(), client_address); }

} // namespace socketserver
