// Internal header (TLS builds only). The BIO a TLS session reads and writes its descriptor
// through: recv()/send() with MSG_NOSIGNAL (OpenSSL's own socket BIO writes with write(), and a
// vanished peer would raise SIGPIPE), never blocking, and keeping the errno of the last call.
#pragma once

#include <openssl/bio.h>

namespace socketserver::detail {

/// The descriptor a socket BIO moves bytes on, and what its last failed call said.
struct SocketBioState {
  int fd = -1;
  int last_errno = 0;
};

/// A new BIO over `state` (not owned: it must outlive the BIO), or nullptr when out of memory.
BIO* new_socket_bio(SocketBioState& state);

} // namespace socketserver::detail
