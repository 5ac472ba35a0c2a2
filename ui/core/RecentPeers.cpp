#include "RecentPeers.h"

#include <socketserver/errors.hpp>

#include <algorithm>
#include <cerrno>
#include <utility>

bool RecentPeers::isSilent(const Peer& peer, Clock::time_point now) {
  return now - peer.heard > std::chrono::seconds(keepSeconds);
}

socketserver::RequestId RecentPeers::heard(socketserver::RequestId requestId,
                                           const socketserver::Address& peer) {
  if (requestId == 0)
    return 0;
  const Clock::time_point now = Clock::now();
  std::lock_guard lock(mutex_);
  auto [it, fresh] = peers_.try_emplace(peer.to_string());
  if (fresh || isSilent(it->second, now))
    it->second = Peer{requestId, peer, now, false}; // a new conversation
  else
    it->second.heard = now;
  const socketserver::RequestId id = it->second.id;
  if (peers_.size() > maxPeers)
    prune(now);
  return id;
}

void RecentPeers::accept(socketserver::Socket& serverSocket, const socketserver::Address& peer) {
  std::lock_guard lock(mutex_);
  if (!socket_) {
    try {
      socket_ = serverSocket.share();
    } catch (const socketserver::SocketError&) {
      return; // the server is closing: nothing will be answered any more
    }
  }
  // heard() came first for this datagram; a peer pruned in between is not answerable.
  if (const auto it = peers_.find(peer.to_string()); it != peers_.end())
    it->second.accepted = true;
}

void RecentPeers::prune(Clock::time_point now) const {
  std::erase_if(peers_, [now](const auto& entry) { return isSilent(entry.second, now); });
  while (peers_.size() > maxPeers) {
    const auto oldest =
        std::min_element(peers_.begin(), peers_.end(), [](const auto& a, const auto& b) {
          return a.second.heard < b.second.heard;
        });
    peers_.erase(oldest);
  }
}

std::optional<RecentPeers::Peer> RecentPeers::find(socketserver::RequestId id) const {
  std::lock_guard lock(mutex_);
  prune(Clock::now());
  const auto it = std::find_if(peers_.begin(), peers_.end(), [id](const auto& entry) {
    return entry.second.id == id && entry.second.accepted;
  });
  if (it == peers_.end())
    return std::nullopt;
  return it->second;
}

std::vector<RecentPeers::Peer> RecentPeers::distinctPeers() const {
  std::vector<Peer> accepted;
  {
    std::lock_guard lock(mutex_);
    prune(Clock::now());
    for (const auto& [address, peer] : peers_) {
      if (peer.accepted)
        accepted.push_back(peer);
    }
  }
  std::sort(accepted.begin(), accepted.end(),
            [](const Peer& a, const Peer& b) { return a.heard > b.heard; });
  return accepted;
}

bool RecentPeers::sendTo(const socketserver::Address& peer, std::string_view bytes,
                         std::chrono::milliseconds timeout, std::string* error) {
  std::lock_guard sending(sendMutex_);
  std::optional<socketserver::Socket> socket;
  {
    std::lock_guard lock(mutex_);
    if (socket_) {
      try {
        socket = socket_->share(); // a handle of this send's own: the stored one stays idle
      } catch (const socketserver::SocketError&) {
      }
    }
  }
  try {
    if (!socket)
      throw socketserver::SocketError(EBADF, "the server socket is closed");
    socket->settimeout(std::chrono::duration_cast<socketserver::Seconds>(timeout));
    socket->sendto(bytes, peer);
    return true;
  } catch (const socketserver::SocketError& failure) {
    if (error)
      *error = failure.what();
    return false;
  }
}
