#include "BuiltinHandler.h"

#include "BuiltinReplies.h"
#include "RulesHandler.h"

#include <socketserver/errors.hpp>
#include <socketserver/reader.hpp>
#include <socketserver/thread_name.hpp>

#include <stdexcept>
#include <utility>

namespace {

using socketserver::Address;
using socketserver::BaseServer;
using socketserver::Request;

using BuiltinReplies::ctimeNow;

class EchoHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view data) override { return std::string(data); }
};

class UpperHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view data) override {
    return BuiltinReplies::upper(data);
  }
};

class ThreadNameHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view data) override {
    return socketserver::current_thread_name() + ": " + std::string(data);
  }
};

class WelcomeHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::string greeting() override { return BuiltinReplies::welcome(server); }
  std::optional<std::string> answer(std::string_view data) override { return std::string(data); }
};

/// Discard and manual: answer() answers nothing (the person answers a manual server by hand).
class DiscardHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;
};

class FixedReplyHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view) override { return options().fixedReply; }
};

class TimeOfDayHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view) override { return ctimeNow() + "\r\n"; }
  void serveConnection() override { request.sendall(ctimeNow() + "\r\n"); }
};

/// Like examples/http_hello.cpp: read the request line and headers, answer, close.
class HttpHelloHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view) override { return std::nullopt; }

  void serveConnection() override {
    socketserver::BufferedReader rfile(request.socket());
    BuiltinReplies::HttpHelloExchange exchange;
    for (;;) {
      const std::string line = rfile.readline(BuiltinReplies::HttpHelloExchange::maxLine + 1);
      if (const std::optional<std::string> response = exchange.feed(line)) {
        if (!response->empty())
          request.sendall(*response);
        return;
      }
    }
  }
};

template <class H>
socketserver::HandlerFactory makeFactory(std::shared_ptr<const BuiltinHandler::Options> options) {
  return [options](Request& request, const Address& client, BaseServer& server) {
    H handler(request, client, server, options);
    handler.run();
  };
}

} // namespace

BuiltinHandler::BuiltinHandler(Request& request_, const Address& client_address_,
                               BaseServer& server_, std::shared_ptr<const Options> options)
    : BaseRequestHandler(request_, client_address_, server_), options_(std::move(options)) {}

void BuiltinHandler::setup() {
  if (!request.is_datagram() && options_->timeout)
    request.socket().settimeout(options_->timeout);
}

void BuiltinHandler::handle() {
  if (request.is_datagram())
    answerDatagram(request.packet());
  else
    serveConnection();
}

void BuiltinHandler::answerDatagram(std::string_view packet) {
  if (const std::optional<std::string> reply = answer(packet))
    replyDatagram(*reply);
}

void BuiltinHandler::replyDatagram(std::string_view reply) {
  if (client_address.empty() || (client_address.is_unix() && client_address.path().empty()))
    throw std::runtime_error("cannot reply: the client's Unix datagram socket has no address "
                             "(bind it to a path to get replies)");
  request.socket().sendto(reply, client_address);
}

void BuiltinHandler::serveConnection() {
  if (const std::string hello = greeting(); !hello.empty())
    request.sendall(hello);
  for (;;) {
    const std::string data = request.recv(chunkSize);
    if (data.empty())
      return; // the client left
    if (const std::optional<std::string> reply = answer(data); reply && !reply->empty())
      request.sendall(*reply);
    if (options_->once)
      return; // one request per connection: returning closes it, as in Python's example
  }
}

socketserver::HandlerFactory BuiltinHandler::factory(const ServerSpec& spec) {
  auto options = std::make_shared<Options>();
  if (spec.requestTimeout > 0)
    options->timeout = socketserver::Seconds{spec.requestTimeout};
  options->fixedReply = spec.fixedReply.toStdString();
  options->once = spec.oncePerConnection && ServerSpec::onceApplies(spec.handler, spec.kind);
  if (spec.handler == ServerSpec::Handler::Rules) // one per server: {counter} counts them all
    options->responder =
        std::make_shared<ReplyResponder>(std::make_shared<const ReplyRuleSet>(spec.rules));
  using H = ServerSpec::Handler;
  switch (spec.handler) {
  case H::Echo:
    return makeFactory<EchoHandler>(options);
  case H::Upper:
    return makeFactory<UpperHandler>(options);
  case H::ThreadName:
    return makeFactory<ThreadNameHandler>(options);
  case H::Welcome:
    return makeFactory<WelcomeHandler>(options);
  case H::Discard:
    return makeFactory<DiscardHandler>(options);
  case H::FixedReply:
    return makeFactory<FixedReplyHandler>(options);
  case H::TimeOfDay:
    return makeFactory<TimeOfDayHandler>(options);
  case H::HttpHello:
    return makeFactory<HttpHelloHandler>(options);
  case H::Rules:
    return makeFactory<RulesHandler>(options);
  case H::Manual:
    return makeFactory<DiscardHandler>(options);
  }
  return makeFactory<EchoHandler>(options);
}
