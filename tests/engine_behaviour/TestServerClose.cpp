// server_close() from anywhere, and what a closed server does:
//  - from a request thread (threading, pool) it closes the server and, instead of waiting for
//    its own thread for ever (or aborting), raises std::logic_error into handle_error(), as
//    Python raises RuntimeError("cannot join current thread"); from the serving thread or an
//    event loop's thread it closes without a hang; serve_forever() ends in every case;
//  - a closed server's handle_request() and serve_forever() throw SocketError (EBADF) at once;
//  - a datagram handler answering after server_close() gets EBADF and never writes through a
//    descriptor number that a later file reuses.
#include <QtTest>

#include <cerrno>

#include "model_cases.hpp"

using namespace behaviour;

namespace {

/// Reads its line (or takes its datagram), answers, then closes the server. (A datagram
/// answer after the close would fail with EBADF: the request shares the server's socket.)
struct AnswerThenClose : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    if (!request.is_datagram())
      request_line(request);
    answer(request, client_address, "closed\n");
    server.server_close();
  }
};

/// The event-driven twin, on its loop's thread.
struct AnswerThenCloseEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override {
    if (!data.starts_with("close")) {
      send("idle\n");
      return;
    }
    send("closed\n");
    close();
    server().server_close();
  }
};

/// Waits at `gate`, then answers the datagram through the request's share of the socket.
struct LateDatagramAnswer : socketserver::BaseRequestHandler {
  LateDatagramAnswer(Request& r, const Address& c, BaseServer& s, Gate* gate)
      : BaseRequestHandler(r, c, s), gate_(gate) {}
  void handle() override {
    QVERIFY(gate_->pass());
    request.socket().sendto("late\n", client_address);
  }

private:
  Gate* gate_;
};

} // namespace

class TestServerClose : public QObject {
  Q_OBJECT

private slots:
  void serverCloseFromARequestEndsServingWithoutHangOrAbort_data() {
    QTest::addColumn<QString>("model");
    for (const QString& row : stream_models() + datagram_models())
      QTest::newRow(qPrintable(row)) << row;
  }
  void serverCloseFromARequestEndsServingWithoutHangOrAbort() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      QTemporaryDir dir;
      auto server =
          make_recording<Server, AnswerThenClose, AnswerThenCloseEvents>(dir, m.event_loops);
      ServingThread serving(*server);
      QTRY_VERIFY_WITH_TIMEOUT(server->serving(), DEADLINE_MS);
      std::vector<Socket> holding; // so that, with several loops, a loop thread closes it
      if constexpr (is_event_v<Server> && !is_datagram_v<Server>) {
        for (std::size_t i = 1; i < m.event_loops; ++i) {
          holding.push_back(connect_to(server->server_address));
          holding.back().sendall("hold\n");
          QCOMPARE(bytes(read_line(holding.back())), QByteArray("idle\n"));
        }
      }
      QCOMPARE(bytes(exchange(*server, "close\n", dir)), QByteArray("closed\n"));
      QVERIFY(serving.join_ended() == nullptr); // serving stopped first, then the close
      // The request has ended (its hooks are recorded under a lock): its close is seen here.
      QTRY_VERIFY_WITH_TIMEOUT(server->hooks.count("close_request") >= 1, DEADLINE_MS);
      QCOMPARE(server->fileno(), -1);

