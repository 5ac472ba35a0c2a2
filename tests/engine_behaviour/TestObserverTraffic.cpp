// What the observer reports is what crossed the socket, whichever way the handler moved the
// bytes (request.recv/sendall, connection().recv_into/send, rfile/wfile, datagram sendto or
// DatagramRequestHandler's wfile); request ids are unique and increasing; the server's own
// life (started on the bound address, stopped, failed) is reported too.

#include <atomic>
#include <set>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

/// rfile.readline() and wfile.write(): Python's StreamRequestHandler idiom.
struct FilesUpper : socketserver::StreamRequestHandler {
  using StreamRequestHandler::StreamRequestHandler;
  void setup() override {
    timeout = DEADLINE;
    StreamRequestHandler::setup();
  }
  void handle() override { wfile.write(upper(rfile.readline())); }
};

/// connection().recv_into() and a send() loop: the lowest-level calls a handler can make.
struct RecvIntoUpper : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    Socket& socket = request.socket();
    socket.settimeout(DEADLINE);
    std::string line;
    char buffer[3]; // small on purpose: several reads
    while (line.find('\n') == std::string::npos) {
      const std::size_t n = socket.recv_into(buffer, sizeof buffer);
      if (n == 0)
        break;
      line.append(buffer, n);
    }
    const std::string reply = upper(line);
    for (std::string_view out = reply; !out.empty();)
      out.remove_prefix(socket.send(out));
  }
};

/// DatagramRequestHandler: the reply leaves in finish(), from wfile.
struct DatagramFilesUpper : socketserver::DatagramRequestHandler {
  using DatagramRequestHandler::DatagramRequestHandler;
  void handle() override { wfile.write(upper(rfile.read())); }
};

/// Echoes everything until the client shuts its side down.
struct EchoAll : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request.socket().settimeout(DEADLINE);
    for (std::string chunk; !(chunk = request.recv(65536)).empty();)
      request.sendall(chunk);
  }
};

/// A TCPServer whose request ids come from a sequence shared with other servers.
struct SharedIdServer : socketserver::TCPServer {
  SharedIdServer(std::atomic<RequestId>& ids, HandlerFactory factory)
      : TCPServer("127.0.0.1:0", std::move(factory)), ids_(ids) {}
  RequestId new_request_id() override { return ids_++; }
  std::atomic<RequestId>& ids_;
};

} // namespace

class TestObserverTraffic : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  template <class Server> void check_traffic(HandlerFactory factory) {
    RecordingObserver observer;
    Server server{any_address<Server>(dir_), std::move(factory)};
    server.set_observer(&observer);
    ServingThread serving(server);

