// Out of file descriptors, accept() fails with EMFILE while the connection stays queued, so
// a naive loop spins at 100% CPU. The engine frees a reserved descriptor to take the waiting
// connection and close it (the peer sees the refusal at once), reports it, backs off, and
// serves again when descriptors come back.
#include <QtTest>

#include <atomic>
#include <vector>

#include "behaviour_support.hpp"
#include "descriptor_limits.hpp"

using namespace behaviour;

namespace {

/// Answers every chunk until the peer leaves: an accepted client holds its descriptor.
struct HoldingEcho : socketserver::BaseRequestHandler {
  void handle() override {
    for (std::string data; !(data = request.recv(4096)).empty();)
      request.sendall(data);
  }
};

struct NoticeCounter : socketserver::ServerObserver {
  std::atomic<int> notices{0};
  void on_notice(RequestId, std::string_view) override { ++notices; }
};

} // namespace

class TestDescriptorExhaustion : public QObject {
  Q_OBJECT

private slots:
  void burstPastTheLimitIsRefusedWithoutSpinningThenServed() {
    NoticeCounter observer;
    socketserver::ThreadingTCPServer server{"127.0.0.1:0", socketserver::handler<HoldingEcho>(),
                                            false};
    server.request_queue_size = 64; // the whole burst waits in the backlog
    server.server_bind();
    server.server_activate();
    server.set_observer(&observer);

    constexpr int clients_total = 8;
    constexpr int room = 4; // descriptors left for accepted connections
    std::vector<Socket> clients;
    for (int i = 0; i < clients_total; ++i)
      clients.push_back(connect_to(server.server_address));

    DescriptorLimit limit(limit_leaving_room(room));
    ServingThread serving(server);

    int served = 0;
    int refused = 0;
    for (auto& client : clients) {
      try {
        client.sendall("ping\n");
        const std::string reply = read_line(client);
        reply == "ping\n" ? ++served : ++refused;
      } catch (const socketserver::TimeoutError&) {
        QFAIL("a client was left waiting: neither served nor refused");
      } catch (const socketserver::SocketError&) {
        ++refused; // reset: the server closed it after our ping arrived
      }
    }
    qInfo("served %d, refused %d, notices %d", served, refused, observer.notices.load());
    QCOMPARE(served + refused, clients_total);
    QVERIFY(served >= 1);
    QVERIFY(refused >= 1);
    // Each refusal reports twice (the refused peer, the pause); a spinning loop would report
    // thousands of times in the same span.
    QVERIFY2(observer.notices.load() <= 4 * refused + 4, "accept loop spun on EMFILE");

    clients.clear();
    limit.restore();
    // Descriptors are back: the server serves new clients (after its current back-off).
    Socket again = connect_to(server.server_address);
    again.sendall("back\n");
    QCOMPARE(QByteArray::fromStdString(read_line(again)), QByteArray("back\n"));
  }
};

QTEST_GUILESS_MAIN(TestDescriptorExhaustion)
#include "TestDescriptorExhaustion.moc"
