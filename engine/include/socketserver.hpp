/// @file
/// Public header. Everything of the engine: Python's `import socketserver`.
#pragma once

#include "socketserver/address.hpp"
#include "socketserver/base_server.hpp"
#include "socketserver/config.hpp"
#include "socketserver/datagram_request_handler.hpp"
#include "socketserver/errors.hpp"
#include "socketserver/event_handler.hpp"
#include "socketserver/event_mixin.hpp"
#include "socketserver/forking_mixin.hpp"
#include "socketserver/listen_queue.hpp"
#include "socketserver/multicast.hpp"
#include "socketserver/no_fork_scope.hpp"
#include "socketserver/observer.hpp"
#include "socketserver/reader.hpp"
#include "socketserver/request.hpp"
#include "socketserver/request_handler.hpp"
#include "socketserver/socket.hpp"
#include "socketserver/stream_request_handler.hpp"
#include "socketserver/tcp_server.hpp"
#include "socketserver/thread_name.hpp"
#include "socketserver/thread_pool_mixin.hpp"
#include "socketserver/tls_handshake.hpp"
#include "socketserver/threading_mixin.hpp"
#include "socketserver/udp_server.hpp"
#include "socketserver/unix_server.hpp"
#include "socketserver/writer.hpp"
#if SOCKETSERVER_HAS_TLS
#include "socketserver/tls_context.hpp"
#include "socketserver/tls_server.hpp"
#endif

/// @namespace socketserver
/// Python's `socketserver` module in C++20: servers (TCPServer, UDPServer, UnixStreamServer,
/// UnixDatagramServer), the mixins that choose where each request runs (ThreadingMixIn,
/// ForkingMixIn, ThreadPoolMixIn) and the request handlers (BaseRequestHandler,
/// StreamRequestHandler, DatagramRequestHandler), with Python's names, defaults and hooks.
/// Everything here is public API except the nested namespace `detail`, which is internal.
