// Multicast on the loopback interface, IPv4 (239.x on lo: IP_MULTICAST_IF lo and
// IP_MULTICAST_LOOP, so nothing leaves the machine): a UDP server that joined a group answers
// datagrams sent to it, in as many groups as it joined, stops when it leaves, and several
// servers sharing one port each answer; every wrong group, interface or family is refused in
// words. (IPv6 groups and broadcast need a namespace of their own: TestMulticastNamespace.)
#include <QtTest>

#include <algorithm>

#include <net/if.h>
#include <netinet/in.h>

#include "multicast_support.hpp"

using namespace behaviour;

namespace {

constexpr const char* group_a = "239.255.77.1";
constexpr const char* group_b = "239.255.77.2";

Address group_address(const char* group, const Address& server) {
  return Address{group, server.port()};
}

/// The message of what `f` threw; "" when it threw nothing.
template <class F> std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& error) {
    return error.what();
  }
  return {};
}

} // namespace

class TestMulticast : public QObject {
  Q_OBJECT

private slots:
  void joinedServerAnswersDatagramsToTheGroup() {
    auto server = named_server("0.0.0.0:0", "one");
    server->join_group(group_a, "lo");
    ServingThread serving(*server);
    Socket sender = multicast_sender(AF_INET, "lo");
    sender.sendto("hello", group_address(group_a, server->server_address));
    const auto [reply, from] = sender.recvfrom(65536);
    QCOMPARE(reply, std::string("one:hello"));
    QCOMPARE(from.port(), server->server_address.port()); // from the server's own socket
  }

  // By name, address, index, or address%scope (as `ip` and QNetworkInterface also take it).
  void everyWayOfNamingTheInterface_data() {
    QTest::addColumn<QString>("interface");
    QTest::newRow("by address") << "127.0.0.1";
    QTest::newRow("by name") << "lo";
    QTest::newRow("index") << QString::number(::if_nametoindex("lo"));
    QTest::newRow("address%name") << "127.0.0.1%lo";
  }
  void everyWayOfNamingTheInterface() {
    QFETCH(QString, interface);
    auto server = named_server("0.0.0.0:0", "one");
    server->join_group(group_a, interface.toStdString());
    ServingThread serving(*server);
    Socket sender = multicast_sender(AF_INET, interface.toStdString());
    sender.sendto("hi", group_address(group_a, server->server_address));
    QCOMPARE(sender.recvfrom(65536).first, std::string("one:hi"));
  }

  // Linux delivers a group's datagrams to every socket on the port once any socket on the host
  // joined it (IP_MULTICAST_ALL); a server hears only the groups it joined itself.
  void serverHearsOnlyItsOwnGroups() {
    auto first = named_server("0.0.0.0:0", "first", true);
    auto second = named_server(first->server_address, "second", true);
    first->join_group(group_a, "lo");
    second->join_group(group_b, "lo");
    ServingThread serving_first(*first);
    ServingThread serving_second(*second);
    Socket sender = multicast_sender(AF_INET, "lo");
    sender.sendto("b", group_address(group_b, first->server_address));
    QCOMPARE(sender.recvfrom(65536).first, std::string("second:b"));
    // The unicast marker reaches one of the two sockets sharing the port; either way nothing
    // else may come before its answer.
    sender.sendto("marker", Address{"127.0.0.1", first->server_address.port()});
    QVERIFY(sender.recvfrom(65536).first.ends_with(":marker"));
  }

  void severalGroupsOnOneServer() {
    auto server = named_server("0.0.0.0:0", "one");
    server->join_group(group_a, "lo");
    server->join_group(group_b, "lo");
    ServingThread serving(*server);
    Socket sender = multicast_sender(AF_INET, "lo");
    sender.sendto("a", group_address(group_a, server->server_address));
    sender.sendto("b", group_address(group_b, server->server_address));
    const Address unicast{"127.0.0.1", server->server_address.port()};
    const auto answers = answers_before_marker(sender, unicast);
    QCOMPARE(answers, (std::vector<std::string>{"one:a", "one:b"}));
  }

  void leftGroupIsNoLongerHeard() {
    auto server = named_server("0.0.0.0:0", "one");
    server->join_group(group_a, "lo");
    server->join_group(group_b, "lo");
    server->leave_group(group_a, "lo");
    ServingThread serving(*server);
    Socket sender = multicast_sender(AF_INET, "lo");
    sender.sendto("a", group_address(group_a, server->server_address));
    sender.sendto("b", group_address(group_b, server->server_address));
    const Address unicast{"127.0.0.1", server->server_address.port()};
    QCOMPARE(answers_before_marker(sender, unicast), (std::vector<std::string>{"one:b"}));
  }

