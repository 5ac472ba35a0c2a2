// Internal header (TLS builds only). OpenSslCall: what every call of the engine into OpenSSL
// runs inside, so that a forking server never forks while this thread holds one of OpenSSL's
// global locks (no_fork_scope.hpp).
#pragma once

#include "socketserver/no_fork_scope.hpp"

namespace socketserver::detail {

/// A NoForkScope that also makes sure this thread's OpenSSL state is freed at the thread's
/// end inside a NoForkScope of its own. (OpenSSL frees it from a pthread key destructor that
/// takes a global lock: a thread ending while another forks would leave that lock held in the
/// child, whose first handshake then waits for ever.)
class OpenSslCall {
public:
  OpenSslCall() noexcept;
  ~OpenSslCall() = default;
  OpenSslCall(const OpenSslCall&) = delete;
  OpenSslCall& operator=(const OpenSslCall&) = delete;
  OpenSslCall(OpenSslCall&&) = delete;
  OpenSslCall& operator=(OpenSslCall&&) = delete;

private:
  NoForkScope no_fork_;
};

} // namespace socketserver::detail
