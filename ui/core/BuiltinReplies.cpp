#include "BuiltinReplies.h"

#include <cstdio>
#include <ctime>
#include <vector>

namespace BuiltinReplies {

namespace {

std::string_view withoutLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.remove_suffix(1);
  return line;
}

std::vector<std::string_view> splitWords(std::string_view text) {
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

} // namespace

std::string ctimeNow() {
  // Names spelled out: strftime follows the locale, which a Qt application sets from the
  // environment.
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

std::string serverAddressText(const socketserver::BaseServer& server) {
  const socketserver::Address& address = server.server_address;
  if (address.is_ip())
    return address.host() + ':' + std::to_string(address.port());
  return address.to_string();
}

std::string upper(std::string_view data) {
  std::string text(data);
  for (char& c : text) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string welcome(const socketserver::BaseServer& server) {
  return "connection " + serverAddressText(server) + " at " + ctimeNow() + " succeed!";
}

std::optional<std::string> HttpHelloExchange::feed(const std::string& line) {
  if (!sawRequestLine_) {
    sawRequestLine_ = true;
    if (line.empty())
      return std::string(); // connected and left without a word
    if (line.size() > maxLine)
      return respond(414, "URI Too Long", "Request line too long.\n");
    const std::vector<std::string_view> words = splitWords(withoutLineEnd(line));
    if (words.size() != 3 || !words[2].starts_with("HTTP/"))
      return respond(400, "Bad Request", "Bad request line.\n");
    method_ = words[0];
    return std::nullopt;
  }
  // The headers are read up to the empty line, so the connection closes with nothing unread
  // (which would make the kernel reset it and could cost the client the answer).
  const bool endOfHead = line.empty() || line == "\r\n" || line == "\n";
  if (!endOfHead) {
    if (line.size() > maxLine || headers_ == maxHeaders)
      return respond(431, "Request Header Fields Too Large", "Headers too large.\n");
    ++headers_;
    return std::nullopt;
  }
  if (method_ != "GET" && method_ != "HEAD")
    return respond(405, "Method Not Allowed", "Only GET and HEAD are allowed.\n",
                   "Allow: GET, HEAD\r\n");
  return respond(200, "OK", "Hello, World!");
}

std::string HttpHelloExchange::respond(int status, std::string_view reason, std::string_view body,
                                       std::string_view extraHeaders) const {
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
  return message;
}

} // namespace BuiltinReplies
