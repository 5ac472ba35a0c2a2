#include "socketserver/detail/child_process.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "socketserver/address.hpp"
#include "socketserver/detail/deadline.hpp"
#include "socketserver/errors.hpp"
#include "socketserver/no_fork_scope.hpp"

namespace socketserver::detail {

namespace {

enum class Kind : std::uint8_t { Received, Sent, Finished, Notice, Handshake };

// One event = one SOCK_SEQPACKET message: this header, then the payload or text.
struct Header {
  Kind kind;
  RequestOutcome outcome;
  std::uint16_t reserved;
  std::uint32_t size;
  RequestId id;
};

// Payloads above this are split over several messages: seqpacket messages must fit the
// socket buffer whole.
constexpr std::size_t max_chunk = std::size_t{32} * 1024;
// The child end's send buffer asked for (ChildEventChannel::open()).
constexpr int child_send_buffer = 4 * 1024 * 1024;

// A handshake's facts as one message: its fields in order, each ended by a NUL (none of them
// holds one: certificate names are printed escaped).
std::string encode(const TlsHandshakeInfo& info) {
  std::string text;
  for (const std::string* field :
       {&info.version, &info.cipher, &info.alpn, &info.server_name, &info.peer_subject}) {
    text += *field;
    text += '\0';
  }
  return text.substr(0, max_chunk);
}

TlsHandshakeInfo decode(std::string_view text) {
  TlsHandshakeInfo info;
  for (std::string* field :
       {&info.version, &info.cipher, &info.alpn, &info.server_name, &info.peer_subject}) {
    const auto end = std::min(text.find('\0'), text.size());
    *field = std::string(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return info;
}

} // namespace

pid_t fork_process() {
  // Output still buffered now would be written twice: by the parent and by the child's exit.
  std::cout.flush();
  std::fflush(nullptr);
  ForkExclusion no_scope_open; // no thread is inside OpenSSL (or any NoForkScope) meanwhile
  const pid_t pid = ::fork();
  if (pid == 0)
    no_scope_open.in_child();
  if (pid < 0)
    throw OverloadError(std::string("cannot fork a process for the request: ") +
                        // NOLINTNEXTLINE(concurrency-mt-unsafe): glibc 2.32+ has per-thread text
                        std::strerror(errno));
  return pid;
}

void exit_child(int status) noexcept {
  // glibc resets stdio locks in the child, so flushing what the handler printed is safe.
  try {
    std::cout.flush();
    std::cerr.flush();
  } catch (...) {
  }
  std::fflush(nullptr);
  ::_exit(status);
}

std::vector<ReapedChild> reap_children(std::set<pid_t>& children) {
  std::vector<ReapedChild> reaped;
  for (auto it = children.begin(); it != children.end();) {
    int status = 0;
    pid_t got;
    while ((got = ::waitpid(*it, &status, WNOHANG)) < 0 && errno == EINTR) {
    }
    if (got == *it || (got < 0 && errno == ECHILD)) {
      // ECHILD: someone else reaped it; it is gone all the same.
      reaped.push_back({*it, got == *it ? status : 0});
      it = children.erase(it);
    } else {
      ++it;
    }
  }
  return reaped;
}

std::string describe_exit_status(int status) {
  if (WIFEXITED(status))
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           // NOLINTNEXTLINE(concurrency-mt-unsafe): glibc 2.32+ has per-thread text
           strsignal(WTERMSIG(status)) + ")";
  return "ended (status " + std::to_string(status) + ")";
}

std::pair<RequestOutcome, std::string> outcome_of_exit(pid_t pid, int status) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == child_completed_unreported)
    return {RequestOutcome::Completed, {}};
  return {RequestOutcome::Error, "child process " + std::to_string(pid) + " " +
                                     describe_exit_status(status) +
                                     " before finishing the request"};
}

bool wait_readable(int fd, int milliseconds) {
  pollfd entry{fd, POLLIN, 0};
  const Deadline deadline{std::chrono::milliseconds{milliseconds}};
  int rc;
  while ((rc = ::poll(&entry, fd >= 0 ? 1 : 0, deadline.poll_milliseconds())) < 0 &&
         errno == EINTR) {
  }
  return rc > 0;
}

class ChildEventChannel::Forwarder : public ServerObserver {
public:
  explicit Forwarder(int fd) : fd_(fd) {}
  bool dropped() const noexcept { return dropped_; }

