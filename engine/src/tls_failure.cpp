#include "tls_failure.hpp"

#include <cerrno>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "socketserver/errors.hpp"

namespace socketserver::detail {

namespace {

/// The words for one of OpenSSL's handshake reasons, or nullptr when it has no better ones.
const char* known_reason(int reason) {
  switch (reason) {
  case SSL_R_HTTP_REQUEST:
  case SSL_R_HTTPS_PROXY_REQUEST:
    return "plain HTTP sent to a TLS port (the client sent an HTTP request, not a TLS "
           "handshake)";
  case SSL_R_WRONG_VERSION_NUMBER:
  case SSL_R_PACKET_LENGTH_TOO_LONG:
  case SSL_R_UNKNOWN_PROTOCOL:
    return "the client did not speak TLS (plain text sent to a TLS port)";
  case SSL_R_UNSUPPORTED_PROTOCOL:
  case SSL_R_NO_PROTOCOLS_AVAILABLE:
  case SSL_R_VERSION_TOO_LOW:
  case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    return "no common protocol version (the client offers only versions the server refuses)";
  case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    return "the client does not trust the server's certificate (unknown CA)";
  case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    return "the client rejected the server's certificate (certificate unknown)";
  case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    return "the client rejected the server's certificate (bad certificate)";
  case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    return "the client rejected the server's certificate: it has expired";
  case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
    return "the client sent no certificate, and this server requires one";
  case SSL_R_NO_SHARED_CIPHER:
    return "no cipher in common with the client";
  case SSL_R_UNEXPECTED_EOF_WHILE_READING:
    return "the client closed the connection during the TLS handshake";
  default:
    return nullptr;
  }
}

} // namespace

std::string handshake_failure_reason(const SSL* ssl, int ssl_error, int saved_errno, int& code) {
  code = EPROTO;
  std::string reason;
  unsigned long first_code = 0;
  bool ended = false; // the client ended the connection
  while (const unsigned long error_code = ERR_get_error()) {
    if (first_code == 0)
      first_code = error_code;
    if (!reason.empty() || ERR_GET_LIB(error_code) != ERR_LIB_SSL)
      continue;
    if (ERR_GET_REASON(error_code) == SSL_R_CERTIFICATE_VERIFY_FAILED) {
      reason = std::string("the client's certificate failed verification: ") +
               X509_verify_cert_error_string(SSL_get_verify_result(ssl));
    } else if (const char* words = known_reason(ERR_GET_REASON(error_code))) {
      if (ERR_GET_REASON(error_code) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        ended = true;
      reason = words;
    }
  }
  if (ended)
    code = ECONNABORTED;
  if (!reason.empty())
    return reason;
  if (first_code != 0) {
    const char* words = ERR_reason_error_string(first_code);
    return std::string("the TLS library says: ") + (words != nullptr ? words : "unknown error");
  }
  if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0 && saved_errno != ECONNRESET &&
      saved_errno != EPIPE) {
    code = saved_errno;
    return describe_errno(saved_errno, "TLS handshake", {});
  }
  code = ECONNABORTED;
  if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0)
    return "the client reset the connection during the TLS handshake";
  return "the client closed the connection during the TLS handshake";
}

} // namespace socketserver::detail
