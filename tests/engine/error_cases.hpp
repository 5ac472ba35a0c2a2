// Internal header of the engine test suites: Python's ErrorHandlerTest machinery
// (BaseErrorTestServer, BadHandler, ThreadingErrorTestServer, ForkingErrorTestServer and
// check_result), shared by the threaded suite and the forking one.
//
// The C++ twin of Python's ValueError is std::runtime_error: handle_error() must see it. The
// twin of SystemExit is an exception not derived from std::exception (an int): Python passes
// only Exception subclasses to handle_error(), and so must the engine.
#pragma once

#include <atomic>
#include <cerrno>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <QFile>
#include <QtTest>

#include <socketserver.hpp>

#include "test_support.hpp"

namespace error_cases {

/// What BadHandler raises: Python's ValueError, SystemExit, or (beyond Python) nothing.
enum class Raise { ValueError, SystemExit, Nothing };

/// Appends to the log with plain write(2) on an O_APPEND descriptor: safe in a forked child,
/// and each line lands whole whichever process writes it.
inline void append_log(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return; // the comparison of the log's contents will tell
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  ::close(fd);
}

inline QByteArray read_log(const std::string& path) {
  QFile log(QString::fromStdString(path));
  if (!log.open(QIODevice::ReadOnly))
    return "<no log file>";
  return log.readAll();
}

/// Python's check_result().
inline QByteArray expected_log(bool handled) {
  return QByteArray("Handler called\n") + (handled ? "Error handled\n" : "");
}

/// Python's BaseErrorTestServer, without the part of its constructor that serves (that is
/// serve_one() below, since a C++ base constructor cannot reach the mixins' overrides).
class BaseErrorTestServer : public socketserver::TCPServer {
public:
  BaseErrorTestServer(std::string log_path_, Raise exception_);

  std::string log_path; ///< Python's os_helper.TESTFN
  /// Python's server.exception: what BadHandler raises.
  std::atomic<Raise> exception;
  /// Python's ThreadingErrorTestServer.done: set by shutdown_request().
  std::atomic<bool> done{false};

  void handle_error(socketserver::Request&, const socketserver::Address&) override {
    append_log(log_path, "Error handled\n");
  }
  void shutdown_request(socketserver::Request& request) override {
    socketserver::TCPServer::shutdown_request(request);
    done = true;
  }
};

/// Python's BadHandler.
struct BadHandler : socketserver::BaseRequestHandler {
  void handle() override {
    auto& owner = server_as<BaseErrorTestServer>();
    append_log(owner.log_path, "Handler called\n");
    switch (owner.exception.load()) {
    case Raise::ValueError:
      throw std::runtime_error("Test error");
    case Raise::SystemExit:
      throw 42; // not a std::exception: must not reach handle_error()
    case Raise::Nothing:
      break;
    }
  }
};

inline BaseErrorTestServer::BaseErrorTestServer(std::string log_path_, Raise exception_)
    : socketserver::TCPServer(socketserver::Address{test_support::HOST, 0},
                              socketserver::handler<BadHandler>()),
      log_path(std::move(log_path_)), exception(exception_) {
  // Python waits forever for the request it has just made; here a lost request fails.
  timeout = test_support::DEADLINE;
}

using ThreadingErrorTestServer = socketserver::ThreadingMixIn<BaseErrorTestServer>;
using ForkingErrorTestServer = socketserver::ForkingMixIn<BaseErrorTestServer>;

/// One client connects and leaves; the server handles that one request. Python's
/// BaseErrorTestServer.__init__ minus the server_close() (callers close, so that they can
/// look at the server first). Exceptions from handle_request() propagate.
inline void serve_one(socketserver::BaseServer& server) {
  {
    socketserver::Socket client =
        socketserver::Socket::create_connection(server.server_address, test_support::DEADLINE);
  }
  server.handle_request();
}

/// Records how requests finished (Python: threading_helper.catch_threading_exception()).
class OutcomeRecorder : public socketserver::ServerObserver {
public:
  void on_request_finished(socketserver::RequestId, socketserver::RequestOutcome outcome,
                           std::string_view detail) override {
    std::lock_guard lock(mutex_);
    outcomes_.push_back(outcome);
    details_.emplace_back(detail);
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return outcomes_.size();
  }
  socketserver::RequestOutcome outcome(std::size_t i) const {
    std::lock_guard lock(mutex_);
    return outcomes_.at(i);
  }
  std::string detail(std::size_t i) const {
    std::lock_guard lock(mutex_);
    return details_.at(i);
  }

private:
  mutable std::mutex mutex_;
  std::vector<socketserver::RequestOutcome> outcomes_;
  std::vector<std::string> details_;
};

} // namespace error_cases
