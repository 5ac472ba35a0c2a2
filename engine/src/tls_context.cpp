#include "socketserver/tls_context.hpp"

#include <cerrno>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include <openssl/pem.h>

#include "openssl_call.hpp"
#include "socketserver/tls_server.hpp"
#include "tls_handles.hpp"

namespace socketserver {

namespace detail {

std::string take_openssl_errors(const std::string& fallback) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(code);
    const std::string words = reason != nullptr ? reason : "error " + std::to_string(code);
    if (text.find(words) == std::string::npos)
      text += (text.empty() ? "" : "; ") + words;
  }
  return text.empty() ? fallback : text;
}

std::string name_text(const X509_NAME* name) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  if (name == nullptr)
    return {};
  const UniqueBio bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0)
    return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::optional<Seconds> checked_handshake_timeout(std::optional<Seconds> timeout) {
  if (timeout && !(timeout->count() > 0)) // NaN too
    throw std::invalid_argument("TLSServer::handshake_timeout must be a positive number of "
                                "seconds, or nullopt for no bound of its own (got " +
                                std::to_string(timeout->count()) + ")");
  return timeout;
}

std::shared_ptr<TlsContext> checked_server_context(std::shared_ptr<TlsContext> context) {
  if (!context)
    throw std::invalid_argument("TLSServer needs a TlsContext (got none)");
  if (!context->has_certificate())
    throw std::invalid_argument("TLSServer's TlsContext has no certificate: call "
                                "load_cert_chain(certfile, keyfile) first");
  return context;
}

} // namespace detail

namespace {

using detail::take_openssl_errors;

/// Opens `path` for reading, or TlsError naming it and why it cannot be read.
std::unique_ptr<std::FILE, int (*)(std::FILE*)> open_readable(const std::string& path,
                                                              const char* what) {
  if (path.empty())
    throw TlsError(std::string("no ") + what + " file given");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int saved_errno = errno;
    throw TlsError("cannot read the " + std::string(what) +
                       " file: " + describe_errno(saved_errno, "open", path),
                   saved_errno);
  }
  return {file, &std::fclose};
}

/// OpenSSL's question for an encrypted key's password: answered "none", never the terminal.
int no_password(char*, int, int, void*) { return -1; }

int alpn_select(SSL*, const unsigned char** out, unsigned char* out_length,
                const unsigned char* offered, unsigned int offered_length, void* argument) {
  const auto& wire = *static_cast<const std::string*>(argument);
  unsigned char* selected = nullptr;
  // Server preference: the first of ours the client offers.
  if (SSL_select_next_proto(&selected, out_length,
                            reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned int>(wire.size()), offered,
                            offered_length) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK; // nothing in common: go on without ALPN
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

} // namespace

std::string to_string(TlsVersion version) {
  return version == TlsVersion::TLSv1_3 ? "TLSv1.3" : "TLSv1.2";
}

std::shared_ptr<TlsContext> TlsContext::create() { return std::make_shared<TlsContext>(Private{}); }

TlsContext::TlsContext(Private) : handle_(std::make_unique<detail::TlsContextHandle>()) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  handle_->ctx.reset(SSL_CTX_new(TLS_server_method()));
  SSL_CTX* ctx = handle_->ctx.get();
  if (ctx == nullptr)
    throw TlsError("cannot create a TLS context: " + take_openssl_errors("out of memory"));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // A peer that closes without close_notify ends the stream as over TCP; renegotiation is
  // refused (a client could otherwise make the server work for nothing).
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
  // Socket::send() returns what was taken, like send(2); a retried write may come from a
  // buffer that moved (the event loops' output queue).
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_CTX_set_default_passwd_cb(ctx, &no_password);
  // Sessions are resumed only within the context that made them; without a context id,
  // OpenSSL fails every resuming handshake once client certificates are asked for (Python
  // sets "Python" the same way).
  static constexpr unsigned char session_context[] = "socketserver";
  if (SSL_CTX_set_session_id_context(ctx, session_context, sizeof session_context - 1) != 1)
    throw TlsError("cannot create a TLS context: " + take_openssl_errors("session id context"));
}

