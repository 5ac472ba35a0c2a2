// Out of file descriptors, accept() fails with EMFILE while the connection stays queued, so
// a naive loop spins at 100% CPU. The engine frees a reserved descriptor to take the waiting
// connection and close it (the peer sees the refusal at once), reports it, backs off, and
// serves again when descriptors come back. In a TLS build a TLSServer too: TLS clients past
// the limit fail their handshake at once, the others are served.
#include <QtTest>

#include <atomic>
#include <memory>
#include <vector>

#include "behaviour_support.hpp"
#include "descriptor_limits.hpp"
#include "peer_clients.hpp"

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

/// A ThreadingTCPServer (a TLSServer over one for `tls`) on 127.0.0.1, not bound yet.
std::unique_ptr<socketserver::ThreadingTCPServer> unbound_server([[maybe_unused]] bool tls) {
#if SOCKETSERVER_HAS_TLS
  if (tls)
    return std::make_unique<socketserver::TLSServer<socketserver::ThreadingTCPServer>>(
        test_server_context(), Address{"127.0.0.1:0"}, socketserver::handler<HoldingEcho>(), false);
#endif
  return std::make_unique<socketserver::ThreadingTCPServer>(
      Address{"127.0.0.1:0"}, socketserver::handler<HoldingEcho>(), false);
}

} // namespace

class TestDescriptorExhaustion : public QObject {
  Q_OBJECT

private slots:
  void burstPastTheLimitIsRefusedWithoutSpinningThenServed_data() {
    add_model_rows(and_tls_rows({"ThreadingTCPServer"}));
  }
  void burstPastTheLimitIsRefusedWithoutSpinningThenServed() {
    QFETCH(QString, model);
    const bool tls = is_tls_row(model);
    NoticeCounter observer;
    const auto made = unbound_server(tls);
    socketserver::ThreadingTCPServer& server = *made;
    server.request_queue_size = 64; // the whole burst waits in the backlog
    server.server_bind();
    server.server_activate();
    server.set_observer(&observer);

    constexpr int clients_total = 8;
    constexpr int room = 4;                           // descriptors left for accepted connections
    std::vector<std::unique_ptr<PeerClient>> clients; // connected; a TLS one not secure yet
    for (int i = 0; i < clients_total; ++i) {
      clients.push_back(make_peer(server.server_address, tls));
      clients.back()->connect(server.server_address);
    }

    DescriptorLimit limit(limit_leaving_room(room));
    ServingThread serving(server);

    int served = 0;
    int refused = 0;
    for (auto& client : clients) {
      try {
        client->begin();
        client->send("ping\n");
        const std::string reply = client->read_line();
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
    QCOMPARE(bytes(peer_exchange(server.server_address, tls, "back\n")), QByteArray("back\n"));
  }
};

QTEST_GUILESS_MAIN(TestDescriptorExhaustion)
#include "TestDescriptorExhaustion.moc"
