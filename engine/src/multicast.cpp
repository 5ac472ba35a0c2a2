#include "socketserver/multicast.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include "socketserver/errors.hpp"

namespace socketserver {

namespace {

/// A group address as the kernel takes it.
struct Group {
  int family = AF_UNSPEC;
  in_addr v4{};
  in6_addr v6{};
  std::string text;
};

const char* family_name(int family) { return family == AF_INET6 ? "IPv6" : "IPv4"; }

std::string not_a_group(std::string_view text, std::string_view why) {
  return "'" + std::string(text) + "' " + std::string(why) +
         ": a multicast group is an IPv4 address in 224.0.0.0/4 (as 239.1.2.3) or an IPv6 one "
         "in ff00::/8 (as ff02::1:3)";
}

Group parse_group(std::string_view text) {
  Group group{.text = std::string(text)};
  if (::inet_pton(AF_INET, group.text.c_str(), &group.v4) == 1) {
    group.family = AF_INET;
    if (!IN_MULTICAST(ntohl(group.v4.s_addr)))
      throw AddressError(not_a_group(text, "is not a multicast address"));
  } else if (::inet_pton(AF_INET6, group.text.c_str(), &group.v6) == 1) {
    group.family = AF_INET6;
    if (!IN6_IS_ADDR_MULTICAST(&group.v6))
      throw AddressError(not_a_group(text, "is not a multicast address"));
  } else {
    throw AddressError(not_a_group(text, "is not a numeric address"));
  }
  return group;
}

/// The socket's family, refusing what multicast cannot use.
int ip_family_of(const Socket& socket, std::string_view operation) {
  const int family = socket.family();
  if (family != AF_INET && family != AF_INET6)
    throw AddressError(std::string(operation) +
                       ": multicast needs an IPv4 or IPv6 datagram socket, not a Unix one");
  return family;
}

using InterfaceList = std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)>;

InterfaceList machine_interfaces() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0)
    throw SocketError(errno, describe_errno(errno, "getifaddrs", ""));
  return {list, &::freeifaddrs};
}

/// "lo, eth0": the names an error offers instead.
std::string interface_names() {
  std::unique_ptr<struct if_nameindex, decltype(&::if_freenameindex)> names{::if_nameindex(),
                                                                            &::if_freenameindex};
  std::string text;
  for (const struct if_nameindex* entry = names.get(); entry && entry->if_index != 0; ++entry)
    text += (text.empty() ? "" : ", ") + std::string(entry->if_name);
  return text;
}

/// The index of the interface that has the numeric address `text`; 0 when none has it.
unsigned index_by_address(const std::string& text) {
  in_addr v4{};
  in6_addr v6{};
  const bool is_v4 = ::inet_pton(AF_INET, text.c_str(), &v4) == 1;
  if (!is_v4 && ::inet_pton(AF_INET6, text.c_str(), &v6) != 1)
    return 0;
  const InterfaceList list = machine_interfaces();
  for (const ifaddrs* entry = list.get(); entry; entry = entry->ifa_next) {
    const sockaddr* address = entry->ifa_addr;
    if (!address || address->sa_family != (is_v4 ? AF_INET : AF_INET6))
      continue;
    const bool same =
        is_v4 ? reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr == v4.s_addr
              : IN6_ARE_ADDR_EQUAL(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, &v6);
    if (same)
      return ::if_nametoindex(entry->ifa_name);
  }
  throw AddressError("no interface of this machine has the address " + text);
}

[[noreturn]] void no_such_interface(const std::string& text) {
  throw AddressError("no such interface '" + text + "' (this machine has: " + interface_names() +
                     ")");
}

/// The index `digits` names ("1" for lo, as `ip` and Qt also take), checked to exist.
unsigned index_by_number(const std::string& digits) {
  char name[IF_NAMESIZE] = {};
  const unsigned long index = digits.size() <= 9 ? std::stoul(digits) : 0;
  if (index == 0 || ::if_indextoname(static_cast<unsigned>(index), name) == nullptr)
    no_such_interface(digits);
  return static_cast<unsigned>(index);
}

/// The index of the interface named, numbered or addressed by `text` ("lo", "1", "127.0.0.1",
/// "fe80::1%eth0": the scope names it); 0 for "" (the system's choice).
unsigned interface_index(std::string_view text) {
  if (const auto percent = text.find('%'); percent != std::string_view::npos) {
    if (percent + 1 == text.size())
      no_such_interface(std::string(text));
    text.remove_prefix(percent + 1); // the scope names the interface
  }
  if (text.empty())
    return 0;
  const std::string name(text);
  if (name.find_first_not_of("0123456789") == std::string::npos)
    return index_by_number(name);
  if (name.size() < IF_NAMESIZE) {
    if (const unsigned index = ::if_nametoindex(name.c_str()); index != 0)
      return index;
  }
  if (const unsigned index = index_by_address(name); index != 0)
    return index;
  no_such_interface(name);
}

std::string on_interface(std::string_view interface) {
  return interface.empty() ? "on the default interface" : "on " + std::string(interface);
}

