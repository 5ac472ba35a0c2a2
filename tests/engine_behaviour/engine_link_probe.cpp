// engine_link_probe: a program that links socketserver::engine and nothing else, and uses it
// for real — a TCPServer on 127.0.0.1:0 handles one request from a client thread — so that
// tests/check_probe_links.cmake can show the engine needs no Qt to link or to run.

#include <cstdio>
#include <exception>
#include <future>
#include <string>

#include <socketserver.hpp>

namespace {

struct Upper : socketserver::BaseRequestHandler {
  void handle() override {
    request.socket().settimeout(socketserver::Seconds{10});
    std::string line;
    while (line.find('\n') == std::string::npos) {
      const std::string chunk = request.recv(1024);
      if (chunk.empty())
        break;
      line += chunk;
    }
    for (char& c : line)
      if (c >= 'a' && c <= 'z')
        c = static_cast<char>(c - 'a' + 'A');
    request.sendall(line);
  }
};

} // namespace

int main() {
  try {
    socketserver::TCPServer server{"127.0.0.1:0", socketserver::handler<Upper>()};
    server.timeout = socketserver::Seconds{10}; // handle_request() never waits longer
    auto reply = std::async(std::launch::async, [address = server.server_address] {
      auto client = socketserver::Socket::create_connection(address, socketserver::Seconds{10});
      client.sendall("ping\n");
      std::string got;
      for (std::string chunk; !(chunk = client.recv(1024)).empty();)
        got += chunk;
      return got;
    });
    server.handle_request();
    const std::string got = reply.get();
    if (got != "PING\n") {
      std::fprintf(stderr, "engine_link_probe: expected \"PING\\n\", got \"%s\"\n", got.c_str());
      return 1;
    }
    std::printf("engine_link_probe: ok, served one request on %s\n",
                server.server_address.to_string().c_str());
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "engine_link_probe: %s\n", error.what());
    return 1;
  }
}
