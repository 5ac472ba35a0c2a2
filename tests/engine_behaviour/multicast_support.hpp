// Shared by the multicast suites: a handler that answers with its server's name, and a way to
// tell that a datagram did NOT arrive without sleeping: a unicast marker sent after it takes
// the same loopback path, so once the marker's answer is in, anything sent before it that was
// going to arrive has arrived.
#pragma once

#include "behaviour_support.hpp"

#include <socketserver/multicast.hpp>

namespace behaviour {

/// Answers "NAME:PACKET", so that replies from several servers on one port tell who answered.
struct NamedEcho : socketserver::DatagramRequestHandler {
  NamedEcho(Request& r, const Address& a, BaseServer& s, std::string name)
      : DatagramRequestHandler(r, a, s), name_(std::move(name)) {}
  void handle() override { wfile.write(name_ + ":" + rfile.read()); }
  std::string name_;
};

/// A UDP server bound to `address` (port 0 = any; reuse lets several share one port) that
/// answers with `name`.
inline std::unique_ptr<socketserver::UDPServer>
named_server(const Address& address, const std::string& name, bool reuse = false) {
  auto server = std::make_unique<socketserver::UDPServer>(address, factory<NamedEcho>(name), false);
  server->allow_reuse_address = reuse;
  server->allow_reuse_port = reuse;
  server->server_bind();
  return server;
}

/// A sender on `family` whose multicast datagrams leave on `interface` and loop back to this
/// host; replies within DEADLINE.
inline Socket multicast_sender(int family, const std::string& interface) {
  Socket socket(family, SOCK_DGRAM);
  socketserver::set_multicast_interface(socket, interface);
  socketserver::set_multicast_loop(socket, true);
  socket.settimeout(DEADLINE);
  return socket;
}

/// The answers `sender` receives until the one to `marker` (sent unicast to `server` after
/// whatever was sent before): every answer that came before it, in order.
inline std::vector<std::string> answers_before_marker(Socket& sender, const Address& server) {
  sender.sendto("marker", server);
  std::vector<std::string> answers;
  for (;;) {
    std::string reply = sender.recvfrom(65536).first;
    if (reply.ends_with(":marker"))
      return answers;
    answers.push_back(std::move(reply));
  }
}

} // namespace behaviour
