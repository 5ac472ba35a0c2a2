// Reference 001, example 2: UDPServer. Each datagram is one request; the reply leaves from the
// server's own socket, as Python's `socket.sendto(data.upper(), self.client_address)`.
//
//   ./udp_upper_echo 127.0.0.1:9999 &
//   printf 'hello world' | nc -u -w1 127.0.0.1 9999   # HELLO WORLD
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
    // Python's request[0] and request[1].
    const std::string_view data = examples::strip(request.packet());
    socketserver::Socket& socket = request.socket();
    std::cout << client_address.host() << " wrote:\n" << data << std::endl;
    socket.sendto(examples::upper(data), client_address);
  }
};

} // namespace

int main(int argc, char* argv[]) {
  const socketserver::Address address = examples::address_argument(argc, argv, "127.0.0.1:9999");
  try {
    socketserver::UDPServer server{address, socketserver::handler<MyHandler>()};
    return examples::run_until_signal(server);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
