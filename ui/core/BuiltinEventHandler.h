// BuiltinEventHandler: the console's built-in handlers (see BuiltinHandler.h for what each
// does) for the event-driven servers (EventMixIn), answering from callbacks instead of a
// blocking loop. The replies themselves come from BuiltinReplies, so both forms answer
// byte for byte alike; the spec's requestTimeout becomes the server's idle timeout
// (ServerFactory sets it).
//
//   socketserver::EventTCPServer server{"127.0.0.1:0", BuiltinEventHandler::factory(spec)};
#pragma once

#include "BuiltinReplies.h"
#include "ServerSpec.h"

#include <socketserver/event_handler.hpp>

#include <memory>
#include <optional>
#include <string>

class BuiltinEventHandler final : public socketserver::EventHandler {
public:
  /// The event handlers' factory for spec.handler, with the spec's fixed reply.
  static socketserver::EventHandlerFactory factory(const ServerSpec& spec);

  BuiltinEventHandler(ServerSpec::Handler handler, std::shared_ptr<const std::string> fixedReply);

  /// Welcome: the banner. Time of day (stream): the time, then close.
  void on_connect() override;
  /// The handler's answer to a chunk or a datagram; HTTP: the request head, line by line.
  void on_data(std::string_view data) override;
  /// HTTP: a head cut short by the end of the stream is answered as it stands.
  void on_eof() override;

private:
  bool isStream() const;
  void feedHttp(std::string_view data, bool atEnd);

  ServerSpec::Handler handler_;
  std::shared_ptr<const std::string> fixedReply_;
  std::string httpBuffer_;
  std::optional<BuiltinReplies::HttpHelloExchange> http_;
  bool answered_ = false;
};
