/// @file
/// Public header. Request: what Python's handlers see as `self.request`.
///
/// For a stream server it is the accepted connection: `request.recv(1024)`,
/// `request.sendall(data)`. For a datagram server it is Python's (data, socket) pair:
/// `request.packet()` is the datagram and `request.socket()` a share of the server socket
/// (Socket::share(): once the server is closed it fails with EBADF, as in Python),
/// so `request.socket().sendto(reply, client_address)` answers.
///
/// Move-only. A stream request owns its connection and closes it when destroyed; the
/// concurrency mixins move a request to the thread or pool that serves it. Thread rule: one
/// thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "socketserver/observer.hpp"
#include "socketserver/socket.hpp"

namespace socketserver {

/// Python's `self.request`: the accepted connection of a stream server, or the (datagram,
/// server socket) pair of a datagram server. Move-only; see request.hpp.
class Request {
public:
  Request() = default;
  /// A stream request owning `connection`.
  explicit Request(Socket connection) noexcept;
  /// A datagram request: the packet and a share of the server socket (Socket::share()).
  /// `received_size` is the datagram's real size, larger than packet.size() when truncated.
  Request(std::string packet, Socket server_view, std::size_t received_size);

  /// A moved-from request is empty: it reports nothing and closes nothing.
  Request(Request&& other) noexcept;
  /// Takes over `other` (its connection, if any), leaving it empty.
  Request& operator=(Request&& other) noexcept;
  ~Request() = default;

  /// The id the observer sees for this request; 0 when not attached.
  RequestId id() const noexcept { return id_; }
  /// True for a datagram request, false for a stream connection.
  bool is_datagram() const noexcept { return datagram_; }
  /// False before the engine attached it, once moved from, or after the engine handed it to
  /// another thread or process.
  explicit operator bool() const noexcept { return id_ != 0; }

  /// The connection (stream) or the share of the server socket (datagram).
  Socket& socket() noexcept { return socket_; }
  /// The connection (stream) or the share of the server socket (datagram).
  const Socket& socket() const noexcept { return socket_; }
  /// The datagram's bytes (Python's request[0]); empty for stream requests.
  const std::string& packet() const noexcept { return packet_; }
  /// True when the datagram was larger than max_packet_size and was cut.
  bool truncated() const noexcept { return received_size_ > packet_.size(); }
  /// The datagram's size as received, before any cut to max_packet_size; 0 for streams.
  std::size_t received_size() const noexcept { return received_size_; }

  // Python's socket methods on the request, forwarded to socket().
  /// Python's self.request.recv(bufsize): Socket::recv() on socket(); "" when the peer
  /// closed its side.
  std::string recv(std::size_t bufsize, int flags = 0) { return socket_.recv(bufsize, flags); }
  /// Python's self.request.send(data): one send, returns how much the kernel took.
  std::size_t send(std::string_view data, int flags = 0) { return socket_.send(data, flags); }
  /// Python's self.request.sendall(data): sends all of it.
  void sendall(std::string_view data) { socket_.sendall(data); }
  /// Python's sendto(data, address) on the socket: a datagram to `address`.
  std::size_t sendto(std::string_view data, const Address& address) {
    return socket_.sendto(data, address);
  }
  /// Closes the connection (a datagram request only lets go of its share of the server socket).
  void close() noexcept { socket_.close(); }

  /// Engine internal: gives the request its id and reports its traffic to `observer`.
  void attach(RequestId id, ServerObserver* observer) noexcept;
  /// Engine internal: marks the request as served elsewhere, so this copy reports nothing.
  void release() noexcept { id_ = 0; }

private:
  RequestId id_ = 0;
  bool datagram_ = false;
  Socket socket_;
  std::string packet_;
  std::size_t received_size_ = 0;
};

} // namespace socketserver
