#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include "openssl_call.hpp"
#include "socketserver/address.hpp"
#include "socketserver/detail/transport.hpp"
#include "socketserver/errors.hpp"
#include "socketserver/tls_server.hpp"
#include "tls_failure.hpp"
#include "tls_handles.hpp"
#include "tls_socket_bio.hpp"

namespace socketserver::detail {

namespace {

/// "127.0.0.1:5555", or "" once the peer is gone.
std::string peer_of(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
    return {};
  return Address(reinterpret_cast<const sockaddr*>(&storage), length).to_string();
}

/// One server-side TLS session over a connected descriptor (see transport.hpp).
class TlsTransport final : public Transport {
public:
  TlsTransport(std::shared_ptr<TlsContext> context, int fd, std::optional<Seconds> timeout)
      : context_(std::move(context)), timeout_(timeout) {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    bio_state_.fd = fd;
    ssl_.reset(SSL_new(context_->handle().ctx.get()));
    BIO* bio = ssl_ ? new_socket_bio(bio_state_) : nullptr;
    if (bio == nullptr)
      throw SocketError(ENOMEM, "TLS wrap: " + take_openssl_errors("out of memory"));
    SSL_set_bio(ssl_.get(), bio, bio); // the session owns the BIO from here
    SSL_set_accept_state(ssl_.get());
  }

  bool handshake(const Socket::TrafficReporting& reporting) override {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    if (done_)
      return true;
    begin_call();
    const int rc = SSL_do_handshake(ssl_.get());
    if (rc == 1) {
      done_ = true;
      if (reporting.observer != nullptr)
        reporting.observer->on_tls_handshake(reporting.id, info());
      return true;
    }
    const int error = SSL_get_error(ssl_.get(), rc);
    if (waits(error))
      return false;
    broken_ = true;
    int code = EPROTO;
    const std::string reason =
        handshake_failure_reason(ssl_.get(), error, bio_state_.last_errno, code);
    throw TlsError("TLS handshake with " + peer_text() + " failed: " + reason, code);
  }

  bool handshake_done() const noexcept override { return done_; }
  std::optional<Seconds> handshake_timeout() const noexcept override { return timeout_; }

  long read(char* buffer, std::size_t size) override {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    send_unsent();             // as a kernel sends what it took while the program reads; may wait
    begin_call();
    const int n = SSL_read(ssl_.get(), buffer, clamp(size));
    if (n > 0)
      return n;
    const int error = SSL_get_error(ssl_.get(), n);
    if (error == SSL_ERROR_ZERO_RETURN)
      return 0; // close_notify
    if (waits(error))
      return -1;
    if (error == SSL_ERROR_SYSCALL && bio_state_.last_errno == 0) {
      broken_ = true; // no SSL_shutdown after SSL_ERROR_SYSCALL (OpenSSL's rule)
      return 0;       // end of stream without close_notify: an end all the same, as over TCP
    }
    fail(error, "recv from");
  }

  long write(const char* data, std::size_t size) override {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    if (size == 0)
      return 0;
    if (!send_unsent())
      return -1;
    // One record at most per call: what a retry must offer again stays small to compare and
    // to copy (partial-write mode sends one record per SSL_write anyway).
    const std::size_t chunk = std::min(size, max_chunk);
    if (!offered_.empty() &&
        (chunk < offered_.size() || std::memcmp(data, offered_.data(), offered_.size()) != 0)) {
      broken_ = true;
      throw TlsError("TLS write to " + peer_text() +
                     " refused: the previous write waited for the socket and was not offered "
                     "again (a TLS record of it may already be on its way)");
    }
    begin_call();
    const int n = SSL_write(ssl_.get(), data, clamp(chunk));
    if (n > 0) {
      offered_.clear();
      return n;
    }
    const int error = SSL_get_error(ssl_.get(), n);
    if (waits(error)) {
      if (offered_.empty())
        offered_.assign(data, chunk);
      return -1;
    }
    fail(error, "send to");
  }

  std::size_t keep_unsent() override {
    unsent_ = std::move(offered_);
    offered_.clear();
    return unsent_.size();
  }

  std::size_t unsent() const noexcept override { return unsent_.size(); }

  short wanted() const noexcept override { return wanted_; }
  std::size_t pending() const noexcept override {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    return static_cast<std::size_t>(SSL_pending(ssl_.get()));
  }

