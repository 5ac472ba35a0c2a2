// Rules of a TLS connection's Socket that the model rows of TestTlsServers do not reach: a
// write abandoned after OpenSSL committed a record of it (a timed-out sendall) never corrupts
// the stream; calls that would bypass TLS are refused in words. Certificates made at run time.
#include <cmath>
#include <csignal>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <QtTest>

#include <sys/socket.h>

#include "behaviour_support.hpp"
#include "tls_support.hpp"

using namespace behaviour;
using socketserver::TlsContext;
using socketserver::TLSServer;
using tls_test::ClientOptions;
using tls_test::TlsClient;

namespace {

/// Bytes that say where in their stream they are, so a duplicate or a gap shows.
std::string pattern(std::size_t size, char first, int period) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i)
    text[i] = static_cast<char>(first + static_cast<int>(i % static_cast<std::size_t>(period)));
  return text;
}

const std::string first_message = pattern(std::size_t{2} * 1024 * 1024, 'a', 23);
const std::string second_message = pattern(std::size_t{256} * 1024, 'A', 19);

/// What the handler of the abandoned-write test tells the test.
struct WriteSteps {
  Guarded<int> step; // 1: the first sendall timed out; 2: the second one returned
  Guarded<std::string> failure;
};

/// Sends a message to a client that does not read, with a short timeout, then another one.
struct AbandonsThenWrites : socketserver::BaseRequestHandler {
  AbandonsThenWrites(Request& request_, const Address& client, BaseServer& server_,
                     WriteSteps* steps_)
      : BaseRequestHandler(request_, client, server_), steps(steps_) {}
  void handle() override {
    Socket& socket = request.socket();
    socket.setsockopt(SOL_SOCKET, SO_SNDBUF, 16384);
    try {
      socket.settimeout(Seconds{0.3});
      socket.sendall(first_message);
      steps->failure.change([](std::string& f) { f = "the first sendall did not time out"; });
    } catch (const socketserver::TimeoutError&) {
    }
    steps->step.change([](int& s) { s = 1; });
    try {
      socket.settimeout(DEADLINE);
      socket.sendall(second_message);
    } catch (const std::exception& e) {
      steps->failure.change([&](std::string& f) { f = e.what(); });
    }
    steps->step.change([](int& s) { s = 2; });
  }
  WriteSteps* steps;
};

/// Tries each call that would bypass TLS on its request's socket; records what each said.
struct TriesBypasses : socketserver::BaseRequestHandler {
  TriesBypasses(Request& request_, const Address& client, BaseServer& server_,
                Guarded<std::vector<std::string>>* said_)
      : BaseRequestHandler(request_, client, server_), said(said_) {}
  template <class Call> void attempt(const char* name, Call&& call) {
    std::string words = std::string(name) + ": ";
    try {
      call();
      words += "accepted";
    } catch (const std::logic_error& e) {
      words += std::string("refused: ") + e.what();
    } catch (const std::exception& e) {
      words += std::string("failed otherwise: ") + e.what();
    }
    said->change([&](std::vector<std::string>& all) { all.push_back(words); });
  }
  void handle() override {
    Socket& socket = request.socket();
    socket.settimeout(DEADLINE);
    attempt("share", [&] { socket.share(); });
    attempt("recvfrom", [&] { socket.recvfrom(16); });
    attempt("sendto", [&] { socket.sendto("x", client_address); });
    attempt("recv MSG_PEEK", [&] { socket.recv(16, MSG_PEEK); });
    attempt("send MSG_OOB", [&] { socket.send("x", MSG_OOB); });
    // The plaintext path still works after the refusals.
    socket.sendall(socket.recv(16));
    said->change([](std::vector<std::string>& all) { all.emplace_back("done"); });
  }
  Guarded<std::vector<std::string>>* said;
};

/// Echoes one line.
struct EchoLine : socketserver::StreamRequestHandler {
  using StreamRequestHandler::StreamRequestHandler;
  void handle() override { wfile.write(rfile.readline(65536)); }
};

