/// @file
/// Public header. TlsContext: Python's ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER) for the engine's
/// servers: the server's certificate chain and key, optional client-certificate verification
/// against a CA, the lowest protocol version accepted and the ALPN protocols offered.
///
/// @code{.cpp}
///   auto context = socketserver::TlsContext::create();
///   context->load_cert_chain("server.pem", "server.key");   // throws TlsError in words
///   context->set_alpn_protocols({"http/1.1"});
///   socketserver::TLSServer<socketserver::ThreadingTCPServer> server{
///       context, "127.0.0.1:8443", socketserver::handler<Echo>()};
/// @endcode
///
/// Owned by std::shared_ptr: every server and every connection wrapped with it keeps it alive.
/// Thread rule: configure it before any server serves with it (the setters are not
/// synchronised); once serving, it is only read, from any thread.
/// Available when config.hpp says SOCKETSERVER_HAS_TLS is 1 (OpenSSL 3 underneath).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "socketserver/config.hpp"
#include "socketserver/errors.hpp"

#if !SOCKETSERVER_HAS_TLS
#error "this socketserver engine was built without TLS (SOCKETSERVER_HAS_TLS is 0)"
#endif

namespace socketserver {

/// Python's ssl.CERT_NONE / CERT_OPTIONAL / CERT_REQUIRED: whether a server asks its clients
/// for a certificate, and whether it refuses those that send none.
enum class VerifyMode {
  CERT_NONE,     ///< no client certificate is asked for (the default)
  CERT_OPTIONAL, ///< asked for and verified when sent; a client without one is served
  CERT_REQUIRED, ///< asked for and verified; a client without one fails its handshake
};

/// Python's ssl.TLSVersion: the lowest protocol version a server accepts.
enum class TlsVersion {
  TLSv1_2, ///< TLS 1.2 and 1.3 (the default)
  TLSv1_3, ///< TLS 1.3 only
};

/// "TLSv1.2", "TLSv1.3".
std::string to_string(TlsVersion version);

namespace detail {
struct TlsContextHandle;
}

/// Python's ssl.SSLContext for servers. Create with create(); details in tls_context.hpp.
class TlsContext {
  struct Private {}; // create() is the only way to make one (always owned by a shared_ptr)

public:
  /// A server context: TLS 1.2 and later, no client certificates, no ALPN, no certificate yet
  /// (load_cert_chain() before serving). Throws TlsError when OpenSSL cannot make one.
  static std::shared_ptr<TlsContext> create();
  /// For create() only: Private is a passkey no caller outside the class can name.
  explicit TlsContext(Private);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  /// Python's load_cert_chain(certfile, keyfile): the server's certificate (then its
  /// intermediates) from PEM file `certfile`, and its private key from `keyfile` (empty: the
  /// key is in `certfile`). Throws TlsError naming the file and the reason when a file is
  /// missing or unreadable, holds no certificate or key, or the key does not match.
  void load_cert_chain(const std::string& certfile, const std::string& keyfile = {});
  /// Python's load_verify_locations(cafile): the CA certificates (PEM) that client
  /// certificates are verified against. Throws TlsError naming the file and the reason.
  void load_verify_locations(const std::string& cafile);
  /// Python's verify_mode: whether client certificates are asked for and required. Asking
  /// needs load_verify_locations() first; the server's handshakes fail in words otherwise.
  void set_verify_mode(VerifyMode mode);
  /// The mode set by set_verify_mode().
  VerifyMode verify_mode() const noexcept { return verify_mode_; }
  /// Python's minimum_version.
  void set_minimum_version(TlsVersion version);
  /// The version set by set_minimum_version().
  TlsVersion minimum_version() const noexcept { return minimum_version_; }
  /// Python's set_alpn_protocols(): the protocols this server speaks, in its order of
  /// preference; it selects the first of them the client offers (none in common: no ALPN).
  /// Throws std::invalid_argument for an empty name, one longer than 255 bytes or one with a
  /// NUL byte (nothing is changed then).
  void set_alpn_protocols(const std::vector<std::string>& protocols);
  /// The protocols set by set_alpn_protocols().
  const std::vector<std::string>& alpn_protocols() const noexcept { return alpn_; }
  /// True once load_cert_chain() succeeded.
  bool has_certificate() const noexcept { return has_certificate_; }

  /// Engine internal: the OpenSSL context (an SSL_CTX*).
  const detail::TlsContextHandle& handle() const noexcept { return *handle_; }

private:
  std::unique_ptr<detail::TlsContextHandle> handle_;
  VerifyMode verify_mode_ = VerifyMode::CERT_NONE;
  TlsVersion minimum_version_ = TlsVersion::TLSv1_2;
  std::vector<std::string> alpn_;
  std::string alpn_wire_; // alpn_ as ALPN wants it: length-prefixed names
  bool has_certificate_ = false;
};

} // namespace socketserver
