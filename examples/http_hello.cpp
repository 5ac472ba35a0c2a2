// Protocol layering (DESIGN.md, reference 004's HTTP section): a minimal HTTP/1.0 server on
// top of StreamRequestHandler, the way Python's http.server is built on socketserver. Every
// GET is answered "Hello, World!"; HEAD gets the same headers without the body.
//
//   ./http_hello 127.0.0.1:8000 &
//   curl -i http://127.0.0.1:8000/
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <socketserver.hpp>

#include "run_until_signal.hpp"

namespace {

constexpr long max_line = 65536; // http.server's _MAXLINE
constexpr int max_headers = 100; // http.server's _MAXHEADERS

std::string_view without_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.remove_suffix(1);
  return line;
}

std::vector<std::string_view> split_words(std::string_view text) {
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

class HelloHandler : public socketserver::StreamRequestHandler {
public:
  HelloHandler() {
    // A client that connects and then says nothing must not hold its thread (and a stop of
    // the server, which waits for request threads) for ever.
    timeout = socketserver::Seconds{10};
  }

  void handle() override {
    const std::string line = rfile.readline(max_line + 1);
    if (line.empty())
      return; // connected and left without a word: nothing to answer
    if (line.size() > max_line)
      return respond(414, "URI Too Long", "Request line too long.\n");
    request_line_ = without_line_end(line);

    const auto words = split_words(request_line_);
    if (words.size() != 3 || !words[2].starts_with("HTTP/"))
      return respond(400, "Bad Request", "Bad request line.\n");
    if (words[2] != "HTTP/1.0" && words[2] != "HTTP/1.1")
      return respond(505, "HTTP Version Not Supported", "Only HTTP/1.x is spoken here.\n");
    method_ = words[0];

    // Headers are read up to the empty line and ignored; reading them all means the
    // connection closes with nothing unread, which would make the kernel reset it and could
    // cost the client our answer. End of stream instead of the empty line: answer anyway.
    for (int count = 0;; ++count) {
      const std::string header = rfile.readline(max_line + 1);
      if (header.empty() || header == "\r\n" || header == "\n")
        break;
      if (header.size() > max_line || count == max_headers)
        return respond(431, "Request Header Fields Too Large", "Headers too large.\n");
    }

    if (method_ != "GET" && method_ != "HEAD")
      return respond(405, "Method Not Allowed", "Only GET and HEAD are allowed.\n",
                     "Allow: GET, HEAD\r\n");
    respond(200, "OK", "Hello, World!");
  }

private:
  void respond(int status, std::string_view reason, std::string_view body,
               std::string_view extra_headers = {}) {
    std::string message = "HTTP/1.0 " + std::to_string(status) + ' ' + std::string{reason} +
                          "\r\n"
                          "Server: socketserver-http-hello\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\n";
    message += extra_headers;
    // HTTP/1.0 closes after one response; saying so keeps HTTP/1.1 clients from waiting.
    message += "Connection: close\r\n\r\n";
    if (method_ != "HEAD") // HEAD: the headers GET would get, never a body
      message += body;
    wfile.write(message);
    // Like http.server's log line; one write, as request threads print at the same time.
    std::cout << client_address.host() + " \"" + request_line_ + "\" " + std::to_string(status) +
                     '\n'
              << std::flush;
  }

  std::string request_line_;
  std::string method_;
};

} // namespace

int main(int argc, char* argv[]) {
  const socketserver::Address address = examples::address_argument(argc, argv, "127.0.0.1:8000");
  try {
    // Python's http.server.ThreadingHTTPServer: a thread per connection, and
    // allow_reuse_address so a restarted server can bind at once. The attribute must be set
    // before binding, hence bind_and_activate = false and the two calls, as in Python.
    socketserver::ThreadingTCPServer server{address, socketserver::handler<HelloHandler>(), false};
    server.allow_reuse_address = true;
    server.server_bind();
    server.server_activate();
    return examples::run_until_signal(server);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}