  void on_tls_handshake(RequestId id, const TlsHandshakeInfo& info) override {
    send(Kind::Handshake, id, RequestOutcome::Completed, encode(info));
  }
  void on_bytes_received(RequestId id, std::string_view payload) override {
    send(Kind::Received, id, RequestOutcome::Completed, payload);
  }
  void on_bytes_sent(RequestId id, std::string_view payload) override {
    send(Kind::Sent, id, RequestOutcome::Completed, payload);
  }
  void on_request_finished(RequestId id, RequestOutcome outcome, std::string_view detail) override {
    send(Kind::Finished, id, outcome, detail.substr(0, max_chunk));
  }
  void on_notice(RequestId id, std::string_view message) override {
    send(Kind::Notice, id, RequestOutcome::Completed, message.substr(0, max_chunk));
  }

private:
  void send(Kind kind, RequestId id, RequestOutcome outcome, std::string_view data) {
    do {
      const std::string_view chunk = data.substr(0, max_chunk);
      data.remove_prefix(chunk.size());
      Header header{kind, outcome, 0, static_cast<std::uint32_t>(chunk.size()), id};
      iovec parts[2] = {{&header, sizeof header}, {const_cast<char*>(chunk.data()), chunk.size()}};
      msghdr message{};
      message.msg_iov = parts;
      message.msg_iovlen = 2;
      // A parent that went away must not kill the child, and one that is not reading must
      // not block it: an event that does not fit is dropped (the exit status still says how
      // the request ended); other errors end forwarding.
      while (::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
          dropped_ = true;
          return;
        }
        if (errno != EINTR) {
          fd_ = -1;
          dropped_ = true;
          return;
        }
      }
    } while (!data.empty());
  }

  int fd_;
  bool dropped_ = false;
};

ChildEventChannel::ChildEventChannel() = default;

ChildEventChannel::~ChildEventChannel() { close(); }

void ChildEventChannel::open() {
  if (parent_fd_)
    return;
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
    throw SocketError(errno, describe_errno(errno, "socketpair", {}));
  parent_fd_.reset(fds[0]);
  child_fd_.reset(fds[1]);
  // The children's events queue in the child end's send buffer until the parent reads them;
  // a child drops what does not fit rather than wait. A larger buffer absorbs the moments the
  // parent's serving thread is off the CPU (under a flood of a few dozen children the 208 KiB
  // default held ~150 events: one in eight was dropped). Best effort: the kernel caps the
  // size at net.core.wmem_max.
  const int bytes = child_send_buffer;
  ::setsockopt(child_fd_.get(), SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

int ChildEventChannel::parent_fileno() const noexcept { return parent_fd_.get(); }

ServerObserver* ChildEventChannel::become_child() {
  parent_fd_.reset();
  forwarder_ = std::make_unique<Forwarder>(child_fd_.get());
  return forwarder_.get();
}

int ChildEventChannel::exit_status(bool completed) const noexcept {
  if (!completed)
    return child_failed;
  return forwarder_ && forwarder_->dropped() ? child_completed_unreported : child_completed;
}

void ChildEventChannel::dispatch(ServerObserver* target,
                                 const std::function<void(RequestId)>& finished) {
  if (!parent_fd_)
    return;
  std::string buffer(sizeof(Header) + max_chunk, '\0');
  for (;;) {
    const ssize_t n = ::recv(parent_fd_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < static_cast<ssize_t>(sizeof(Header)))
      return; // EAGAIN: nothing more waiting
    Header header{};
    std::memcpy(&header, buffer.data(), sizeof header);
    const std::string_view data(buffer.data() + sizeof header,
                                std::min<std::size_t>(header.size, n - sizeof header));
    if (target == nullptr)
      continue;
    switch (header.kind) {
    case Kind::Received:
      target->on_bytes_received(header.id, data);
      break;
    case Kind::Sent:
      target->on_bytes_sent(header.id, data);
      break;
    case Kind::Finished:
      finished(header.id);
      target->on_request_finished(header.id, header.outcome, data);
      break;
    case Kind::Notice:
      target->on_notice(header.id, data);
      break;
    case Kind::Handshake:
      target->on_tls_handshake(header.id, decode(data));
      break;
    }
  }
}

void ChildEventChannel::close() noexcept {
  parent_fd_.reset();
  child_fd_.reset();
}

} // namespace socketserver::detail
