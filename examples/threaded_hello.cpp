// Reference 001, example 3: ThreadingMixIn over TCPServer. Every connection runs on a new
// thread, and the reply names it, so a client sees "Thread-2: Hello World 1".
// (The Python also runs its three clients in-process; here they are separate programs, e.g.
// tests/system/reference_clients.py.)
//
//   ./threaded_hello 127.0.0.1:0                      # prints the port it got
//   printf 'Hello World 1' | nc 127.0.0.1 PORT
#include <iostream>
#include <string>

#include <socketserver.hpp>

#include "run_until_signal.hpp"

namespace {

class MyHandler : public socketserver::BaseRequestHandler {
public:
  void handle() override {
    const std::string data = request.recv(1024);
    request.sendall(socketserver::current_thread_name() + ": " + data);
  }
};

} // namespace

int main(int argc, char* argv[]) {
  // Port 0: the system picks a free port, as the Python's ('localhost', 0).
  const socketserver::Address address = examples::address_argument(argc, argv, "127.0.0.1:0");
  try {
    // Python's `class Server(ThreadingMixIn, TCPServer): pass`.
    socketserver::ThreadingTCPServer server{address, socketserver::handler<MyHandler>()};
    return examples::run_until_signal(server);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
