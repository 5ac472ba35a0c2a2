#include "socketserver/stream_request_handler.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>

namespace socketserver {

void StreamRequestHandler::setup() {
  Socket& socket = connection();
  if (timeout)
    socket.settimeout(timeout);
  if (disable_nagle_algorithm && client_address.is_ip())
    socket.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
  const std::size_t read_buffer = rbufsize < 0    ? BufferedReader::default_buffer_size
                                  : rbufsize == 0 ? 1
                                                  : static_cast<std::size_t>(rbufsize);
  rfile = BufferedReader(socket, read_buffer);
  wfile = SocketWriter(socket, wbufsize > 0 ? static_cast<std::size_t>(wbufsize) : 0);
}

void StreamRequestHandler::finish() {
  wfile.close(); // flushes; a peer that left makes the flush fail, which Python ignores too
  rfile.close();
}

} // namespace socketserver
