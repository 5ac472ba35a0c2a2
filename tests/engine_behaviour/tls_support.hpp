// Internal header of the TLS suites (tests/engine_behaviour, and the example's test): test
// certificates made at run time with OpenSSL's API — no private key is ever checked in — and
// a blocking TLS client on OpenSSL (SSL_connect on a plain socket), every wait bounded.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <openssl/ssl.h>

#include <socketserver.hpp>

namespace tls_test {

/// PEM files in one directory: a CA, a server certificate it signed (localhost, 127.0.0.1),
/// an expired server certificate it signed, a client certificate it signed, and a second CA
/// that signed nothing (a client trusting only it trusts none of the above).
struct TestPki {
  std::string ca_cert;
  std::string server_cert, server_key;
  std::string expired_cert, expired_key;
  std::string client_cert, client_key;
  std::string other_ca_cert;
};

/// Makes the files of a TestPki in `dir` (which must exist). Throws std::runtime_error.
TestPki make_test_pki(const std::string& dir);

/// The bytes of a client's first flight (its ClientHello), as a client would send them.
std::string client_hello();

/// How the test client connects.
struct ClientOptions {
  std::string ca_file;             ///< trust these CAs (verify on); empty: verify off
  std::string cert_file, key_file; ///< a client certificate, if any
  std::string server_name;         ///< SNI, if any
  std::vector<std::string> alpn;   ///< ALPN offered, if any
  int max_version = 0;             ///< e.g. TLS1_2_VERSION; 0 = the library's highest
  double timeout_seconds = 10.0;   ///< bounds every read, write and the handshake
  /// A slow peer: every byte the client writes (the handshake's too) goes out alone, this
  /// many milliseconds after the one before. 0: as OpenSSL writes them.
  int dribble_ms = 0;
  /// Called once connected, before anything of OpenSSL's is made (see wait_for_new_child()).
  std::function<void()> after_connect;
};

/// Waits (at most `seconds`) until this process has more child processes than `before`
/// (count_children()). For forking servers: a thread that allocates while another forks can
/// leave the child with the allocator's lock held (ASan's, for one), so the test client waits
/// until its request's child exists before it makes its TLS session. Allocates nothing.
void wait_for_new_child(int before, double seconds = 10.0);
/// The child processes of this process, now. Allocates nothing.
int count_children();

/// A blocking OpenSSL client connection. Every call is bounded by the timeout.
class TlsClient {
public:
  /// Connects (TCP, or a Unix path) and sets the session up; no handshake yet.
  TlsClient(const socketserver::Address& server, const ClientOptions& options);
  /// Sets the session up on `socket`, which may connect later (socket().connect()): a
  /// client made while descriptors are still free, to connect when none is.
  TlsClient(socketserver::Socket socket, const ClientOptions& options);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  /// SSL_connect(): true when it succeeded; error() says why not.
  bool handshake();
  /// Sends all of `data`; false on failure.
  bool send(const std::string& data);
  /// Reads until "\n" (kept) or the end of the stream.
  std::string read_line();
  /// Reads until the server ends the stream.
  std::string read_to_end();
  /// Reads what comes first, at most `most` bytes ("" at the end or on failure).
  std::string read_some(std::size_t most);
  /// True once plaintext (or the end) is there to read, waiting at most `milliseconds`.
  /// Handshake messages that come after the handshake (session tickets) do not count.
  bool readable_within(int milliseconds);
  /// Sends close_notify (the client writes no more) and reads on.
  void close_notify() { SSL_shutdown(ssl_); }
  /// The negotiated ALPN protocol, or "".
  std::string alpn() const;
  /// The session of a completed handshake, to resume later (SSL_SESSION_free it).
  SSL_SESSION* session() const { return SSL_get1_session(ssl_); }
  /// Offers `session` (from an earlier connection) in the coming handshake.
  void resume(SSL_SESSION* session) { SSL_set_session(ssl_, session); }
  /// True when the handshake resumed the offered session.
  bool resumed() const { return SSL_session_reused(ssl_) == 1; }
  /// What the last failure said.
  const std::string& error() const { return error_; }
  /// The socket underneath (to send plain bytes, or close it early).
  socketserver::Socket& socket() { return socket_; }
  /// True when the last failure was a read or write that waited past the timeout.
  bool timed_out() const { return timed_out_; }
  /// Vanishes: closes with a reset (SO_LINGER 0), no close_notify; the client is done.
  void reset();
  /// Asks the server for a TLS 1.3 KeyUpdate (SSL_KEY_UPDATE_REQUESTED) and sends the
  /// request now; false on failure.
  bool request_key_update();

  /// Where the client's writes go (its own BIO: MSG_NOSIGNAL, and dribbling).
  struct Writer {
    int fd = -1;
    int gap_ms = 0;
  };

private:
  void set_up(const ClientOptions& options);
  bool failed(); // records why the last OpenSSL call failed; returns false

  socketserver::Socket socket_;
  Writer writer_;
  bool timed_out_ = false;
  bool gone_ = false;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string error_;
};

} // namespace tls_test
