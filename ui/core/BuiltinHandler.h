// BuiltinHandler: the console's built-in request handlers, as engine handler classes (one per
// behaviour, all deriving from this base, defined in BuiltinHandler.cpp):
//
//   echo        every chunk (stream) or datagram comes back as it arrives
//   upper       the same with ASCII letters in upper case (reference 001, examples 1-2)
//   threadname  "<thread name>: <data>" per chunk / datagram (reference 001, example 3)
//   welcome     "connection <host>:<port> at <ctime> succeed!" with the server's address,
//               then echo (reference 001, example 4); stream only
//   discard     reads everything, never answers
//   fixed       the spec's fixed reply per chunk / datagram
//   time        the local time ("Sun Nov 23 20:04:05 2025\r\n"), then close; one reply per
//               datagram on datagram servers
//   http        one HTTP/1.0 request answered "Hello, World!", then close; stream only
//   rules       the spec's reply rules (RulesHandler.h)
//   manual      reads everything, never answers by itself (the person answers by hand)
//
// Stream handlers serve the connection until the client leaves (recv() returns end of
// stream), so a connection stays open as long as the client keeps it open; the spec's
// requestTimeout bounds each wait for data (then the request ends with a timeout error).
// With the spec's oncePerConnection (once=1) they answer the first chunk and close instead,
// as Python's TCPServer example does (ServerSpec::onceApplies() says for which handlers).
// Datagram handlers answer each datagram with at most one datagram, sent back to the client
// address; a Unix datagram client that did not bind its socket to a path cannot be answered,
// and the request ends with an error that says so.
//
// Use: ServerFactory installs factory(spec) as the server's RequestHandlerClass.
//   socketserver::TCPServer server{"127.0.0.1:0", BuiltinHandler::factory(spec)};
#pragma once

#include "ReplyRules.h"
#include "ServerSpec.h"

#include <socketserver/base_server.hpp>
#include <socketserver/request_handler.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

class BuiltinHandler : public socketserver::BaseRequestHandler {
public:
  /// What a handler needs from its spec, shared by all requests of one server.
  struct Options {
    std::optional<socketserver::Seconds> timeout; ///< per wait for data; nullopt = none
    std::string fixedReply;
    bool once = false; ///< answer the first chunk (message), then close (stream kinds)
    /// Rules: the server's responder, shared by all its requests (and forked children).
    std::shared_ptr<ReplyResponder> responder;
  };

  /// Python's RequestHandlerClass for spec.handler, with the spec's options.
  static socketserver::HandlerFactory factory(const ServerSpec& spec);

  BuiltinHandler(socketserver::Request& request, const socketserver::Address& client_address,
                 socketserver::BaseServer& server, std::shared_ptr<const Options> options);

  /// Applies the timeout to a stream connection. May be extended.
  void setup() override;
  /// Datagram: answerDatagram(packet). Stream: serveConnection().
  void handle() override;

  /// Bytes asked of recv() at a time: a chunk is whatever one recv() returns.
  static constexpr std::size_t chunkSize = 4096;

protected:
  /// The reply to one chunk or datagram; nullopt (the default) for none. May be overridden.
  virtual std::optional<std::string> answer(std::string_view) { return std::nullopt; }
  /// Answers one datagram: answer(packet) through replyDatagram(). May be overridden.
  virtual void answerDatagram(std::string_view packet);
  /// Sends `reply` back to the datagram's client; throws when the client cannot be answered
  /// (an unbound Unix datagram socket).
  void replyDatagram(std::string_view reply);
  /// Sent once when a connection opens, before anything is read. May be overridden.
  virtual std::string greeting() { return {}; }
  /// Serves a stream connection: greeting(), then answer() per chunk until the client
  /// leaves (or after the first chunk, with once). May be overridden (time of day, HTTP).
  virtual void serveConnection();

  const Options& options() const { return *options_; }

private:
  std::shared_ptr<const Options> options_;
};
