#include "socketserver/detail/event_engine.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <utility>

#include "socketserver/base_server.hpp"
#include "socketserver/detail/deadline.hpp"
#include "socketserver/detail/diagnostics.hpp"
#include "socketserver/detail/event_connection.hpp"
#include "socketserver/detail/event_loop.hpp"
#include "socketserver/detail/server_access.hpp"
#include "socketserver/thread_name.hpp"

namespace socketserver::detail {

namespace {

// Accepts at most this many connections per turn of the serving loop, so that a storm of
// connects cannot starve the connections the serving thread's own loop serves.
constexpr int accepts_per_turn = 64;

} // namespace

EventEngine::EventEngine(BaseServer& server, const EventHandlerFactory& factory)
    : server_(server), factory_(factory) {}

EventEngine::~EventEngine() { stop_loops(); }

ServerObserver* EventEngine::observer() const noexcept { return server_.observer(); }

std::unique_ptr<EventHandler> EventEngine::make_handler() const {
  if (!factory_)
    throw std::logic_error("no EventHandlerClass: construct the server with event_handler<H>()");
  std::unique_ptr<EventHandler> handler = factory_();
  if (!handler)
    throw std::logic_error("EventHandlerClass made no handler");
  return handler;
}

void EventEngine::serve(Seconds poll_interval, const EventSettings& settings) {
  settings_ = settings;
  settings_.loops = std::max<std::size_t>(settings_.loops, 1);
  struct StopLoopsOnExit {
    EventEngine& engine;
    ~StopLoopsOnExit() { engine.stop_loops(); }
  } stop_on_exit{*this};

  for (std::size_t i = 0; i < settings_.loops; ++i)
    loops_.push_back(std::make_unique<EventLoop>(*this));
  loops_[0]->watch(ServerAccess::wakeup_fileno(server_), &wakeup_tag_);
  for (std::size_t i = 1; i < loops_.size(); ++i) {
    threads_.emplace_back([this, i] {
      set_current_thread_name("EventLoop-" + std::to_string(i));
      // serve_forever() waits for this thread: shutdown() from here must not wait for it.
      const ServerAccess::ServingThreadScope serving(server_);
      try {
        loops_[i]->run_until_stopped();
      } catch (...) {
        write_stderr("event loop " + std::to_string(i) + " stopped: " + current_exception_text() +
                     "\n");
      }
    });
  }

  const auto on_watched = [this](const void* tag) {
    if (tag == &listen_tag_)
      accept_burst();
    else
      ServerAccess::take_wakeup(server_); // shutdown(): the loop condition sees it next
  };
  while (!ServerAccess::stop_requested(server_)) {
    // Out of descriptors, accept() pauses: stop watching the listening socket meanwhile, or
    // the waiting connection would keep it readable and the loop would spin.
    const bool paused = ServerAccess::accept_pause_left(server_).has_value();
    if (paused && listening_watched_) {
      loops_[0]->unwatch(server_.fileno());
      listening_watched_ = false;
    } else if (!paused && !listening_watched_) {
      loops_[0]->watch(server_.fileno(), &listen_tag_);
      listening_watched_ = true;
    }
    loops_[0]->run_once(serving_timeout_ms(poll_interval), on_watched);
    server_.service_actions();
  }
  drain_connections(on_watched);
}

void EventEngine::drain_connections(const std::function<void(const void*)>& on_watched) {
  if (!settings_.shutdown_grace || open_connections_.load() == 0)
    return;
  // No new connections: those waiting in the backlog are refused when the server closes.
  if (listening_watched_) {
    loops_[0]->unwatch(server_.fileno());
    listening_watched_ = false;
  }
  const Deadline until(settings_.shutdown_grace);
  // Other loops end their connections on their own threads without waking this one: look
  // again every few milliseconds.
  constexpr int recheck_ms = 10;
  while (open_connections_.load() > 0) {
    if (until.expired())
      return; // stop_loops() ends the rest
    const int left_ms = until.poll_milliseconds();
    loops_[0]->run_once(left_ms < 0 ? recheck_ms : std::min(recheck_ms, left_ms), on_watched);
  }
}

int EventEngine::serving_timeout_ms(Seconds poll_interval) const {
  return Deadline::earlier(Deadline(poll_interval),
                           Deadline(ServerAccess::accept_pause_left(server_)))
      .poll_milliseconds();
}

void EventEngine::accept_burst() {
  for (int i = 0; i < accepts_per_turn; ++i) {
    if (!ServerAccess::handle_request_noblock(server_) || ServerAccess::accept_pause_left(server_))
      return;
  }
}

void EventEngine::stop_loops() noexcept {
  for (std::size_t i = 1; i < loops_.size(); ++i)
    loops_[i]->request_stop();
  for (std::thread& thread : threads_)
    thread.join();
  threads_.clear();
  // Every loop thread has ended: the serving thread ends their connections.
  for (auto& loop : loops_)
    loop->close_all();
  loops_.clear();
  listening_watched_ = false;
}

void EventEngine::adopt(Request& request, const Address& client, const EventSettings& settings) {
  request.socket().setblocking(false); // before the move: a failure leaves the request here
  auto connection = std::make_unique<EventConnection>(*this, std::move(request), client);
  if (loops_.empty()) {
    // handle_request(): no loops run; serve this one connection to its end, as Python's
    // synchronous handle_request() does.
    settings_ = settings;
    EventLoop local(*this);
    local.open(std::move(connection));
    while (!local.empty())
      local.run_once(-1, {});
    return;
  }
  EventLoop& target = *loops_[next_loop_++ % loops_.size()];
  ++open_connections_;
  try {
    if (&target == loops_.front().get())
      target.open(std::move(connection));
    else
      target.post(std::move(connection));
  } catch (...) {
    --open_connections_;
    throw;
  }
}

void EventEngine::run_datagram(Request& request, const Address& client) {
  EventConnection connection(*this, &request, client);
  connection.make_handler();
  EventHandler& handler = connection.handler();
  try {
    handler.on_connect();
    handler.on_data(request.packet());
  } catch (...) {
    connection.begin_finish();
    try {
      handler.on_close();
    } catch (...) {
      // The first error is the one reported.
    }
    throw;
  }
  connection.begin_finish();
  handler.on_close();
}

std::string EventEngine::handle_error(Request& request, const Address& client) const {
  std::string detail = current_exception_text();
  try {
    std::rethrow_exception(std::current_exception());
  } catch (const std::exception&) {
    try {
      server_.handle_error(request, client);
    } catch (...) {
      write_stderr("exception in handle_error() for request from " + client.to_string() + ": " +
                   current_exception_text() + "\n");
    }
  } catch (...) {
    // Not a std::exception: reported, not passed to handle_error(), as in the threaded model.
    write_stderr("Uncaught exception in the request for " + client.to_string() + ": " + detail +
                 "\n");
  }
  return detail;
}

void EventEngine::end_request(Request& request, RequestOutcome outcome, std::string detail) const {
  if (!loops_.empty())
    --open_connections_; // a connection adopt() handed to a loop
  try {
    server_.shutdown_request(request);
  } catch (...) {
    if (outcome == RequestOutcome::Completed) {
      outcome = RequestOutcome::Error;
      detail = current_exception_text();
    }
  }
  ServerAccess::report_finished(server_, request, outcome, detail);
}

} // namespace socketserver::detail
