// BuiltinReplies: what the console's built-in handlers answer, written once for both of
// their forms — the blocking handlers (BuiltinHandler, every model but event) and the
// event-driven ones (BuiltinEventHandler).
#pragma once

#include <socketserver/base_server.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace BuiltinReplies {

/// Python's time.ctime(): "Sun Nov  3 20:04:05 2025" in local time.
std::string ctimeNow();
/// The server's own address as Python's example formats it: host:port, or the socket path.
std::string serverAddressText(const socketserver::BaseServer& server);
/// ASCII letters in upper case; other bytes pass unchanged, as Python's bytes.upper().
std::string upper(std::string_view data);
/// The welcome handler's banner: "connection <host>:<port> at <ctime> succeed!".
std::string welcome(const socketserver::BaseServer& server);

/// The HTTP/1.0 hello exchange (like examples/http_hello.cpp): fed the request line and the
/// headers one line at a time, it knows the response once the head is complete (200 "Hello,
/// World!"), or at the first line that is malformed or too long (400, 405, 414, 431).
class HttpHelloExchange {
public:
  /// Longest line (http.server's _MAXLINE): read lines with a limit of maxLine + 1.
  static constexpr std::size_t maxLine = 65536;
  /// Most header lines (http.server's _MAXHEADERS).
  static constexpr int maxHeaders = 100;

  /// One line as readline(maxLine + 1) returns it: with its "\n", cut at the limit, or ""
  /// at the end of the stream. The response once it is known: "" means close without a
  /// word (the client left before sending anything). nullopt: send the next line.
  std::optional<std::string> feed(const std::string& line);

private:
  std::string respond(int status, std::string_view reason, std::string_view body,
                      std::string_view extraHeaders = {}) const;

  bool sawRequestLine_ = false;
  int headers_ = 0;
  std::string method_;
};

} // namespace BuiltinReplies
