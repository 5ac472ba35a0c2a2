// Internal header. EventLoop: one epoll loop of an event-driven server and the connections it
// serves. Level-triggered; one read per ready connection per turn, so a busy peer cannot
// starve the others; replies are written at once and only what the socket does not take
// waits for EPOLLOUT.
//
// Thread rule: everything but post(), wake() and request_stop() runs on the loop's thread
// (asserted in debug builds, as muduo asserts assertInLoopThread()): the thread that built
// it, the thread of run_until_stopped(), or, after that thread ended, the one of close_all().
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "socketserver/detail/event_connection.hpp"
#include "socketserver/detail/timer_queue.hpp"
#include "socketserver/detail/unique_fd.hpp"
#include "socketserver/observer.hpp"

namespace socketserver::detail {

class EventEngine;

class EventLoop {
public:
  explicit EventLoop(EventEngine& engine);
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  /// Ends the connections still open (close_all()).
  ~EventLoop();

  /// Watches a descriptor that is not a connection (the listening socket, the server's
  /// wake-up pipe): run_once() passes `tag` to its callback when it is readable. Watching
  /// a descriptor again only changes its tag.
  void watch(int fd, const void* tag);
  /// Stops watching `fd`; nothing when it is not watched.
  void unwatch(int fd);

  /// Starts serving `connection` (loop thread): handler, on_connect(), reading.
  void open(std::unique_ptr<EventConnection> connection);
  /// Hands `connection` to this loop from another thread; it opens on the loop's next turn.
  void post(std::unique_ptr<EventConnection> connection);

  /// Waits up to `timeout_ms` (-1 = until something happens) and serves what is ready.
  void run_once(int timeout_ms, const std::function<void(const void* tag)>& on_watched);
  /// The body of a loop thread: run_once() until request_stop().
  void run_until_stopped();
  /// Makes run_until_stopped() return. Any thread.
  void request_stop();
  /// Interrupts a run_once() that waits. Any thread.
  void wake();

  /// EventHandler::call_later() of `connection` (loop thread). Throws std::invalid_argument
  /// for an empty callback.
  void add_timer(EventConnection& connection, std::chrono::milliseconds delay,
                 std::function<void()> callback);
  /// Timers queued and not yet run or dropped (for tests and diagnostics).
  std::size_t pending_timers() const noexcept { return timers_.size(); }

  /// Ends every connection: queued output is sent if the socket takes it at once, then
  /// on_close(), shutdown_request() and the finished event. Connections handed over but not
  /// opened yet end with RequestOutcome::Error ("server stopped").
  void close_all();
  bool empty() const noexcept { return first_ == nullptr; }
  std::size_t size() const noexcept { return count_; }

private:
  void serve(EventConnection& connection, std::uint32_t events);
  /// A TLS connection's handshake: bounded by its handshake timeout (a timer), then advanced.
  void begin_handshake(EventConnection& connection);
  /// Advances a TLS handshake; once complete, makes the handler and calls on_connect(). A
  /// failure ends the request (its reason in words).
  void advance_handshake(EventConnection& connection);
  /// Reads once and hands what came to the handler. False when the request ended.
  bool read_input(EventConnection& connection);
  /// Runs one handler callback; on an exception ends the request. False when it ended.
  template <class Callback> bool guarded(EventConnection& connection, Callback&& callback);
  /// Ends the request because of the exception being handled (inside a catch block).
  void fail(EventConnection& connection);
  /// After a callback: close when asked and drained, else register what it waits for.
  void settle(EventConnection& connection);
  void finish(EventConnection& connection, RequestOutcome outcome, const std::string& detail);
  void open_posted();
  /// Runs the timers due now (not those their callbacks add: they wait for the next turn).
  void run_timers();
  /// Forgets the timers of a connection that ends.
  void drop_timers(const EventConnection& connection);
  void close_idle();
  int wait_milliseconds(int timeout_ms) const;
  /// The tag of a watched descriptor's event, or nullptr when `tag` is not one.
  bool is_watched_tag(const void* tag) const noexcept;
  void assert_in_loop_thread() const noexcept;

  /// A descriptor watched for its tag (the listening socket, the wake-up pipe).
  struct Watched {
    int fd;
    const void* tag;
  };

  EventEngine& engine_;
  UniqueFd epoll_fd_;
  UniqueFd wake_fd_;             // eventfd
  std::vector<Watched> watched_; // one entry per watched descriptor, removed by unwatch()
  std::thread::id thread_;
  std::unique_ptr<char[]> read_buffer_;
  EventConnection* first_ = nullptr;
  std::size_t count_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex posted_mutex_;
  std::vector<std::unique_ptr<EventConnection>> posted_;
  std::chrono::steady_clock::time_point next_idle_check_{};
  /// A connection with timers queued, and how many.
  struct Timed {
    EventConnection* connection = nullptr;
    std::size_t pending = 0;
  };
  TimerQueue timers_;
  std::unordered_map<TimerQueue::Key, Timed> timed_; // only connections with timers queued
  TimerQueue::Key next_key_ = 0;
};

} // namespace socketserver::detail