TlsContext::~TlsContext() = default;

void TlsContext::load_cert_chain(const std::string& certfile, const std::string& keyfile) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  const std::string& key_path = keyfile.empty() ? certfile : keyfile;
  open_readable(certfile, "certificate");
  auto key_file = open_readable(key_path, "private key");
  ERR_clear_error();
  const detail::UniquePkey key(PEM_read_PrivateKey(key_file.get(), nullptr, &no_password, nullptr));
  if (!key)
    throw TlsError(key_path +
                   ": no usable private key (PEM expected; an encrypted key is not "
                   "supported): " +
                   take_openssl_errors("no key found"));
  SSL_CTX* ctx = handle_->ctx.get();
  if (SSL_CTX_use_certificate_chain_file(ctx, certfile.c_str()) != 1)
    throw TlsError(certfile + ": no usable certificate (PEM expected): " +
                   take_openssl_errors("no certificate found"));
  if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), key.get()) != 1) {
    ERR_clear_error();
    throw TlsError("the private key in " + key_path + " does not match the certificate in " +
                   certfile);
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1)
    throw TlsError(key_path + ": " + take_openssl_errors("the key cannot be used"));
  has_certificate_ = true;
}

void TlsContext::load_verify_locations(const std::string& cafile) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  open_readable(cafile, "CA certificates");
  SSL_CTX* ctx = handle_->ctx.get();
  ERR_clear_error();
  if (SSL_CTX_load_verify_locations(ctx, cafile.c_str(), nullptr) != 1)
    throw TlsError(cafile + ": no usable CA certificate (PEM expected): " +
                   take_openssl_errors("no certificate found"));
  // Tell clients which CAs their certificate may come from.
  if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(cafile.c_str()))
    SSL_CTX_set_client_CA_list(ctx, names);
  ERR_clear_error();
}

void TlsContext::set_verify_mode(VerifyMode mode) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  int flags = SSL_VERIFY_NONE;
  if (mode == VerifyMode::CERT_OPTIONAL)
    flags = SSL_VERIFY_PEER;
  else if (mode == VerifyMode::CERT_REQUIRED)
    flags = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  SSL_CTX_set_verify(handle_->ctx.get(), flags, nullptr);
  verify_mode_ = mode;
}

void TlsContext::set_minimum_version(TlsVersion version) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  SSL_CTX_set_min_proto_version(handle_->ctx.get(),
                                version == TlsVersion::TLSv1_3 ? TLS1_3_VERSION : TLS1_2_VERSION);
  minimum_version_ = version;
}

void TlsContext::set_alpn_protocols(const std::vector<std::string>& protocols) {
  const detail::OpenSslCall openssl; // no fork meanwhile: see openssl_call.hpp
  std::string wire;
  for (const std::string& name : protocols) {
    if (name.empty() || name.size() > 255)
      throw std::invalid_argument("ALPN protocol names are 1 to 255 bytes long, got '" + name +
                                  "'");
    if (name.find('\0') != std::string::npos)
      throw std::invalid_argument("ALPN protocol names cannot hold a NUL byte (got one in '" +
                                  name.substr(0, name.find('\0')) + "\\0...')");
    wire += static_cast<char>(name.size());
    wire += name;
  }
  alpn_ = protocols;
  alpn_wire_ = std::move(wire);
  SSL_CTX* ctx = handle_->ctx.get();
  if (alpn_wire_.empty())
    SSL_CTX_set_alpn_select_cb(ctx, nullptr, nullptr);
  else
    SSL_CTX_set_alpn_select_cb(ctx, &alpn_select, &alpn_wire_);
}

} // namespace socketserver
