// listen_queue(): the accept queue of a listening TCP (IPv4, IPv6) or Unix stream socket, as
// the kernel counts it — clients whose connect() returned but whom accept() has not taken —
// and the backlog limit; nullopt for every socket that has no accept queue.

#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;
using socketserver::listen_queue;
using socketserver::ListenQueue;

namespace {

/// A listening socket on `address` with a backlog of `backlog`.
Socket listening_on(const Address& address, int backlog) {
  Socket socket(address.family(), SOCK_STREAM);
  socket.bind(address);
  socket.listen(backlog);
  return socket;
}

bool ipv6_loopback_works() {
  try {
    listening_on(Address("::1", 0), 1);
    return true;
  } catch (const socketserver::SocketError&) {
    return false;
  }
}

} // namespace

class TestListenQueue : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  /// Three clients wait, accept() takes them one by one: the count follows, the limit stays.
  static void countsWaitingClients(const Address& address, int backlog) {
    Socket server = listening_on(address, backlog);
    const auto empty = listen_queue(server.fileno());
    QVERIFY2(empty.has_value(), "a listening socket must have an accept queue");
    QCOMPARE(empty->waiting, 0U);
    QCOMPARE(empty->limit, static_cast<unsigned>(backlog));

    std::vector<Socket> clients;
    for (int i = 0; i < 3; ++i)
      clients.push_back(connect_to(server.getsockname()));
    QTRY_COMPARE_WITH_TIMEOUT(listen_queue(server.fileno()).value_or(ListenQueue{}).waiting, 3U,
                              DEADLINE_MS);
    for (unsigned left = 2;; --left) {
      auto accepted = server.accept();
      QTRY_COMPARE_WITH_TIMEOUT(listen_queue(server.fileno()).value_or(ListenQueue{}).waiting, left,
                                DEADLINE_MS);
      QCOMPARE(listen_queue(server.fileno())->limit, static_cast<unsigned>(backlog));
      if (left == 0)
        break;
    }
  }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void tcpIpv4() { countsWaitingClients(Address("127.0.0.1", 0), 5); }

  void tcpIpv6() {
    if (!ipv6_loopback_works())
      QSKIP("no IPv6 loopback here");
    countsWaitingClients(Address("::1", 0), 4);
  }

  void unixStream() {
    countsWaitingClients(Address::unix_path(dir_.filePath("queue.sock").toStdString()), 7);
  }

  void noQueueIsNullopt() {
    QVERIFY(!listen_queue(-1).has_value());
    // Bound but not listening; a connected client; datagram sockets; not a socket at all.
    Socket bound(AF_INET, SOCK_STREAM);
    bound.bind(Address("127.0.0.1", 0));
    QVERIFY(!listen_queue(bound.fileno()).has_value());
    Socket server = listening_on(Address("127.0.0.1", 0), 2);
    Socket client = connect_to(server.getsockname());
    QVERIFY(!listen_queue(client.fileno()).has_value());
    Socket udp(AF_INET, SOCK_DGRAM);
    QVERIFY(!listen_queue(udp.fileno()).has_value());
    Socket unixDatagram(AF_UNIX, SOCK_DGRAM);
    unixDatagram.bind(Address::unix_path(dir_.filePath("dgram.sock").toStdString()));
    QVERIFY(!listen_queue(unixDatagram.fileno()).has_value());
    int pipeEnds[2] = {-1, -1};
    QCOMPARE(::pipe(pipeEnds), 0);
    QVERIFY(!listen_queue(pipeEnds[0]).has_value());
    ::close(pipeEnds[0]);
    ::close(pipeEnds[1]);
  }

  /// A duplicate of the listening descriptor reads the same queue (how the console reads a
  /// running server's queue from another thread without owning the server's socket).
  void duplicateReadsTheSameQueue() {
    Socket server = listening_on(Address("127.0.0.1", 0), 3);
    const Socket copy = Socket::adopt(::dup(server.fileno()));
    Socket client = connect_to(server.getsockname());
    QTRY_COMPARE_WITH_TIMEOUT(listen_queue(copy.fileno()).value_or(ListenQueue{}).waiting, 1U,
                              DEADLINE_MS);
    QCOMPARE(listen_queue(copy.fileno())->limit, 3U);
  }
};

QTEST_GUILESS_MAIN(TestListenQueue)
#include "TestListenQueue.moc"
