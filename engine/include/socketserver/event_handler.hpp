/// @file
/// Public header. EventHandler: the request handler of the event-driven servers (beyond
/// Python; the design of Python's `selectors` / epoll examples as a server family).
///
/// A blocking handler (BaseRequestHandler) owns a thread while its request lasts; an event
/// handler owns nothing but its state. The server's loops read from every connection that has
/// data and call the handler of that connection:
///
/// @code{.cpp}
///   struct Upper : socketserver::EventHandler {
///     void on_data(std::string_view data) override { send(to_upper(data)); }
///   };
///   socketserver::EventTCPServer server{"127.0.0.1:9999", socketserver::event_handler<Upper>()};
///   server.serve_forever();
/// @endcode
///
/// One handler object per request: per connection for stream servers, per datagram for
/// datagram servers. Order of calls: on_connect(), then on_data() for each chunk (stream: the
/// bytes one read returned, split anywhere; datagram: the whole datagram), then, when the
/// peer ends its side of a stream, on_eof(), and always, last, on_close().
///
/// Thread rule: every call for one connection comes from the same loop thread, one at a time;
/// handlers of different connections may run at once on different loops (event_loops > 1),
/// so state shared between handlers needs a lock. send(), close() and call_later() may be
/// called only from these callbacks (timer callbacks included). A callback must not block: it
/// stalls every connection of its loop; to answer later, call_later() instead of sleeping:
///
/// @code{.cpp}
///   struct Slow : socketserver::EventHandler {
///     void on_data(std::string_view data) override {
///       call_later(300ms, [this, text = std::string(data)] { send(text); });
///     }
///   };
/// @endcode
///
/// Errors: a callback that throws a std::exception ends the request as a blocking handler's
/// would: the server's handle_error() runs (inside the catch block), the connection is closed
/// and the observer sees RequestOutcome::Error. Any other exception is reported on stderr and
/// ends the request the same way; the server keeps serving.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

namespace socketserver {

class Address;
class BaseServer;
class Request;

namespace detail {
class EventConnection;
}

/// Beyond Python: the handler of the event-driven servers (EventMixIn), called by the
/// server's epoll loops for each event of its request. Details in event_handler.hpp.
class EventHandler {
public:
  /// Handlers are made by the server's EventHandlerClass, one per request.
  EventHandler() = default;
  virtual ~EventHandler() = default;
  EventHandler(const EventHandler&) = delete;
  EventHandler& operator=(const EventHandler&) = delete;

  /// The connection was accepted (stream) or the datagram arrived; nothing has been read
  /// yet. A greeting is sent from here. May be overridden.
  virtual void on_connect() {}
  /// Bytes arrived: a chunk of the stream, or one whole datagram. `data` is valid only
  /// during the call. Must be overridden.
  virtual void on_data(std::string_view data) = 0;
  /// Stream only: the peer will send nothing more (it closed or shut down its side). The
  /// default closes the connection once everything queued has been sent; override it to
  /// answer first. May be overridden.
  virtual void on_eof() { close(); }
  /// The last call: the request ends (peer left, close(), an error, the server stopping).
  /// Nothing can be sent any more. May be overridden.
  virtual void on_close() {}

protected:
  /// Sends `data` to the peer without blocking: what the socket does not take at once is
  /// queued and sent as the peer reads (stream), or sent as one datagram back to the client.
  /// Throws SocketError when the peer is gone (the request then ends with an error).
  void send(std::string_view data);
  /// Ends the request once everything queued has been sent. Idempotent. It does not wait
  /// for timers (call_later()): those still pending when the request ends are dropped.
  void close();
  /// Calls `callback` on this connection's loop thread after `delay` (asyncio's call_later),
  /// unless the request has ended by then. May be called only from the handler's callbacks
  /// (or from a timer callback). Returns nothing; cancelled automatically when the request
  /// ends (on_close runs, no timer of that request fires after it).
  ///
  /// - The callback may send(), close() and call_later() like any other callback; an
  ///   exception from it ends the request as one from on_data() does (handle_error(),
  ///   RequestOutcome::Error, the connection closed).
  /// - Timers run in deadline order, equal deadlines in call order. A delay of 0 (or less)
  ///   runs on the loop's next pass over its timers, after the current callback returns,
  ///   never inside call_later(). Meanwhile the loop serves its other connections.
  /// - A pending timer keeps nothing open: the request ends as without it (the peer leaves,
  ///   close() once the output is sent, the idle timeout, the server stopping) and its timers
  ///   are dropped. on_eof()'s default close() therefore drops them too: a handler that
  ///   answers after end of stream overrides on_eof() and calls close() from its last timer.
  /// - Stream servers only: a datagram request ends when its handler returns, so call_later()
  ///   there throws std::logic_error (as does a call in or after on_close()). An empty
  ///   `callback` throws std::invalid_argument.
  /// - Each call queues one entry (the callback and what it captures) until it runs or the
  ///   request ends; the loop sets no limit: bounding how many a handler queues is the
  ///   handler's responsibility.
  void call_later(std::chrono::milliseconds delay, std::function<void()> callback);
  /// Bytes queued and not yet taken by the socket.
  std::size_t pending_output() const;

  /// Python's self.request: the connection (stream) or the datagram and the server socket.
  Request& request() const;
  /// Python's self.client_address.
  const Address& client_address() const;
  /// Python's self.server.
  BaseServer& server() const;

private:
  friend class detail::EventConnection;
  detail::EventConnection* connection_ = nullptr;
};

/// Python's RequestHandlerClass for the event-driven servers: makes one handler per request.
using EventHandlerFactory = std::function<std::unique_ptr<EventHandler>()>;

/// The factory of `Handler`, constructed from copies of `args` for each request.
template <class Handler, class... Args> EventHandlerFactory event_handler(Args... args) {
  static_assert(std::is_base_of_v<EventHandler, Handler>, "Handler must derive from EventHandler");
  return [... args = std::move(args)]() -> std::unique_ptr<EventHandler> {
    return std::make_unique<Handler>(args...);
  };
}

} // namespace socketserver
