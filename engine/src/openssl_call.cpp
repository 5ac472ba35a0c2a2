#include "openssl_call.hpp"

#include <openssl/crypto.h>

namespace socketserver::detail {

namespace {

/// Frees this thread's OpenSSL state when the thread ends. C++ thread_local destructors run
/// before pthread key destructors (glibc: __call_tls_dtors, then the keys), so OpenSSL's own
/// destructor then finds nothing left to free and takes no lock.
struct ThreadStateRelease {
  ThreadStateRelease() = default;
  ThreadStateRelease(const ThreadStateRelease&) = delete;
  ThreadStateRelease& operator=(const ThreadStateRelease&) = delete;
  ThreadStateRelease(ThreadStateRelease&&) = delete;
  ThreadStateRelease& operator=(ThreadStateRelease&&) = delete;
  ~ThreadStateRelease() {
    const NoForkScope no_fork;
    OPENSSL_thread_stop();
  }
};

} // namespace

OpenSslCall::OpenSslCall() noexcept {
  thread_local ThreadStateRelease release_at_thread_end;
  static_cast<void>(release_at_thread_end); // constructed on this thread's first call
}

} // namespace socketserver::detail
