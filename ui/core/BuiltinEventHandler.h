// BuiltinEventHandler: the console's built-in handlers (see BuiltinHandler.h for what each
// does) for the event-driven servers (EventMixIn), answering from callbacks instead of a
// blocking loop. The replies themselves come from BuiltinReplies, so both forms answer
// byte for byte alike; the spec's requestTimeout becomes the server's idle timeout
// (ServerFactory sets it). With once=1 a stream connection is closed after its first chunk is
// answered. The rules handler has its own class (RulesEventHandler), made by the same factory.
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
  /// The event handlers' factory for spec.handler, with the spec's fixed reply and once=1.
  static socketserver::EventHandlerFactory factory(const ServerSpec& spec);

  /// `once`: close a stream after answering its first chunk.
  BuiltinEventHandler(ServerSpec::Handler handler, std::shared_ptr<const std::string> fixedReply,
                      bool once);

  /// Welcome: the banner. Time of day (stream): the time, then close.
  void on_connect() override;
  /// The handler's answer to a chunk or a datagram (then, with once, close); HTTP: the
  /// request head, line by line.
  void on_data(std::string_view data) override;
  /// HTTP: a head cut short by the end of the stream is answered as it stands.
  void on_eof() override;

private:
  bool isStream() const;
  void answer(std::string_view data);
  void feedHttp(std::string_view data, bool atEnd);

  ServerSpec::Handler handler_;
  std::shared_ptr<const std::string> fixedReply_;
  bool once_ = false;
  std::string httpBuffer_;
  std::optional<BuiltinReplies::HttpHelloExchange> http_;
  bool answered_ = false;
};