/// Words for a refused membership change; `interface` as the caller gave it ("" = none).
std::string membership_words(int error, bool join, std::string_view interface) {
  switch (error) {
  case EADDRINUSE:
    return "already a member of this group there";
  case EADDRNOTAVAIL:
    return join ? "the interface cannot take multicast (no multicast route or flag)"
                : "not a member of this group there";
  case ENODEV:
    return interface.empty() ? "no route or interface carries this group; name an interface"
                             : "no such interface";
  case ENOBUFS:
    return "the system allows no more groups on this socket (IPv4: "
           "net.ipv4.igmp_max_memberships)";
  default:
    return describe_errno(error, "", "").substr(2); // ": words" -> "words"
  }
}

/// Linux hands a group's datagrams to every socket on the port once any socket of the host
/// joined it (IP_MULTICAST_ALL, on by default); a member socket hears only its own groups.
/// IPv6 has the option from Linux 4.20: on older kernels the IPv6 default stays.
void hear_only_joined_groups(const Socket& socket, int family) {
  const int off = 0;
  if (family == AF_INET) {
    if (::setsockopt(socket.fileno(), IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off) != 0)
      throw SocketError(errno, describe_errno(errno, "turn IP_MULTICAST_ALL off", ""));
    return;
  }
#ifdef IPV6_MULTICAST_ALL
  (void)::setsockopt(socket.fileno(), IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off, sizeof off);
#endif
}

void change_membership(Socket& socket, std::string_view group_text, std::string_view interface,
                       bool join) {
  const std::string operation = std::string(join ? "join " : "leave ") + std::string(group_text) +
                                " " + on_interface(interface);
  const int family = ip_family_of(socket, operation);
  const Group group = parse_group(group_text);
  if (group.family != family)
    throw AddressError(operation + ": the group is " + family_name(group.family) +
                       " but the socket (" + socket.getsockname().to_string() + ") is " +
                       family_name(family) + "; join an " + family_name(family) +
                       " group or serve on an " + family_name(group.family) + " address");
  const unsigned index = interface_index(interface);
  if (join)
    hear_only_joined_groups(socket, family);
  int rc = 0;
  if (family == AF_INET) {
    ip_mreqn request{};
    request.imr_multiaddr = group.v4;
    request.imr_ifindex = static_cast<int>(index);
    rc = ::setsockopt(socket.fileno(), IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
                      &request, sizeof request);
  } else {
    ipv6_mreq request{};
    request.ipv6mr_multiaddr = group.v6;
    request.ipv6mr_interface = index;
    rc = ::setsockopt(socket.fileno(), IPPROTO_IPV6, join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP,
                      &request, sizeof request);
  }
  if (rc != 0) {
    const int error = errno;
    throw SocketError(error, operation + ": " + membership_words(error, join, interface));
  }
}

/// The IPv4 or IPv6 form of an integer option, refused in the words of `operation`.
void set_ip_option(Socket& socket, int family, int v4_option, int v6_option, int value,
                   const std::string& operation) {
  const bool v4 = family == AF_INET;
  try {
    socket.setsockopt(v4 ? IPPROTO_IP : IPPROTO_IPV6, v4 ? v4_option : v6_option, value);
  } catch (const SocketError& error) {
    throw SocketError(error.code().value(), describe_errno(error.code().value(), operation, ""));
  }
}

} // namespace

void join_group(Socket& socket, std::string_view group, std::string_view interface) {
  change_membership(socket, group, interface, true);
}

void leave_group(Socket& socket, std::string_view group, std::string_view interface) {
  change_membership(socket, group, interface, false);
}

void set_multicast_interface(Socket& socket, std::string_view interface) {
  const std::string operation = "send multicast " + on_interface(interface);
  const int family = ip_family_of(socket, operation);
  const unsigned index = interface_index(interface);
  if (family == AF_INET) {
    ip_mreqn request{};
    request.imr_ifindex = static_cast<int>(index);
    if (::setsockopt(socket.fileno(), IPPROTO_IP, IP_MULTICAST_IF, &request, sizeof request) != 0)
      throw SocketError(errno, describe_errno(errno, operation, ""));
    return;
  }
  set_ip_option(socket, family, IP_MULTICAST_IF, IPV6_MULTICAST_IF, static_cast<int>(index),
                operation);
}

void set_multicast_hops(Socket& socket, int hops) {
  if (hops < 0 || hops > 255)
    throw std::invalid_argument("multicast hops: " + std::to_string(hops) +
                                " is out of range (0-255)");
  const std::string operation = "set multicast hops to " + std::to_string(hops);
  set_ip_option(socket, ip_family_of(socket, operation), IP_MULTICAST_TTL, IPV6_MULTICAST_HOPS,
                hops, operation);
}

void set_multicast_loop(Socket& socket, bool loop) {
  const std::string operation = std::string("turn multicast loopback ") + (loop ? "on" : "off");
  set_ip_option(socket, ip_family_of(socket, operation), IP_MULTICAST_LOOP, IPV6_MULTICAST_LOOP,
                loop ? 1 : 0, operation);
}

bool is_multicast(const Address& address) noexcept {
  if (address.family() == AF_INET)
    return IN_MULTICAST(
        ntohl(reinterpret_cast<const sockaddr_in*>(address.data())->sin_addr.s_addr));
  if (address.family() == AF_INET6)
    return IN6_IS_ADDR_MULTICAST(&reinterpret_cast<const sockaddr_in6*>(address.data())->sin6_addr);
  return false;
}

} // namespace socketserver
