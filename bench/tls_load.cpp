// tls_load: the TLS side of the benchmark (issue 14). Loopback clients on OpenSSL
// (tests/engine_behaviour/tls_support.hpp), one thread per connection:
//
//   tls_load make-pki DIR                       writes a test CA and server certificate
//   tls_load handshake|echo ADDRESS [--plain] [--ca FILE] [--connections N] [--duration S]
//
// handshake: each connection in a loop connects, completes the handshake, sends 16 bytes,
// reads them back and closes (one request a connection: handshakes/s). echo: each connection
// shakes hands once, then sends 16 bytes and reads them back for as long as the run lasts
// (requests/s). --plain does the same without TLS, so both figures come from one client.
// Prints one JSON line: {"rps": R, "errors": E}.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../tests/engine_behaviour/tls_support.hpp"

namespace {

using Clock = std::chrono::steady_clock;
const std::string message = "0123456789abcde\n";
constexpr socketserver::Seconds io_limit{10.0};

struct Settings {
  bool plain = false;
  bool handshake_mode = true;
  std::string ca;
  int connections = 16;
  double duration = 3.0;
};

/// A plain or TLS client connection that sends a line and reads it back.
class Connection {
public:
  Connection(const socketserver::Address& address, const Settings& settings) {
    if (settings.plain) {
      plain_ = socketserver::Socket::create_connection(address, io_limit);
      ok_ = true;
      return;
    }
    tls_test::ClientOptions options;
    options.ca_file = settings.ca;
    options.server_name = "localhost";
    tls_ = std::make_unique<tls_test::TlsClient>(address, options);
    ok_ = tls_->handshake();
  }
  bool request() {
    if (!ok_)
      return false;
    if (tls_)
      return tls_->send(message) && tls_->read_line() == message;
    plain_.sendall(message);
    std::string reply;
    while (reply.size() < message.size()) {
      std::string chunk = plain_.recv(4096);
      if (chunk.empty())
        return false;
      reply += chunk;
    }
    return reply == message;
  }

private:
  socketserver::Socket plain_;
  std::unique_ptr<tls_test::TlsClient> tls_;
  bool ok_ = false;
};

void client_loop(const socketserver::Address& address, const Settings& settings,
                 Clock::time_point until, std::atomic<long>& done, std::atomic<long>& errors) {
  std::unique_ptr<Connection> kept;
  while (Clock::now() < until) {
    try {
      if (!kept)
        kept = std::make_unique<Connection>(address, settings);
      const bool ok = kept->request();
      (ok ? done : errors)++;
      if (settings.handshake_mode || !ok)
        kept.reset();
    } catch (const std::exception&) {
      ++errors;
      kept.reset();
    }
  }
}

[[noreturn]] void usage() {
  std::cerr << "usage: tls_load make-pki DIR\n"
               "       tls_load handshake|echo ADDRESS [--plain] [--ca FILE] [--connections N]"
               " [--duration S]\n";
  std::exit(2);
}

} // namespace

int main(int argc, char* argv[]) {
  std::signal(SIGPIPE, SIG_IGN); // OpenSSL's client socket BIO writes with write(2)
  if (argc < 3)
    usage();
  const std::string mode = argv[1];
  try {
    if (mode == "make-pki") {
      tls_test::make_test_pki(argv[2]);
      return 0;
    }
    if (mode != "handshake" && mode != "echo")
      usage();
    Settings settings;
    settings.handshake_mode = mode == "handshake";
    const socketserver::Address address{argv[2]};
    for (int i = 3; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--plain")
        settings.plain = true;
      else if (arg == "--ca" && i + 1 < argc)
        settings.ca = argv[++i];
      else if (arg == "--connections" && i + 1 < argc)
        settings.connections = std::atoi(argv[++i]);
      else if (arg == "--duration" && i + 1 < argc)
        settings.duration = std::atof(argv[++i]);
      else
        usage();
    }
    std::atomic<long> done{0}, errors{0};
    const auto began = Clock::now();
    const auto until = began + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(settings.duration));
    std::vector<std::thread> threads;
    for (int i = 0; i < settings.connections; ++i)
      threads.emplace_back([&] { client_loop(address, settings, until, done, errors); });
    for (auto& thread : threads)
      thread.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
    std::cout << "{\"rps\": " << static_cast<double>(done.load()) / seconds
              << ", \"errors\": " << errors.load() << "}\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "tls_load: " << error.what() << '\n';
    return 1;
  }
}
