#include "socketserver/detail/event_loop.hpp"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socketserver/base_server.hpp"
#include "socketserver/detail/deadline.hpp"
#include "socketserver/detail/diagnostics.hpp"
#include "socketserver/detail/event_engine.hpp"
#include "socketserver/detail/transport.hpp"
#include "socketserver/errors.hpp"

namespace socketserver::detail {

namespace {

using Clock = std::chrono::steady_clock;

// One read takes at most this much: large enough that a bulk transfer needs few calls, and
// shared by every connection of the loop, so it costs nothing per connection.
constexpr std::size_t read_buffer_size = std::size_t{64} * 1024;
constexpr int events_per_wait = 256;

[[noreturn]] void throw_errno(const char* operation) {
  throw SocketError(errno, describe_errno(errno, operation, {}));
}

/// "2.5 s", "30 s": the idle timeout as a person writes it.
std::string seconds_text(Seconds seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", seconds.count());
  return text;
}

/// For epoll_wait(): the milliseconds until `when`, rounded up (a wait never ends just before
/// it), 0 once it passed, at most INT_MAX (a longer wait wakes once and waits again).
int milliseconds_until(Clock::time_point when) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(
      std::max(when - Clock::now(), Clock::duration::zero()));
  return static_cast<int>(std::min<long long>(left.count(), INT_MAX));
}

/// What a connection's reading waits for: input, or — when TLS must write before it reads on
/// (EventConnection::input_waits_for_output()) — the socket taking output.
std::uint32_t input_events(const EventConnection& connection) {
  return connection.input_waits_for_output() ? EPOLLOUT : EPOLLIN;
}

} // namespace

EventLoop::EventLoop(EventEngine& engine)
    : engine_(engine), epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)),
      thread_(std::this_thread::get_id()), read_buffer_(new char[read_buffer_size]) {
  if (!epoll_fd_)
    throw_errno("epoll_create1");
  wake_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_fd_)
    throw_errno("eventfd");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = this; // the loop itself stands for its wake-up descriptor
  if (::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, wake_fd_.get(), &event) != 0)
    throw_errno("epoll_ctl");
}

EventLoop::~EventLoop() { close_all(); }

void EventLoop::assert_in_loop_thread() const noexcept {
  assert(thread_ == std::this_thread::get_id() && "EventLoop used off its own thread");
}

void EventLoop::watch(int fd, const void* tag) {
  assert_in_loop_thread();
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = const_cast<void*>(tag);
  const auto known = std::find_if(watched_.begin(), watched_.end(),
                                  [fd](const Watched& entry) { return entry.fd == fd; });
  if (::epoll_ctl(epoll_fd_.get(), known == watched_.end() ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd,
                  &event) != 0)
    throw_errno("epoll_ctl");
  if (known == watched_.end())
    watched_.push_back({fd, tag});
  else
    known->tag = tag;
}

void EventLoop::unwatch(int fd) {
  assert_in_loop_thread();
  const auto known = std::find_if(watched_.begin(), watched_.end(),
                                  [fd](const Watched& entry) { return entry.fd == fd; });
  if (known == watched_.end())
    return;
  watched_.erase(known);
  epoll_event event{};
  ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, fd, &event); // ENOENT/EBADF once it closed
}

bool EventLoop::is_watched_tag(const void* tag) const noexcept {
  return std::any_of(watched_.begin(), watched_.end(),
                     [tag](const Watched& entry) { return entry.tag == tag; });
}

void EventLoop::post(std::unique_ptr<EventConnection> connection) {
  bool was_empty;
  {
    std::lock_guard lock(posted_mutex_);
    was_empty = posted_.empty();
    posted_.push_back(std::move(connection));
  }
  if (was_empty) // one wake-up covers every connection posted before the loop looks
    wake();
}

void EventLoop::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto ignored = ::write(wake_fd_.get(), &one, sizeof one);
}

void EventLoop::request_stop() {
  stop_ = true;
  wake();
}

void EventLoop::open(std::unique_ptr<EventConnection> owned) {
  assert_in_loop_thread();
  EventConnection& connection = *owned.release();
  connection.next = first_;
  if (first_)
    first_->previous = &connection;
  first_ = &connection;
  ++count_;
  connection.attach(*this, ++next_key_);
  connection.last_activity = Clock::now();
  try {
    if (!connection.handshaking()) // a TLS connection's handler is made once it is secure
      connection.make_handler();
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = &connection;
    if (::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, connection.fd(), &event) != 0)
      throw_errno("epoll_ctl");
    connection.registered_events = EPOLLIN;
  } catch (...) {
    fail(connection);
    return;
  }
  if (connection.handshaking()) {
    begin_handshake(connection);
    return;
  }
  if (guarded(connection, [&] { connection.handler().on_connect(); }))
    settle(connection);
}

