#include "socketserver/observer.hpp"

namespace socketserver {

std::string_view to_string(RequestOutcome outcome) noexcept {
  switch (outcome) {
  case RequestOutcome::Completed:
    return "completed";
  case RequestOutcome::Error:
    return "error";
  case RequestOutcome::Rejected:
    return "rejected";
  case RequestOutcome::Overloaded:
    return "overloaded";
  }
  return "unknown";
}

void ForwardingObserver::on_server_started(const Address& bound) {
  if (next_)
    next_->on_server_started(bound);
}

void ForwardingObserver::on_server_stopped() {
  if (next_)
    next_->on_server_stopped();
}

void ForwardingObserver::on_server_failed(std::string_view reason) {
  if (next_)
    next_->on_server_failed(reason);
}

void ForwardingObserver::on_request_opened(RequestId id, const Address& client) {
  if (next_)
    next_->on_request_opened(id, client);
}

void ForwardingObserver::on_tls_handshake(RequestId id, const TlsHandshakeInfo& info) {
  if (next_)
    next_->on_tls_handshake(id, info);
}

void ForwardingObserver::on_bytes_received(RequestId id, std::string_view payload) {
  if (next_)
    next_->on_bytes_received(id, payload);
}

void ForwardingObserver::on_bytes_sent(RequestId id, std::string_view payload) {
  if (next_)
    next_->on_bytes_sent(id, payload);
}

void ForwardingObserver::on_request_finished(RequestId id, RequestOutcome outcome,
                                             std::string_view detail) {
  if (next_)
    next_->on_request_finished(id, outcome, detail);
}

void ForwardingObserver::on_notice(RequestId id, std::string_view message) {
  if (next_)
    next_->on_notice(id, message);
}

} // namespace socketserver
