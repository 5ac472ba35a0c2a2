#include "socketserver/base_server.hpp"

#include <cerrno>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "socketserver/detail/deadline.hpp"
#include "socketserver/detail/diagnostics.hpp"
#include "socketserver/detail/server_access.hpp"
#include "socketserver/errors.hpp"

namespace socketserver {

using detail::current_exception_text;
using detail::write_stderr;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds first_accept_backoff{10};
constexpr std::chrono::milliseconds longest_accept_backoff{1000};

/// The server whose loop this thread runs (an event loop's thread), if any.
thread_local const BaseServer* serving_here = nullptr;

} // namespace

detail::ServerAccess::ServingThreadScope::ServingThreadScope(const BaseServer& server) noexcept
    : previous_(serving_here) {
  serving_here = &server;
}

detail::ServerAccess::ServingThreadScope::~ServingThreadScope() { serving_here = previous_; }

BaseServer::BaseServer(Address server_address_, HandlerFactory handler_factory)
    : server_address(std::move(server_address_)), RequestHandlerClass(std::move(handler_factory)) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
    throw SocketError(errno, describe_errno(errno, "pipe", {}));
  wakeup_read_.reset(fds[0]);
  wakeup_write_.reset(fds[1]);
}

BaseServer::~BaseServer() = default;

void BaseServer::throw_closed(const char* operation) const {
  throw SocketError(EBADF, std::string(operation) + " on " + server_address.to_string() +
                               ": the server is closed (server_close() was called)");
}

void BaseServer::serve_forever(Seconds poll_interval) {
  if (fileno() < 0)
    throw_closed("serve_forever()");
  {
    std::lock_guard lock(state_mutex_);
    if (shutdown_request_.exchange(false))
      return; // shutdown() came first: honour it
    serving_ = true;
    serving_thread_ = std::this_thread::get_id();
    serving_pid_ = ::getpid();
  }
  if (observer_)
    observer_->on_server_started(server_address);
  try {
    serve_loop(poll_interval);
  } catch (...) {
    if (observer_)
      observer_->on_server_failed(current_exception_text());
    finish_serving();
    throw;
  }
  // Reported before finish_serving() releases shutdown(): once shutdown() returns, the caller
  // may destroy the server and its observer.
  if (observer_)
    observer_->on_server_stopped();
  finish_serving();
}

void BaseServer::serve_loop(Seconds poll_interval) {
  while (!shutdown_request_.load()) {
    if (fileno() < 0)
      throw_closed("serve_forever()");
    const bool ready = wait_for_request(detail::Deadline(poll_interval));
    if (shutdown_request_.load())
      break;
    if (ready)
      handle_request_noblock();
    service_actions();
  }
}

void BaseServer::finish_serving() noexcept {
  {
    std::lock_guard lock(state_mutex_);
    shutdown_request_ = false;
    serving_ = false;
    serving_thread_ = {};
    take_wakeup();
    shut_down_.notify_all();
  }
  // server_close() from an event loop's thread left the close to now, off every loop.
  if (close_after_serving_.exchange(false)) {
    try {
      server_close();
    } catch (...) {
      write_stderr("server_close() after serving: " + current_exception_text() + "\n");
    }
  }
}

bool BaseServer::in_forked_child() const noexcept {
  const pid_t serving_pid = serving_pid_.load();
  return serving_pid != 0 && serving_pid != ::getpid();
}

bool BaseServer::serves_on_this_thread() const {
  return serving_here == this || serving_thread_ == std::this_thread::get_id();
}

void BaseServer::request_stop() noexcept {
  shutdown_request_ = true;
  const char byte = 1;
  [[maybe_unused]] const auto ignored = ::write(wakeup_write_.get(), &byte, 1);
}

void BaseServer::shutdown() {
  if (in_forked_child()) {
    // The serving loop is in the parent: only the inherited wake-up pipe reaches it. (No
    // lock here: another thread of the parent may have held it at fork().)
    request_stop();
    return;
  }
  std::unique_lock lock(state_mutex_);
  if (!serving_) {
    shutdown_request_ = true; // nothing to wait for; the next serve_forever() returns at once
    return;
  }
  request_stop();
  if (serves_on_this_thread())
    return; // serve_forever() is below us on this stack, or waits for this thread
  shut_down_.wait(lock, [this] { return !serving_; });
}

