#include "ConnectionTracker.h"

#include <socketserver/address.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

ConnectionTracker::~ConnectionTracker() {
  std::lock_guard lock(mutex_);
  for (const auto& [id, fd] : connections_)
    ::close(fd);
}

void ConnectionTracker::track(socketserver::RequestId id, int fd) {
  if (id == 0 || fd < 0)
    return;
  {
    std::lock_guard lock(mutex_);
    active_.insert(id); // counted even if it cannot be duplicated below
  }
  // Close-on-exec, and never 0-2. Out of descriptors, the connection is simply not
  // closable from the console; serving it is unaffected.
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0)
    return;
  std::lock_guard lock(mutex_);
  if (refuseNew_)
    ::shutdown(copy, SHUT_RDWR);
  if (const auto [it, inserted] = connections_.emplace(id, copy); !inserted) {
    ::close(it->second); // cannot happen (ids are never reused, RequestIds); harmless
    it->second = copy;
  }
}

void ConnectionTracker::trackDatagram(socketserver::RequestId id) {
  if (id == 0)
    return;
  std::lock_guard lock(mutex_);
  active_.insert(id);
}

std::size_t ConnectionTracker::activeCount() const {
  std::lock_guard lock(mutex_);
  return active_.size();
}

bool ConnectionTracker::close(socketserver::RequestId id) {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(id);
  if (it == connections_.end())
    return false;
  // shutdown(), not close(): it acts on the connection itself (every descriptor of it, in
  // this process and in a forked child), and our descriptor stays valid until release().
  ::shutdown(it->second, SHUT_RDWR);
  return true;
}

std::size_t ConnectionTracker::closeAll(bool refuseNew) {
  std::lock_guard lock(mutex_);
  if (refuseNew)
    refuseNew_ = true;
  for (const auto& [id, fd] : connections_)
    ::shutdown(fd, SHUT_RDWR);
  return connections_.size();
}

std::size_t ConnectionTracker::openCount() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

bool ConnectionTracker::isOpen(socketserver::RequestId id) const {
  std::lock_guard lock(mutex_);
  return connections_.contains(id);
}

int ConnectionTracker::duplicate(socketserver::RequestId id) const {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(id);
  return it == connections_.end() ? -1 : ::fcntl(it->second, F_DUPFD_CLOEXEC, 3);
}

std::vector<ConnectionTracker::OpenConnection> ConnectionTracker::openConnections() const {
  std::vector<OpenConnection> open;
  std::lock_guard lock(mutex_);
  for (const auto& [id, fd] : connections_) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    std::string peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length) == 0)
      peer = socketserver::Address(reinterpret_cast<const sockaddr*>(&storage), length).to_string();
    open.push_back({id, std::move(peer)});
  }
  return open;
}

void ConnectionTracker::release(socketserver::RequestId id) {
  std::lock_guard lock(mutex_);
  active_.erase(id);
  peerIds_.erase(id);
  if (const auto it = connections_.find(id); it != connections_.end()) {
    ::close(it->second);
    connections_.erase(it);
  }
}

socketserver::RequestId ConnectionTracker::shownId(socketserver::RequestId id) const {
  if (!datagram_ || id == 0)
    return id; // stream servers pay nothing per event
  std::lock_guard lock(mutex_);
  const auto it = peerIds_.find(id);
  return it == peerIds_.end() ? id : it->second;
}

void ConnectionTracker::on_request_opened(socketserver::RequestId id,
                                          const socketserver::Address& client) {
  if (datagram_ && id != 0) {
    const socketserver::RequestId peerId = recentPeers_.heard(id, client);
    {
      std::lock_guard lock(mutex_);
      peerIds_[id] = peerId;
    }
    id = peerId;
  }
  ForwardingObserver::on_request_opened(id, client);
}

void ConnectionTracker::on_bytes_received(socketserver::RequestId id, std::string_view payload) {
  ForwardingObserver::on_bytes_received(shownId(id), payload);
}

void ConnectionTracker::on_bytes_sent(socketserver::RequestId id, std::string_view payload) {
  ForwardingObserver::on_bytes_sent(shownId(id), payload);
}

void ConnectionTracker::on_notice(socketserver::RequestId id, std::string_view message) {
  ForwardingObserver::on_notice(shownId(id), message);
}

void ConnectionTracker::on_request_finished(socketserver::RequestId id,
                                            socketserver::RequestOutcome outcome,
                                            std::string_view detail) {
  const socketserver::RequestId shown = shownId(id);
  release(id); // first: once the log shows "finished", a kick can no longer reach it
  ForwardingObserver::on_request_finished(shown, outcome, detail);
}
