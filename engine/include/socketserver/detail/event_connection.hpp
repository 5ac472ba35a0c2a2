// Internal header. EventConnection: one request of an event-driven server — its Request,
// client address, handler and queued output — as its loop sees it.
//
// A stream connection owns its Request and belongs to one EventLoop, which calls every
// method here from its own thread. A datagram request borrows the Request that
// BaseServer::handle_request_noblock() owns, and lives only while its handler runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "socketserver/address.hpp"
#include "socketserver/event_handler.hpp"
#include "socketserver/request.hpp"

namespace socketserver::detail {

class EventEngine;
class EventLoop;
class Transport;

class EventConnection {
public:
  using Clock = std::chrono::steady_clock;

  /// A stream connection, owning `request`.
  EventConnection(EventEngine& engine, Request request, Address client);
  /// A datagram request, borrowing `request` for the duration of its handler.
  EventConnection(EventEngine& engine, Request* borrowed, const Address& client);
  EventConnection(const EventConnection&) = delete;
  EventConnection& operator=(const EventConnection&) = delete;
  ~EventConnection();

  /// Creates the handler (the server's EventHandlerClass) and ties it to this connection.
  void make_handler();
  EventHandler& handler() { return *handler_; }
  bool has_handler() const noexcept { return handler_ != nullptr; }
  /// Destroys the handler (after on_close()).
  void drop_handler() noexcept { handler_.reset(); }

  // ---- For EventHandler ----
  void send(std::string_view data);
  void close() noexcept { closing_ = true; }
  /// Queues a timer on its loop. Throws std::logic_error once the request ended, and for a
  /// datagram request (no loop: it ends when its handler returns).
  void call_later(std::chrono::milliseconds delay, std::function<void()> callback);
  std::size_t pending_output() const noexcept { return output_.size() - output_sent_; }
  Request& request() noexcept { return *request_; }
  const Address& client() const noexcept { return client_; }
  EventEngine& engine() const noexcept { return engine_; }

  // ---- For EventLoop ----
  /// Ties a stream connection to the loop that serves it; `key` names it in the loop's timers.
  void attach(EventLoop& loop, std::uint64_t key) noexcept {
    loop_ = &loop;
    timer_key_ = key;
  }
  std::uint64_t timer_key() const noexcept { return timer_key_; }
  int fd() const noexcept { return request_->socket().fileno(); }
  /// The TLS session of a TLS server's connection (TLSServer), or nullptr.
  Transport* transport() const noexcept { return request_->socket().transport(); }
  /// True while a TLS connection's handshake is not complete (no handler exists yet).
  bool handshaking() const noexcept;
  /// One read, as recv(2) returns it: the count, 0 at end of stream, or -1 with errno
  /// (EAGAIN: nothing now). Over TLS, plaintext; a TLS failure throws.
  long read_some(char* buffer, std::size_t size);
  /// True when the last read_some() waits for the socket to be *writable*: TLS that must
  /// write before it reads on (a KeyUpdate's answer, with the socket full). The record that
  /// asked is already read, so no input readiness would come: the loop watches for output.
  bool input_waits_for_output() const noexcept { return input_waits_for_output_; }
  /// Sends what is queued until the socket would block. Throws SocketError (peer gone).
  void flush();
  /// True when the handler asked to close and everything queued has been sent.
  bool ready_to_close() const noexcept { return closing_ && pending_output() == 0; }
  /// Reading stops after end of stream, and while too much output waits for the peer.
  bool wants_input() const noexcept;
  bool at_eof() const noexcept { return eof_; }
  void mark_eof() noexcept { eof_ = true; }
  /// Marks the request finished; false when it already was.
  bool begin_finish() noexcept;
  bool finished() const noexcept { return finished_; }

  /// The epoll events registered for it (to skip epoll_ctl when nothing changes).
  std::uint32_t registered_events = 0;
  /// When bytes last moved, for the idle timeout.
  Clock::time_point last_activity{};
  /// The loop's list of connections (intrusive: no allocation per connection beyond this).
  EventConnection* previous = nullptr;
  EventConnection* next = nullptr;

private:
  void report_sent(const char* data, std::size_t size) const;
  /// One write without waiting, as send(2) returns it (plaintext over TLS; a failure throws).
  long write_some(const char* data, std::size_t size);
  void append_output(std::string_view data);

  EventEngine& engine_;
  EventLoop* loop_ = nullptr; // none for a datagram request
  std::uint64_t timer_key_ = 0;
  Request owned_request_;
  Request* request_;
  Address client_;
  std::unique_ptr<EventHandler> handler_;
  std::string output_;
  std::size_t output_sent_ = 0;
  bool closing_ = false;
  bool input_waits_for_output_ = false;
  bool eof_ = false;
  bool finished_ = false;
};

} // namespace socketserver::detail
