// RecentPeers: the clients a datagram server heard from lately, so that a person can answer
// one by hand (ServerManager::sendTo) even after its request has finished — a datagram
// request ends as soon as its handler returns, long before anybody clicks Send.
//
// Bounded: the last maxRequests requests, none older than keepSeconds. It also keeps a share
// of the server socket (socketserver::Socket::share(), taken from the first request): a send
// goes out through the server's own socket, so the client sees the answer come from the
// address it wrote to. The share follows the engine's ownership rule: once the server closes
// its socket (server_close()), the share fails with EBADF, and the descriptor number stays
// reserved while the share lives, so a send can never reach a file opened later under that
// number. A send running while the server closes finishes on the socket it started with.
//
//   peers.remember(request.id(), request.socket(), clientAddress); // process_request()
//   if (auto peer = peers.find(id)) peers.sendTo(peer->address, bytes, &error);
//
// Thread safe: every member may be called from any thread; sends are serialized.
#pragma once

#include <socketserver/address.hpp>
#include <socketserver/observer.hpp>
#include <socketserver/socket.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class RecentPeers {
public:
  static constexpr std::size_t maxRequests = 256;
  static constexpr int keepSeconds = 60;

  using Clock = std::chrono::steady_clock;
  struct Peer {
    socketserver::RequestId id = 0;
    socketserver::Address address;
    Clock::time_point heard{};
  };

  /// Remembers that datagram request `id` came from `peer` through `serverSocket` (a
  /// request's share of the server socket); the first call keeps a share of its own.
  void remember(socketserver::RequestId id, socketserver::Socket& serverSocket,
                const socketserver::Address& peer);
  /// Request `id`'s peer, when it is still remembered.
  std::optional<Peer> find(socketserver::RequestId id) const;
  /// One entry per distinct peer (its latest request), newest first.
  std::vector<Peer> distinctPeers() const;

  /// Sends `bytes` as one datagram to `peer` through the server socket, waiting at most
  /// `timeout` for room (a Unix datagram peer's queue can be full). False with `error` in
  /// words when it could not be sent.
  bool sendTo(const socketserver::Address& peer, std::string_view bytes,
              std::chrono::milliseconds timeout, std::string* error);

private:
  /// Drops what is too old or beyond maxRequests. Caller holds mutex_.
  void prune(Clock::time_point now) const;

  mutable std::mutex mutex_;
  mutable std::deque<Peer> peers_; // oldest first
  std::mutex sendMutex_;           // one send at a time through the share
  std::optional<socketserver::Socket> socket_;
};