void EventLoop::begin_handshake(EventConnection& connection) {
  if (const auto limit = connection.transport()->handshake_timeout()) {
    const auto delay =
        std::chrono::ceil<std::chrono::milliseconds>(std::min(*limit, longest_timeout()));
    // Runs through guarded(): the exception ends the request as any failure does.
    add_timer(connection, delay, [&connection, limit] {
      if (connection.handshaking())
        throw TimeoutError("TLS handshake with " + connection.client().to_string() +
                           " timed out after " + seconds_text(*limit) +
                           ": the client did not complete it");
    });
  }
  advance_handshake(connection);
}

void EventLoop::advance_handshake(EventConnection& connection) {
  try {
    if (!connection.transport()->handshake(connection.request().socket().traffic_reporting())) {
      settle(connection); // waits for what the handshake wants
      return;
    }
    connection.make_handler();
  } catch (...) {
    fail(connection);
    return;
  }
  if (guarded(connection, [&] { connection.handler().on_connect(); }))
    settle(connection);
}

void EventLoop::open_posted() {
  std::vector<std::unique_ptr<EventConnection>> posted;
  {
    std::lock_guard lock(posted_mutex_);
    posted.swap(posted_);
  }
  for (auto& connection : posted)
    open(std::move(connection));
}

int EventLoop::wait_milliseconds(int timeout_ms) const {
  // Each turn computes the wait afresh from deadlines, so an interrupted wait (EINTR) counts
  // only the time left.
  std::optional<Clock::time_point> until = timers_.next_deadline();
  if (engine_.settings().idle_timeout && first_ != nullptr)
    until = until ? std::min(*until, next_idle_check_) : next_idle_check_;
  if (!until)
    return timeout_ms;
  const int until_ms = milliseconds_until(*until);
  return timeout_ms < 0 ? until_ms : std::min(timeout_ms, until_ms);
}

void EventLoop::run_once(int timeout_ms, const std::function<void(const void* tag)>& on_watched) {
  assert_in_loop_thread();
  epoll_event events[events_per_wait];
  int ready = ::epoll_wait(epoll_fd_.get(), events, events_per_wait, wait_milliseconds(timeout_ms));
  if (ready < 0) {
    if (errno != EINTR)
      throw_errno("epoll_wait");
    ready = 0; // a signal: the timers and the idle check may still be due
  }
  for (int i = 0; i < ready; ++i) {
    void* tag = events[i].data.ptr;
    if (tag == this) {
      std::uint64_t count;
      [[maybe_unused]] const auto ignored = ::read(wake_fd_.get(), &count, sizeof count);
      open_posted();
    } else if (is_watched_tag(tag)) {
      if (on_watched)
        on_watched(tag);
    } else {
      serve(*static_cast<EventConnection*>(tag), events[i].events);
    }
  }
  run_timers();
  if (engine_.settings().idle_timeout && Clock::now() >= next_idle_check_)
    close_idle();
}

void EventLoop::add_timer(EventConnection& connection, std::chrono::milliseconds delay,
                          std::function<void()> callback) {
  assert_in_loop_thread();
  if (!callback)
    throw std::invalid_argument("call_later() without a callback");
  Timed& timed = timed_[connection.timer_key()];
  timed.connection = &connection;
  timers_.add(connection.timer_key(), TimerQueue::deadline_after(delay), std::move(callback));
  ++timed.pending;
}

void EventLoop::run_timers() {
  if (timers_.empty())
    return;
  const auto now = Clock::now();
  const auto before = timers_.next_sequence();
  while (std::optional<TimerQueue::Timer> timer = timers_.pop_due(now, before)) {
    const auto timed = timed_.find(timer->key);
    if (timed == timed_.end())
      continue; // cannot happen: a connection's timers are dropped when it ends
    EventConnection& connection = *timed->second.connection;
    if (--timed->second.pending == 0)
      timed_.erase(timed);
    if (guarded(connection, timer->callback))
      settle(connection);
  }
}

void EventLoop::drop_timers(const EventConnection& connection) {
  const auto timed = timed_.find(connection.timer_key());
  if (timed == timed_.end())
    return;
  timed_.erase(timed);
  timers_.drop(connection.timer_key());
}

void EventLoop::run_until_stopped() {
  thread_ = std::this_thread::get_id(); // built on the serving thread, run on its own
  while (!stop_.load())
    run_once(-1, {});
}

void EventLoop::serve(EventConnection& connection, std::uint32_t events) {
  if (connection.handshaking()) {
    advance_handshake(connection);
    return;
  }
  try {
    if (connection.pending_output() > 0 && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
      connection.flush();
      if (engine_.settings().idle_timeout)
        connection.last_activity = Clock::now();
    }
  } catch (...) {
    fail(connection);
    return;
  }
  if (connection.wants_input() &&
      (events & (input_events(connection) | EPOLLERR | EPOLLHUP)) != 0) {
    if (!read_input(connection))
      return;
  } else if (!connection.wants_input() && connection.pending_output() == 0 &&
             (events & (EPOLLHUP | EPOLLERR)) != 0) {
    // The peer is gone both ways and nothing is left to send: nothing can happen any more
    // (and a level-triggered hang-up would otherwise be reported on every turn).
    finish(connection, RequestOutcome::Completed, {});
    return;
  }
  settle(connection);
}

