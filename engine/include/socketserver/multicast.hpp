/// @file
/// Public header. Multicast groups and the multicast send options, for IPv4 and IPv6 datagram
/// sockets: what a Python program spells with struct.pack() and setsockopt(IP_ADD_MEMBERSHIP /
/// IPV6_JOIN_GROUP) in server_bind(), as one call that says in words what is wrong.
///
/// @code{.cpp}
///   socketserver::UDPServer server{"0.0.0.0:5353", socketserver::handler<Answer>()};
///   server.join_group("239.1.2.3", "lo");     // or "127.0.0.1", or "" (the system's choice)
///   server.join_group("239.1.2.4", "lo");     // as many groups as the system allows
///   server.serve_forever();
///
///   socketserver::Socket client{AF_INET, SOCK_DGRAM};
///   socketserver::set_multicast_interface(client, "lo");
///   client.sendto("who is there?", socketserver::Address{"239.1.2.3", 5353});
/// @endcode
///
/// A group is a numeric address: IPv4 224.0.0.0/4 or IPv6 ff00::/8, of the socket's own
/// family. An interface is a name ("lo", "eth0"), one of the interface's addresses
/// ("127.0.0.1", "::1"), or empty for the system's choice (IPv4: by the routing table; IPv6:
/// interface 0). IPv4 memberships are made with ip_mreqn, so a name picks the interface by
/// index; IPv6 ones with the interface's index (if_nametoindex), found from an address too.
///
/// Errors: AddressError for a group that is not a multicast address, an interface the machine
/// does not have, a group of the other family than the socket; SocketError (with errno) when
/// the system refuses ("already a member of 239.1.2.3 on lo", "not a member of ...", "too
/// many groups"). Thread rule: any thread; the kernel serialises the socket's options.
#pragma once

#include <string_view>

#include "socketserver/address.hpp"
#include "socketserver/socket.hpp"

namespace socketserver {

/// Joins `group` on `interface` (name, address, or empty: the system's choice): datagrams sent
/// to the group on the socket's port arrive on `socket`. Throws AddressError / SocketError.
void join_group(Socket& socket, std::string_view group, std::string_view interface = {});

/// Leaves a group joined with join_group() (same group and interface). Throws AddressError /
/// SocketError ("not a member of 239.1.2.3 on lo").
void leave_group(Socket& socket, std::string_view group, std::string_view interface = {});

/// The interface multicast datagrams are sent from (IP_MULTICAST_IF / IPV6_MULTICAST_IF).
/// Throws AddressError for an interface the machine does not have, SocketError.
void set_multicast_interface(Socket& socket, std::string_view interface);

/// How many routers a multicast datagram may cross: 0-255 (IPv4 TTL, IPv6 hops; default 1:
/// this network only). Throws std::invalid_argument out of range, SocketError.
void set_multicast_hops(Socket& socket, int hops);

/// Whether the sender's own host receives its multicast datagrams too (IP_MULTICAST_LOOP /
/// IPV6_MULTICAST_LOOP; the system's default is on). Throws SocketError.
void set_multicast_loop(Socket& socket, bool loop);

/// True for an IPv4 224.0.0.0/4 or IPv6 ff00::/8 address.
bool is_multicast(const Address& address) noexcept;

} // namespace socketserver
