// A program from outside the project, built against the engine as a user would build it
// (find_package, pkg-config or FetchContent; see CMakeLists.txt). It serves `count` stream
// connections on ADDRESS (HOST:PORT, or a Unix socket path), answering each chunk with
// "echo: <chunk>", then exits 0. It prints "serving on <address>" first, port 0 resolved.
#include <socketserver.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace {

class PrefixEcho : public socketserver::BaseRequestHandler {
public:
  void handle() override {
    for (std::string data = request.recv(4096); !data.empty(); data = request.recv(4096))
      request.sendall("echo: " + data);
  }
};

std::unique_ptr<socketserver::TCPServer> make_server(const socketserver::Address& address) {
  if (address.is_unix())
    return std::make_unique<socketserver::UnixStreamServer>(address,
                                                            socketserver::handler<PrefixEcho>());
  return std::make_unique<socketserver::TCPServer>(address, socketserver::handler<PrefixEcho>());
}

} // namespace

int main(int argc, char* argv[]) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " ADDRESS COUNT\n";
    return 2;
  }
  try {
    const auto server = make_server(socketserver::Address{argv[1]});
    std::cout << "serving on " << server->server_address.to_string() << std::endl;
    for (int served = 0, count = std::stoi(argv[2]); served < count; ++served)
      server->handle_request();
    return 0;
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