/// A sync TLS server that keeps the exception each failed request ended with.
class KeepsErrors : public TLSServer<socketserver::TCPServer> {
public:
  using TLSServer::TLSServer;
  void handle_error(Request&, const Address&) override {
    errors.change(
        [](std::vector<std::exception_ptr>& all) { all.push_back(std::current_exception()); });
  }
  Guarded<std::vector<std::exception_ptr>> errors;
};

/// Reads until the server ends the connection, by a close or a reset.
void end_of_stream_or_reset(Socket& socket) {
  try {
    read_to_end(socket);
  } catch (const socketserver::SocketError&) {
  }
}

struct SyncTls {
  QTemporaryDir dir;
  std::unique_ptr<TLSServer<socketserver::TCPServer>> server;
  std::unique_ptr<ServingThread> serving;
  SyncTls(const std::shared_ptr<TlsContext>& context, HandlerFactory factory) {
    server = std::make_unique<TLSServer<socketserver::TCPServer>>(context, "127.0.0.1:0",
                                                                  std::move(factory));
    serving = std::make_unique<ServingThread>(*server);
  }
  ~SyncTls() {
    serving.reset();
    server.reset();
  }
  const Address& address() const { return server->server_address; }
};

} // namespace

class TestTlsSocketRules : public QObject {
  Q_OBJECT

  QTemporaryDir pki_dir_;
  tls_test::TestPki pki_;

  std::shared_ptr<TlsContext> context() const {
    auto made = TlsContext::create();
    made->load_cert_chain(pki_.server_cert, pki_.server_key);
    return made;
  }
  ClientOptions trusting() const {
    ClientOptions options;
    options.ca_file = pki_.ca_cert;
    options.server_name = "localhost";
    options.timeout_seconds = 30;
    return options;
  }

private slots:
  void initTestCase() {
    std::signal(SIGPIPE, SIG_IGN);
    QVERIFY(pki_dir_.isValid());
    pki_ = tls_test::make_test_pki(pki_dir_.path().toStdString());
  }

  // OpenSSL commits a record of a write that must wait for the socket: the bytes a timed-out
  // sendall left in it are sent before the next write, never replaced by it or sent twice.
  void abandoned_write_never_corrupts_the_stream() {
    WriteSteps steps;
    SyncTls tls(context(), factory<AbandonsThenWrites>(&steps));
    TlsClient client(tls.address(), trusting());
    client.socket().setsockopt(SOL_SOCKET, SO_RCVBUF, 16384);
    QVERIFY2(client.handshake(), client.error().c_str());
    QVERIFY(steps.step.wait([](int s) { return s >= 1; }));
    const std::string got = client.read_to_end();
    QVERIFY(steps.step.wait([](int s) { return s >= 2; }));
    const std::string failure = steps.failure.read([](const std::string& f) { return f; });
    QVERIFY2(failure.empty(), failure.c_str());
    QVERIFY(got.size() >= second_message.size());
    const std::size_t head = got.size() - second_message.size();
    QVERIFY2(head < first_message.size(), "the first message was not cut short");
    QVERIFY2(got.compare(0, head, first_message, 0, head) == 0,
             "what came of the first message is not its beginning");
    QVERIFY2(got.compare(head, second_message.size(), second_message) == 0,
             "the second message did not come whole after the first one's part");
  }

  // share() would hand out the descriptor without its TLS session (ciphertext read as data,
  // plaintext written to a TLS stream); recvfrom/sendto and flags would bypass it too.
  void calls_that_bypass_tls_are_refused_in_words() {
    Guarded<std::vector<std::string>> said;
    SyncTls tls(context(), factory<TriesBypasses>(&said));
    TlsClient client(tls.address(), trusting());
    QVERIFY2(client.handshake(), client.error().c_str());
    QVERIFY(client.send("ping\n"));
    QCOMPARE(bytes(client.read_line()), bytes("ping\n"));
    QVERIFY(said.wait([](const auto& all) { return !all.empty() && all.back() == "done"; }));
    const auto all = said.read([](const auto& a) { return a; });
    QCOMPARE(all.size(), std::size_t{6});
    for (std::size_t i = 0; i + 1 < all.size(); ++i) {
      QVERIFY2(all[i].find("refused: ") != std::string::npos, all[i].c_str());
      QVERIFY2(all[i].find("TLS") != std::string::npos, all[i].c_str());
    }
  }

