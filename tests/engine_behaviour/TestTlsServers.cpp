// TLSServer in every model: a handshake that succeeds and an upper-case echo through rfile /
// wfile (event: EventHandler::send()), handshakes that fail with their reason in words (the
// client does not trust the CA, an expired certificate, plain text and plain HTTP to the TLS
// port, no common protocol version, a client that says nothing past the handshake timeout
// while others are served), client certificates required, and what the observer sees:
// plaintext payloads and the handshake's facts. The certificates are made by the test.
// Built twice: TLS_FORKING selects the forking rows (TSan cannot follow fork()).
#include <csignal>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <QtTest>

#include "behaviour_support.hpp"
#include "model_cases.hpp"
#include "tls_support.hpp"

using namespace behaviour;
using socketserver::TlsContext;
using socketserver::TlsHandshakeInfo;
using socketserver::TLSServer;
using tls_test::ClientOptions;
using tls_test::TlsClient;

namespace {

/// Records handshakes, then passes every event on to a RecordingObserver.
class TlsObserver : public socketserver::ForwardingObserver {
public:
  explicit TlsObserver(RecordingObserver& next) : ForwardingObserver(&next) {}
  void on_tls_handshake(RequestId id, const TlsHandshakeInfo& info) override {
    handshakes_.change([&](auto& all) { all.emplace_back(id, info); });
    ForwardingObserver::on_tls_handshake(id, info);
  }
  /// The facts of request `id`'s handshake, once they came (a forked child's come later).
  std::optional<TlsHandshakeInfo> handshake(RequestId id) const {
    handshakes_.wait([id](const auto& all) {
      for (const auto& entry : all)
        if (entry.first == id)
          return true;
      return false;
    });
    return handshakes_.read([id](const auto& all) -> std::optional<TlsHandshakeInfo> {
      for (const auto& [seen, info] : all)
        if (seen == id)
          return info;
      return std::nullopt;
    });
  }

private:
  Guarded<std::vector<std::pair<RequestId, TlsHandshakeInfo>>> handshakes_;
};

/// Upper-cases each line through rfile and wfile.
struct UpperLines : socketserver::StreamRequestHandler {
  UpperLines(Request& request_, const Address& client, BaseServer& server_)
      : StreamRequestHandler(request_, client, server_) {
    timeout = DEADLINE;
  }
  void handle() override {
    for (std::string line; !(line = rfile.readline(65536)).empty();)
      wfile.write(upper(line));
  }
};

template <class Server> struct TlsCase {
  QTemporaryDir dir;
  RecordingObserver recorded;
  TlsObserver observer{recorded};
  std::unique_ptr<TLSServer<Recording<Server>>> server;
  std::unique_ptr<ServingThread> serving;

  TlsCase(const std::shared_ptr<TlsContext>& context, std::size_t loops,
          std::optional<Seconds> handshake_timeout = Seconds{5}) {
    if constexpr (is_event_v<Server>) {
      server = std::make_unique<TLSServer<Recording<Server>>>(
          context, any_address<Server>(dir), socketserver::event_handler<UpperEvents>());
      server->event_loops = loops;
    } else {
      server = std::make_unique<TLSServer<Recording<Server>>>(context, any_address<Server>(dir),
                                                              socketserver::handler<UpperLines>());
    }
    server->handshake_timeout = handshake_timeout;
    server->set_observer(&observer);
    serving = std::make_unique<ServingThread>(*server);
  }
  ~TlsCase() {
    serving.reset();
    server.reset();
  }
  const Address& address() const { return server->server_address; }
  /// The detail of the only request's finish, once it came.
  std::string only_failure() {
    if (!recorded.wait_finished(1))
      return "(no finish)";
    const auto id = recorded.finished_ids().front();
    const auto finish = recorded.finish(id);
    if (finish->outcome != RequestOutcome::Error)
      return "(outcome " + std::string(socketserver::to_string(finish->outcome)) + ")";
    return finish->data;
  }
};

/// Reads until the server ends the connection, which it may do with a reset (it closes with
/// bytes of ours unread), then closes with a reset. Returns what came.
std::string end_quietly(Socket& client) {
  std::string all;
  try {
    all = read_to_end(client);
  } catch (const socketserver::SocketError&) {
  }
  close_abortively(client);
  return all;
}

QStringList tls_models() {
#ifdef TLS_FORKING
  return {"ForkingTCPServer", "ForkingUnixStreamServer"};
#else
  return {
      "TCPServer",        "ThreadingTCPServer",        "ThreadPoolTCPServer",    "EventTCPServer/1",
      "EventTCPServer/3", "ThreadingUnixStreamServer", "EventUnixStreamServer/2"};
#endif
}

/// Runs f(Model<Server>) for a row; the datagram classes the row tables also know are never
/// instantiated (TLSServer refuses them at compile time).
template <class F> void with_tls_model(const QString& row, F&& f) {
  const auto stream_only = [&f](auto model) {
    if constexpr (!is_datagram_v<typename decltype(model)::type>)
      f(model);
    else
      QFAIL("TLS rows are stream models");
  };
#ifdef TLS_FORKING
  QVERIFY(with_forking_server_class(
      row, [&](auto type) { stream_only(Model<typename decltype(type)::type>{1}); }));
#else
  QVERIFY(with_model(row, stream_only));
#endif
}

} // namespace

