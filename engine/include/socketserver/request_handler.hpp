/// @file
/// Public header. BaseRequestHandler: Python's socketserver.BaseRequestHandler, and
/// handler<H>(), the C++ spelling of passing a handler class to a server.
///
/// @code{.cpp}
///   struct Upper : socketserver::BaseRequestHandler {
///     void handle() override {
///       std::string data = request.recv(1024);
///       request.sendall(to_upper(data));
///     }
///   };
///   socketserver::TCPServer server{"127.0.0.1:9999", socketserver::handler<Upper>()};
/// @endcode
///
/// One handler object is made per request; setup(), handle() and finish() run in that order
/// and finish() runs even when handle() throws (Python's try/finally). The members request,
/// client_address and server are there from construction on, so a handler needs no
/// constructor of its own; one that wants one may take (Request&, const Address&, BaseServer&)
/// and pass them on.
#pragma once

#include <type_traits>

#include "socketserver/address.hpp"
#include "socketserver/base_server.hpp"
#include "socketserver/request.hpp"

namespace socketserver {

/// Python's socketserver.BaseRequestHandler: one object per request, whose setup(), handle()
/// and finish() serve it. Derive from it (or from StreamRequestHandler /
/// DatagramRequestHandler) and pass `handler<YourHandler>()` to the server.
class BaseRequestHandler {
public:
  /// Takes request, client_address and server from the handler<H>() factory running it.
  /// Throws std::logic_error when no factory is constructing a handler on this thread.
  BaseRequestHandler();
  /// Takes the request, client address and server explicitly: for handlers that declare
  /// their own constructor with this signature and pass the arguments on.
  BaseRequestHandler(Request& request, const Address& client_address, BaseServer& server);
  virtual ~BaseRequestHandler() = default;
  BaseRequestHandler(const BaseRequestHandler&) = delete;
  BaseRequestHandler& operator=(const BaseRequestHandler&) = delete;

  /// Runs before handle(). May be overridden.
  virtual void setup() {}
  /// Does the work of the request. May be overridden (the whole point).
  virtual void handle() {}
  /// Runs after handle(), even when it threw. May be overridden.
  virtual void finish() {}

  /// setup(); handle(); finish() — what Python's constructor does.
  void run();

  /// Python's self.request: the connection (stream) or the datagram and server socket.
  Request& request;
  /// Python's self.client_address: the peer's address (empty for an unnamed Unix peer).
  const Address& client_address;
  /// Python's self.server: the server running this request.
  BaseServer& server;

  /// The server as its own type: `server_as<MyServer>().counter`. Throws std::bad_cast.
  template <class S> S& server_as() const { return dynamic_cast<S&>(server); }
};

namespace detail {
/// Where handler<H>() leaves the request for BaseRequestHandler's default constructor.
struct HandlerContext {
  Request* request = nullptr;
  const Address* client_address = nullptr;
  BaseServer* server = nullptr;
};
/// Sets the calling thread's context for the lifetime of the guard.
class HandlerContextGuard {
public:
  HandlerContextGuard(Request& request, const Address& client_address, BaseServer& server);
  ~HandlerContextGuard();
  HandlerContextGuard(const HandlerContextGuard&) = delete;
  HandlerContextGuard& operator=(const HandlerContextGuard&) = delete;

private:
  HandlerContext saved_;
};
} // namespace detail

/// Python's RequestHandlerClass for handler type H: builds an H per request and runs it.
/// H derives from BaseRequestHandler and has a default constructor or one taking
/// (Request&, const Address&, BaseServer&).
template <class H> HandlerFactory handler() {
  static_assert(std::is_base_of_v<BaseRequestHandler, H>,
                "handler<H>(): H must derive from socketserver::BaseRequestHandler");
  return [](Request& request, const Address& client_address, BaseServer& server) {
    if constexpr (std::is_constructible_v<H, Request&, const Address&, BaseServer&>) {
      H instance(request, client_address, server);
      instance.run();
    } else {
      detail::HandlerContextGuard context(request, client_address, server);
      H instance;
      instance.run();
    }
  };
}

} // namespace socketserver
