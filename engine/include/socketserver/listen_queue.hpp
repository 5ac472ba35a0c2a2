/// @file
/// Public header. listen_queue(): how many connections wait in a listening stream socket's
/// backlog — completed by the kernel, not yet taken by accept() — and how many it may hold.
///
/// A synchronous server busy with one connection leaves the next clients here: they are
/// connected (their connect() returned, they may even have sent their request) but nobody
/// reads them until the current request ends. This is what `ss -lt` / `ss -lx` show as Recv-Q
/// (waiting) and Send-Q (limit).
///
/// @code{.cpp}
///   socketserver::TCPServer server{{"127.0.0.1", 0}, socketserver::handler<Echo>()};
///   if (auto queue = socketserver::listen_queue(server.fileno()); queue && queue->waiting > 0)
///     std::cerr << queue->waiting << " clients wait for accept()\n";
/// @endcode
///
/// Linux only: TCP (IPv4 and IPv6) through getsockopt(TCP_INFO), whose tcpi_unacked and
/// tcpi_sacked hold the accept queue's length and limit for a socket in LISTEN; Unix stream
/// sockets through a NETLINK_SOCK_DIAG query (UNIX_DIAG_RQLEN), the one `ss` makes. Elsewhere,
/// and for any other descriptor, the answer is nullopt.
///
/// Thread safe, and it never blocks: it only reads the socket's state, so it may run on any
/// thread while another serves the socket. The caller must keep `fd` open for the call (a
/// dup() of the listening descriptor is a way to do so from another thread).
#pragma once

#include <cstdint>
#include <optional>

namespace socketserver {

/// A listening socket's accept queue.
struct ListenQueue {
  std::uint32_t waiting = 0; ///< connections the kernel completed that accept() has not taken
  std::uint32_t limit = 0;   ///< how many it holds (the listen() backlog, capped by somaxconn)
};

/// The accept queue of listening stream socket `fd`, or nullopt when it is unknown: not a
/// listening TCP or Unix stream socket, closed, or not Linux. Never throws.
std::optional<ListenQueue> listen_queue(int fd) noexcept;

} // namespace socketserver
