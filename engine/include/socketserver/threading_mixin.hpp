/// @file
/// Public header. ThreadingMixIn: Python's socketserver.ThreadingMixIn — each request runs on
/// a new thread — and the Threading* aliases.
///
/// @code{.cpp}
///   socketserver::ThreadingTCPServer server{"127.0.0.1:0", socketserver::handler<Echo>()};
///   std::thread serving{[&] { server.serve_forever(); }};
///   ...
///   server.shutdown(); serving.join(); server.server_close();
/// @endcode
///
/// daemon_threads and block_on_close mean what they mean in Python: server_close() waits for
/// the request threads only when block_on_close is true and daemon_threads false. Unlike
/// Python, the destructor always waits for every request thread, because they use the server.
/// Finished threads leave nothing behind (no unbounded growth). A subclass whose hooks use its
/// own members must call server_close() in its own destructor (with block_on_close true):
/// request threads may otherwise call its overrides after that part of the object is gone.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "socketserver/detail/handed_off_request.hpp"
#include "socketserver/detail/server_access.hpp"
#include "socketserver/detail/thread_group.hpp"
#include "socketserver/errors.hpp"
#include "socketserver/tcp_server.hpp"
#include "socketserver/udp_server.hpp"
#include "socketserver/unix_server.hpp"

namespace socketserver {

/// Python's socketserver.ThreadingMixIn over `Server` (TCPServer, UDPServer or a Unix
/// server): process_request() runs each request on a new thread. Details in
/// threading_mixin.hpp.
// NOLINTNEXTLINE(cppcoreguidelines-virtual-class-destructor): virtual through Server (override)
template <class Server> class ThreadingMixIn : public Server {
public:
  /// Takes `Server`'s constructor arguments.
  template <class... Args>
  explicit ThreadingMixIn(Args&&... args) : Server(std::forward<Args>(args)...) {}
  ~ThreadingMixIn() override = default; // threads_ waits for every request thread

  /// Python: "Decides how threads will act upon termination of the main process."
  bool daemon_threads = false;
  /// server_close() waits for the request threads.
  bool block_on_close = true;

  /// Starts a new thread to process the request. Throws OverloadError when the system
  /// cannot create one: the request is then refused visibly (handle_error(),
  /// shutdown_request(), RequestOutcome::Overloaded).
  void process_request(Request& request, const Address& client_address) override {
    auto task = detail::hand_off(request, client_address);
    try {
      threads_.spawn([this, task] { process_request_thread(task->request, task->client); },
                     !daemon_threads && block_on_close);
    } catch (const std::system_error& error) {
      request = std::move(task->request); // back to the caller, which reports and closes it
      throw OverloadError(std::string("cannot start a thread for the request: ") + error.what());
    }
  }

  /// Same as BaseServer::process_request but on the request's thread; errors go to
  /// handle_error() there. May be overridden.
  virtual void process_request_thread(Request& request, const Address& client_address) {
    detail::ServerAccess::process_request_to_end(*this, request, client_address);
  }

  /// May be extended, do not override. From a request thread, the socket is closed and
  /// std::logic_error is thrown instead of waiting for the request threads (its own among
  /// them), as Python raises RuntimeError("cannot join current thread").
  void server_close() override {
    Server::server_close();
    threads_.join_tracked();
  }

  /// Request threads running now (Python: len(server._threads) of the live ones).
  std::size_t active_threads() const { return threads_.active(); }

private:
  detail::ThreadGroup threads_;
};

/// Python's socketserver.ThreadingTCPServer: a thread per connection.
using ThreadingTCPServer = ThreadingMixIn<TCPServer>;
/// Python's socketserver.ThreadingUDPServer: a thread per datagram.
using ThreadingUDPServer = ThreadingMixIn<UDPServer>;
/// Python's socketserver.ThreadingUnixStreamServer: a thread per connection.
using ThreadingUnixStreamServer = ThreadingMixIn<UnixStreamServer>;
/// Python's socketserver.ThreadingUnixDatagramServer: a thread per datagram.
using ThreadingUnixDatagramServer = ThreadingMixIn<UnixDatagramServer>;

} // namespace socketserver
