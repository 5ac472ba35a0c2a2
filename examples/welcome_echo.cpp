// Reference 001, example 4: ThreadingTCPServer + StreamRequestHandler. Greets each client
// with the server's address and the time, then echoes whatever arrives until it leaves.
//
//   ./welcome_echo 127.0.0.1:9999 &
//   nc 127.0.0.1 9999        # connection 127.0.0.1:9999 at Mon Nov 23 19:49:32 2026 succeed!
#include <ctime>
#include <iostream>
#include <string>

#include <socketserver.hpp>

#include "python_bytes.hpp"
#include "run_until_signal.hpp"

namespace {

/// Python's time.ctime(): "Mon Nov  3 19:49:32 2026", local time. Day and month names are
/// English because this program never changes the "C" locale it starts in.
std::string ctime_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local); // not std::localtime: requests run on several threads at once
  char text[64];
  const std::size_t size = std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &local);
  return std::string(text, size);
}

class Servers : public socketserver::StreamRequestHandler {
public:
  void handle() override {
    // Each message is built whole and written in one call, so lines from request threads
    // running at the same time do not interleave.
    std::cout << "got connection from " + client_address.to_string() + '\n' << std::flush;
    // The Python formats its module-level (host, port): the address the server listens on.
    const socketserver::Address& listening = server.server_address;
    wfile.write("connection " + listening.host() + ':' + std::to_string(listening.port()) +
                " at " + ctime_now() + " succeed!");
    for (;;) {
      const std::string data = request.recv(1024);
      if (data.empty())
        break; // the client left
      const std::string line{examples::strip(data)};
      std::cout << line + "\nRECV from " + client_address.host() + '\n' << std::flush;
      request.sendall(data); // Python's send() may send part of it; sendall() cannot
    }
  }
};

} // namespace

int main(int argc, char* argv[]) {
  const socketserver::Address address = examples::address_argument(argc, argv, "127.0.0.1:9999");
  try {
    socketserver::ThreadingTCPServer server{address, socketserver::handler<Servers>()};
    return examples::run_until_signal(server);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
