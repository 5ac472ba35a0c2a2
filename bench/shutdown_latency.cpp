// shutdown_latency: how long shutdown() takes while the server is idle, per model (issue 4).
//
//   shutdown_latency [REPEATS]     prints one line per model: median and max in ms
//
// Python's serve_forever() looks at its shutdown flag every poll_interval (0.5 s by default),
// so an idle Python server takes up to that long to stop; the engine wakes its loop through
// a pipe. Each repeat: serve_forever(0.5 s) on a thread, let it sit idle, time shutdown().
// Loopback only (127.0.0.1:0); bounded by REPEATS <= 200.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <socketserver.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Nothing : socketserver::BaseRequestHandler {
  void handle() override {}
};
struct NothingEvents : socketserver::EventHandler {
  void on_data(std::string_view) override {}
};

template <class Server> auto make_server() {
  if constexpr (requires(Server & s) { s.EventHandlerClass; })
    return Server{socketserver::Address{"127.0.0.1:0"},
                  socketserver::event_handler<NothingEvents>()};
  else
    return Server{socketserver::Address{"127.0.0.1:0"}, socketserver::handler<Nothing>()};
}

template <class Server> void measure(const char* name, int repeats) {
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    auto server = make_server<Server>();
    std::thread serving([&] { server.serve_forever(socketserver::Seconds{0.5}); });
    const auto give_up = Clock::now() + std::chrono::seconds(5);
    while (!server.serving() && Clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(20)); // idle, inside its poll
    const auto began = Clock::now();
    server.shutdown();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
    serving.join();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-22s median %.3f ms, max %.3f ms (%d runs, poll_interval 500 ms)\n", name,
              ms[ms.size() / 2], ms.back(), repeats);
}

} // namespace

int main(int argc, char* argv[]) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 20;
  if (repeats < 1 || repeats > 200) {
    std::fprintf(stderr, "usage: shutdown_latency [REPEATS 1..200]\n");
    return 2;
  }
  namespace ss = socketserver;
  measure<ss::TCPServer>("TCPServer", repeats);
  measure<ss::ThreadingTCPServer>("ThreadingTCPServer", repeats);
  measure<ss::ForkingTCPServer>("ForkingTCPServer", repeats);
  measure<ss::ThreadPoolTCPServer>("ThreadPoolTCPServer", repeats);
  measure<ss::EventTCPServer>("EventTCPServer", repeats);
  measure<ss::UDPServer>("UDPServer", repeats);
  return 0;
}
