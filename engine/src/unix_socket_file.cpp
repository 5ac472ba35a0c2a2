#include "unix_socket_file.hpp"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "socketserver/errors.hpp"

namespace socketserver::detail {

namespace {

enum class PathState { Missing, NotASocket, Live, Stale };

// What occupies `address`: a connect() probe tells a server that still accepts (or reads
// datagrams) from a socket file whose server is gone (ECONNREFUSED).
PathState probe(int type, const Address& address) {
  struct stat info {};
  if (::lstat(address.path().c_str(), &info) != 0)
    return PathState::Missing;
  if (!S_ISSOCK(info.st_mode))
    return PathState::NotASocket;
  Socket probe_socket(AF_UNIX, type);
  // Non-blocking: a Unix stream connect() to a server whose backlog is full would wait for
  // it to accept; EAGAIN then says as well that somebody is there.
  ::fcntl(probe_socket.fileno(), F_SETFL, ::fcntl(probe_socket.fileno(), F_GETFL) | O_NONBLOCK);
  while (::connect(probe_socket.fileno(), address.data(), address.size()) != 0) {
    if (errno == EINTR)
      continue;
    // A full backlog (EAGAIN) or a type mismatch (EPROTOTYPE) still means somebody is there.
    return errno == ECONNREFUSED ? PathState::Stale : PathState::Live;
  }
  return PathState::Live;
}

[[noreturn]] void refuse(const Address& address, const std::string& why) {
  throw SocketError(EADDRINUSE, "bind " + address.to_string() + ": " + why);
}

} // namespace

void bind_unix_path(Socket& socket, int type, const Address& address, bool replace_stale) {
  if (::bind(socket.fileno(), address.data(), address.size()) == 0)
    return;
  const int bind_errno = errno;
  if (bind_errno != EADDRINUSE)
    throw SocketError(bind_errno, describe_errno(bind_errno, "bind", address.to_string()));
  switch (probe(type, address)) {
  case PathState::Missing: // the file went away meanwhile: one more try
    break;
  case PathState::NotASocket:
    refuse(address, "the path is taken by a file that is not a socket (left alone)");
  case PathState::Live:
    refuse(address, "the path is already in use by a running server");
  case PathState::Stale:
    if (!replace_stale)
      refuse(address, "the path is a stale socket file left by a server that is gone; remove "
                      "it, or set replace_stale_socket to replace it");
    if (::unlink(address.path().c_str()) != 0 && errno != ENOENT)
      throw SocketError(
          errno, describe_errno(errno, "removing the stale socket file", address.to_string()));
    break;
  }
  socket.bind(address);
}

} // namespace socketserver::detail
