// Internal header of the engine test suites: what every suite needs and Python's test module
// gets from test.support — a server serving on a thread that is always stopped, descriptor
// counting, Unix socket paths in a private directory, a foreign child process, and clients
// that never wait without a deadline.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QByteArray>
#include <QTemporaryDir>
#include <QtTest>

#include <socketserver.hpp>

namespace socketserver {
// Lets QCOMPARE print addresses when they differ (found by argument-dependent lookup).
inline char* toString(const Address& address) {
  return qstrdup(("Address(" + address.to_string() + ")").c_str());
}
} // namespace socketserver

namespace test_support {

using socketserver::Address;
using socketserver::BaseServer;
using socketserver::Seconds;
using socketserver::Socket;

/// Python's test.support.HOST.
inline const std::string HOST = "127.0.0.1";
/// Python's TEST_STR.
inline const std::string TEST_STR = "hello world\n";
/// The longest any single wait may take before the test fails (Python's SHORT_TIMEOUT is
/// 30 s; nothing here needs more than milliseconds when the engine works).
inline constexpr Seconds DEADLINE{10.0};
/// The same deadline for QTRY_*_WITH_TIMEOUT, in milliseconds.
inline constexpr int DEADLINE_MS = 10000;

/// Bytes as QByteArray, so that QCOMPARE prints them when they differ.
inline QByteArray bytes(const std::string& text) { return QByteArray::fromStdString(text); }

/// The message of an exception_ptr, for failure messages; "" for none.
inline std::string describe(std::exception_ptr error) {
  if (!error)
    return {};
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception not derived from std::exception";
  }
}

/// Python's threading_helper.join_thread(timeout=...): a blocking step that would hang the
/// suite (a join, a shutdown()) runs under a watchdog that ends the process with a clear
/// message when the step overruns its deadline, instead of waiting for CTest's timeout.
class Watchdog {
public:
  Watchdog(std::string what, Seconds limit = DEADLINE)
      : what_(std::move(what)), thread_([this, limit] { watch(limit); }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    woken_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

private:
  void watch(Seconds limit) {
    std::unique_lock lock(mutex_);
    if (!woken_.wait_for(lock, limit, [this] { return done_; })) {
      std::fprintf(stderr, "FATAL: %s did not finish within %.0f s\n", what_.c_str(),
                   limit.count());
      std::fflush(stderr);
      std::abort();
    }
  }

  std::string what_;
  std::mutex mutex_;
  std::condition_variable woken_;
  bool done_ = false;
  std::thread thread_;
};

/// serve_forever(poll_interval) on its own thread, as Python's run_server() does; the
/// destructor shuts the server down and joins, so a failing test never leaves it running.
class ServingThread {
public:
  explicit ServingThread(BaseServer& server, Seconds poll_interval = Seconds{0.01})
      : server_(server), thread_([this, poll_interval] {
          try {
            server_.serve_forever(poll_interval);
          } catch (...) {
            error_ = std::current_exception();
          }
        }) {}
  ~ServingThread() { stop(); }
  ServingThread(const ServingThread&) = delete;
  ServingThread& operator=(const ServingThread&) = delete;

  /// server.shutdown() (under a watchdog).
  void shutdown() {
    Watchdog watchdog("server.shutdown()");
    server_.shutdown();
  }
  /// Joins the serving thread (under a watchdog); returns what serve_forever() threw, if
  /// anything.
  std::exception_ptr join() {
    if (thread_.joinable()) {
      Watchdog watchdog("joining the serving thread");
      thread_.join();
    }
    return error_;
  }
  /// shutdown() then join(): Python's `server.shutdown(); t.join()`.
  std::exception_ptr stop() {
    if (thread_.joinable())
      shutdown();
    return join();
  }

private:
  BaseServer& server_;
  std::exception_ptr error_;
  std::thread thread_;
};

/// Descriptors open in this process now (entries of /proc/self/fd, less the one the
/// listing itself uses).
inline int open_fd_count() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr)
    return -1;
  int count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.')
      ++count;
  }
  ::closedir(dir);
  return count - 1;
}

