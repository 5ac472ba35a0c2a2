// Internal header of the engine test suites: Python's SocketServerTest.make_server() and
// run_server(), shared by the threaded suite and the forking one.
#pragma once

#include <string>

#include <QtTest>

#include <socketserver.hpp>

#include "test_support.hpp"

namespace echo_cases {

/// Python's MyServer in make_server(): a failure inside a request is not swallowed.
template <class Server> class EchoServer : public Server {
public:
  using Server::Server;

  void handle_error(socketserver::Request& request, const socketserver::Address&) override {
    this->close_request(request);
    throw; // handle_error() runs inside the catch block
  }
};

/// Python's MyHandler in make_server(): one line back, whether stream or datagram.
template <class HandlerBase> struct LineEchoHandler : HandlerBase {
  void handle() override { this->wfile.write(this->rfile.readline()); }
};

/// Python's run_server(): serve_forever(poll_interval=0.01) on a thread, three clients,
/// shutdown(), join, server_close(), and the checks that follow. `examine` is a client that
/// returns what the server echoed.
template <class Server, class HandlerBase, class Examine>
void run_server(const socketserver::Address& address, Examine examine) {
  using namespace test_support;
  EchoServer<Server> server(address, socketserver::handler<LineEchoHandler<HandlerBase>>());
  QCOMPARE(server.server_address, server.socket.getsockname());
  const socketserver::Address addr = server.server_address;
  {
    ServingThread serving(server, Seconds{0.01});
    for (int i = 0; i < 3; ++i) {
      std::string echoed;
      QVERIFY_THROWS_NO_EXCEPTION(echoed = examine(addr));
      QCOMPARE(bytes(echoed), bytes(TEST_STR));
    }
    const std::exception_ptr error = serving.stop();
    QVERIFY2(!error, ("serve_forever() threw: " + describe(error)).c_str());
  }
  {
    Watchdog watchdog("server_close()");
    server.server_close();
  }
  QCOMPARE(server.socket.fileno(), -1);
  if constexpr (requires { server.active_children; }) {
    // bpo-31151: ForkingMixIn.server_close() waits until all children completed.
    QVERIFY(server.active_children.empty());
  }
}

} // namespace echo_cases
