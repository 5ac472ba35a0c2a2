// Python's SocketWriterTest: StreamRequestHandler's wfile writes straight to the request's
// socket, sends at once without flush(), and never truncates a send that a signal
// interrupts.

#include <atomic>
#include <cerrno>
#include <csignal>
#include <string>
#include <thread>
#include <type_traits>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <QtTest>

#include <socketserver.hpp>

#include "test_support.hpp"

using namespace socketserver;
using namespace test_support;

namespace {

/// Python's test.support.SOCK_MAX_SIZE: more than any loopback socket buffers hold, so the
/// server blocks in send() until the client reads.
constexpr std::size_t SOCK_MAX_SIZE = 16 * 1024 * 1024 + 1;

/// Python's `interrupted` event, set from the signal handler: a self-pipe, because a
/// handler may only call async-signal-safe functions.
int interrupted_write_fd = -1;

void signal_handler(int) {
  const int saved = errno;
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(interrupted_write_fd, &byte, 1);
  errno = saved;
}

/// Installs signal_handler for SIGUSR1 WITHOUT SA_RESTART, so a blocking send() really
/// returns early (EINTR or a short count), and restores the previous action.
class SigusrGuard {
public:
  SigusrGuard() {
    struct sigaction action {};
    action.sa_handler = signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: interrupted system calls fail with EINTR
    installed_ = ::sigaction(SIGUSR1, &action, &original_) == 0;
  }
  ~SigusrGuard() {
    if (installed_)
      ::sigaction(SIGUSR1, &original_, nullptr);
  }
  SigusrGuard(const SigusrGuard&) = delete;
  SigusrGuard& operator=(const SigusrGuard&) = delete;
  bool installed() const noexcept { return installed_; }

private:
  struct sigaction original_ {};
  bool installed_ = false;
};

/// A pipe owned for the length of a test.
struct Pipe {
  int read_fd = -1;
  int write_fd = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
      read_fd = fds[0];
      write_fd = fds[1];
    }
  }
  ~Pipe() {
    if (read_fd >= 0)
      ::close(read_fd);
    if (write_fd >= 0)
      ::close(write_fd);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

struct BasicsServer : TCPServer {
  using TCPServer::TCPServer;
  int wfile_fileno = -2;
  int request_fileno = -3;
};

struct BasicsHandler : StreamRequestHandler {
  void handle() override {
    auto& owner = server_as<BasicsServer>();
    owner.wfile_fileno = wfile.fileno();
    owner.request_fileno = request.socket().fileno();
  }
};

struct WriteServer : TCPServer {
  using TCPServer::TCPServer;
  std::size_t sent1 = 0;
  std::string received;
  std::size_t sent2 = 0;
};

struct WriteHandler : StreamRequestHandler {
  void handle() override {
    auto& owner = server_as<WriteServer>();
    owner.sent1 = wfile.write("write data\n");
    // Should be sent immediately, without requiring flush()
    owner.received = rfile.readline();
    const std::string big_chunk(SOCK_MAX_SIZE, '\0');
    owner.sent2 = wfile.write(big_chunk);
  }
};

} // namespace

class SocketWriterTest : public QObject {
  Q_OBJECT

private slots:
  void testBasics() {
    // Python: assertIsInstance(server.wfile, io.BufferedIOBase).
    static_assert(std::is_same_v<decltype(StreamRequestHandler::wfile), SocketWriter>);
    BasicsServer server(Address{HOST, 0}, handler<BasicsHandler>());
    server.timeout = DEADLINE;
    {
      Socket client(server.server_address.family(), SOCK_STREAM);
      client.connect(server.server_address);
    }
    QVERIFY_THROWS_NO_EXCEPTION(server.handle_request());
    server.server_close();
    QVERIFY(server.request_fileno >= 0);
    QCOMPARE(server.wfile_fileno, server.request_fileno);
  }

  // Test that wfile.write() sends data immediately, and that it does not truncate sends
  // when interrupted by a Unix signal.
  void testWrite() {
    WriteServer server(Address{HOST, 0}, handler<WriteHandler>());
    server.timeout = DEADLINE;
    Pipe interrupted;
    QVERIFY(interrupted.read_fd >= 0);
    interrupted_write_fd = interrupted.write_fd;
    SigusrGuard sigusr;
    QVERIFY(sigusr.installed());

    const pthread_t main_thread = ::pthread_self();
    const Address address = server.server_address;
    std::string response1;
    std::size_t received2 = 0;
    int signals_sent = 0;
    bool signal_handled = false;
    std::string client_error;

    // Joined before any of the variables above go away, whatever happens below.
    std::jthread background([&] {
      try {
        Socket s = Socket::create_connection(address, DEADLINE);
        s.settimeout(DEADLINE);
        while (response1.find('\n') == std::string::npos) {
          const std::string data = s.recv(100);
          if (data.empty())
            break;
          response1 += data;
        }
        s.sendall("client response\n");

        char buffer[65536];
        std::size_t got = 0;
        while (got < 100) {
          const std::size_t n = s.recv_into(buffer, 100 - got);
          if (n == 0)
            break;
          got += n;
        }
        // The main thread should now be blocking in a send() syscall. But in theory, it
        // could get interrupted by other signals, and then retried. So keep sending the
        // signal in a loop, in case an earlier signal happens to be delivered at an
        // inconvenient moment.
        while (!signal_handled && signals_sent < 10) {
          ::pthread_kill(main_thread, SIGUSR1);
          ++signals_sent;
          pollfd ready{interrupted.read_fd, POLLIN, 0};
          signal_handled = ::poll(&ready, 1, 1000) > 0;
        }
        std::size_t rest = 0;
        for (;;) {
          const std::size_t n = s.recv_into(buffer, sizeof buffer);
          if (n == 0)
            break;
          rest += n;
        }
        received2 = rest;
      } catch (const std::exception& error) {
        client_error = error.what();
      }
    });
    QVERIFY_THROWS_NO_EXCEPTION(server.handle_request());
    {
      Watchdog watchdog("joining the client thread");
      background.join();
    }
    server.server_close();

    QVERIFY2(client_error.empty(), client_error.c_str());
    QVERIFY2(signal_handled, "SIGUSR1 never reached the serving thread");
    QCOMPARE(server.sent1, response1.size());
    QCOMPARE(bytes(response1), QByteArray("write data\n"));
    QCOMPARE(bytes(server.received), QByteArray("client response\n"));
    QCOMPARE(server.sent2, SOCK_MAX_SIZE);
    QCOMPARE(received2, SOCK_MAX_SIZE - 100);
  }
};

QTEST_GUILESS_MAIN(SocketWriterTest)
#include "TestSocketWriter.moc"
