#include "HandSender.h"

#include "ConnectionTracker.h"
#include "EventBridge.h"

#include <chrono>
#include <string>

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

QString errnoText(int error) { return qt_error_string(error); }

bool isPeerGone(int error) {
  return error == EPIPE || error == ECONNRESET || error == ENOTCONN || error == ESHUTDOWN ||
         error == ECONNABORTED;
}

} // namespace

HandSender::HandSender(ConnectionTracker& tracker, EventBridge* bridge, Connections connections)
    : tracker_(tracker), bridge_(bridge), datagram_(connections == Connections::Datagram),
      tls_(connections == Connections::Tls) {
  pool_.setMaxThreadCount(4);
  pool_.setExpiryTimeout(5000);
}

HandSender::~HandSender() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, queue] : queues_)
      queue.clear(); // each drain() ends after the send it is running
  }
  pool_.waitForDone();
}

QString HandSender::problem(socketserver::RequestId id) const {
  if (tls_)
    return tr("sending by hand is not available on TLS connections: the session's encryption "
              "belongs to the request, and bytes written beside it would end the connection");
  if (!datagram_) {
    if (!tracker_.isOpen(id))
      return tr("request #%1 is not an open connection (it has finished, or it is unknown)")
          .arg(id);
    return {};
  }
  const auto peer = tracker_.recentPeers().find(id);
  if (!peer)
    return tr("#%1 is not a peer this server heard from in the last %2 s")
        .arg(id)
        .arg(RecentPeers::keepSeconds);
  // An unbound Unix datagram socket reports no address at all (or an unnamed one).
  if (peer->address.empty() || (peer->address.is_unix() && peer->address.path().empty()))
    return tr("#%1 is a Unix datagram socket without a path: it cannot be answered").arg(id);
  return {};
}

bool HandSender::send(socketserver::RequestId id, const QByteArray& bytes, QString* error) {
  QString why = problem(id);
  if (why.isEmpty() && bytes.isEmpty())
    why = tr("the message is empty");
  if (!why.isEmpty()) {
    if (error)
      *error = why;
    return false;
  }
  enqueue(id, bytes);
  return true;
}

int HandSender::sendToAll(const QByteArray& bytes) {
  if (bytes.isEmpty() || tls_) // a TLS connection takes no hand-sent bytes (problem())
    return 0;
  int count = 0;
  if (datagram_) {
    for (const RecentPeers::Peer& peer : tracker_.recentPeers().distinctPeers()) {
      if (problem(peer.id).isEmpty()) {
        enqueue(peer.id, bytes);
        ++count;
      }
    }
  } else {
    for (const ConnectionTracker::OpenConnection& open : tracker_.openConnections()) {
      enqueue(open.id, bytes);
      ++count;
    }
  }
  return count;
}

void HandSender::enqueue(socketserver::RequestId id, const QByteArray& bytes) {
  std::lock_guard lock(mutex_);
  if (stopping_)
    return;
  auto [it, fresh] = queues_.try_emplace(id);
  it->second.push_back(bytes);
  if (fresh) // no drain() runs for this request: start one
    pool_.start([this, id] { drain(id); });
}

void HandSender::drain(socketserver::RequestId id) {
  for (;;) {
    QByteArray bytes;
    {
      std::lock_guard lock(mutex_);
      const auto it = queues_.find(id);
      if (it == queues_.end() || it->second.empty()) {
        if (it != queues_.end())
          queues_.erase(it);
        return;
      }
      bytes = std::move(it->second.front());
      it->second.pop_front();
    }
    if (datagram_)
      sendDatagram(id, bytes);
    else
      sendStream(id, bytes);
  }
}

int HandSender::writeWithin(int fd, const char* data, qsizetype size, int timeoutMs,
                            qsizetype* sent) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  *sent = 0;
  while (*sent < size) {
    const ssize_t n = ::send(fd, data + *sent, static_cast<std::size_t>(size - *sent),
                             MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      *sent += n;
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return errno;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      return ETIMEDOUT;
    pollfd ready{fd, POLLOUT, 0};
    if (::poll(&ready, 1, static_cast<int>(left)) < 0 && errno != EINTR)
      return errno;
  }
  return 0;
}

void HandSender::sendStream(socketserver::RequestId id, const QByteArray& bytes) {
  const int fd = tracker_.duplicate(id);
  if (fd < 0) {
    fail(id, {}, tr("the connection has closed"));
    return;
  }
  qsizetype sent = 0;
  const int error = writeWithin(fd, bytes.constData(), bytes.size(), stallTimeoutMs, &sent);
  ::close(fd);
  if (sent > 0)
    bridge_->postSentByHand(id, {}, bytes.left(sent));
  if (error == 0)
    return;
  if (error == ETIMEDOUT)
    fail(id, {}, tr("the peer is not reading: sent %1 of %2 bytes").arg(sent).arg(bytes.size()));
  else if (isPeerGone(error))
    fail(id, {},
         tr("the peer is gone (%1): sent %2 of %3 bytes")
             .arg(errnoText(error))
             .arg(sent)
             .arg(bytes.size()));
  else
    fail(id, {}, tr("cannot send: %1").arg(errnoText(error)));
}

void HandSender::sendDatagram(socketserver::RequestId id, const QByteArray& bytes) {
  const auto peer = tracker_.recentPeers().find(id);
  if (!peer) {
    fail(id, {}, problem(id));
    return;
  }
  const QString peerText = QString::fromStdString(peer->address.to_string());
  std::string error;
  if (tracker_.recentPeers().sendTo(
          peer->address,
          std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
          std::chrono::milliseconds(stallTimeoutMs), &error))
    bridge_->postSentByHand(id, peerText, bytes);
  else
    fail(id, peerText, tr("cannot reach the peer: %1").arg(QString::fromStdString(error)));
}

void HandSender::fail(socketserver::RequestId id, const QString& peer, const QString& why) {
  ConsoleEvent event;
  event.kind = ConsoleEvent::Kind::SendFailed;
  event.requestId = id;
  event.peer = peer;
  event.text = why;
  bridge_->post(std::move(event));
}