    QCOMPARE(bytes(exchange(server, "observe me\n", dir_)), QByteArray("OBSERVE ME\n"));
    QVERIFY(observer.wait_finished(1));
    const RequestId id = observer.opened_ids().at(0);
    QCOMPARE(bytes(observer.received(id)), QByteArray("observe me\n"));
    QCOMPARE(bytes(observer.sent(id)), QByteArray("OBSERVE ME\n"));
    QCOMPARE(observer.kinds(id), QStringList({"opened", "received", "sent", "finished completed"}));
  }

  template <class Server> void check_ids() {
    RecordingObserver observer;
    Server server{any_address<Server>(dir_), socketserver::handler<UpperHandler>()};
    server.set_observer(&observer);
    ServingThread serving(server);

    constexpr std::size_t requests = 6;
    for (std::size_t i = 0; i < requests; ++i)
      QCOMPARE(bytes(exchange(server, "n\n", dir_)), QByteArray("N\n"));
    QVERIFY(observer.wait_finished(requests));

    const auto opened = observer.opened_ids();
    QCOMPARE(opened.size(), requests);
    QCOMPARE(opened.front(), RequestId{1}); // "unique per server, starting at 1"
    for (std::size_t i = 1; i < opened.size(); ++i)
      QVERIFY2(opened[i] > opened[i - 1], "request ids must increase");
    const auto finished = observer.finished_ids();
    QCOMPARE(finished.size(), requests); // one finish per request
    QCOMPARE(std::set<RequestId>(finished.begin(), finished.end()),
             std::set<RequestId>(opened.begin(), opened.end()));
  }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void rawRecvAndSendallAreObserved() {
    fail_on_exception(
        [this] { check_traffic<socketserver::TCPServer>(socketserver::handler<UpperHandler>()); });
  }
  void recvIntoAndSendAreObserved() {
    fail_on_exception(
        [this] { check_traffic<socketserver::TCPServer>(socketserver::handler<RecvIntoUpper>()); });
  }
  void rfileAndWfileAreObserved() {
    fail_on_exception(
        [this] { check_traffic<socketserver::TCPServer>(socketserver::handler<FilesUpper>()); });
  }
  void unixStreamTrafficIsObserved() {
    fail_on_exception([this] {
      check_traffic<socketserver::UnixStreamServer>(socketserver::handler<FilesUpper>());
    });
  }
  void datagramSendtoIsObserved() {
    fail_on_exception(
        [this] { check_traffic<socketserver::UDPServer>(socketserver::handler<UpperHandler>()); });
  }
  void datagramWfileReplyIsObserved() {
    fail_on_exception([this] {
      check_traffic<socketserver::UnixDatagramServer>(socketserver::handler<DatagramFilesUpper>());
    });
  }

  // Payloads are reported whole, however the kernel splits them: the sizes add up.
  void largeTransfersAreObservedInFull() {
    fail_on_exception([this] {
      RecordingObserver observer;
      socketserver::ThreadingTCPServer server{"127.0.0.1:0", socketserver::handler<EchoAll>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      const std::string payload(1 << 20, 'z');
      Socket client = connect_to(server.server_address);
      // Writing and reading at once, each on its own Socket object (one thread each).
      Socket sending = Socket::adopt(::dup(client.fileno()));
      sending.settimeout(DEADLINE);
      std::thread writer([&sending, &payload] {
        try {
          sending.sendall(payload);
          sending.shutdown(SHUT_WR);
        } catch (...) {
        }
      });
      const std::string echoed = read_to_end(client);
      writer.join();
      QCOMPARE(echoed.size(), payload.size());
      QVERIFY(observer.wait_finished(1));
      std::size_t in = 0;
      for (const auto& e : observer.events())
        if (e.kind == Observed::Kind::Received)
          in += e.size;
      QCOMPARE(in, payload.size());
      QCOMPARE(observer.sent_size(1), payload.size());
    });
  }

  void requestIdsAreUniqueAndIncreasing_data() {
    QTest::addColumn<QString>("server_class");
    for (const char* name : {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "UDPServer",
                             "ThreadingUDPServer", "ThreadPoolUDPServer"})
      QTest::newRow(name) << QString(name);
  }
  void requestIdsAreUniqueAndIncreasing() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class,
                              [this](auto type) { check_ids<typename decltype(type)::type>(); }));
  }

  // new_request_id() decides the ids: two servers drawing from one sequence never give the
  // same id to two requests, and the observer reports the ids drawn.
  void overriddenIdsComeFromASharedSequence() {
    fail_on_exception([this] {
      std::atomic<RequestId> ids{100};
      RecordingObserver observer_a;
      RecordingObserver observer_b;
      SharedIdServer a{ids, socketserver::handler<UpperHandler>()};
      SharedIdServer b{ids, socketserver::handler<UpperHandler>()};
      a.set_observer(&observer_a);
      b.set_observer(&observer_b);
      ServingThread serving_a(a);
      ServingThread serving_b(b);
      for (int i = 0; i < 3; ++i) {
        QCOMPARE(bytes(exchange(a, "a\n", dir_)), QByteArray("A\n"));
        QCOMPARE(bytes(exchange(b, "b\n", dir_)), QByteArray("B\n"));
      }
      QVERIFY(observer_a.wait_finished(3));
      QVERIFY(observer_b.wait_finished(3));
      std::set<RequestId> all;
      for (const RequestId id : observer_a.opened_ids())
        all.insert(id);
      for (const RequestId id : observer_b.opened_ids())
        all.insert(id);
      QCOMPARE(all, (std::set<RequestId>{100, 101, 102, 103, 104, 105}));
      QCOMPARE(observer_a.opened_ids().front(), RequestId{100});
      QCOMPARE(observer_b.opened_ids().front(), RequestId{101});
    });
  }

  // Requests served at the same time on different threads still get distinct ids, and each
  // finishes exactly once.
  void concurrentRequestsGetDistinctIds() {
    fail_on_exception([this] {
      RecordingObserver observer;
      socketserver::ThreadingTCPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      std::vector<Socket> clients;
      for (int i = 0; i < 5; ++i)
        clients.push_back(connect_to(server.server_address));
      QVERIFY(observer.wait_opened(clients.size())); // all five handlers wait for their line
      for (auto& client : clients)
        client.sendall("x\n");
      for (auto& client : clients)
        QCOMPARE(bytes(read_line(client)), QByteArray("X\n"));
      QVERIFY(observer.wait_finished(clients.size()));
      const auto opened = observer.opened_ids();
      const auto finished = observer.finished_ids();
      QCOMPARE(std::set<RequestId>(opened.begin(), opened.end()).size(), clients.size());
      QCOMPARE(finished.size(), clients.size());
      QCOMPARE(std::set<RequestId>(finished.begin(), finished.end()),
               std::set<RequestId>(opened.begin(), opened.end()));
    });
  }

  void serverStartAndStopAreReportedWithTheBoundAddress() {
    fail_on_exception([] {
      RecordingObserver observer;
      socketserver::TCPServer server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      server.set_observer(&observer);
      {
        ServingThread serving(server);
        QVERIFY(observer.wait_lifecycle("started"));
      }
      const QString bound = QString::fromStdString(server.server_address.to_string());
      QVERIFY(server.server_address.port() > 0);
      QCOMPARE(observer.lifecycle(), QStringList({"started " + bound, "stopped"}));
    });
  }

  void bindFailureIsReportedAsServerFailed() {
    fail_on_exception([] {
      socketserver::TCPServer first{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      RecordingObserver observer;
      socketserver::TCPServer second{first.server_address, socketserver::handler<UpperHandler>(),
                                     false};
      second.set_observer(&observer);
      QVERIFY_THROWS_EXCEPTION(socketserver::SocketError, second.server_bind());
      const QStringList lifecycle = observer.lifecycle();
      QCOMPARE(lifecycle.size(), 1);
      QVERIFY2(lifecycle[0].startsWith("failed ") && lifecycle[0].contains("already in use"),
               qPrintable(lifecycle[0]));
    });
  }
};

QTEST_GUILESS_MAIN(TestObserverTraffic)
#include "TestObserverTraffic.moc"
