#include "BuiltinHandler.h"

#include <socketserver/errors.hpp>
#include <socketserver/reader.hpp>
#include <socketserver/thread_name.hpp>

#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <utility>
#include <vector>

namespace {

using socketserver::Address;
using socketserver::BaseServer;
using socketserver::Request;

/// Python's time.ctime(): "Sun Nov  3 20:04:05 2025" in local time. Names are spelled out
/// because strftime follows the locale, which a Qt application sets from the environment.
std::string ctimeNow() {
  static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local); // not localtime(): requests run on several threads at once
  char text[64];
  std::snprintf(text, sizeof text, "%s %s %2d %02d:%02d:%02d %d", days[local.tm_wday % 7],
                months[local.tm_mon % 12], local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                local.tm_year + 1900);
  return text;
}

/// The server's own address as Python's example formats it: host:port, or the socket path.
std::string serverAddressText(const BaseServer& server) {
  const Address& address = server.server_address;
  if (address.is_ip())
    return address.host() + ':' + std::to_string(address.port());
  return address.to_string();
}

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
    std::string upper(data);
    for (char& c : upper) {
      if (c >= 'a' && c <= 'z') // bytes, not text: other bytes pass unchanged, as bytes.upper()
        c = static_cast<char>(c - 'a' + 'A');
    }
    return upper;
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
  std::string greeting() override {
    return "connection " + serverAddressText(server) + " at " + ctimeNow() + " succeed!";
  }
  std::optional<std::string> answer(std::string_view data) override { return std::string(data); }
};

class DiscardHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  std::optional<std::string> answer(std::string_view) override { return std::nullopt; }
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
    constexpr long maxLine = 65536; // http.server's _MAXLINE
    constexpr int maxHeaders = 100; // http.server's _MAXHEADERS
    socketserver::BufferedReader rfile(request.socket());
    const std::string line = rfile.readline(maxLine + 1);
    if (line.empty())
      return; // connected and left without a word
    if (line.size() > static_cast<std::size_t>(maxLine))
      return respond(414, "URI Too Long", "Request line too long.\n");
    const std::vector<std::string_view> words = splitWords(withoutLineEnd(line));
    if (words.size() != 3 || !words[2].starts_with("HTTP/"))
      return respond(400, "Bad Request", "Bad request line.\n");
    method_ = words[0];
    // Read the headers up to the empty line, so the connection closes with nothing unread
    // (which would make the kernel reset it and could cost the client the answer).
    for (int count = 0;; ++count) {
      const std::string header = rfile.readline(maxLine + 1);
      if (header.empty() || header == "\r\n" || header == "\n")
        break;
      if (header.size() > static_cast<std::size_t>(maxLine) || count == maxHeaders)
        return respond(431, "Request Header Fields Too Large", "Headers too large.\n");
    }
    if (method_ != "GET" && method_ != "HEAD")
      return respond(405, "Method Not Allowed", "Only GET and HEAD are allowed.\n",
                     "Allow: GET, HEAD\r\n");
    respond(200, "OK", "Hello, World!");
  }

private:
  static std::string_view withoutLineEnd(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    return line;
  }

  static std::vector<std::string_view> splitWords(std::string_view text) {
    std::vector<std::string_view> words;
    while (!text.empty()) {
      const auto start = text.find_first_not_of(' ');
      if (start == std::string_view::npos)
        break;
      text.remove_prefix(start);
      const auto end = text.find(' ');
      words.push_back(text.substr(0, end));
      text.remove_prefix(end == std::string_view::npos ? text.size() : end);
    }
    return words;
  }

  void respond(int status, std::string_view reason, std::string_view body,
               std::string_view extraHeaders = {}) {
    std::string message = "HTTP/1.0 " + std::to_string(status) + ' ' + std::string(reason) +
                          "\r\n"
                          "Server: socketserver-console\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\n";
    message += extraHeaders;
    message += "Connection: close\r\n\r\n";
    if (method_ != "HEAD")
      message += body;
    request.sendall(message);
  }

  std::string method_;
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
  if (!request.is_datagram()) {
    serveConnection();
    return;
  }
  const std::optional<std::string> reply = answer(request.packet());
  if (!reply)
    return;
  if (client_address.empty() || (client_address.is_unix() && client_address.path().empty()))
    throw std::runtime_error("cannot reply: the client's Unix datagram socket has no address "
                             "(bind it to a path to get replies)");
  request.socket().sendto(*reply, client_address);
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
  }
}

socketserver::HandlerFactory BuiltinHandler::factory(const ServerSpec& spec) {
  auto options = std::make_shared<Options>();
  if (spec.requestTimeout > 0)
    options->timeout = socketserver::Seconds{spec.requestTimeout};
  options->fixedReply = spec.fixedReply.toStdString();
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
  }
  return makeFactory<EchoHandler>(options);
}
