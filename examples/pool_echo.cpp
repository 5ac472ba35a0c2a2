// Reference 004, "long connections" with a ThreadPoolExecutor of MAX_WORKERS = 5, ported to
// ThreadPoolTCPServer: five threads serve clients line by line until each leaves; a sixth
// client waits in the pool's queue until a thread is free.
//
//   ./pool_echo 127.0.0.1:8089 &
//   nc 127.0.0.1 8089        # every line typed comes back
#include <iostream>
#include <string>

#include <socketserver.hpp>

#include "run_until_signal.hpp"

namespace {

class LineEcho : public socketserver::StreamRequestHandler {
public:
  void handle() override {
    const std::string peer = client_address.to_string();
    // Whole lines in one write each: pool threads print at the same time.
    std::cout << "Accepted connection from " + peer + " on " +
                     socketserver::current_thread_name() + '\n'
              << std::flush;
    // 64 KiB bounds a line, so a client that never sends "\n" cannot grow the buffer forever.
    for (std::string line; !(line = rfile.readline(65536)).empty();)
      wfile.write(line);
    std::cout << "Closing connection from " + peer + '\n' << std::flush;
  }
};

} // namespace

int main(int argc, char* argv[]) {
  const socketserver::Address address = examples::address_argument(argc, argv, "127.0.0.1:8089");
  try {
    socketserver::ThreadPoolTCPServer server{address, socketserver::handler<LineEcho>()};
    server.pool_size = 5; // the reference's MAX_WORKERS
    return examples::run_until_signal(server);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
