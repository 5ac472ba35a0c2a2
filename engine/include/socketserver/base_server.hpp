/// @file
/// Public header. BaseServer: Python's socketserver.BaseServer, the template method every
/// server shares: get_request -> verify_request -> process_request -> finish_request ->
/// shutdown_request -> close_request, with the same hooks, defaults and order of calls.
///
/// Not used directly: TCPServer, UDPServer and the Unix servers derive from it, and the
/// mixins (ThreadingMixIn, ForkingMixIn, ThreadPoolMixIn) choose where each request runs.
///
/// Hooks are virtual and documented as Python documents them: "may be overridden" (replace
/// freely) or "may be extended, do not override" (call the base version).
///
/// Differences from Python, on purpose:
///  - shutdown() wakes serve_forever() at once (a self-pipe) instead of after poll_interval.
///  - shutdown() never deadlocks. From a thread that serve_forever() does not wait for (your
///    own thread, a request thread of ThreadingMixIn or ThreadPoolMixIn) it asks
///    serve_forever() to stop and waits until it has returned, as Python's does. From a thread
///    serve_forever() itself runs or waits for (the serving thread: a synchronous handler,
///    service_actions(), an event loop's callback; an event loop's own thread; a forked
///    child) it asks for the stop and returns at once; serve_forever() returns after the
///    current request. Called while nothing serves, it returns at once and the next
///    serve_forever() returns at once.
///  - server_close() while serve_forever() runs stops serving first (as shutdown() does,
///    under the same thread rules), so the listening socket is never closed under a running
///    loop; from an event loop's thread the close itself happens as serve_forever() returns.
///  - serve_forever() and handle_request() on a closed server throw SocketError (EBADF)
///    instead of waiting for ever (Python raises ValueError).
///  - Every timed wait counts the time left: signals (EINTR) do not stretch a timeout, and
///    timeouts of any size are clamped, not overflowed.
///  - The destructor does what server_close() does (Python's `with server:`). It must not run
/// @code{.cpp}
///    while serve_forever() is running on another thread: call shutdown() first.
/// @endcode
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <sys/types.h>

#include "socketserver/address.hpp"
#include "socketserver/detail/unique_fd.hpp"
#include "socketserver/observer.hpp"
#include "socketserver/request.hpp"
#include "socketserver/socket.hpp"

namespace socketserver {

class BaseServer;
namespace detail {
class Deadline;
class ServerAccess;
} // namespace detail

/// Python's RequestHandlerClass: called once per request to serve it. Build one with
/// socketserver::handler<MyHandler>() (request_handler.hpp) or pass any callable of this shape.
using HandlerFactory = std::function<void(Request&, const Address&, BaseServer&)>;

/// Python's socketserver.BaseServer: the serving loop and the per-request template method
/// shared by every server. Abstract (get_request() and fileno()); use TCPServer, UDPServer,
/// the Unix servers or a mixin over them. Hook order and the differences from Python are in
/// base_server.hpp.
class BaseServer {
public:
  /// Constructor. May be extended, do not override.
  BaseServer(Address server_address, HandlerFactory RequestHandlerClass);
  virtual ~BaseServer();
  BaseServer(const BaseServer&) = delete;
  BaseServer& operator=(const BaseServer&) = delete;

  // ---- Attributes (Python's instance and class variables) ----

  /// The address asked for; after server_bind() the real bound address (port 0 resolved).
  Address server_address;
  /// Makes and runs the handler of each request (Python's handler class); see handler<H>().
  HandlerFactory RequestHandlerClass;
  /// handle_request() waits at most this long, then calls handle_timeout(). nullopt = forever.
  std::optional<Seconds> timeout;

  // ---- Methods for the caller ----

  /// Handles one request at a time until shutdown(). Every poll_interval (and after each
  /// request) calls service_actions(). Ignores `timeout`. Serving thread only. Throws
  /// SocketError (EBADF) once server_close() has been called.
  void serve_forever(Seconds poll_interval = Seconds{0.5});
  /// Stops serve_forever(): waits until it has returned, or, from a thread it runs on or
  /// waits for, asks and returns at once (base_server.hpp). Thread safe; never deadlocks.
  void shutdown();
  /// Handles one request, waiting for it at most the smaller of `timeout` and the listening
  /// socket's timeout, as Python does (then handle_timeout()). Throws SocketError (EBADF)
  /// once server_close() has been called.
  void handle_request();
  /// The listening (or datagram) descriptor, for a selector; -1 once closed.
  virtual int fileno() const = 0;

  // ---- Methods that may be overridden ----

  /// Called by the constructor to activate the server (listen). May be overridden.
  virtual void server_activate() {}
  /// Accepts a connection or receives a datagram. May be overridden.
  virtual std::pair<Request, Address> get_request() = 0;
  /// Called when handle_request() saw no request within `timeout`. May be overridden.
  virtual void handle_timeout() {}
  /// Return false to refuse the request; it still goes through shutdown_request().
  /// May be overridden: access control lives here.
  virtual bool verify_request(Request& request, const Address& client_address);
  /// Runs the request: finish_request() then shutdown_request(). Overridden by the mixins,
  /// which may move the request elsewhere (it is then empty when this returns).
  virtual void process_request(Request& request, const Address& client_address);
  /// Creates the handler (RequestHandlerClass) for the request and runs it.
  virtual void finish_request(Request& request, const Address& client_address);
  /// Shuts down and closes one request. May be overridden.
  virtual void shutdown_request(Request& request);
  /// Cleans up one request. May be overridden.
  virtual void close_request(Request& request);
  /// Called by serve_forever() on every loop. May be overridden (call the base in mixins).
  virtual void service_actions() {}
  /// Called, inside the catch block, when handling a request threw a std::exception; the
  /// exception is std::current_exception(). Default: a message on stderr naming the client
  /// and the exception; serving continues. May be overridden (rethrow to stop serving).
  virtual void handle_error(Request& request, const Address& client_address);
  /// Releases the server's resources. Idempotent. May be extended, do not override.
  virtual void server_close() {}

