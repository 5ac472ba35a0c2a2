// bench_server: the engine side of the benchmark (issue 4). One program for every model and
// socket kind, so run_bench.py drives the engine exactly as it drives the Python twin:
//
//   bench_server --model sync|threading|forking|pool|event --kind tcp|udp|unix|unixdgram
//                --handler echo|oneshot [--pool-size N] [--pool-queue N] [--loops N]
//                [--cert FILE --key FILE] ADDRESS
//
// --cert and --key serve the stream kinds through TLSServer (TLS builds only).
// --loops sets the event model's epoll loops (default: one per core).
// --pool-size matters for persistent connections: a pool thread serves one connection until
// the peer leaves, so a pool smaller than the connection count starves (or refuses) the rest.
//
// The handlers do the same work as python_twin.py (recv + sendall, or recvfrom + sendto) so the
// ratio measures the framework, not the handler. Prints "serving on <address>" once bound and
// stops on SIGINT / SIGTERM (examples/run_until_signal.hpp). Bad arguments: exit 2.
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <sys/resource.h>

#include <socketserver.hpp>

#include "../examples/run_until_signal.hpp"

namespace {

// Large enough that a 16 KiB benchmark message is one recv; the same bufsize as the twin.
constexpr std::size_t chunk_size = 65536;

/// Stream echo: reply each chunk until the peer leaves (an empty recv).
class StreamEcho : public socketserver::BaseRequestHandler {
public:
  void handle() override {
    for (std::string data; !(data = request.recv(chunk_size)).empty();)
      request.sendall(data);
  }
};

/// Stream oneshot: one recv, one reply; the server closes the connection after handle().
class StreamOneshot : public socketserver::BaseRequestHandler {
public:
  void handle() override {
    const std::string data = request.recv(chunk_size);
    if (!data.empty())
      request.sendall(data);
  }
};

/// Datagram: echo and oneshot are the same thing, one reply per datagram.
class DatagramEcho : public socketserver::BaseRequestHandler {
public:
  void handle() override { request.socket().sendto(request.packet(), client_address); }
};

/// Event-driven echo, stream or datagram: each chunk goes back as it arrives.
class EventEcho : public socketserver::EventHandler {
public:
  void on_data(std::string_view data) override { send(data); }
};

/// Event-driven oneshot: the first chunk goes back, then the connection closes.
class EventOneshot : public socketserver::EventHandler {
public:
  void on_data(std::string_view data) override {
    send(data);
    close();
  }
};

[[noreturn]] void usage(const std::string& program, const std::string& why) {
  if (!why.empty())
    std::cerr << program << ": " << why << '\n';
  std::cerr << "usage: " << program
            << " --model sync|threading|forking|pool|event --kind tcp|udp|unix|unixdgram"
               " --handler echo|oneshot [--pool-size N] [--pool-queue N] [--loops N]"
               " [--cert FILE --key FILE] ADDRESS\n";
  std::exit(2);
}

// Pool sizing from the command line; 0 keeps the engine's default.
struct PoolSettings {
  std::size_t size = 0, queue = 0, loops = 0;
};
PoolSettings pool_settings;
// --cert / --key: serve through TLSServer when both are set.
std::string cert_file, key_file;

/// Runs `Server` (or TLSServer<Server> with --cert/--key) built from `args`, with `setup`
/// applied to it first.
template <class Server, class Setup, class... Args>
int run_server(const Setup& setup, const socketserver::Address& address, Args&&... args) {
#if SOCKETSERVER_HAS_TLS
  if constexpr (!std::is_base_of_v<socketserver::UDPServer, Server>) {
    if (!cert_file.empty()) {
      auto context = socketserver::TlsContext::create();
      context->load_cert_chain(cert_file, key_file);
      socketserver::TLSServer<Server> server{context, address, std::forward<Args>(args)...};
      setup(server);
      return examples::run_until_signal(server);
    }
  }
#endif
  Server server{address, std::forward<Args>(args)...};
  setup(server);
  return examples::run_until_signal(server);
}

template <class Server>
int serve(const socketserver::Address& address, bool datagram, bool oneshot) {
  if constexpr (requires(Server & server) { server.EventHandlerClass; }) {
    const auto setup = [](auto& server) {
      if (pool_settings.loops > 0)
        server.event_loops = pool_settings.loops;
    };
    return run_server<Server>(setup, address,
                              oneshot && !datagram ? socketserver::event_handler<EventOneshot>()
                                                   : socketserver::event_handler<EventEcho>());
  } else {
    socketserver::HandlerFactory factory = datagram  ? socketserver::handler<DatagramEcho>()
                                           : oneshot ? socketserver::handler<StreamOneshot>()
                                                     : socketserver::handler<StreamEcho>();
    const auto setup = [](auto& server) {
      if constexpr (requires { server.pool_size; }) {
        if (pool_settings.size > 0)
          server.pool_size = pool_settings.size;
        if (pool_settings.queue > 0)
          server.pool_queue_size = pool_settings.queue;
      }
    };
    return run_server<Server>(setup, address, std::move(factory));
  }
}

// The model x kind table, spelled once: each pair is a distinct server type.
template <class Tcp, class Udp, class Unix, class UnixDgram>
int serve_kind(const std::string& kind, const socketserver::Address& address, bool oneshot) {
  if (kind == "tcp")
    return serve<Tcp>(address, false, oneshot);
  if (kind == "udp")
    return serve<Udp>(address, true, oneshot);
  if (kind == "unix")
    return serve<Unix>(address, false, oneshot);
  return serve<UnixDgram>(address, true, oneshot);
}

} // namespace

