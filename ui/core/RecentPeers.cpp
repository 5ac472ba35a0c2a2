#include "RecentPeers.h"

#include <socketserver/errors.hpp>

#include <algorithm>
#include <cerrno>
#include <set>
#include <utility>

void RecentPeers::remember(socketserver::RequestId id, socketserver::Socket& serverSocket,
                           const socketserver::Address& peer) {
  if (id == 0)
    return;
  std::lock_guard lock(mutex_);
  if (!socket_) {
    try {
      socket_ = serverSocket.share();
    } catch (const socketserver::SocketError&) {
      return; // the server is closing: nothing will be answered any more
    }
  }
  const Clock::time_point now = Clock::now();
  peers_.push_back({id, peer, now});
  prune(now);
}

void RecentPeers::prune(Clock::time_point now) const {
  while (peers_.size() > maxRequests)
    peers_.pop_front();
  while (!peers_.empty() && now - peers_.front().heard > std::chrono::seconds(keepSeconds))
    peers_.pop_front();
}

std::optional<RecentPeers::Peer> RecentPeers::find(socketserver::RequestId id) const {
  std::lock_guard lock(mutex_);
  prune(Clock::now());
  const auto it = std::find_if(peers_.rbegin(), peers_.rend(),
                               [id](const Peer& peer) { return peer.id == id; });
  if (it == peers_.rend())
    return std::nullopt;
  return *it;
}

std::vector<RecentPeers::Peer> RecentPeers::distinctPeers() const {
  std::lock_guard lock(mutex_);
  prune(Clock::now());
  std::vector<Peer> distinct;
  std::set<std::string> seen;
  // Newest first (clang-tidy 14 cannot read std::views::reverse over libstdc++ 12).
  std::for_each(peers_.rbegin(), peers_.rend(), [&](const Peer& peer) {
    if (seen.insert(peer.address.to_string()).second)
      distinct.push_back(peer);
  });
  return distinct;
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
