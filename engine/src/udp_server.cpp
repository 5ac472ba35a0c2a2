#include "socketserver/udp_server.hpp"

#include <cerrno>

#include <sys/socket.h>

#include "socketserver/errors.hpp"
#include "socketserver/multicast.hpp"

namespace socketserver {

UDPServer::UDPServer(Address server_address_, HandlerFactory handler_factory,
                     bool bind_and_activate)
    : UDPServer(std::move(server_address_), std::move(handler_factory), bind_and_activate,
                AF_UNSPEC) {}

UDPServer::UDPServer(Address server_address_, HandlerFactory handler_factory,
                     bool bind_and_activate, int family_required)
    : TCPServer(std::move(server_address_), std::move(handler_factory), bind_and_activate,
                SOCK_DGRAM, family_required) {}

void UDPServer::server_bind() {
  if (allow_broadcast)
    socket.setsockopt(SOL_SOCKET, SO_BROADCAST, 1);
  TCPServer::server_bind();
}

void UDPServer::join_group(std::string_view group, std::string_view interface) {
  socketserver::join_group(socket, group, interface);
}

void UDPServer::leave_group(std::string_view group, std::string_view interface) {
  socketserver::leave_group(socket, group, interface);
}

std::pair<Request, Address> UDPServer::get_request() {
  // MSG_TRUNC makes recvfrom return the datagram's real length, so a cut is seen, not silent.
  std::string packet(max_packet_size, '\0');
  sockaddr_storage storage{};
  const int listening = socket.fileno();
  if (listening < 0)
    throw SocketError(EBADF,
                      "recvfrom on " + server_address.to_string() + ": the server is closed");
  for (;;) {
    socklen_t length = sizeof storage;
    const ssize_t n = ::recvfrom(listening, packet.data(), packet.size(), MSG_TRUNC | MSG_DONTWAIT,
                                 reinterpret_cast<sockaddr*>(&storage), &length);
    if (n >= 0) {
      const auto received = static_cast<std::size_t>(n);
      packet.resize(std::min(received, max_packet_size));
      Address client(reinterpret_cast<const sockaddr*>(&storage), length);
      return {Request(std::move(packet), socket.share(), received), std::move(client)};
    }
    if (errno != EINTR)
      throw SocketError(errno, describe_errno(errno, "recvfrom on", server_address.to_string()));
  }
}

} // namespace socketserver