bool EventLoop::read_input(EventConnection& connection) {
  long n = 0;
  try {
    // Over TLS, one read returns at most one record (16 KiB), less than the buffer: nothing
    // decrypted is left behind for a readiness that would never come.
    n = connection.read_some(read_buffer_.get(), read_buffer_size);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      throw SocketError(errno, describe_errno(errno, "recv", connection.client().to_string()));
  } catch (...) {
    fail(connection);
    return false;
  }
  if (n > 0) {
    const std::string_view data(read_buffer_.get(), static_cast<std::size_t>(n));
    if (ServerObserver* observer = engine_.observer())
      observer->on_bytes_received(connection.request().id(), data);
    if (engine_.settings().idle_timeout)
      connection.last_activity = Clock::now();
    return guarded(connection, [&] { connection.handler().on_data(data); });
  }
  if (n == 0) {
    connection.mark_eof();
    return guarded(connection, [&] { connection.handler().on_eof(); });
  }
  return true;
}

template <class Callback>
bool EventLoop::guarded(EventConnection& connection, Callback&& callback) {
  try {
    callback();
    return true;
  } catch (...) {
    fail(connection);
    return false;
  }
}

void EventLoop::fail(EventConnection& connection) {
  const std::string detail = engine_.handle_error(connection.request(), connection.client());
  finish(connection, RequestOutcome::Error, detail);
}

void EventLoop::settle(EventConnection& connection) {
  if (connection.ready_to_close()) {
    finish(connection, RequestOutcome::Completed, {});
    return;
  }
  std::uint32_t wanted = 0;
  if (connection.handshaking()) {
    wanted = connection.transport()->wanted() == POLLOUT ? EPOLLOUT : EPOLLIN;
  } else {
    if (connection.wants_input())
      wanted |= input_events(connection);
    if (connection.pending_output() > 0)
      wanted |= EPOLLOUT;
  }
  if (wanted == connection.registered_events)
    return;
  epoll_event event{};
  event.events = wanted;
  event.data.ptr = &connection;
  if (::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_MOD, connection.fd(), &event) != 0) {
    try {
      throw_errno("epoll_ctl");
    } catch (...) {
      fail(connection);
      return;
    }
  }
  connection.registered_events = wanted;
}

void EventLoop::finish(EventConnection& connection, RequestOutcome outcome,
                       const std::string& detail) {
  if (!connection.begin_finish())
    return;
  drop_timers(connection); // before on_close(): no timer of this request runs after it
  // Explicitly: the console keeps a duplicate of the descriptor, and epoll forgets a socket
  // only when its last descriptor closes.
  epoll_event unused{};
  ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, connection.fd(), &unused);
  std::string final_detail = detail;
  if (connection.has_handler()) {
    try {
      connection.handler().on_close();
    } catch (...) {
      const std::string error = engine_.handle_error(connection.request(), connection.client());
      if (outcome == RequestOutcome::Completed) {
        outcome = RequestOutcome::Error;
        final_detail = error;
      }
    }
    connection.drop_handler();
  }
  engine_.end_request(connection.request(), outcome, std::move(final_detail));

  if (connection.previous)
    connection.previous->next = connection.next;
  else
    first_ = connection.next;
  if (connection.next)
    connection.next->previous = connection.previous;
  --count_;
  delete &connection;
}

void EventLoop::close_idle() {
  const Seconds idle = std::min(*engine_.settings().idle_timeout, longest_timeout());
  const auto limit = std::chrono::duration_cast<Clock::duration>(idle);
  const auto now = Clock::now();
  for (EventConnection* connection = first_; connection != nullptr;) {
    EventConnection* next = connection->next;
    if (now - connection->last_activity >= limit) {
      try {
        throw TimeoutError("connection from " + connection->client().to_string() +
                           " closed: idle for " + seconds_text(idle));
      } catch (...) {
        fail(*connection);
      }
    }
    connection = next;
  }
  // Checked a few times per timeout, so a connection lives at most about 1.25 timeouts idle.
  next_idle_check_ = now + std::clamp(limit / 4, Clock::duration(std::chrono::milliseconds(5)),
                                      Clock::duration(std::chrono::seconds(1)));
}

void EventLoop::close_all() {
  thread_ = std::this_thread::get_id(); // the loop's thread has ended (or is this one)
  {
    std::vector<std::unique_ptr<EventConnection>> posted;
    {
      std::lock_guard lock(posted_mutex_);
      posted.swap(posted_);
    }
    for (auto& connection : posted) {
      connection->begin_finish();
      engine_.end_request(connection->request(), RequestOutcome::Error,
                          "server stopped before the request was served");
    }
  }
  while (first_ != nullptr) {
    EventConnection& connection = *first_;
    try {
      connection.flush();
    } catch (...) {
      // The peer is gone; the request ends all the same.
    }
    finish(connection, RequestOutcome::Completed, {});
  }
}

} // namespace socketserver::detail
