// Internal header. Transport: what a Socket's bytes pass through when they are not the
// kernel's plain stream — TLS (tls_transport.cpp). The Socket keeps its descriptor and its
// waiting (poll, timeouts); the transport only says, per call, how many bytes moved or which
// readiness (POLLIN / POLLOUT) it waits for. Non-blocking throughout: the descriptor underneath
// is O_NONBLOCK. Thread rule: the Socket's (one thread at a time).
#pragma once

#include <cstddef>
#include <optional>

#include "socketserver/socket.hpp"
#include "socketserver/tls_handshake.hpp"

namespace socketserver::detail {

class Transport {
public:
  Transport() = default;
  virtual ~Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Advances the handshake without blocking. True once complete (then reports its facts to
  /// `reporting`); false when it waits for wanted(). Throws TlsError (reason in words) or
  /// SocketError when it failed.
  virtual bool handshake(const Socket::TrafficReporting& reporting) = 0;
  /// True once handshake() returned true.
  virtual bool handshake_done() const noexcept = 0;
  /// How long the handshake may take in all (nullopt: the socket's timeout bounds it).
  virtual std::optional<Seconds> handshake_timeout() const noexcept = 0;
  /// Plaintext read: the count (0 = the peer closed), or -1 when it waits for wanted().
  /// Throws SocketError / TlsError.
  virtual long read(char* buffer, std::size_t size) = 0;
  /// Plaintext write: the count taken, or -1 when it waits for wanted(). A call after -1
  /// must offer the same bytes first (TLS may have committed a record of them), unless
  /// keep_unsent() took them; otherwise it throws TlsError. Bytes kept by keep_unsent() are
  /// sent first: -1 while they still wait. Throws SocketError / TlsError.
  virtual long write(const char* data, std::size_t size) = 0;
  /// The caller stops waiting on a write() that returned -1 (its timeout ran out, or the
  /// socket is non-blocking): the transport keeps a copy of the bytes that write() was
  /// working on and sends them before anything else, as a kernel keeps what send(2) took.
  /// Returns how many it took: report them as sent (0 when no write() was waiting).
  virtual std::size_t keep_unsent() = 0;
  /// Bytes taken by keep_unsent() and not yet passed to the socket.
  virtual std::size_t unsent() const noexcept = 0;
  /// POLLIN or POLLOUT: what the last call that returned false / -1 waits for.
  virtual short wanted() const noexcept = 0;
  /// Plaintext already decrypted and waiting to be read (no readiness will announce it).
  virtual std::size_t pending() const noexcept = 0;
  /// Tells the peer the stream ends (TLS close_notify), without waiting: first the unsent()
  /// bytes, when the socket takes them now; when it does not, no close_notify either (the
  /// peer sees a stream cut short, never one that looks complete). Never throws.
  virtual void close_notify() noexcept = 0;
  /// Facts of the completed handshake (empty before).
  virtual TlsHandshakeInfo info() const = 0;
};

} // namespace socketserver::detail