  // Only the options: on lo itself the datagram goes out and in by the interface, so loop
  // off does not keep it from this host there (it does for a datagram sent out of eth0).
  void sendOptionsReachTheSocket() {
    Socket sender = multicast_sender(AF_INET, "lo");
    socketserver::set_multicast_loop(sender, false);
    socketserver::set_multicast_hops(sender, 7);
    QCOMPARE(sender.getsockopt(IPPROTO_IP, IP_MULTICAST_LOOP), 0);
    QCOMPARE(sender.getsockopt(IPPROTO_IP, IP_MULTICAST_TTL), 7);
  }

  void everyServerOnTheSharedPortAnswers() {
    auto first = named_server("0.0.0.0:0", "first", true);
    auto second = named_server(first->server_address, "second", true);
    first->join_group(group_a, "lo");
    second->join_group(group_a, "lo");
    ServingThread serving_first(*first);
    ServingThread serving_second(*second);
    Socket sender = multicast_sender(AF_INET, "lo");
    sender.sendto("who?", group_address(group_a, first->server_address));
    std::vector<std::string> answers{sender.recvfrom(65536).first, sender.recvfrom(65536).first};
    std::sort(answers.begin(), answers.end());
    QCOMPARE(answers, (std::vector<std::string>{"first:who?", "second:who?"}));
  }

  void wrongGroupsAndInterfacesAreRefusedInWords_data() {
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("interface");
    QTest::addColumn<QString>("words");
    QTest::newRow("unicast") << "10.1.2.3"
                             << "lo"
                             << "'10.1.2.3' is not a multicast address";
    QTest::newRow("a name") << "mdns.local"
                            << "lo"
                            << "'mdns.local' is not a numeric address";
    QTest::newRow("no such interface") << group_a << "nosuch0"
                                       << "no such interface 'nosuch0' (this machine has: lo";
    QTest::newRow("nobody's address") << group_a << "192.0.2.77"
                                      << "no interface of this machine has the address 192.0.2.77";
    QTest::newRow("IPv6 group, IPv4 server") << "ff02::1:3"
                                             << "lo"
                                             << "the group is IPv6 but the socket (0.0.0.0:";
  }
  void wrongGroupsAndInterfacesAreRefusedInWords() {
    QFETCH(QString, group);
    QFETCH(QString, interface);
    QFETCH(QString, words);
    auto server = named_server("0.0.0.0:0", "one");
    const std::string seen =
        error_of([&] { server->join_group(group.toStdString(), interface.toStdString()); });
    QVERIFY2(seen.find(words.toStdString()) != std::string::npos, seen.c_str());
  }

  void membershipMistakesAreSaidInWords() {
    auto server = named_server("0.0.0.0:0", "one");
    std::string seen = error_of([&] { server->leave_group(group_a, "lo"); });
    QVERIFY2(seen.find("leave 239.255.77.1 on lo: not a member") != std::string::npos,
             seen.c_str());
    server->join_group(group_a, "lo");
    seen = error_of([&] { server->join_group(group_a, "lo"); });
    QVERIFY2(seen.find("join 239.255.77.1 on lo: already a member") != std::string::npos,
             seen.c_str());
  }

  void unixDatagramServerCannotJoin() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    socketserver::UnixDatagramServer server{Address::unix_path(dir.filePath("s").toStdString()),
                                            factory<NamedEcho>(std::string("u"))};
    const std::string seen = error_of([&] { server.join_group(group_a, "lo"); });
    QVERIFY2(seen.find("not a Unix one") != std::string::npos, seen.c_str());
  }

  void hopsOutOfRangeAreRefused() {
    Socket sender(AF_INET, SOCK_DGRAM);
    const std::string seen = error_of([&] { socketserver::set_multicast_hops(sender, 256); });
    QVERIFY2(seen.find("256 is out of range (0-255)") != std::string::npos, seen.c_str());
  }

  void allowBroadcastSetsTheOption() {
    auto plain = named_server("127.0.0.1:0", "plain");
    QCOMPARE(plain->socket.getsockopt(SOL_SOCKET, SO_BROADCAST), 0);
    socketserver::UDPServer server{"127.0.0.1:0", factory<NamedEcho>(std::string("b")), false};
    server.allow_broadcast = true;
    server.server_bind();
    QCOMPARE(server.socket.getsockopt(SOL_SOCKET, SO_BROADCAST), 1);
  }

  void isMulticastKnowsBothFamilies() {
    QVERIFY(socketserver::is_multicast(Address{"239.1.2.3:0"}));
    QVERIFY(socketserver::is_multicast(Address{"[ff02::1:3]:0"}));
    QVERIFY(!socketserver::is_multicast(Address{"127.0.0.1:0"}));
    QVERIFY(!socketserver::is_multicast(Address{"[::1]:0"}));
  }
};

QTEST_GUILESS_MAIN(TestMulticast)
#include "TestMulticast.moc"
