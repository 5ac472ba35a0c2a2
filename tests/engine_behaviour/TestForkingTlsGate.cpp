// A forking TLS server forks only when no thread of its process is inside OpenSSL: fork()
// copies one thread, and a lock OpenSSL held on another thread at that moment would stay held
// in the child for ever (its handshake then hangs). The engine runs every OpenSSL call inside
// a NoForkScope and forks only when none is open (no_fork_scope.hpp).
//   - a scope open on one thread holds a fork off until it closes (deterministic);
//   - a forking TLS server beside a threading TLS server whose threads are busy in handshakes
//     (driven by Python's ssl from another process) answers every one of its requests.
#include <memory>
#include <optional>
#include <string>

#include <QProcess>
#include <QtTest>

#include "behaviour_support.hpp"
#include "tls_support.hpp"

using namespace behaviour;
using socketserver::NoForkScope;
using socketserver::TlsContext;
using socketserver::TLSServer;

namespace {

/// Upper-cases one line through rfile and wfile.
struct UpperLine : socketserver::StreamRequestHandler {
  using StreamRequestHandler::StreamRequestHandler;
  void handle() override { wfile.write(upper(rfile.readline(65536))); }
};

template <class Server>
std::unique_ptr<TLSServer<Server>> tls_server(const std::shared_ptr<TlsContext>& context) {
  auto server = std::make_unique<TLSServer<Server>>(context, Address("127.0.0.1", 0),
                                                    socketserver::handler<UpperLine>());
  server->handshake_timeout = Seconds{5};
  return server;
}

/// Python's ssl in a process of its own (so that no client of this process is inside OpenSSL
/// at a fork): four threads do handshakes and one echo each against the busy port while the
/// main thread sends `requests` echo requests one after another to the forking port, each
/// bounded by 5 s. Prints "answered busy"; each failure on stderr.
constexpr const char* clients_script = R"(
import socket, ssl, sys, threading
busy_port, forking_port, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
requests = int(sys.argv[4])
context = ssl.create_default_context(cafile=cafile)
def echo(port, text):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as plain:
        with context.wrap_socket(plain, server_hostname="localhost") as tls:
            tls.sendall(text + b"\n")
            return tls.recv(64)
stop, busy, lock = threading.Event(), [0], threading.Lock()
def keep_busy():
    while not stop.is_set():
        try:
            echo(busy_port, b"busy")
            with lock:
                busy[0] += 1
        except OSError:
            pass
threads = [threading.Thread(target=keep_busy) for _ in range(4)]
for t in threads: t.start()
answered = 0
for i in range(requests):
    try:
        if echo(forking_port, b"ping") == b"PING\n":
            answered += 1
    except OSError as error:
        print("request", i, error, file=sys.stderr)
stop.set()
for t in threads: t.join()
print(answered, busy[0])
)";

bool children_stay(int count, double seconds) {
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
  while (Clock::now() < until) {
    if (tls_test::count_children() != count)
      return false;
    QTest::qWait(10);
  }
  return true;
}

} // namespace

class TestForkingTlsGate : public QObject {
  Q_OBJECT

  QTemporaryDir pki_dir_;
  tls_test::TestPki pki_;

  std::shared_ptr<TlsContext> context() const {
    auto made = TlsContext::create();
    made->load_cert_chain(pki_.server_cert, pki_.server_key);
    return made;
  }

private slots:
  void initTestCase() {
    QVERIFY(pki_dir_.isValid());
    pki_ = tls_test::make_test_pki(pki_dir_.path().toStdString());
  }

  void an_open_scope_holds_the_fork_off_until_it_closes() {
    auto server = tls_server<socketserver::ForkingTCPServer>(context());
    ServingThread serving(*server);
    const int before = tls_test::count_children();
    auto scope = std::make_unique<NoForkScope>();
    Socket client = Socket::create_connection(server->server_address, DEADLINE);
    QVERIFY2(children_stay(before, 0.3), "the server forked while a NoForkScope was open");
    scope.reset();
    tls_test::wait_for_new_child(before);
    QVERIFY2(tls_test::count_children() > before, "no fork after the scope closed");
    ::shutdown(client.fileno(), SHUT_RDWR); // the child holds a copy of this descriptor too
  }

  void scopes_nest_on_one_thread() {
    // Writer-preferring locks refuse a second read lock on one thread: nesting must count.
    auto server = tls_server<socketserver::ForkingTCPServer>(context());
    ServingThread serving(*server);
    const int before = tls_test::count_children();
    {
      const NoForkScope outer;
      const NoForkScope inner;
    }
    Socket client = Socket::create_connection(server->server_address, DEADLINE);
    tls_test::wait_for_new_child(before);
    QVERIFY2(tls_test::count_children() > before, "a closed nested scope still held forks off");
    ::shutdown(client.fileno(), SHUT_RDWR);
  }

  void forking_server_beside_busy_tls_threads_answers_every_request() {
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("ASan's allocator keeps no fork handlers: a thread allocating at fork() would hang "
          "the child whatever OpenSSL does");
#endif
    auto busy = tls_server<socketserver::ThreadingTCPServer>(context());
    auto forking = tls_server<socketserver::ForkingTCPServer>(context());
    ServingThread busy_serving(*busy);
    ServingThread forking_serving(*forking);
    constexpr int requests = 40;
    QProcess clients;
    clients.start("python3", {"-c", clients_script, QString::number(busy->server_address.port()),
                              QString::number(forking->server_address.port()),
                              QString::fromStdString(pki_.ca_cert), QString::number(requests)});
    QVERIFY2(clients.waitForStarted(DEADLINE_MS), "python3 did not start");
    // 40 requests need about a second; each one that hung would cost its 5 s timeout.
    QVERIFY2(clients.waitForFinished(requests * 5000 + 30000), "the clients did not finish");
    const QList<QByteArray> figures = clients.readAllStandardOutput().trimmed().split(' ');
    const QByteArray failures = clients.readAllStandardError();
    QVERIFY2(figures.size() == 2, failures.constData());
    QVERIFY2(figures[1].toInt() > 0, "the threading TLS server was never busy");
    QVERIFY2(figures[0].toInt() == requests, failures.constData());
  }
};

QTEST_GUILESS_MAIN(TestForkingTlsGate)
#include "TestForkingTlsGate.moc"
