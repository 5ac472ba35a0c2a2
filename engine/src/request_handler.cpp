#include "socketserver/request_handler.hpp"

#include <stdexcept>

namespace socketserver {

namespace {
thread_local detail::HandlerContext current_context;

const detail::HandlerContext& checked_context() {
  if (current_context.request == nullptr)
    throw std::logic_error("a request handler was constructed outside a server: build it with "
                           "socketserver::handler<H>() or pass (request, client_address, server)");
  return current_context;
}
} // namespace

BaseRequestHandler::BaseRequestHandler()
    : request(*checked_context().request), client_address(*current_context.client_address),
      server(*current_context.server) {}

BaseRequestHandler::BaseRequestHandler(Request& request_, const Address& client_address_,
                                       BaseServer& server_)
    : request(request_), client_address(client_address_), server(server_) {}

void BaseRequestHandler::run() {
  setup();
  try {
    handle();
  } catch (...) {
    finish(); // Python's try/finally: finish() runs, the exception goes on
    throw;
  }
  finish();
}

namespace detail {

HandlerContextGuard::HandlerContextGuard(Request& request, const Address& client_address,
                                         BaseServer& server)
    : saved_(current_context) {
  current_context = {&request, &client_address, &server};
}

HandlerContextGuard::~HandlerContextGuard() { current_context = saved_; }

} // namespace detail
} // namespace socketserver
