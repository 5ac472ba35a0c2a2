// Reference 001, example 1 over TLS: the upper-case echo (TCPServer + BaseRequestHandler)
// served through TLSServer, as Python users write context.wrap_socket() in get_request().
// Reads one message, answers it in upper case, and closes.
//
//   ./tls_upper_echo 127.0.0.1:9443 server.pem server.key &
//   python3 tls_upper_echo_client.py 127.0.0.1:9443 ca.pem 'hello world'   # HELLO WORLD
//
// Without TLS in the engine (SOCKETSERVER_HAS_TLS 0) it says so and exits with status 2.
#include <iostream>
#include <string>
#include <string_view>

#include <socketserver.hpp>

#include "python_bytes.hpp"
#include "run_until_signal.hpp"

#if SOCKETSERVER_HAS_TLS

namespace {

class MyHandler : public socketserver::BaseRequestHandler {
public:
  void handle() override {
    const std::string received = request.recv(1024); // plaintext: TLS is underneath
    const std::string_view data = examples::strip(received);
    std::cout << client_address.host() << " wrote:\n" << data << std::endl;
    request.sendall(examples::upper(data));
  }
};

} // namespace

int main(int argc, char* argv[]) {
  if (argc != 4) {
    std::cerr << "usage: " << argv[0] << " HOST:PORT CERTFILE KEYFILE\n";
    return 2;
  }
  char* address_only[] = {argv[0], argv[1]};
  const socketserver::Address address = examples::address_argument(2, address_only, "");
  try {
    auto context = socketserver::TlsContext::create();
    context->load_cert_chain(argv[2], argv[3]); // "server.key: ...": the reason in words
    socketserver::TLSServer<socketserver::TCPServer> server{context, address,
                                                            socketserver::handler<MyHandler>()};
    return examples::run_until_signal(server);
  } catch (const std::exception& error) {
    std::cerr << argv[0] << ": " << error.what() << '\n';
    return 1;
  }
}

#else

int main(int, char* argv[]) {
  std::cerr << argv[0] << ": this engine was built without TLS (SOCKETSERVER_HAS_TLS is 0)\n";
  return 2;
}

#endif
