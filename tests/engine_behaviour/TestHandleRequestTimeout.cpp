// handle_request() honours `timeout`: with no request it returns after about that long and
// calls handle_timeout() once; a request that arrives in time is served without it; a zero
// timeout polls once.

#include <future>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

class TestHandleRequestTimeout : public QObject {
  Q_OBJECT

private slots:
  void handleRequestWaitsTimeoutThenCallsHandleTimeout_data() {
    QTest::addColumn<QString>("server_class");
    QTest::addColumn<double>("timeout_s");
    QTest::newRow("TCPServer 0.3 s") << "TCPServer" << 0.3;
    QTest::newRow("UDPServer 0.3 s") << "UDPServer" << 0.3;
    QTest::newRow("ThreadingTCPServer 0.2 s") << "ThreadingTCPServer" << 0.2;
    QTest::newRow("TCPServer 0 s") << "TCPServer" << 0.0;
  }
  void handleRequestWaitsTimeoutThenCallsHandleTimeout() {
    QFETCH(QString, server_class);
    QFETCH(double, timeout_s);
    QVERIFY(with_server_class(server_class, [&](auto type) {
      using Server = typename decltype(type)::type;
      Recording<Server> server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      server.timeout = Seconds{timeout_s};
      const auto start = Clock::now();
      {
        Watchdog watchdog("handle_request() with a timeout");
        server.handle_request();
      }
      const double took = ms_since(start);
      qInfo("timeout %.0f ms: handle_request() returned after %.1f ms", timeout_s * 1000, took);
      QCOMPARE(server.hooks.of(0),
               QStringList({"server_bind", "server_activate", "handle_timeout"}));
      QCOMPARE(server.hooks.count("verify_request"), 0);
      QVERIFY2(took >= timeout_s * 1000 * 0.9, qPrintable(QString::number(took))); // not early
      QVERIFY2(took < timeout_s * 1000 + 1000, qPrintable(QString::number(took))); // nor late
    }));
  }

  void requestInTimeIsServedWithoutHandleTimeout() {
    fail_on_exception([] {
      constexpr double timeout_s = 5.0;
      Recording<socketserver::TCPServer> server{"127.0.0.1:0",
                                                socketserver::handler<UpperHandler>()};
      server.timeout = Seconds{timeout_s};
      auto reply = std::async(std::launch::async, [address = server.server_address] {
        Socket client = connect_to(address);
        client.sendall("in time\n");
        return read_line(client);
      });
      const auto start = Clock::now();
      {
        Watchdog watchdog("handle_request() with a client");
        server.handle_request();
      }
      const double took = ms_since(start);
      QVERIFY(reply.wait_for(DEADLINE) == std::future_status::ready);
      QCOMPARE(bytes(reply.get()), QByteArray("IN TIME\n"));
      QCOMPARE(server.hooks.count("handle_timeout"), 0);
      QCOMPARE(server.hooks.of(1), served_hooks);
      QVERIFY2(took < timeout_s * 1000, qPrintable(QString::number(took)));
    });
  }

  // serve_forever() ignores `timeout` (Python: "timeout ... is ignored by serve_forever").
  void serveForeverIgnoresTimeout() {
    fail_on_exception([] {
      Recording<socketserver::TCPServer> server{"127.0.0.1:0",
                                                socketserver::handler<UpperHandler>()};
      server.timeout = Seconds{0.001};
      {
        ServingThread serving(server, Seconds{0.01});
        QTRY_VERIFY_WITH_TIMEOUT(server.service_actions_calls.load() >= 5, DEADLINE_MS);
      }
      QCOMPARE(server.hooks.count("handle_timeout"), 0);
    });
  }
};

QTEST_GUILESS_MAIN(TestHandleRequestTimeout)
#include "TestHandleRequestTimeout.moc"
