#include "socketserver/detail/event_connection.hpp"

#include <cerrno>
#include <stdexcept>
#include <utility>

#include <poll.h>
#include <sys/socket.h>

#include "socketserver/base_server.hpp"
#include "socketserver/detail/event_engine.hpp"
#include "socketserver/detail/event_loop.hpp"
#include "socketserver/detail/transport.hpp"
#include "socketserver/errors.hpp"

namespace socketserver::detail {

EventConnection::EventConnection(EventEngine& engine, Request request, Address client)
    : engine_(engine), owned_request_(std::move(request)), request_(&owned_request_),
      client_(std::move(client)) {}

EventConnection::EventConnection(EventEngine& engine, Request* borrowed, const Address& client)
    : engine_(engine), request_(borrowed), client_(client) {}

EventConnection::~EventConnection() {
  if (handler_)
    handler_->connection_ = nullptr;
}

void EventConnection::make_handler() {
  handler_ = engine_.make_handler();
  handler_->connection_ = this;
}

bool EventConnection::wants_input() const noexcept {
  return !eof_ && !finished_ && pending_output() < engine_.settings().max_output_buffer;
}

bool EventConnection::begin_finish() noexcept {
  if (finished_)
    return false;
  finished_ = true;
  return true;
}

bool EventConnection::handshaking() const noexcept {
  const Transport* tls = transport();
  return tls != nullptr && !tls->handshake_done();
}

long EventConnection::read_some(char* buffer, std::size_t size) {
  if (Transport* tls = transport()) {
    const long n = tls->read(buffer, size);
    input_waits_for_output_ = n < 0 && tls->wanted() == POLLOUT;
    if (n < 0)
      errno = EAGAIN;
    return n;
  }
  return ::recv(fd(), buffer, size, 0);
}

long EventConnection::write_some(const char* data, std::size_t size) {
  if (Transport* tls = transport()) {
    const long n = tls->write(data, size);
    if (n < 0)
      errno = EAGAIN;
    return n;
  }
  return ::send(fd(), data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
}

void EventConnection::call_later(std::chrono::milliseconds delay, std::function<void()> callback) {
  if (finished_)
    throw std::logic_error("call_later() after the request ended (in or after on_close())");
  if (loop_ == nullptr)
    throw std::logic_error("call_later() on a datagram request: it ends when its handler "
                           "returns, so there is nothing to call later");
  loop_->add_timer(*this, delay, std::move(callback));
}

void EventConnection::send(std::string_view data) {
  if (finished_)
    throw std::logic_error("send() after the request ended (in or after on_close())");
  Request& request = *request_;
  if (request.is_datagram()) {
    if (client_.empty() || (client_.is_unix() && client_.path().empty()))
      throw std::runtime_error("cannot reply: the client's Unix datagram socket has no address "
                               "(bind it to a path to get replies)");
    // An empty datagram is a datagram: echoing an empty request must answer it.
    request.socket().sendto(data, client_); // the socket's traffic reporting tells the observer
    return;
  }
  if (data.empty())
    return;
  if (pending_output() == 0) {
    // The common case: the socket takes the whole reply now, and nothing is copied.
    output_.clear();
    output_sent_ = 0;
    while (!data.empty()) {
      const long n = write_some(data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR)
          continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          break;
        throw SocketError(errno, describe_errno(errno, "send", client_.to_string()));
      }
      report_sent(data.data(), static_cast<std::size_t>(n));
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  append_output(data);
}

void EventConnection::append_output(std::string_view data) {
  if (data.empty())
    return;
  if (output_sent_ > 0 && output_sent_ >= output_.size() / 2) {
    output_.erase(0, output_sent_); // keep the buffer from growing with what is already sent
    output_sent_ = 0;
  }
  output_.append(data);
}

void EventConnection::flush() {
  while (pending_output() > 0) {
    const char* data = output_.data() + output_sent_;
    const long n = write_some(data, pending_output());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return;
      throw SocketError(errno, describe_errno(errno, "send", client_.to_string()));
    }
    report_sent(data, static_cast<std::size_t>(n));
    output_sent_ += static_cast<std::size_t>(n);
  }
  // Drained: give back a large buffer, so an idle connection costs little memory.
  output_sent_ = 0;
  if (output_.capacity() > std::size_t{64} * 1024)
    std::string().swap(output_);
  else
    output_.clear();
}

void EventConnection::report_sent(const char* data, std::size_t size) const {
  if (ServerObserver* observer = engine_.observer(); observer && size > 0)
    observer->on_bytes_sent(request_->id(), std::string_view(data, size));
}

} // namespace socketserver::detail

namespace socketserver {

// EventHandler's actions, forwarded to its connection.

namespace {
// cppcheck-suppress constParameter ; wrong: the result is a non-const reference to it
detail::EventConnection& connection_of(detail::EventConnection* connection) {
  if (connection == nullptr)
    throw std::logic_error("EventHandler used outside its server's callbacks");
  return *connection;
}
} // namespace

void EventHandler::send(std::string_view data) { connection_of(connection_).send(data); }
void EventHandler::close() { connection_of(connection_).close(); }
void EventHandler::call_later(std::chrono::milliseconds delay, std::function<void()> callback) {
  connection_of(connection_).call_later(delay, std::move(callback));
}
std::size_t EventHandler::pending_output() const {
  return connection_of(connection_).pending_output();
}
Request& EventHandler::request() const { return connection_of(connection_).request(); }
const Address& EventHandler::client_address() const { return connection_of(connection_).client(); }
BaseServer& EventHandler::server() const { return connection_of(connection_).engine().server(); }

} // namespace socketserver
