#include "BuiltinEventHandler.h"

#include "RulesEventHandler.h"

#include <socketserver/request.hpp>
#include <socketserver/thread_name.hpp>

#include <utility>

using Handler = ServerSpec::Handler;
using BuiltinReplies::HttpHelloExchange;

BuiltinEventHandler::BuiltinEventHandler(Handler handler,
                                         std::shared_ptr<const std::string> fixedReply, bool once)
    : handler_(handler), fixedReply_(std::move(fixedReply)), once_(once) {}

socketserver::EventHandlerFactory BuiltinEventHandler::factory(const ServerSpec& spec) {
  const bool once = spec.oncePerConnection && ServerSpec::onceApplies(spec.handler, spec.kind);
  if (spec.handler == Handler::Rules)
    return RulesEventHandler::factory(spec.rules, once);
  auto fixedReply = std::make_shared<const std::string>(spec.fixedReply.toStdString());
  const Handler handler = spec.handler;
  return [handler, fixedReply, once]() -> std::unique_ptr<socketserver::EventHandler> {
    return std::make_unique<BuiltinEventHandler>(handler, fixedReply, once);
  };
}

bool BuiltinEventHandler::isStream() const { return !request().is_datagram(); }

void BuiltinEventHandler::on_connect() {
  if (!isStream())
    return;
  if (handler_ == Handler::Welcome) {
    send(BuiltinReplies::welcome(server()));
  } else if (handler_ == Handler::TimeOfDay) {
    send(BuiltinReplies::ctimeNow() + "\r\n");
    close();
  } else if (handler_ == Handler::HttpHello) {
    http_.emplace();
  }
}

void BuiltinEventHandler::on_data(std::string_view data) {
  answer(data);
  if (once_ && isStream())
    close(); // one request per connection, as Python's TCPServer example
}

void BuiltinEventHandler::answer(std::string_view data) {
  switch (handler_) {
  case Handler::Echo:
  case Handler::Welcome:
    send(data);
    return;
  case Handler::Upper:
    send(BuiltinReplies::upper(data));
    return;
  case Handler::ThreadName:
    send(socketserver::current_thread_name() + ": " + std::string(data));
    return;
  case Handler::Discard:
  case Handler::Manual: // the person answers by hand
  case Handler::Rules:  // RulesEventHandler's
    return;
  case Handler::FixedReply:
    send(*fixedReply_);
    return;
  case Handler::TimeOfDay:
    if (!isStream()) // a stream got its time on connect and is closing
      send(BuiltinReplies::ctimeNow() + "\r\n");
    return;
  case Handler::HttpHello:
    feedHttp(data, false);
    return;
  }
}

void BuiltinEventHandler::on_eof() {
  if (handler_ == Handler::HttpHello)
    feedHttp({}, true);
  close();
}

void BuiltinEventHandler::feedHttp(std::string_view data, bool atEnd) {
  if (answered_ || !http_)
    return; // the answer is out; whatever else the client sends is read and dropped
  httpBuffer_.append(data);
  // Lines as readline(maxLine + 1) would return them: up to "\n", or cut at the limit.
  const std::size_t limit = HttpHelloExchange::maxLine + 1;
  for (;;) {
    std::string line;
    const std::size_t newline = httpBuffer_.find('\n');
    if (newline < limit) // npos (no newline) is never below the limit
      line = httpBuffer_.substr(0, newline + 1);
    else if (httpBuffer_.size() >= limit)
      line = httpBuffer_.substr(0, limit);
    else if (atEnd)
      line.swap(httpBuffer_); // the rest, then "" for the end of the stream
    else
      return; // wait for more
    httpBuffer_.erase(0, line.size());
    const bool lastLine = atEnd && line.empty();
    if (const std::optional<std::string> response = http_->feed(line)) {
      answered_ = true;
      if (!response->empty())
        send(*response);
      close();
      return;
    }
    if (lastLine)
      return;
  }
}
