/// @file
/// Public header. TlsHandshakeInfo: the facts of one completed TLS handshake, as the observer
/// sees them (ServerObserver::on_tls_handshake). Plain data, no OpenSSL: present in every build,
/// with TLS or without (config.hpp says which).
#pragma once

#include <string>

namespace socketserver {

/// What a server and its client agreed on in a TLS handshake. Empty strings mean "none".
struct TlsHandshakeInfo {
  std::string version;      ///< "TLSv1.3", "TLSv1.2" (Python's SSLSocket.version())
  std::string cipher;       ///< "TLS_AES_256_GCM_SHA384" (Python's SSLSocket.cipher()[0])
  std::string alpn;         ///< the protocol the server selected ("h2", "http/1.1"), or ""
  std::string server_name;  ///< SNI: the host name the client asked for, or ""
  std::string peer_subject; ///< the client certificate's subject (RFC 2253), or "" when none
};

} // namespace socketserver
