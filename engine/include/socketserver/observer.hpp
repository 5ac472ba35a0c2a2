/// @file
/// Public header. ServerObserver: how the outside world watches a server without touching it.
///
/// A server given an observer (BaseServer::set_observer) reports its life and every request's:
/// started, stopped, failed; a request opened with its id and client; the bytes received and
/// sent on it, with the payload, exactly as they cross the socket (decrypted, over TLS) (so a
/// handler that calls request.recv() is observed as well as one using rfile/wfile); and how the
/// request finished.
///
/// Thread rule: callbacks run on the thread that did the work (the serving thread, a request
/// thread, or, for forked children, the serving thread after the child's events arrive over a
/// pipe), possibly several at once, so an observer must be thread safe. A callback must not
/// throw and should return quickly; payload views are valid only during the call.
/// Cost: with no observer set, each hook is one null check.
#pragma once

#include <cstdint>
#include <string_view>

#include "socketserver/tls_handshake.hpp"

namespace socketserver {

class Address;

/// Unique per server, starting at 1; the same id for every event of one request.
using RequestId = std::uint64_t;

/// How a request ended.
enum class RequestOutcome : std::uint8_t {
  Completed,  ///< the handler returned normally
  Error,      ///< the handler (or process_request) threw; detail holds the message
  Rejected,   ///< verify_request() returned false
  Overloaded, ///< refused for lack of resources: pool queue full, max children, no descriptors
};

/// "completed", "error", "rejected", "overloaded".
std::string_view to_string(RequestOutcome outcome) noexcept;

/// Override the callbacks you need; every default does nothing.
class ServerObserver {
public:
  virtual ~ServerObserver() = default;

  /// serve_forever() began accepting on `bound` (the real address, port 0 resolved).
  virtual void on_server_started(const Address& /*bound*/) {}
  /// serve_forever() returned.
  virtual void on_server_stopped() {}
  /// Serving ended (or could not begin) because of an error; `reason` says it in words.
  virtual void on_server_failed(std::string_view /*reason*/) {}
  /// A connection was accepted or a datagram arrived, before verify_request().
  virtual void on_request_opened(RequestId /*id*/, const Address& /*client*/) {}
  /// A TLS server's request `id` completed its handshake (TLSServer): version, cipher, ALPN,
  /// SNI, client certificate. Before its first bytes event; never for a failed handshake.
  virtual void on_tls_handshake(RequestId /*id*/, const TlsHandshakeInfo& /*info*/) {}
  /// Bytes read from request `id`'s socket, as they arrived (decrypted, over TLS).
  virtual void on_bytes_received(RequestId /*id*/, std::string_view /*payload*/) {}
  /// Bytes written to request `id`'s socket (the reply, for a datagram request).
  virtual void on_bytes_sent(RequestId /*id*/, std::string_view /*payload*/) {}
  /// The last event of a request. `detail` is the error text for Error and Overloaded.
  virtual void on_request_finished(RequestId /*id*/, RequestOutcome /*outcome*/,
                                   std::string_view /*detail*/) {}
  /// Something worth a line in a log that is not an error of one request: a datagram
  /// truncated to max_packet_size, accept() out of descriptors. id is 0 when server-wide.
  virtual void on_notice(RequestId /*id*/, std::string_view /*message*/) {}
};

/// An observer that passes every event on to a next one (or to none): derive from it to
/// act on some events in front of another observer — bookkeeping before a logger, a filter —
/// and override only those. An override calls the base's version to pass the event on.
///
///   struct CountingObserver : ForwardingObserver {
///     using ForwardingObserver::ForwardingObserver;
///     std::atomic<int> finished{0};
///     void on_request_finished(RequestId id, RequestOutcome o, std::string_view d) override {
///       ++finished;
///       ForwardingObserver::on_request_finished(id, o, d);
///     }
///   };
///
/// The next observer must outlive this one. set_next() is for before serving begins: it is
/// not synchronised with the serving threads that call the callbacks.
class ForwardingObserver : public ServerObserver {
public:
  /// Passes every event on to `next` (nullptr: to no one).
  explicit ForwardingObserver(ServerObserver* next = nullptr) noexcept : next_(next) {}

  /// Where events go from now on. Not thread safe: call it before serving begins.
  void set_next(ServerObserver* next) noexcept { next_ = next; }
  /// The observer events are passed to; nullptr when none.
  ServerObserver* next() const noexcept { return next_; }

  // Each passes the event on to next(), if any; an override calls it to do the same.
  void on_server_started(const Address& bound) override;
  void on_server_stopped() override;
  void on_server_failed(std::string_view reason) override;
  void on_request_opened(RequestId id, const Address& client) override;
  void on_tls_handshake(RequestId id, const TlsHandshakeInfo& info) override;
  void on_bytes_received(RequestId id, std::string_view payload) override;
  void on_bytes_sent(RequestId id, std::string_view payload) override;
  void on_request_finished(RequestId id, RequestOutcome outcome, std::string_view detail) override;
  void on_notice(RequestId id, std::string_view message) override;

private:
  ServerObserver* next_;
};

} // namespace socketserver
