/// @file
/// Public header. EventMixIn: beyond Python — the event-driven server family, the selectors /
/// epoll design of Python's `selectors` examples made a server like the others.
///
/// @code{.cpp}
///   struct Echo : socketserver::EventHandler {
///     void on_data(std::string_view data) override { send(data); }
///   };
///   socketserver::EventTCPServer server{"127.0.0.1:9999", socketserver::event_handler<Echo>()};
///   server.event_loops = 2;            // epoll loops (threads); default: one per core
///   server.idle_timeout = 30s;         // close connections silent that long; default: never
///   server.serve_forever();
/// @endcode
///
/// Stream servers: serve_forever() accepts on its own thread and hands each connection to one
/// of `event_loops` epoll loops (round robin; the serving thread runs the first loop itself, so
/// event_loops = 1 is a single-threaded server). Non-blocking sockets throughout: thousands of
/// connections cost a few hundred bytes each, not a thread each. When serve_forever() returns
/// (shutdown()), every open connection is ended: its queued output is sent if the socket takes
/// it at once, then on_close(), shutdown_request() and the finished event.
/// Datagram servers: each datagram is a request whose handler runs on the serving thread
/// (on_connect, on_data with the datagram, on_close); send() answers the client.
///
/// The same hooks, in the same order, as every other server: get_request() -> verify_request()
/// -> process_request() (which hands the request to a loop) ... shutdown_request() ->
/// close_request() when the request ends; handle_error() for a handler's exception;
/// shutdown() wakes the loop at once; server_close() and the destructor release everything.
/// handle_request() serves one request to its end on the calling thread.
///
/// Beyond blocking servers: `idle_timeout` ends connections that stay silent (slow or stuck
/// peers cannot pin a connection for ever), and `max_output_buffer` stops reading from a peer
/// whose replies it does not read, so a peer cannot make the server queue without bound.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>

#include "socketserver/detail/event_engine.hpp"
#include "socketserver/detail/server_access.hpp"
#include "socketserver/event_handler.hpp"
#include "socketserver/tcp_server.hpp"
#include "socketserver/udp_server.hpp"
#include "socketserver/unix_server.hpp"

namespace socketserver {

/// Beyond Python: `Server` (TCPServer, UDPServer or a Unix server) served by epoll loops with
/// EventHandler callbacks instead of a blocking handler per request. Details in
/// event_mixin.hpp.
template <class Server> class EventMixIn : public Server {
public:
  /// Like Server's constructor, with the event handlers' factory in place of
  /// RequestHandlerClass (event_handler<H>()). request_queue_size defaults to 1024.
  EventMixIn(Address address, EventHandlerFactory handler_class, bool bind_and_activate = true)
      : Server(std::move(address), blocking_handlers_refused(), false),
        EventHandlerClass(std::move(handler_class)) {
    // Python's backlog of 5 drops the SYNs of a burst of clients (they retry after 1 s); a
    // server built for thousands of connections queues more. Set before listen(), as Python
    // does its class variables.
    this->request_queue_size = 1024;
    if (bind_and_activate) {
      this->server_bind();
      this->server_activate();
    }
  }
  ~EventMixIn() override = default;

  /// Makes one handler per request (Python's RequestHandlerClass).
  EventHandlerFactory EventHandlerClass;
  /// Stream servers: how many epoll loops serve connections (the serving thread runs one,
  /// event_loops - 1 more threads run the others). Read when serve_forever() begins.
  std::size_t event_loops = default_event_loops();
  /// Stream servers: a connection that neither receives nor sends for this long ends with
  /// a TimeoutError (handle_error(), outcome Error). nullopt = never.
  std::optional<Seconds> idle_timeout;
  /// Stream servers: while this many bytes wait to be sent to a peer, its connection is not
  /// read (back-pressure); reading resumes as the peer reads.
  std::size_t max_output_buffer = std::size_t{4} * 1024 * 1024;
  /// Stream servers: how long shutdown() lets open connections end on their own (no new
  /// ones are accepted meanwhile) before it ends the rest, so requests already accepted are
  /// not cut off. nullopt (the default) = end open connections at once.
  std::optional<Seconds> shutdown_grace;

  /// Stream: hands the connection to a loop, which runs its handler and, when the request
  /// ends, shutdown_request() (finish_request() is not called: the request does not end
  /// within one call). Datagram: finish_request() then shutdown_request(), as Python.
  void process_request(Request& request, const Address& client_address) override {
    if (request.is_datagram())
      Server::process_request(request, client_address);
    else
      engine_.adopt(request, client_address, settings());
  }
  /// Datagram: runs the datagram's handler: on_connect(), on_data(datagram), on_close().
  void finish_request(Request& request, const Address& client_address) override {
    if (request.is_datagram())
      engine_.run_datagram(request, client_address);
    else
      Server::finish_request(request, client_address); // refused: see blocking_handlers_refused
  }

  /// One loop per core, at least one.
  static std::size_t default_event_loops() {
    return std::max(1U, std::thread::hardware_concurrency());
  }

private:
  /// Stream servers: the engine's epoll loops; datagram servers: the base loop.
  void serve_loop(Seconds poll_interval) override {
    if constexpr (std::is_base_of_v<UDPServer, Server>)
      detail::ServerAccess::base_serve_loop(*this, poll_interval); // one socket: the plain loop
    else
      engine_.serve(poll_interval, settings());
  }

  static HandlerFactory blocking_handlers_refused() {
    return [](Request&, const Address&, BaseServer&) {
      throw std::logic_error("an event-driven server runs EventHandlers (EventHandlerClass), "
                             "not RequestHandlerClass");
    };
  }

  detail::EventSettings settings() const {
    return {event_loops, idle_timeout, max_output_buffer, shutdown_grace};
  }

  detail::EventEngine engine_{*this, EventHandlerClass};
};

/// Event-driven TCP server (beyond Python).
using EventTCPServer = EventMixIn<TCPServer>;
/// Event-driven UDP server: each datagram's handler runs on the serving thread.
using EventUDPServer = EventMixIn<UDPServer>;
/// Event-driven Unix stream server (beyond Python).
using EventUnixStreamServer = EventMixIn<UnixStreamServer>;
/// Event-driven Unix datagram server: each datagram's handler runs on the serving thread.
using EventUnixDatagramServer = EventMixIn<UnixDatagramServer>;

} // namespace socketserver
