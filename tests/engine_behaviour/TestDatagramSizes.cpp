// Datagram sizes at the edges, on every datagram server and model (sync, threading, pool,
// event-driven; UDP and Unix): an empty datagram is a request like any other and gets its
// (empty) echo; one of exactly max_packet_size arrives whole and unmarked; a larger one is
// cut to max_packet_size and the cut is reported to the observer in words. The server serves
// the next datagram either way.

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

constexpr std::size_t max_packet = 512;

/// Sends the datagram back as it was received.
struct EchoPacket : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override { request.socket().sendto(request.packet(), client_address); }
};

struct EchoEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override { send(data); }
};

template <class Server> auto echo_factory() {
  if constexpr (std::is_base_of_v<socketserver::EventMixIn<socketserver::UDPServer>, Server> ||
                std::is_base_of_v<socketserver::EventMixIn<socketserver::UnixDatagramServer>,
                                  Server>)
    return socketserver::event_handler<EchoEvents>();
  else
    return socketserver::handler<EchoPacket>();
}

/// A payload whose every byte depends on its position, so a cut or a shift shows.
std::string pattern(std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i)
    text[i] = static_cast<char>('a' + (i * 7 + i / 26) % 26);
  return text;
}

template <class F> bool with_datagram_class(const QString& name, F&& f) {
  using namespace socketserver;
  auto run = [&f](auto type) { fail_on_exception([&] { f(type); }); };
  if (name == "UDPServer")
    run(Type<UDPServer>{});
  else if (name == "ThreadingUDPServer")
    run(Type<ThreadingUDPServer>{});
  else if (name == "ThreadPoolUDPServer")
    run(Type<ThreadPoolUDPServer>{});
  else if (name == "UnixDatagramServer")
    run(Type<UnixDatagramServer>{});
  else if (name == "ThreadingUnixDatagramServer")
    run(Type<ThreadingUnixDatagramServer>{});
  else if (name == "EventUDPServer")
    run(Type<EventUDPServer>{});
  else if (name == "EventUnixDatagramServer")
    run(Type<EventUnixDatagramServer>{});
  else
    return false;
  return true;
}

} // namespace

class TestDatagramSizes : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void sizesAtTheEdges_data() {
    QTest::addColumn<QString>("server_class");
    QTest::addColumn<int>("size");
    for (const char* name :
         {"UDPServer", "ThreadingUDPServer", "ThreadPoolUDPServer", "UnixDatagramServer",
          "ThreadingUnixDatagramServer", "EventUDPServer", "EventUnixDatagramServer"}) {
      for (const int size :
           {0, 1, int(max_packet) - 1, int(max_packet), int(max_packet) + 1, int(max_packet) * 8})
        QTest::addRow("%s %d bytes", name, size) << QString(name) << size;
    }
  }
  void sizesAtTheEdges() {
    QFETCH(QString, server_class);
    QFETCH(int, size);
    QVERIFY(with_datagram_class(server_class, [this, size](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      Server server{any_address<Server>(dir_), echo_factory<Server>()};
      server.max_packet_size = max_packet;
      server.set_observer(&observer);
      ServingThread serving(server);

      const std::string sent = pattern(static_cast<std::size_t>(size));
      const std::size_t kept = std::min(sent.size(), max_packet);
      Socket client = datagram_client(server.server_address, dir_);
      client.sendto(sent, server.server_address);
      const auto [reply, from] = client.recvfrom(65536);
      QCOMPARE(bytes(reply), bytes(sent.substr(0, kept)));
      QVERIFY(observer.wait_finished(1));
      const RequestId id = observer.finished_ids().front();
      QCOMPARE(observer.finish(id)->outcome, RequestOutcome::Completed);

      const QStringList notices = observer.notices(id);
      if (sent.size() > max_packet) {
        QCOMPARE(notices.size(), 1);
        QVERIFY2(notices[0].contains("truncated") &&
                     notices[0].contains(QString::number(sent.size())) &&
                     notices[0].contains(QString::number(max_packet)),
                 qPrintable(notices[0]));
      } else {
        QVERIFY2(notices.isEmpty(), qPrintable(notices.join("; ")));
      }

      // The server goes on serving.
      client.sendto("next", server.server_address);
      QCOMPARE(bytes(client.recv(65536)), QByteArray("next"));
    }));
  }
};

QTEST_GUILESS_MAIN(TestDatagramSizes)
#include "TestDatagramSizes.moc"