  // ---- Observing (beyond Python) ----

  /// Reports this server's events to `observer` (not owned; must outlive the server). Set it
  /// before serving starts; nullptr turns reporting off.
  void set_observer(ServerObserver* observer) noexcept { observer_ = observer; }
  /// The observer set by set_observer(), or nullptr.
  ServerObserver* observer() const noexcept { return observer_; }
  /// True while serve_forever() runs. Thread safe.
  bool serving() const noexcept { return serving_.load(); }
  /// The id of the next request: what Request::id() returns and the observer reports. By
  /// default each server counts its own requests from 1. May be overridden to draw ids from a
  /// sequence several servers share, so that one id names one request among all of them (the
  /// console does). Called once per request, where the request is taken (the serving thread,
  /// or a caller of handle_request()). Must never return 0 ("no request").
  virtual RequestId new_request_id() { return next_request_id_++; }

private:
  // Engine internals, reached by the mixins and the event engine through one door
  // (detail::ServerAccess), so that a subclass sees Python's hooks and nothing else.
  friend class detail::ServerAccess;

  /// The body of serve_forever(), between its start and stop bookkeeping: waits for requests
  /// and handles them until the stop is asked, calling service_actions() on every turn. The
  /// event-driven servers override it.
  virtual void serve_loop(Seconds poll_interval);
  /// A descriptor polled beside fileno() while serving or waiting in handle_request()
  /// (forked children's events); handle_auxiliary() runs when it is readable. -1 = none.
  virtual int auxiliary_fileno() const { return -1; }
  /// Called on the serving thread when auxiliary_fileno() is readable.
  virtual void handle_auxiliary() {}
  /// The listening socket's own timeout, for handle_request(); nullopt = blocking.
  virtual std::optional<Seconds> listening_timeout() const { return std::nullopt; }

  /// Python's _handle_request_noblock: one request, the listening descriptor being readable.
  /// Returns false when get_request() found nothing to take (or failed), true otherwise.
  bool handle_request_noblock();
  /// Waits until `deadline` for fileno() to be readable, servicing the auxiliary
  /// descriptor and the wake-up pipe meanwhile. True when a request is waiting.
  bool wait_for_request(const detail::Deadline& deadline);
  /// Empties the wake-up pipe; a byte there is a stop request (a forked child's shutdown()
  /// can only ask that way). True when it held any.
  bool take_wakeup() noexcept;
  /// Marks the stop as asked and wakes the serving loop.
  void request_stop() noexcept;
  /// How long accept() stays paused after running out of descriptors; nullopt when it is not.
  std::optional<Seconds> accept_pause_left() const;
  /// After accept() ran out of descriptors: stop polling the listening socket for a while, so
  /// the loop neither spins nor stops. The pause doubles while nothing could be taken, and
  /// starts again from the shortest after the waiting connection was refused (progress).
  void back_off_accepting();
  bool accepting_paused() const;
  /// Runs a request that has left the serving thread to its end: finish_request(), then
  /// handle_error() on a std::exception, then shutdown_request(), then reports the outcome.
  /// Exceptions not derived from std::exception are not passed to handle_error() (Python
  /// passes only Exception); they are reported and the outcome is Error.
  /// Returns true when finish_request() completed.
  bool process_request_to_end(Request& request, const Address& client_address);
  /// Reports the request's last event (if it is still attached) and detaches it.
  void report_finished(Request& request, RequestOutcome outcome, std::string_view detail = {});
  /// Reports the last event of request `id` (a forked child's, seen from the parent).
  void report_finished(RequestId id, RequestOutcome outcome, std::string_view detail = {});
  /// Reports a notice to the observer, if any.
  void report_notice(RequestId id, std::string_view message);
  /// Before the listening socket closes: stops a running serve_forever() first. False when
  /// the close must wait until serve_forever() returns (called from an event loop thread).
  bool stop_serving_before_close();
  /// True on a thread serve_forever() runs on or waits for (see shutdown()).
  bool serves_on_this_thread() const;
  /// True in a process forked while this server was serving.
  bool in_forked_child() const noexcept;
  void finish_serving() noexcept;
  [[noreturn]] void throw_closed(const char* operation) const;

  ServerObserver* observer_ = nullptr;
  std::atomic<RequestId> next_request_id_{1};
  detail::UniqueFd wakeup_read_;
  detail::UniqueFd wakeup_write_;
  std::atomic<bool> shutdown_request_{false};
  std::atomic<bool> serving_{false};
  std::atomic<bool> close_after_serving_{false};
  std::atomic<pid_t> serving_pid_{0};
  std::thread::id serving_thread_;
  std::mutex state_mutex_;
  std::condition_variable shut_down_;
  std::chrono::steady_clock::time_point accept_paused_until_{};
  std::chrono::milliseconds accept_backoff_{0};
  bool refused_for_lack_of_descriptors_ = false; // serving thread only
};

} // namespace socketserver
