// Internal header of the engine behaviour suites: one server per concurrency model, built the
// same way, so that a rule can be checked "in every model" with one test body. Handlers come
// in pairs: a blocking one (BaseRequestHandler) and its event-driven twin (EventHandler).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include <QtTest>

#include "behaviour_support.hpp"

namespace behaviour {

/// True for EventMixIn<...> servers.
template <class Server> inline constexpr bool is_event_v = requires(Server& s) {
  s.EventHandlerClass;
};

/// True for the models that run requests on threads of their own (threading, pool).
template <class Server> inline constexpr bool runs_request_threads_v = requires(Server& s) {
  s.daemon_threads;
}
|| requires(Server& s) { s.pool_size; };

/// A model as a test row names it: the server class and, for the event family, its loops.
template <class Server> struct Model {
  using type = Server;
  std::size_t event_loops = 1;
};

/// Recording<Server> on a fresh address, with `Blocking` (or `Events` for the event family)
/// as its handler and `event_loops` loops.
template <class Server, class Blocking, class Events>
std::unique_ptr<Recording<Server>> make_recording(const QTemporaryDir& dir,
                                                  std::size_t event_loops = 1) {
  std::unique_ptr<Recording<Server>> server;
  if constexpr (is_event_v<Server>) {
    server = std::make_unique<Recording<Server>>(any_address<Server>(dir),
                                                 socketserver::event_handler<Events>());
    server->event_loops = event_loops;
  } else {
    server = std::make_unique<Recording<Server>>(any_address<Server>(dir),
                                                 socketserver::handler<Blocking>());
  }
  return server;
}

/// Runs f(Model<Server>{loops}) for a row name: "TCPServer", "ThreadingUDPServer",
/// "EventTCPServer/1", "EventUnixStreamServer/3" (loops after the slash)...
template <class F> bool with_model(const QString& row, F&& f) {
  using namespace socketserver;
  const QString name = row.section('/', 0, 0);
  const std::size_t loops = row.contains('/') ? row.section('/', 1).toULong() : 1;
  auto run = [&f, loops](auto type) {
    using Server = typename decltype(type)::type;
    fail_on_exception([&] { f(Model<Server>{loops}); });
  };
  if (with_server_class(name, run))
    return true;
  if (name == "ThreadingUnixStreamServer")
    run(Type<ThreadingUnixStreamServer>{});
  else if (name == "ThreadPoolUnixStreamServer")
    run(Type<ThreadPoolUnixStreamServer>{});
  else if (name == "ThreadingUnixDatagramServer")
    run(Type<ThreadingUnixDatagramServer>{});
  else if (name == "ThreadPoolUnixDatagramServer")
    run(Type<ThreadPoolUnixDatagramServer>{});
  else if (name == "EventTCPServer")
    run(Type<EventTCPServer>{});
  else if (name == "EventUDPServer")
    run(Type<EventUDPServer>{});
  else if (name == "EventUnixStreamServer")
    run(Type<EventUnixStreamServer>{});
  else if (name == "EventUnixDatagramServer")
    run(Type<EventUnixDatagramServer>{});
  else
    return false;
  return true;
}

/// Rows for every non-forking model of the stream kinds (TCP and Unix), event with 1 and 3
/// loops.
inline QStringList stream_models() {
  return {"TCPServer",
          "ThreadingTCPServer",
          "ThreadPoolTCPServer",
          "EventTCPServer/1",
          "EventTCPServer/3",
          "UnixStreamServer",
          "ThreadingUnixStreamServer",
          "ThreadPoolUnixStreamServer",
          "EventUnixStreamServer/1",
          "EventUnixStreamServer/3"};
}
/// Rows for every non-forking model of the datagram kinds.
inline QStringList datagram_models() {
  return {"UDPServer",      "ThreadingUDPServer", "ThreadPoolUDPServer",
          "EventUDPServer", "UnixDatagramServer", "EventUnixDatagramServer"};
}

/// Upper-cases each chunk: the event-driven twin of UpperHandler.
struct UpperEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override { send(upper(std::string(data))); }
};

/// Reads one line from a stream request (with a deadline); "" at end of stream.
inline std::string request_line(Request& request) {
  request.socket().settimeout(DEADLINE);
  std::string line;
  while (line.find('\n') == std::string::npos) {
    std::string chunk = request.recv(1024);
    if (chunk.empty())
      break;
    line += chunk;
  }
  return line;
}

/// Answers a request the way its kind answers: on the connection, or one datagram back.
inline void answer(Request& request, const Address& client, std::string_view text) {
  if (request.is_datagram())
    request.socket().sendto(text, client);
  else
    request.sendall(text);
}

/// Closes a client socket without leaving TIME_WAIT behind (an abortive close): tests that
/// open many TCP connections must not use up the ephemeral ports.
inline void close_without_time_wait(Socket& socket) {
  if (!socket)
    return;
  const linger abort_on_close{1, 0};
  ::setsockopt(socket.fileno(), SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  socket.close();
}

/// Reads its line (stream) or takes its datagram, stops the server, then answers.
struct StopThenAnswer : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    if (!request.is_datagram())
      request_line(request);
    server.shutdown();
    answer(request, client_address, "stopped\n");
  }
};

} // namespace behaviour