bool BaseServer::stop_serving_before_close() {
  if (in_forked_child())
    return true; // the child's copy of the socket; the parent serves on
  std::unique_lock lock(state_mutex_);
  if (!serving_)
    return true;
  request_stop();
  if (serving_thread_ == std::this_thread::get_id())
    return true; // nothing else reads the socket; the loop ends after this request
  if (serving_here == this) {
    close_after_serving_ = true; // an event loop's thread: the serving thread still polls it
    return false;
  }
  shut_down_.wait(lock, [this] { return !serving_; });
  return true;
}

bool BaseServer::take_wakeup() noexcept {
  bool woken = false;
  char buffer[64];
  while (::read(wakeup_read_.get(), buffer, sizeof buffer) > 0)
    woken = true;
  return woken;
}

void BaseServer::handle_request() {
  if (fileno() < 0)
    throw_closed("handle_request()");
  // Python: the smaller of the listening socket's timeout and self.timeout.
  const detail::Deadline deadline =
      detail::Deadline::earlier(detail::Deadline(timeout), detail::Deadline(listening_timeout()));
  for (;;) {
    if (wait_for_request(deadline)) {
      handle_request_noblock();
      return;
    }
    if (deadline.expired()) {
      handle_timeout();
      return;
    }
  }
}

bool BaseServer::accepting_paused() const {
  return accept_backoff_.count() > 0 && Clock::now() < accept_paused_until_;
}

std::optional<Seconds> BaseServer::accept_pause_left() const {
  if (!accepting_paused())
    return std::nullopt;
  return std::chrono::duration_cast<Seconds>(accept_paused_until_ - Clock::now());
}

void BaseServer::back_off_accepting() {
  const bool progress = std::exchange(refused_for_lack_of_descriptors_, false);
  accept_backoff_ = accept_backoff_.count() == 0 || progress
                        ? first_accept_backoff
                        : std::min(accept_backoff_ * 2, longest_accept_backoff);
  accept_paused_until_ = Clock::now() + accept_backoff_;
}

bool BaseServer::wait_for_request(const detail::Deadline& deadline) {
  const int listening = fileno();
  if (listening < 0)
    throw_closed("serve");
  const int auxiliary = auxiliary_fileno();
  const bool paused = accepting_paused();
  detail::Deadline wait = deadline;
  if (paused)
    wait = detail::Deadline::earlier(wait, detail::Deadline(accept_pause_left()));
  pollfd entries[3] = {{wakeup_read_.get(), POLLIN, 0},
                       {paused ? -1 : listening, POLLIN, 0},
                       {auxiliary, POLLIN, 0}};
  int rc;
  // After a signal, poll again for the time left only: signals must not stretch a timeout.
  while ((rc = ::poll(entries, 3, wait.poll_milliseconds())) < 0 && errno == EINTR) {
  }
  if (rc < 0)
    throw SocketError(errno, describe_errno(errno, "poll", server_address.to_string()));
  if (entries[0].revents != 0 && take_wakeup())
    shutdown_request_ = true; // a forked child's shutdown() asks only this way
  if (auxiliary >= 0 && entries[2].revents != 0)
    handle_auxiliary();
  if (entries[1].fd >= 0 && entries[1].revents != 0) {
    if (entries[1].revents & POLLNVAL)
      throw_closed("serve");
    return true;
  }
  return false;
}

