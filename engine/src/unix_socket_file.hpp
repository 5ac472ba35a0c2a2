// Engine internal: binding a Unix socket path when a file is already there.
#pragma once

#include "socketserver/address.hpp"
#include "socketserver/socket.hpp"

namespace socketserver::detail {

/// Binds `socket` (of `type`, SOCK_STREAM or SOCK_DGRAM) to the Unix path `address`. When the
/// path is taken, finds out by what and throws a SocketError (EADDRINUSE) that says so: a
/// live server ("in use by a running server"), a stale socket file left by a server that is
/// gone (with the way to replace it), or a file that is not a socket. With `replace_stale`,
/// a stale socket file (a socket nobody answers on: connect() is refused) is unlinked and
/// the bind retried; nothing else is ever removed.
void bind_unix_path(Socket& socket, int type, const Address& address, bool replace_stale);

} // namespace socketserver::detail