  void close_notify() noexcept override {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    if (!done_ || broken_)
      return;
    try {
      if (!offered_.empty() || !send_unsent())
        return; // a stream cut short must not end with close_notify: the peer would trust it
    } catch (...) {
      return;
    }
    broken_ = true; // once: a second close_notify would be an error
    ERR_clear_error();
    SSL_shutdown(ssl_.get()); // sends close_notify if the socket takes it; never waits
    ERR_clear_error();
  }

  TlsHandshakeInfo info() const override {
    const OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
    TlsHandshakeInfo facts;
    if (!done_)
      return facts;
    SSL* ssl = ssl_.get();
    facts.version = SSL_get_version(ssl);
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl))
      facts.cipher = SSL_CIPHER_get_name(cipher);
    const unsigned char* alpn = nullptr;
    unsigned int alpn_length = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpn_length);
    if (alpn != nullptr)
      facts.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_length);
    if (const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name))
      facts.server_name = name;
    if (const X509* peer = SSL_get0_peer_certificate(ssl))
      facts.peer_subject = name_text(X509_get_subject_name(peer));
    return facts;
  }

private:
  /// The most plaintext one write() passes to SSL_write: one full TLS record.
  static constexpr std::size_t max_chunk = 16384;

  /// Sends what keep_unsent() took: true once none is left, false when it waits for wanted().
  bool send_unsent() {
    while (!unsent_.empty()) {
      begin_call();
      const int n = SSL_write(ssl_.get(), unsent_.data(), clamp(unsent_.size()));
      if (n <= 0) {
        const int error = SSL_get_error(ssl_.get(), n);
        if (waits(error))
          return false;
        fail(error, "send to");
      }
      unsent_.erase(0, static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Before each OpenSSL call: no stale error may be taken for this call's.
  void begin_call() noexcept {
    ERR_clear_error();
    bio_state_.last_errno = 0;
  }

  static int clamp(std::size_t size) {
    return static_cast<int>(std::min<std::size_t>(size, INT_MAX));
  }

  /// True (and wanted() set) when `error` means "call again once the socket is ready".
  bool waits(int error) noexcept {
    if (error == SSL_ERROR_WANT_READ) {
      wanted_ = POLLIN;
      return true;
    }
    if (error == SSL_ERROR_WANT_WRITE) {
      wanted_ = POLLOUT;
      return true;
    }
    return false;
  }

  [[noreturn]] void fail(int error, const char* operation) {
    broken_ = true;
    const int saved_errno = bio_state_.last_errno;
    if (error == SSL_ERROR_SYSCALL && saved_errno != 0) {
      ERR_clear_error();
      throw SocketError(saved_errno, describe_errno(saved_errno, operation, peer_text()));
    }
    throw TlsError(std::string("TLS error on the connection ") +
                   (operation[0] == 'r' ? "from " : "to ") + peer_text() + ": " +
                   take_openssl_errors("the session failed"));
  }

  std::string peer_text() const {
    const std::string peer = peer_of(bio_state_.fd);
    return peer.empty() ? "the client" : peer;
  }

  std::shared_ptr<TlsContext> context_; // keeps the SSL_CTX alive as long as the session
  std::optional<Seconds> timeout_;
  SocketBioState bio_state_; // before ssl_: the BIO points at it until freed
  UniqueSsl ssl_;
  // The bytes of a write() that returned -1: OpenSSL may hold a record of them, so the next
  // write must offer them again, or keep_unsent() moves them to unsent_.
  std::string offered_;
  std::string unsent_; // taken by keep_unsent(), sent before anything else
  short wanted_ = POLLIN;
  bool done_ = false;
  bool broken_ = false;
};

} // namespace

void wrap_server_side(Socket& connection, const std::shared_ptr<TlsContext>& context,
                      std::optional<Seconds> handshake_timeout) {
  if (!connection)
    return;
  // A handshake is a few small records each way: with Nagle's algorithm one of them waits for
  // the peer's delayed ACK (40 ms a handshake). TLS frames its own records, as nginx assumes
  // when it sets TCP_NODELAY on its TLS connections. (A Unix socket has no such option.)
  if (connection.family() != AF_UNIX)
    connection.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
  connection.set_transport(
      std::make_unique<TlsTransport>(context, connection.fileno(), handshake_timeout));
}

void send_close_notify(Socket& connection) noexcept {
  if (Transport* transport = connection.transport())
    transport->close_notify();
}

} // namespace socketserver::detail