      // A request thread of the threading or pool model cannot wait for itself: Python's
      // RuntimeError is our std::logic_error, reported through handle_error().
      if constexpr (runs_request_threads_v<Server>) {
        QVERIFY(server->hooks.wait_errors(1));
        const auto errors = server->hooks.errors();
        QCOMPARE(QString::fromStdString(errors[0].type), QString("logic_error"));
        QVERIFY2(QString::fromStdString(errors[0].what).contains("cannot wait"),
                 errors[0].what.c_str());
      } else {
        QCOMPARE(server->hooks.errors().size(), std::size_t{0});
      }
      for (Socket& socket : holding)
        close_without_time_wait(socket);
      server->server_close(); // from this thread: waits for what is left, idempotent
    }));
  }

  void closedServerThrowsInsteadOfWaiting_data() {
    QTest::addColumn<QString>("model");
    for (const QString& row : stream_models() + datagram_models())
      QTest::newRow(qPrintable(row)) << row;
  }
  void closedServerThrowsInsteadOfWaiting() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      using Server = typename decltype(m)::type;
      QTemporaryDir dir;
      auto server = make_recording<Server, UpperHandler, AnswerThenCloseEvents>(dir, m.event_loops);
      server->timeout = std::nullopt; // would wait for ever on a live server
      server->server_close();
      Watchdog watchdog("a closed server's handle_request() and serve_forever()");
      for (int call = 0; call < 2; ++call) {
        try {
          if (call == 0)
            server->handle_request();
          else
            server->serve_forever(Seconds{0.01});
          QFAIL("a closed server served");
        } catch (const socketserver::SocketError& error) {
          QCOMPARE(error.code().value(), EBADF);
          QVERIFY2(std::string_view(error.what()).find("server is closed") != std::string::npos,
                   error.what());
        }
      }
      QVERIFY(!server->serving());
    }));
  }

  void lateDatagramAnswerAfterCloseGetsEbadfNotAnotherFile_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("ThreadingUDPServer") << "ThreadingUDPServer";
    QTest::newRow("ThreadPoolUDPServer") << "ThreadPoolUDPServer";
    QTest::newRow("ThreadingUnixDatagramServer") << "ThreadingUnixDatagramServer";
  }
  void lateDatagramAnswerAfterCloseGetsEbadfNotAnotherFile() {
    QFETCH(QString, model);
    auto body = [](auto type) {
      using Server = typename decltype(type)::type;
      QTemporaryDir dir;
      Gate gate;
      Recording<Server> server{any_address<Server>(dir), factory<LateDatagramAnswer>(&gate)};
      if constexpr (requires { server.daemon_threads; })
        server.daemon_threads = true; // server_close() does not wait for the handler
      else
        server.block_on_close = false;
      const int server_fd = server.fileno();
      ServingThread serving(server);
      Socket client = datagram_client(server.server_address, dir);
      client.sendto("hello\n", server.server_address);
      QVERIFY(gate.wait_arrived(1));
      QVERIFY(serving.stop() == nullptr);
      server.server_close(); // the documented shutdown(); server_close() while handlers run

      // A new socket now: under the old number, the late answer would leave through it.
      Socket reuser(server.server_address.family(), SOCK_DGRAM);
      if (server.server_address.is_unix())
        reuser.bind(Address::unix_path(dir.path().toStdString() + "/reuser"));
      else
        reuser.bind(Address{"127.0.0.1:0"});
      qInfo("server descriptor %d, new socket %d", server_fd, reuser.fileno());
      gate.open();
      QVERIFY(server.hooks.wait_errors(1));
      const auto error = server.hooks.errors().front();
      QCOMPARE(QString::fromStdString(error.type), QString("SocketError"));
      QCOMPARE(error.code, EBADF);
      // The request ends before the server goes: its thread still runs our hooks.
      if constexpr (requires { server.active_threads(); })
        QTRY_COMPARE_WITH_TIMEOUT(server.active_threads(), std::size_t{0}, DEADLINE_MS);
      else
        QTRY_COMPARE_WITH_TIMEOUT(server.pool_busy(), std::size_t{0}, DEADLINE_MS);
      // Loopback delivers a datagram within sendto(): had one left, it would be here now.
      client.settimeout(Seconds{0});
      QVERIFY_THROWS_EXCEPTION(socketserver::SocketError, client.recv(64));
    };
    using namespace socketserver;
    if (model == "ThreadingUDPServer")
      fail_on_exception([&] { body(Type<ThreadingUDPServer>{}); });
    else if (model == "ThreadPoolUDPServer")
      fail_on_exception([&] { body(Type<ThreadPoolUDPServer>{}); });
    else
      fail_on_exception([&] { body(Type<ThreadingUnixDatagramServer>{}); });
  }
};

QTEST_GUILESS_MAIN(TestServerClose)
#include "TestServerClose.moc"
