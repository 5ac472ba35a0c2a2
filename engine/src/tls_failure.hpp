// Internal header (TLS builds only). Why a TLS handshake failed, in words a person debugging
// a client understands ("plain HTTP sent to a TLS port"), from OpenSSL's error queue.
#pragma once

#include <string>

#include <openssl/ssl.h>

namespace socketserver::detail {

/// The reason a handshake on `ssl` failed, SSL_get_error() having said `ssl_error`, the socket
/// BIO's last errno being `saved_errno`. Empties this thread's OpenSSL error queue. Sets
/// `code` to ECONNABORTED when the client ended the connection, EPROTO otherwise.
std::string handshake_failure_reason(const SSL* ssl, int ssl_error, int saved_errno, int& code);

} // namespace socketserver::detail