/// Unix socket paths in a private temporary directory that is removed with its contents
/// (Python's pickaddr() with tempfile.mktemp, plus the tearDown that unlinks the files).
class TempUnixPaths {
public:
  bool isValid() const { return dir_.isValid(); }
  /// A fresh path that does not exist yet.
  std::string next(const char* prefix = "unix_socket") {
    return dir_.path().toStdString() + "/" + prefix + "." + std::to_string(++count_);
  }

private:
  QTemporaryDir dir_;
  int count_ = 0;
};

/// Python's receive() + the loops of stream_examine()/dgram_examine(): reads until a "\n"
/// arrives or the peer closes, each read bounded by DEADLINE (TimeoutError otherwise).
inline std::string receive_line(Socket& socket) {
  socket.settimeout(DEADLINE);
  std::string buffer;
  for (;;) {
    std::string data = socket.recv(100);
    buffer += data;
    if (data.empty() || buffer.find('\n') != std::string::npos)
      return buffer;
  }
}

/// Python's stream_examine(): connect, send TEST_STR, return what comes back.
inline std::string stream_examine(const Address& address) {
  Socket socket = Socket::create_connection(address, DEADLINE);
  socket.sendall(TEST_STR);
  return receive_line(socket);
}

/// Python's dgram_examine(): send TEST_STR in one datagram, return the reply. A Unix
/// datagram client binds a path of its own first, or the server could not answer it.
inline std::string dgram_examine(const Address& address, TempUnixPaths& paths) {
  Socket socket(address.family(), SOCK_DGRAM);
  if (address.is_unix())
    socket.bind(Address::unix_path(paths.next("unix_client")));
  socket.sendto(TEST_STR, address);
  return receive_line(socket);
}

/// Python's simple_subprocess(): a child this test forked itself, which exits at once with
/// status 72. A forking server must never reap it (Issue 1540386). The child is left a
/// zombie until wait_exit(), so a server that called waitpid(-1) would take it.
class ForeignChild {
public:
  ForeignChild() : pid_(::fork()) {
    if (pid_ == 0)
      ::_exit(72); // no test harness code may run in this child
  }
  ~ForeignChild() {
    if (pid_ > 0 && !collected_)
      ::waitpid(pid_, nullptr, 0); // exits at once: bounded
  }
  ForeignChild(const ForeignChild&) = delete;
  ForeignChild& operator=(const ForeignChild&) = delete;

  pid_t pid() const noexcept { return pid_; }

  /// True once the child has exited, without collecting it (waitid with WNOWAIT).
  bool exited_not_collected() const {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == pid_;
  }

  /// One non-blocking waitpid(); true when it has a final answer: the child was collected
  /// (status()) or someone else already collected it (stolen()).
  /// Idempotent, since QTRY_VERIFY evaluates its expression once more after it holds.
  bool try_collect() {
    if (collected_)
      return true;
    int status = 0;
    const pid_t got = ::waitpid(pid_, &status, WNOHANG);
    if (got == pid_) {
      status_ = status;
      collected_ = true;
      return true;
    }
    if (got < 0) {
      stolen_ = true; // ECHILD: reaped behind our back
      collected_ = true;
      return true;
    }
    return false;
  }
  bool stolen() const noexcept { return stolen_; }
  int status() const noexcept { return status_; }

private:
  pid_t pid_;
  bool collected_ = false;
  bool stolen_ = false;
  int status_ = -1;
};

} // namespace test_support

/// Python's `with simple_subprocess(self):` as two halves around the body of a test:
/// SIMPLE_SUBPROCESS_BEGIN forks the foreign child and waits until it is a zombie;
/// SIMPLE_SUBPROCESS_END collects it and checks it exited with status 72.
#define SIMPLE_SUBPROCESS_BEGIN(child)                                                             \
  test_support::ForeignChild child;                                                                \
  QVERIFY2(child.pid() > 0, "fork() failed");                                                      \
  QTRY_VERIFY_WITH_TIMEOUT(child.exited_not_collected(), test_support::DEADLINE_MS)

#define SIMPLE_SUBPROCESS_END(child)                                                               \
  do {                                                                                             \
    QTRY_VERIFY_WITH_TIMEOUT(child.try_collect(), test_support::DEADLINE_MS);                      \
    QVERIFY2(!child.stolen(), "the server reaped a child process it did not fork");                \
    QVERIFY(WIFEXITED(child.status()));                                                            \
    QCOMPARE(WEXITSTATUS(child.status()), 72);                                                     \
  } while (false)
