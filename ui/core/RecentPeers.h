// RecentPeers: the clients a datagram server heard from lately — one entry per peer address,
// with the id the console shows for that peer, and what a person needs to answer it by hand
// (ServerManager::sendTo) after its datagrams' requests have finished (a datagram request ends
// as soon as its handler returns, long before anybody clicks Send).
//
// A peer's id: a datagram server's requests are its datagrams, each with an id of its own
// from the engine; the console shows the datagrams of one peer as one conversation instead,
// under the id of the first datagram heard from it (ConnectionTracker reports every datagram
// under its peer's id). A peer silent for keepSeconds is forgotten: its next datagram starts
// a new conversation with a new id. The connections table ages its peer rows by the same
// keepSeconds.
//
// Bounded: at most maxPeers peers (the least recently heard goes first), none silent for
// longer than keepSeconds. It also keeps a share of the server socket
// (socketserver::Socket::share(), taken from the first accepted datagram): a send goes out
// through the server's own socket, so the client sees the answer come from the address it
// wrote to. The share follows the engine's ownership rule: once the server closes its socket
// (server_close()), the share fails with EBADF, and the descriptor number stays reserved while
// the share lives, so a send can never reach a file opened later under that number. A send
// running while the server closes finishes on the socket it started with.
//
//   const RequestId shown = peers.heard(request.id(), clientAddress);    // request opened
//   peers.accept(request.socket(), clientAddress);                       // process_request()
//   if (auto peer = peers.find(shown)) peers.sendTo(peer->address, bytes, timeout, &error);
//
// Thread safe: every member may be called from any thread; sends are serialized.
#pragma once

#include <socketserver/address.hpp>
#include <socketserver/observer.hpp>
#include <socketserver/socket.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class RecentPeers {
public:
  static constexpr std::size_t maxPeers = 256;
  static constexpr int keepSeconds = 60;

  using Clock = std::chrono::steady_clock;
  struct Peer {
    socketserver::RequestId id = 0; ///< the peer's id: its first datagram's request id
    socketserver::Address address;
    Clock::time_point heard{}; ///< its latest datagram
    bool accepted = false;     ///< the server took one of its datagrams (not only refused)
  };

  /// Datagram request `requestId` came from `peer`: returns the peer's id — the id it was
  /// given when first heard, or `requestId` itself for a peer new or silent for keepSeconds.
  socketserver::RequestId heard(socketserver::RequestId requestId,
                                const socketserver::Address& peer);
  /// The server took a datagram from `peer` (its process_request()): the peer may be answered
  /// by hand, through `serverSocket` (a request's share of the server socket; the first call
  /// keeps a share of its own).
  void accept(socketserver::Socket& serverSocket, const socketserver::Address& peer);
  /// The accepted peer whose id is `id`, while it is remembered.
  std::optional<Peer> find(socketserver::RequestId id) const;
  /// The accepted peers, most recently heard first.
  std::vector<Peer> distinctPeers() const;

  /// Sends `bytes` as one datagram to `peer` through the server socket, waiting at most
  /// `timeout` for room (a Unix datagram peer's queue can be full). False with `error` in
  /// words when it could not be sent.
  bool sendTo(const socketserver::Address& peer, std::string_view bytes,
              std::chrono::milliseconds timeout, std::string* error);

private:
  static bool isSilent(const Peer& peer, Clock::time_point now);
  /// Drops the silent peers, then the least recently heard beyond maxPeers. Caller holds
  /// mutex_.
  void prune(Clock::time_point now) const;

  mutable std::mutex mutex_;
  mutable std::map<std::string, Peer> peers_; // by address text ("" for unnamed Unix peers)
  std::mutex sendMutex_;                      // one send at a time through the share
  std::optional<socketserver::Socket> socket_;
};
