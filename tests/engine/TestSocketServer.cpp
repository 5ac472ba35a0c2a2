// Python's SocketServerTest (Lib/test/test_socketserver.py), except the forking cases, which
// live in TestForking.cpp so that they can be left out where fork() is unwelcome (TSan).
//
// Every server class echoes a line for three clients while serve_forever() runs on a
// thread; then the lifecycle cases: shutdown() always stops serve_forever(), closing at once,
// no descriptor leaked by failed binds, and RAII closing (Python's `with server:`).

#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QtTest>

#include <socketserver.hpp>

#include "echo_cases.hpp"
#include "test_support.hpp"

using namespace socketserver;
using namespace test_support;
using echo_cases::run_server;

class SocketServerTest : public QObject {
  Q_OBJECT

private:
  std::optional<TempUnixPaths> paths_;

  /// Python's pickaddr().
  Address pickaddr(int family) {
    if (family == AF_UNIX)
      return Address::unix_path(paths_->next());
    return Address{HOST, 0};
  }
  auto dgram() {
    return [this](const Address& address) { return dgram_examine(address, *paths_); };
  }

private slots:
  void init() {
    paths_.emplace();
    QVERIFY(paths_->isValid());
  }
  void cleanup() { paths_.reset(); } // Python's tearDown: removes the socket files

  void testTCPServer() {
    run_server<TCPServer, StreamRequestHandler>(pickaddr(AF_INET), stream_examine);
  }
  void testThreadingTCPServer() {
    run_server<ThreadingTCPServer, StreamRequestHandler>(pickaddr(AF_INET), stream_examine);
  }
  void testUnixStreamServer() {
    run_server<UnixStreamServer, StreamRequestHandler>(pickaddr(AF_UNIX), stream_examine);
  }
  void testThreadingUnixStreamServer() {
    run_server<ThreadingUnixStreamServer, StreamRequestHandler>(pickaddr(AF_UNIX), stream_examine);
  }
  void testUDPServer() {
    run_server<UDPServer, DatagramRequestHandler>(pickaddr(AF_INET), dgram());
  }
  void testThreadingUDPServer() {
    run_server<ThreadingUDPServer, DatagramRequestHandler>(pickaddr(AF_INET), dgram());
  }
  void testUnixDatagramServer() {
    run_server<UnixDatagramServer, DatagramRequestHandler>(pickaddr(AF_UNIX), dgram());
  }
  void testThreadingUnixDatagramServer() {
    run_server<ThreadingUnixDatagramServer, DatagramRequestHandler>(pickaddr(AF_UNIX), dgram());
  }

  // Beyond Python (which only uses HOST): the same servers on IPv6 loopback, since the
  // engine picks the family from the address.
  void testTCPServerIPv6() {
    if (!ipv6_loopback())
      QSKIP("no IPv6 loopback (::1) on this machine");
    run_server<ThreadingTCPServer, StreamRequestHandler>(Address{"::1", 0}, stream_examine);
  }
  void testUDPServerIPv6() {
    if (!ipv6_loopback())
      QSKIP("no IPv6 loopback (::1) on this machine");
    run_server<ThreadingUDPServer, DatagramRequestHandler>(Address{"::1", 0}, dgram());
  }

  // Issue #2302: shutdown() should always succeed in making another thread leave
  // serve_forever(), even when it comes before serve_forever() has begun.
  void testShutdown() {
    std::vector<std::unique_ptr<TCPServer>> servers;
    std::vector<std::unique_ptr<ServingThread>> threads; // destroyed first: stop, then close
    for (int i = 0; i < 20; ++i)
      servers.push_back(
          std::make_unique<TCPServer>(Address{HOST, 0}, handler<StreamRequestHandler>()));
    for (auto& server : servers) {
      threads.push_back(std::make_unique<ServingThread>(*server, Seconds{0.01}));
      threads.back()->shutdown();
    }
    for (std::size_t i = 0; i < servers.size(); ++i) {
      const std::exception_ptr error = threads[i]->join();
      QVERIFY2(!error, describe(error).c_str());
      QVERIFY(!servers[i]->serving());
      servers[i]->server_close();
      QCOMPARE(servers[i]->fileno(), -1);
    }
  }

  void testCloseImmediately() {
    using MyServer = ThreadingMixIn<TCPServer>;
    MyServer server(Address{HOST, 0}, [](Request&, const Address&, BaseServer&) {});
    QVERIFY(server.fileno() >= 0);
    server.server_close();
    QCOMPARE(server.fileno(), -1);
  }

  // Issue #22435: the server socket must be closed when binding fails. 1024 failures of each
  // kind would exhaust a default descriptor limit if any of them leaked.
  void testTcpserverBindLeak() {
    // Occupants of an address each server below will ask for.
    TCPServer tcp_occupant(Address{HOST, 0}, handler<StreamRequestHandler>());
    UDPServer udp_occupant(Address{HOST, 0}, handler<DatagramRequestHandler>());
    UnixStreamServer unix_occupant(pickaddr(AF_UNIX), handler<StreamRequestHandler>());
    const Address unix_path = Address::unix_path(paths_->next());

    const int before = open_fd_count();
    QVERIFY(before > 0);
    for (int i = 0; i < 1024; ++i) {
      // Python's (HOST, -1): OverflowError there, AddressError here.
      QVERIFY_THROWS_EXCEPTION(
          AddressError,
          [[maybe_unused]] TCPServer server(Address{HOST, -1}, handler<StreamRequestHandler>()));
      // An address of the wrong family: refused after the server began to build itself.
      QVERIFY_THROWS_EXCEPTION(AddressError, [[maybe_unused]] TCPServer server(
                                                 unix_path, handler<StreamRequestHandler>()));
      QCOMPARE((bind_error<TCPServer, StreamRequestHandler>(tcp_occupant.server_address)),
               EADDRINUSE);
      QCOMPARE((bind_error<UDPServer, DatagramRequestHandler>(udp_occupant.server_address)),
               EADDRINUSE);
      QCOMPARE((bind_error<UnixStreamServer, StreamRequestHandler>(unix_occupant.server_address)),
               EADDRINUSE);
    }
    QCOMPARE(open_fd_count(), before);
  }

  // Python's `with TCPServer(...) as server: pass`: leaving the scope closes the server.
  void testContextManager() {
    const int before = open_fd_count();
    int port = -1;
    {
      TCPServer server(Address{HOST, 0}, handler<StreamRequestHandler>());
      port = server.server_address.port();
      QVERIFY(port > 0);
      QVERIFY(server.fileno() >= 0);
    }
    QCOMPARE(open_fd_count(), before);
    // The port is free again: binding it without SO_REUSEADDR succeeds.
    Socket probe(AF_INET, SOCK_STREAM);
    QVERIFY_THROWS_NO_EXCEPTION(probe.bind(Address{HOST, port}));
    QVERIFY_THROWS_NO_EXCEPTION(probe.listen(1));
  }

private:
  /// The errno of the SocketError that constructing a Server on `address` throws; 0 when
  /// it did not throw one.
  template <class Server, class Handler> static int bind_error(const Address& address) {
    try {
      Server server(address, handler<Handler>());
    } catch (const SocketError& error) {
      return error.code().value();
    }
    return 0;
  }

  static bool ipv6_loopback() {
    try {
      Socket probe(AF_INET6, SOCK_STREAM);
      probe.bind(Address{"::1", 0});
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }
};

QTEST_GUILESS_MAIN(SocketServerTest)
#include "TestSocketServer.moc"