/// The event model is measured holding 10 000 connections: lift the soft descriptor limit
/// (1024 by default) to the hard one, as a server meant for that would be configured.
static void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int main(int argc, char* argv[]) {
  namespace ss = socketserver;
  const std::string program = argc > 0 ? argv[0] : "bench_server";
  raise_descriptor_limit();
  std::string model = "sync", kind = "tcp", handler = "echo", address_text;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        usage(program, std::string{arg} + " needs a value");
      return argv[++i];
    };
    if (arg == "--model")
      model = value();
    else if (arg == "--kind")
      kind = value();
    else if (arg == "--handler")
      handler = value();
    else if (arg == "--pool-size" || arg == "--pool-queue" || arg == "--loops") {
      const std::string text = value();
      char* end = nullptr;
      const unsigned long n = std::strtoul(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || n == 0 || n > 100000)
        usage(program, std::string{arg} + " needs a count 1..100000");
      (arg == "--pool-size"    ? pool_settings.size
       : arg == "--pool-queue" ? pool_settings.queue
                               : pool_settings.loops) = n;
    } else if (arg == "--cert")
      cert_file = value();
    else if (arg == "--key")
      key_file = value();
    else if (arg == "-h" || arg == "--help")
      usage(program, "");
    else if (!arg.empty() && arg[0] == '-')
      usage(program, "unknown option " + std::string{arg});
    else if (address_text.empty())
      address_text = arg;
    else
      usage(program, "one ADDRESS only");
  }
  if (model != "sync" && model != "threading" && model != "forking" && model != "pool" &&
      model != "event")
    usage(program, "unknown model '" + model + "'");
  if (kind != "tcp" && kind != "udp" && kind != "unix" && kind != "unixdgram")
    usage(program, "unknown kind '" + kind + "'");
  if (handler != "echo" && handler != "oneshot")
    usage(program, "unknown handler '" + handler + "'");
  if (address_text.empty())
    usage(program, "ADDRESS is missing");
  if (cert_file.empty() != key_file.empty())
    usage(program, "--cert and --key go together");
  if (!cert_file.empty() && (!SOCKETSERVER_HAS_TLS || kind == "udp" || kind == "unixdgram"))
    usage(program, "--cert/--key need a stream kind and an engine built with TLS");

  ss::Address address;
  try {
    address = ss::Address{address_text};
  } catch (const ss::AddressError& error) {
    usage(program, error.what());
  }
  const bool want_unix = kind == "unix" || kind == "unixdgram";
  if (want_unix != address.is_unix())
    usage(program, want_unix ? "--kind " + kind + " needs a /path address"
                             : "--kind " + kind + " needs HOST:PORT");

  const bool oneshot = handler == "oneshot";
  try {
    if (model == "sync")
      return serve_kind<ss::TCPServer, ss::UDPServer, ss::UnixStreamServer, ss::UnixDatagramServer>(
          kind, address, oneshot);
    if (model == "threading")
      return serve_kind<ss::ThreadingTCPServer, ss::ThreadingUDPServer,
                        ss::ThreadingUnixStreamServer, ss::ThreadingUnixDatagramServer>(
          kind, address, oneshot);
    if (model == "forking")
      return serve_kind<ss::ForkingTCPServer, ss::ForkingUDPServer, ss::ForkingUnixStreamServer,
                        ss::ForkingUnixDatagramServer>(kind, address, oneshot);
    if (model == "event")
      return serve_kind<ss::EventTCPServer, ss::EventUDPServer, ss::EventUnixStreamServer,
                        ss::EventUnixDatagramServer>(kind, address, oneshot);
    return serve_kind<ss::ThreadPoolTCPServer, ss::ThreadPoolUDPServer,
                      ss::ThreadPoolUnixStreamServer, ss::ThreadPoolUnixDatagramServer>(
        kind, address, oneshot);
  } catch (const std::exception& error) {
    std::cerr << program << ": " << error.what() << '\n';
    return 1;
  }
}
