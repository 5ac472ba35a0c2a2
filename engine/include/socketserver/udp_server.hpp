/// @file
/// Public header. UDPServer: Python's socketserver.UDPServer, a synchronous datagram server.
///
/// Each datagram is one request: request.packet() is its data (Python's request[0]) and
/// request.socket() the server socket (request[1]). A datagram larger than max_packet_size is
/// cut to it as in Python, and the cut is reported (Request::truncated(), an observer notice).
///
/// Beyond Python: join_group() / leave_group() make the server a member of multicast groups
/// (multicast.hpp), and allow_broadcast lets its handlers send to broadcast addresses.
///
/// @code{.cpp}
///   socketserver::UDPServer server{"0.0.0.0:5000", socketserver::handler<Answer>()};
///   server.join_group("239.1.2.3", "lo");
///   server.serve_forever();                  // answers datagrams sent to 239.1.2.3:5000 too
/// @endcode
#pragma once

#include "socketserver/tcp_server.hpp"

namespace socketserver {

/// Python's socketserver.UDPServer: a synchronous datagram server on an IPv4 or IPv6
/// address; each datagram is one request. Details in udp_server.hpp.
class UDPServer : public TCPServer {
public:
  /// Binds unless bind_and_activate is false. Throws AddressError for a non-IP address and
  /// SocketError when binding fails.
  UDPServer(Address server_address, HandlerFactory RequestHandlerClass,
            bool bind_and_activate = true);

  /// Largest datagram kept; a longer one is cut to this size (Request::truncated()).
  std::size_t max_packet_size = 8192;
  /// SO_BROADCAST, set by server_bind(): a handler may send to a broadcast address
  /// (255.255.255.255, a subnet's last address). Receiving broadcasts needs no option.
  bool allow_broadcast = false;

  /// allow_broadcast, then TCPServer::server_bind(). May be extended, do not override.
  void server_bind() override;

  /// Makes the server a member of multicast `group` on `interface` (a name as "lo", an address,
  /// or "" for the system's choice): datagrams sent to the group on the server's port arrive
  /// as requests. Call after binding, once per group. Throws AddressError (not a multicast
  /// address, no such interface, group of the other family than server_address) or
  /// SocketError (already a member, too many groups). Thread safe. See multicast.hpp.
  void join_group(std::string_view group, std::string_view interface = {});
  /// Leaves a group joined with join_group() (same group and interface). Throws
  /// AddressError / SocketError ("not a member of this group"). Thread safe.
  void leave_group(std::string_view group, std::string_view interface = {});

  std::pair<Request, Address> get_request() override;
  /// Datagram servers do not listen.
  void server_activate() override {}
  /// Nothing to shut down: the socket is the server's.
  void shutdown_request(Request& request) override { close_request(request); }
  void close_request(Request&) override {}

protected:
  /// For UnixDatagramServer: a datagram socket for `family_required`.
  UDPServer(Address server_address, HandlerFactory RequestHandlerClass, bool bind_and_activate,
            int family_required);
};

} // namespace socketserver