class TestTlsServers : public QObject {
  Q_OBJECT

  QTemporaryDir pki_dir_;
  tls_test::TestPki pki_;

  std::shared_ptr<TlsContext> context(bool expired = false) const {
    auto made = TlsContext::create();
    made->load_cert_chain(expired ? pki_.expired_cert : pki_.server_cert,
                          expired ? pki_.expired_key : pki_.server_key);
    return made;
  }
  ClientOptions trusting() const {
    ClientOptions options;
    options.ca_file = pki_.ca_cert;
    options.server_name = "localhost";
    return options;
  }

  static void add_rows() {
    QTest::addColumn<QString>("model");
    for (const QString& row : tls_models())
      QTest::newRow(row.toUtf8().constData()) << row;
  }

  /// A client whose handshake must fail, and the reason the server gives for its request.
  template <class Server>
  std::string failed_handshake(const std::shared_ptr<TlsContext>& server_context,
                               const ClientOptions& options, std::size_t loops) {
    TlsCase<Server> tls(server_context, loops);
    {
      TlsClient client(tls.address(), options);
      client.handshake();
      client.send("hello\n");
      client.read_line();
    }
    return tls.only_failure();
  }

private slots:
  void initTestCase() {
    // The test client is OpenSSL's plain socket BIO, which writes with write(2): a client
    // still writing to a server that refused it must fail, not die. (The engine needs no
    // such setting: it sends with MSG_NOSIGNAL.)
    std::signal(SIGPIPE, SIG_IGN);
    QVERIFY(pki_dir_.isValid());
    pki_ = tls_test::make_test_pki(pki_dir_.path().toStdString());
  }