bool BaseServer::handle_request_noblock() {
  std::pair<Request, Address> got;
  try {
    got = get_request();
  } catch (const SocketError& error) {
    const int code = error.code().value();
    if (code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM) {
      back_off_accepting();
      report_notice(0, std::string(error.what()) + "; pausing accept for " +
                           std::to_string(accept_backoff_.count()) + " ms");
    }
    return false; // Python: any OSError from get_request() ends this request quietly
  }
  accept_backoff_ = std::chrono::milliseconds{0};
  auto& [request, client_address] = got;
  request.attach(new_request_id(), observer_);
  if (observer_) {
    observer_->on_request_opened(request.id(), client_address);
    if (request.is_datagram()) {
      if (!request.packet().empty())
        observer_->on_bytes_received(request.id(), request.packet());
      if (request.truncated())
        observer_->on_notice(request.id(),
                             "datagram from " + client_address.to_string() +
                                 " truncated: " + std::to_string(request.received_size()) +
                                 " bytes received, max_packet_size is " +
                                 std::to_string(request.packet().size()));
    }
  }
  if (!verify_request(request, client_address)) {
    try {
      shutdown_request(request);
    } catch (...) {
      report_finished(request, RequestOutcome::Rejected);
      throw;
    }
    report_finished(request, RequestOutcome::Rejected);
    return true;
  }
  try {
    process_request(request, client_address);
  } catch (const std::exception& error) {
    const auto outcome = dynamic_cast<const OverloadError*>(&error) != nullptr
                             ? RequestOutcome::Overloaded
                             : RequestOutcome::Error;
    const std::string detail = error.what();
    try {
      handle_error(request, client_address);
      shutdown_request(request);
    } catch (...) {
      report_finished(request, outcome, detail);
      throw;
    }
    report_finished(request, outcome, detail);
    return true;
  } catch (...) {
    // Python's bare except: clean up and let it propagate out of serving.
    const std::string detail = current_exception_text();
    shutdown_request(request);
    report_finished(request, RequestOutcome::Error, detail);
    throw;
  }
  report_finished(request, RequestOutcome::Completed); // no-op when a mixin took it
  return true;
}

bool BaseServer::process_request_to_end(Request& request, const Address& client_address) {
  bool completed = false;
  RequestOutcome outcome = RequestOutcome::Completed;
  std::string detail;
  try {
    finish_request(request, client_address);
    completed = true;
  } catch (const std::exception& error) {
    outcome = RequestOutcome::Error;
    detail = error.what();
    try {
      handle_error(request, client_address);
    } catch (...) {
      write_stderr("exception in handle_error() for request from " + client_address.to_string() +
                   ": " + current_exception_text() + "\n");
    }
  } catch (...) {
    // Like an exception Python's threads leave to threading.excepthook: reported, not
    // passed to handle_error(), and the server carries on.
    outcome = RequestOutcome::Error;
    detail = current_exception_text();
    write_stderr("Uncaught exception in the request for " + client_address.to_string() + ": " +
                 detail + "\n");
  }
  try {
    shutdown_request(request);
  } catch (...) {
    if (outcome == RequestOutcome::Completed) {
      outcome = RequestOutcome::Error;
      detail = current_exception_text();
    }
  }
  report_finished(request, outcome, detail);
  return completed;
}

void BaseServer::report_finished(Request& request, RequestOutcome outcome,
                                 std::string_view detail) {
  if (!request)
    return;
  const RequestId id = request.id();
  request.release();
  report_finished(id, outcome, detail);
}

void BaseServer::report_finished(RequestId id, RequestOutcome outcome, std::string_view detail) {
  if (observer_)
    observer_->on_request_finished(id, outcome, detail);
}

void BaseServer::report_notice(RequestId id, std::string_view message) {
  if (observer_)
    observer_->on_notice(id, message);
}

bool BaseServer::verify_request(Request&, const Address&) { return true; }

void BaseServer::process_request(Request& request, const Address& client_address) {
  finish_request(request, client_address);
  shutdown_request(request);
}

void BaseServer::finish_request(Request& request, const Address& client_address) {
  if (!RequestHandlerClass)
    throw std::logic_error("no RequestHandlerClass: construct the server with a handler");
  RequestHandlerClass(request, client_address, *this);
}

void BaseServer::shutdown_request(Request& request) { close_request(request); }

void BaseServer::close_request(Request&) {}

void BaseServer::handle_error(Request&, const Address& client_address) {
  const std::string line(40, '-');
  write_stderr(line + "\nException occurred during processing of request from " +
               client_address.to_string() + "\n" + current_exception_text() + "\n" + line + "\n");
}

} // namespace socketserver
