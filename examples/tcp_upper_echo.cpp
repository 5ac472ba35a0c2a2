// Reference 001, example 1: TCPServer + BaseRequestHandler. Reads one message, answers it in
// upper case, and closes: one request at a time, as TCPServer serves.
//
//   ./tcp_upper_echo 127.0.0.1:9999 &
//   printf 'hello world' | nc 127.0.0.1 9999        # HELLO WORLD
#include <iostream>
#include <string>
#include <string_view>

#include <socketserver.hpp>

#include "python_bytes.hpp"
#include "run_until_signal.hpp"

namespace {

class MyHandler : public socketserver::BaseRequestHandler {
public:
  void handle() override {
    const std::string received = request.recv(1024);
    const std::string_view data = examples::strip(received);
    std::cout << client_address.host() << " wrote:\n" << data << std::endl;
    request.sendall(examples::upper(data));
  }
};

} // namespace

int main(int argc, char* argv[]) {
  const socketserver::Address address = examples::address_argument(argc, argv, "127.0.0.1:9999");
  try {
    socketserver::TCPServer server{address, socketserver::handler<MyHandler>()};
    return examples::run_until_signal(server);
  } catch (const std::exception& error) { // e.g. "port 9999 is already in use"
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
