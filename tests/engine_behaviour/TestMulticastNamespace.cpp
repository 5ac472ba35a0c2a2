// Multicast and broadcast where the machine's own lo cannot serve: IPv6 groups need lo to have
// the MULTICAST flag and a route for ff00::/8, and broadcast needs SO_BROADCAST on a network
// with a broadcast address. Each case runs in a forked child that unshares its network
// namespace and sets these up on that namespace's own lo: the machine's interfaces are never
// touched, and nothing is sent to another host. Needs root (unshare).
#include <QtTest>

#include <algorithm>
#include <system_error>

#include <arpa/inet.h>
#include <net/route.h>
#include <sched.h>

#include "child_namespace.hpp"
#include "multicast_support.hpp"

using namespace behaviour;

namespace {

constexpr std::uint32_t route_type_local = 2; // RTN_LOCAL: delivered on this host

/// In a new namespace: lo up with MULTICAST, and ff00::/8 routed on it as local. The kernel
/// turns an ordinary route through lo into a reject route, so it must be a local one.
void multicast_loopback() {
  if (::unshare(CLONE_NEWNET) != 0)
    throw std::system_error(errno, std::generic_category(), "unshare");
  loopback_up(IFF_UP | IFF_MULTICAST);
  in6_rtmsg route{};
  ::inet_pton(AF_INET6, "ff00::", &route.rtmsg_dst);
  route.rtmsg_dst_len = 8;
  route.rtmsg_type = route_type_local;
  route.rtmsg_flags = RTF_UP | RTF_LOCAL;
  route.rtmsg_metric = 1;
  route.rtmsg_ifindex = static_cast<int>(::if_nametoindex("lo"));
  const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int rc = ::ioctl(fd, SIOCADDRT, &route);
  ::close(fd);
  if (rc != 0)
    throw std::system_error(errno, std::generic_category(), "route ff00::/8");
}

std::string joined(const std::vector<std::string>& answers) {
  std::string text;
  for (const auto& answer : answers)
    text += (text.empty() ? "" : ",") + answer;
  return "[" + text + "]";
}

/// In a namespace: an IPv6 server joins two groups on `interface`, leaves one; what it
/// answered before and after.
std::string ipv6_join_and_leave(const std::string& interface) {
  multicast_loopback();
  auto server = named_server("[::]:0", "six");
  server->join_group("ff02::1:3", interface);
  server->join_group("ff05::1:3", interface);
  ServingThread serving(*server);
  Socket sender = multicast_sender(AF_INET6, "lo");
  const int port = server->server_address.port();
  const Address unicast{"::1", port};
  sender.sendto("a", Address{"ff02::1:3", port});
  sender.sendto("b", Address{"ff05::1:3", port});
  const std::string before = joined(answers_before_marker(sender, unicast));
  server->leave_group("ff02::1:3", interface);
  sender.sendto("a", Address{"ff02::1:3", port});
  sender.sendto("b", Address{"ff05::1:3", port});
  return "before=" + before + " after=" + joined(answers_before_marker(sender, unicast));
}

/// The message of what `f` threw; "nothing thrown" when it threw nothing.
template <class F> std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "nothing thrown";
}

} // namespace

class TestMulticastNamespace : public QObject {
  Q_OBJECT

private slots:
  void init() {
    if (::geteuid() != 0)
      QSKIP("needs root: it makes a network namespace of its own");
  }

  void ipv6GroupJoinReceiveLeave_data() {
    QTest::addColumn<QString>("interface");
    QTest::newRow("by name") << "lo";
    QTest::newRow("by address") << "::1";
  }
  void ipv6GroupJoinReceiveLeave() {
    QFETCH(QString, interface);
    const std::string seen = in_child([&] { return ipv6_join_and_leave(interface.toStdString()); });
    qInfo("%s", seen.c_str());
    QCOMPARE(seen, std::string("before=[six:a,six:b] after=[six:b]"));
  }

  void ipv6ServersSharingAPortEachAnswer() {
    const std::string seen = in_child([] {
      multicast_loopback();
      auto first = named_server("[::]:0", "first", true);
      auto second = named_server(first->server_address, "second", true);
      first->join_group("ff02::1:3", "lo");
      second->join_group("ff02::1:3", "lo");
      ServingThread serving_first(*first);
      ServingThread serving_second(*second);
      Socket sender = multicast_sender(AF_INET6, "lo");
      sender.sendto("who?", Address{"ff02::1:3", first->server_address.port()});
      std::vector<std::string> answers{sender.recvfrom(65536).first, sender.recvfrom(65536).first};
      std::sort(answers.begin(), answers.end());
      return joined(answers);
    });
    QCOMPARE(seen, std::string("[first:who?,second:who?]"));
  }

  void ipv4GroupOnAnIpv6ServerIsRefused() {
    const std::string seen = in_child([] {
      multicast_loopback();
      auto server = named_server("[::]:0", "six");
      return error_of([&] { server->join_group("239.1.2.3", "lo"); });
    });
    QVERIFY2(seen.find("join 239.1.2.3 on lo: the group is IPv4 but the socket ([::]:") !=
                 std::string::npos,
             seen.c_str());
  }

  // A broadcast reaches a server bound to every address; sending one takes allow_broadcast.
  void broadcastIsHeardAndSentOnlyWhenAllowed() {
    const std::string seen = in_child([] {
      if (::unshare(CLONE_NEWNET) != 0)
        throw std::system_error(errno, std::generic_category(), "unshare");
      loopback_up(IFF_UP);
      auto listener = named_server("0.0.0.0:0", "heard");
      ServingThread serving(*listener);
      const Address broadcast{"127.255.255.255", listener->server_address.port()};

      Socket client(AF_INET, SOCK_DGRAM);
      client.settimeout(DEADLINE);
      client.setsockopt(SOL_SOCKET, SO_BROADCAST, 1);
      client.sendto("hello all", broadcast);
      const std::string heard = client.recvfrom(65536).first;

      auto plain = named_server("127.0.0.1:0", "plain");
      const std::string refused = error_of([&] { plain->socket.sendto("x", broadcast); });
      socketserver::UDPServer allowed{"127.0.0.1:0", factory<NamedEcho>(std::string("b")), false};
      allowed.allow_broadcast = true;
      allowed.server_bind();
      allowed.socket.sendto("from a server", broadcast);
      const std::string answered = allowed.socket.recvfrom(65536).first; // the listener's answer
      return "heard=" + heard + " plain=" + refused + " allowed=" + answered;
    });
    qInfo("%s", seen.c_str());
    QVERIFY2(seen.find("heard=heard:hello all ") != std::string::npos, seen.c_str());
    QVERIFY2(seen.find("plain=sendto 127.255.255.255:") != std::string::npos, seen.c_str());
    QVERIFY2(seen.find(": permission denied allowed=heard:from a server") != std::string::npos,
             seen.c_str());
  }
};

QTEST_GUILESS_MAIN(TestMulticastNamespace)
#include "TestMulticastNamespace.moc"
