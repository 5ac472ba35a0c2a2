// Internal header (not part of the public API): a request handed from the serving thread to
// the thread that will process it, for ThreadingMixIn and ThreadPoolMixIn.
#pragma once

#include "socketserver/address.hpp"
#include "socketserver/request.hpp"

#include <memory>
#include <utility>

namespace socketserver::detail {

/// The request and its client's address, owned by the callable that processes them. Shared
/// rather than unique because std::function (the pool's queue) needs a copyable callable.
/// If the hand-off fails (no thread could start), the caller moves `request` back out so
/// that the serving loop reports and closes it.
struct HandedOffRequest {
  Request request;
  Address client;
};

/// Takes the request out of the serving loop's hands.
inline std::shared_ptr<HandedOffRequest> hand_off(Request& request, const Address& client) {
  return std::make_shared<HandedOffRequest>(HandedOffRequest{std::move(request), client});
}

} // namespace socketserver::detail
