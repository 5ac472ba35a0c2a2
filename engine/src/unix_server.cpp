#include "socketserver/unix_server.hpp"

namespace socketserver {

UnixStreamServer::UnixStreamServer(Address server_address_, HandlerFactory handler_factory,
                                   bool bind_and_activate)
    : TCPServer(std::move(server_address_), std::move(handler_factory), bind_and_activate,
                SOCK_STREAM, AF_UNIX) {}

UnixDatagramServer::UnixDatagramServer(Address server_address_, HandlerFactory handler_factory,
                                       bool bind_and_activate)
    : UDPServer(std::move(server_address_), std::move(handler_factory), bind_and_activate,
                AF_UNIX) {}

} // namespace socketserver
