// UnixSocketPath: where the console proposes to put a new Unix server's socket file, when a
// person switches a server to a Unix kind — an absolute path of its own, so that it never
// becomes a file named after a TCP address in whatever directory the console runs from.
//
//   addressEdit->setText(UnixSocketPath::suggestion());   //
//   "/run/user/1000/socketserver-3f9a2c.sock"
//
// The directory is $XDG_RUNTIME_DIR (per user, cleaned at logout: the place for sockets) when
// it is set, exists and is writable, else the temp directory; the name is unique among the
// files there at the time of asking. Thread safe.
#pragma once

#include <QString>

namespace UnixSocketPath {

/// The directory suggestion() uses: $XDG_RUNTIME_DIR, or the temp directory.
QString directory();
/// A fresh absolute socket path in directory(): "<dir>/socketserver-XXXXXX.sock".
QString suggestion();

} // namespace UnixSocketPath
