// DatagramRequestHandler and datagram servers as Python's: the reply is what wfile holds, sent
// in finish() as one datagram — an empty one when nothing was written; a datagram larger than
// max_packet_size is cut to it, and the cut is visible (Request::truncated(), received_size(),
// an observer notice) instead of silent.

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

/// Writes the pieces it was given (none: the empty reply).
struct Writes : socketserver::DatagramRequestHandler {
  Writes(Request& r, const Address& a, BaseServer& s, std::vector<std::string> pieces)
      : DatagramRequestHandler(r, a, s), pieces_(std::move(pieces)) {}
  void handle() override {
    for (const auto& piece : pieces_)
      wfile.write(piece);
  }
  std::vector<std::string> pieces_;
};

struct SeenPacket {
  bool truncated = false;
  std::size_t received_size = 0;
  std::size_t packet_size = 0;
  std::size_t rfile_size = 0;
};

/// Notes what it was given and echoes the packet.
struct NotesPacket : socketserver::DatagramRequestHandler {
  NotesPacket(Request& r, const Address& a, BaseServer& s, Guarded<SeenPacket>* seen)
      : DatagramRequestHandler(r, a, s), seen_(seen) {}
  void handle() override {
    const std::string data = rfile.read();
    seen_->change([&](SeenPacket& p) {
      p = {request.truncated(), request.received_size(), request.packet().size(), data.size()};
    });
    wfile.write(data);
  }
  Guarded<SeenPacket>* seen_;
};

} // namespace

class TestDatagramHandler : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  static void datagram_servers() {
    QTest::addColumn<QString>("server_class");
    for (const char* name : {"UDPServer", "UnixDatagramServer", "ThreadingUDPServer"})
      QTest::newRow(name) << QString(name);
  }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void emptyReplyWhenNothingWasWritten_data() { datagram_servers(); }
  void emptyReplyWhenNothingWasWritten() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      Server server{any_address<Server>(dir_), factory<Writes>(std::vector<std::string>{})};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = datagram_client(server.server_address, dir_);
      client.sendto("anyone there?", server.server_address);
      const auto [reply, from] = client.recvfrom(65536); // a datagram arrives...
      QCOMPARE(bytes(reply), QByteArray());              // ...and it is empty
      QCOMPARE(from.to_string(), server.server_address.to_string());
      QVERIFY(observer.wait_finished(1));
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Completed);
    }));
  }

  void replyIsEverythingWfileHoldsInOneDatagram_data() { datagram_servers(); }
  void replyIsEverythingWfileHoldsInOneDatagram() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      Server server{any_address<Server>(dir_),
                    factory<Writes>(std::vector<std::string>{"one ", "two ", "three"})};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = datagram_client(server.server_address, dir_);
      client.sendto("count", server.server_address);
      QCOMPARE(bytes(client.recv(65536)), QByteArray("one two three"));
      QVERIFY(observer.wait_finished(1));
      QCOMPARE(observer.kinds(1),
               QStringList({"opened", "received", "sent", "finished completed"}));
      QCOMPARE(bytes(observer.sent(1)), QByteArray("one two three"));
    }));
  }

  void oversizedDatagramIsTruncatedAndNoticed_data() { datagram_servers(); }
  void oversizedDatagramIsTruncatedAndNoticed() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      Guarded<SeenPacket> seen;
      Server server{any_address<Server>(dir_), factory<NotesPacket>(&seen)};
      if constexpr (is_datagram_v<Server>)
        server.max_packet_size = 16;
      server.set_observer(&observer);
      ServingThread serving(server);

      const std::string big(100, 'b');
      Socket client = datagram_client(server.server_address, dir_);
      client.sendto(big, server.server_address);
      QCOMPARE(bytes(client.recv(65536)), bytes(big.substr(0, 16))); // the first 16 bytes
      QVERIFY(observer.wait_finished(1));

      const SeenPacket packet = seen.read([](const SeenPacket& p) { return p; });
      QVERIFY(packet.truncated);
      QCOMPARE(packet.received_size, big.size());
      QCOMPARE(packet.packet_size, std::size_t{16});
      QCOMPARE(packet.rfile_size, std::size_t{16});
      QCOMPARE(bytes(observer.received(1)), bytes(big.substr(0, 16)));
      const QStringList notices = observer.notices(1);
      QCOMPARE(notices.size(), 1);
      QVERIFY2(notices[0].contains("truncated") && notices[0].contains("100") &&
                   notices[0].contains("16"),
               qPrintable(notices[0]));

      // A datagram that fits is not marked.
      client.sendto("small", server.server_address);
      QCOMPARE(bytes(client.recv(65536)), QByteArray("small"));
      QVERIFY(observer.wait_finished(2));
      QVERIFY(!seen.read([](const SeenPacket& p) { return p.truncated; }));
      QCOMPARE(observer.notices().size(), 1);
    }));
  }

  void datagramExactlyMaxPacketSizeIsNotTruncated() {
    fail_on_exception([this] {
      RecordingObserver observer;
      Guarded<SeenPacket> seen;
      socketserver::UDPServer server{"127.0.0.1:0", factory<NotesPacket>(&seen)};
      server.max_packet_size = 16;
      server.set_observer(&observer);
      ServingThread serving(server);
      Socket client = datagram_client(server.server_address, dir_);
      client.sendto(std::string(16, 'e'), server.server_address);
      QCOMPARE(client.recv(65536).size(), std::size_t{16});
      QVERIFY(observer.wait_finished(1));
      QVERIFY(!seen.read([](const SeenPacket& p) { return p.truncated; }));
      QVERIFY(observer.notices().isEmpty());
    });
  }
};

QTEST_GUILESS_MAIN(TestDatagramHandler)
#include "TestDatagramHandler.moc"