  // TLS 1.2 resumption with client certificates asked for needs the server's session id
  // context; without it OpenSSL fails the resuming handshake.
  void tls12_session_resumes_with_client_certificates_asked_for() {
    auto server_context = context();
    server_context->load_verify_locations(pki_.ca_cert);
    server_context->set_verify_mode(socketserver::VerifyMode::CERT_OPTIONAL);
    SyncTls tls(server_context, socketserver::handler<EchoLine>());
    ClientOptions options = trusting();
    options.max_version = TLS1_2_VERSION;
    SSL_SESSION* session = nullptr;
    {
      TlsClient first(tls.address(), options);
      QVERIFY2(first.handshake(), first.error().c_str());
      QVERIFY(first.send("one\n"));
      QCOMPARE(bytes(first.read_line()), bytes("one\n"));
      session = first.session();
    }
    QVERIFY(session != nullptr);
    TlsClient second(tls.address(), options);
    second.resume(session);
    const bool shook = second.handshake();
    SSL_SESSION_free(session);
    QVERIFY2(shook, second.error().c_str());
    QVERIFY(second.resumed());
    QVERIFY(second.send("two\n"));
    QCOMPARE(bytes(second.read_line()), bytes("two\n"));
  }

  // Python's SSLError is an OSError: TlsError is a SocketError, with EPROTO for a protocol
  // failure and ECONNABORTED when the client ended the connection during its handshake.
  void tls_errors_are_socket_errors() {
    QTemporaryDir dir;
    KeepsErrors server(context(), "127.0.0.1:0", socketserver::handler<EchoLine>());
    ServingThread serving(server);
    {
      Socket plain = connect_to(server.server_address);
      plain.sendall("hello, this is not TLS\r\n\r\n");
      end_of_stream_or_reset(plain);
    }
    QVERIFY(server.errors.wait([](const auto& all) { return all.size() >= 1; }));
    {
      TlsClient quitter(server.server_address, trusting());
      quitter.socket().shutdown(SHUT_RDWR); // gone before its ClientHello
    }
    QVERIFY(server.errors.wait([](const auto& all) { return all.size() >= 2; }));
    const auto all = server.errors.read([](const auto& a) { return a; });
    const int expected[] = {EPROTO, ECONNABORTED};
    for (std::size_t i = 0; i < 2; ++i) {
      try {
        std::rethrow_exception(all[i]);
      } catch (const socketserver::TlsError& e) {
        const socketserver::SocketError& as_socket_error = e;
        QCOMPARE(as_socket_error.code().value(), expected[i]);
      } catch (const std::exception& e) {
        QFAIL((std::string("not a TlsError: ") + e.what()).c_str());
      }
    }
  }

  // A handshake bound of zero, a negative one or NaN meant different things per model (no
  // bound, instant failure, undefined behaviour): refused in words when the server uses it.
  void meaningless_handshake_timeouts_are_refused_in_words() {
    for (const double seconds : {0.0, -1.0, std::nan("")}) {
      TLSServer<socketserver::TCPServer> server(context(), "127.0.0.1:0",
                                                socketserver::handler<EchoLine>());
      server.handshake_timeout = Seconds{seconds};
      Socket client = connect_to(server.server_address);
      try {
        server.handle_request();
        QFAIL(qPrintable(QString("handshake_timeout %1 was accepted").arg(seconds)));
      } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find("handshake_timeout") != std::string::npos, e.what());
      }
    }
  }

  // A forking server's child passes the ALPN name on as NUL-ended text: a NUL inside a name
  // would shift what follows it. No registered ALPN name holds one.
  void alpn_names_with_nul_are_refused_in_words() {
    auto made = context();
    try {
      made->set_alpn_protocols({"http/1.1", std::string("h2\0x", 4)});
      QFAIL("a NUL byte in an ALPN name was accepted");
    } catch (const std::invalid_argument& e) {
      QVERIFY2(std::string(e.what()).find("NUL") != std::string::npos, e.what());
    }
    QVERIFY(made->alpn_protocols().empty()); // nothing half-set
  }
};

QTEST_GUILESS_MAIN(TestTlsSocketRules)
#include "TestTlsSocketRules.moc"