  void handshake_then_echo_through_rfile_and_wfile_data() { add_rows(); }
  void handshake_then_echo_through_rfile_and_wfile() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      auto server_context = context();
      server_context->set_alpn_protocols({"http/1.1", "h2"});
      TlsCase<Server> tls(server_context, m.event_loops);
      ClientOptions options = trusting();
      options.alpn = {"h2", "http/1.1"};
      RequestId id = 0;
      {
        TlsClient client(tls.address(), options);
        QVERIFY2(client.handshake(), client.error().c_str());
        QCOMPARE(QString::fromStdString(client.alpn()), QString("http/1.1"));
        QVERIFY(client.send("hello tls\n"));
        QCOMPARE(bytes(client.read_line()), bytes("HELLO TLS\n"));
        QVERIFY(client.send("second line\n"));
        QCOMPARE(bytes(client.read_line()), bytes("SECOND LINE\n"));
      }
      QVERIFY(tls.recorded.wait_finished(1));
      id = tls.recorded.finished_ids().front();
      QVERIFY2(tls.recorded.finish(id)->outcome == RequestOutcome::Completed,
               tls.recorded.finish(id)->data.c_str());
      // The observer sees plaintext, not TLS records.
      QCOMPARE(bytes(tls.recorded.received(id)), bytes("hello tls\nsecond line\n"));
      QCOMPARE(bytes(tls.recorded.sent(id)), bytes("HELLO TLS\nSECOND LINE\n"));
      const auto facts = tls.observer.handshake(id);
      QVERIFY(facts.has_value());
      QCOMPARE(QString::fromStdString(facts->version), QString("TLSv1.3"));
      QVERIFY(!facts->cipher.empty());
      QCOMPARE(QString::fromStdString(facts->alpn), QString("http/1.1"));
      QCOMPARE(QString::fromStdString(facts->server_name), QString("localhost"));
      QVERIFY(facts->peer_subject.empty());
    });
  }

  void client_not_trusting_the_ca_fails_in_words_data() { add_rows(); }
  void client_not_trusting_the_ca_fails_in_words() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      ClientOptions options = trusting();
      options.ca_file = pki_.other_ca_cert;
      const std::string reason = failed_handshake<Server>(context(), options, m.event_loops);
      QVERIFY2(reason.find("unknown CA") != std::string::npos, reason.c_str());
    });
  }

  void expired_certificate_fails_in_words_data() { add_rows(); }
  void expired_certificate_fails_in_words() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      const std::string reason = failed_handshake<Server>(context(true), trusting(), m.event_loops);
      QVERIFY2(reason.find("expired") != std::string::npos, reason.c_str());
    });
  }

  void plain_text_and_plain_http_are_named_data() { add_rows(); }
  void plain_text_and_plain_http_are_named() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      for (const auto& [sent, expected] :
           {std::pair<std::string, std::string>{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "plain HTTP"},
            {"hello there, plain text\n", "did not speak TLS"}}) {
        TlsCase<Server> tls(context(), m.event_loops);
        Socket client = connect_to(tls.address());
        client.sendall(sent);
        end_quietly(client);
        const std::string reason = tls.only_failure();
        QVERIFY2(reason.find(expected) != std::string::npos, reason.c_str());
      }
    });
  }

  void no_common_protocol_version_data() { add_rows(); }
  void no_common_protocol_version() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      auto server_context = context();
      server_context->set_minimum_version(socketserver::TlsVersion::TLSv1_3);
      ClientOptions options = trusting();
      options.max_version = TLS1_2_VERSION;
      const std::string reason = failed_handshake<Server>(server_context, options, m.event_loops);
      QVERIFY2(reason.find("no common protocol version") != std::string::npos, reason.c_str());
    });
  }

  void silent_client_times_out_while_others_are_served_data() { add_rows(); }
  void silent_client_times_out_while_others_are_served() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      TlsCase<Server> tls(context(), m.event_loops, Seconds{0.5});
      Socket silent = connect_to(tls.address()); // connects, never says hello
      QVERIFY(tls.recorded.wait_opened(1));
      const auto silent_id = tls.recorded.opened_ids().front();
      {
        // The synchronous TCPServer serves one request at a time: this one waits its turn.
        TlsClient client(tls.address(), trusting());
        QVERIFY2(client.handshake(), client.error().c_str());
        QVERIFY(client.send("meanwhile\n"));
        QCOMPARE(bytes(client.read_line()), bytes("MEANWHILE\n"));
      }
      QVERIFY(tls.recorded.wait([&](const std::vector<Observed>& events) {
        for (const auto& event : events)
          if (event.id == silent_id && event.kind == Observed::Kind::Finished)
            return true;
        return false;
      }));
      const auto finish = tls.recorded.finish(silent_id);
      QCOMPARE(finish->outcome, RequestOutcome::Error);
      QVERIFY2(finish->data.find("timed out") != std::string::npos, finish->data.c_str());
      QCOMPARE(bytes(end_quietly(silent)), QByteArray()); // the server let go
    });
  }

  void client_certificate_required_data() { add_rows(); }
  void client_certificate_required() {
    QFETCH(QString, model);
    with_tls_model(model, [&](auto m) {
      using Server = typename decltype(m)::type;
      auto server_context = context();
      server_context->load_verify_locations(pki_.ca_cert);
      server_context->set_verify_mode(socketserver::VerifyMode::CERT_REQUIRED);
      {
        TlsCase<Server> tls(server_context, m.event_loops);
        ClientOptions options = trusting();
        options.cert_file = pki_.client_cert;
        options.key_file = pki_.client_key;
        TlsClient client(tls.address(), options);
        QVERIFY2(client.handshake(), client.error().c_str());
        QVERIFY(client.send("with a certificate\n"));
        QCOMPARE(bytes(client.read_line()), bytes("WITH A CERTIFICATE\n"));
        QVERIFY(tls.recorded.wait_opened(1));
        const auto id = tls.recorded.opened_ids().front();
        const auto facts = tls.observer.handshake(id);
        QVERIFY(facts.has_value());
        QVERIFY2(facts->peer_subject.find("CN=test client") != std::string::npos,
                 facts->peer_subject.c_str());
      }
      const std::string reason =
          failed_handshake<Server>(server_context, trusting(), m.event_loops);
      QVERIFY2(reason.find("sent no certificate") != std::string::npos, reason.c_str());
    });
  }

#ifndef TLS_FORKING
  void context_errors_name_the_file_and_the_reason() {
    auto made = TlsContext::create();
    const std::string missing = pki_dir_.path().toStdString() + "/missing.pem";
    auto message_of = [](auto&& call) -> std::string {
      try {
        call();
      } catch (const socketserver::TlsError& error) {
        return error.what();
      }
      return "(no TlsError)";
    };
    std::string text = message_of([&] { made->load_cert_chain(missing, pki_.server_key); });
    QVERIFY2(text.find("missing.pem") != std::string::npos &&
                 text.find("no such file") != std::string::npos,
             text.c_str());
    text = message_of([&] { made->load_cert_chain(pki_.server_cert, pki_.client_key); });
    QVERIFY2(text.find("does not match") != std::string::npos &&
                 text.find("client.key") != std::string::npos,
             text.c_str());
    text = message_of([&] { made->load_cert_chain(pki_.server_key, pki_.server_key); });
    QVERIFY2(text.find("no usable certificate") != std::string::npos, text.c_str());
    text = message_of([&] { made->load_cert_chain(pki_.server_cert, pki_.server_cert); });
    QVERIFY2(text.find("no usable private key") != std::string::npos, text.c_str());
    text = message_of([&] { made->load_verify_locations(missing); });
    QVERIFY2(text.find("missing.pem") != std::string::npos, text.c_str());
    QVERIFY(!made->has_certificate());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TLSServer<socketserver::TCPServer>(
                                                        made, Address{"127.0.0.1:0"},
                                                        socketserver::handler<UpperLines>()));
  }
#endif
};

QTEST_GUILESS_MAIN(TestTlsServers)
#include "TestTlsServers.moc"
