// HandSender: bytes a person sends to a server's client by hand (ServerManager::sendTo), off
// the GUI thread, in every concurrency model. Owned by ServerRuntime, one per run.
//
// Stream servers: the bytes are written on a duplicate of the connection's descriptor, taken
// from the ConnectionTracker for the duration of the send. The tracker holds one from
// process_request() until the request's finished event in every model, and in the forking
// model the parent's duplicate is the very connection the child serves, so a hand send needs
// no help from the child. Writes use MSG_NOSIGNAL | MSG_DONTWAIT and wait for room at most
// stallTimeoutMs in all: a peer that does not read ends in "the peer is not reading: sent X
// of Y bytes", never in a blocked thread. Sends to one connection run one after another, in
// the order asked; different connections are served in parallel (a small thread pool).
//
// A hand-sent message is written with send() calls of its own, beside the handler's output on
// the same connection: it cannot land inside a reply the handler writes with one send() that
// the socket buffer takes whole (the kernel appends each call's bytes in one piece), but it
// can land between two parts of a large reply the kernel takes in several goes, and the
// handler's output can land between two parts of a large hand-sent message.
//
// TLS servers: refused in words. Bytes written on the descriptor beside the session would be
// plaintext inside an encrypted stream: the client's TLS layer takes them for a forged record
// and ends the connection. Only the request's own thread or loop holds the session's state.
//
// Datagram servers: one datagram to the request's peer through the server's own socket (see
// RecentPeers, which keeps the peers heard from in the last minute and a share of the server
// socket that a closing server cannot pull from under a send). A Unix datagram peer without a
// bound path has no address to answer: refused in words.
//
// Outcomes go to the bridge: a SentByHand event (counted as bytes out) or a SendFailed event
// with the reason in words. Thread safe; the destructor drops sends not yet started and waits
// for the running ones (bounded by stallTimeoutMs; milliseconds once connections are shut).
#pragma once

#include <socketserver/observer.hpp>

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QThreadPool>

#include <deque>
#include <map>
#include <mutex>

class ConnectionTracker;
class EventBridge;

class HandSender {
  Q_DECLARE_TR_FUNCTIONS(HandSender)

public:
  /// How long a send waits in all for a peer that does not read.
  static constexpr int stallTimeoutMs = 3000;

  /// What the server's connections are, which decides how (and whether) bytes reach them.
  enum class Connections {
    Stream,   ///< written on a duplicate of the connection's descriptor
    Datagram, ///< sent from the server's socket to the peer
    Tls,      ///< refused: the session's keys live with the request, not the descriptor
  };

  /// `tracker` and `bridge` outlive the sender.
  HandSender(ConnectionTracker& tracker, EventBridge* bridge, Connections connections);
  ~HandSender();
  HandSender(const HandSender&) = delete;
  HandSender& operator=(const HandSender&) = delete;

  /// Why request `id` cannot be sent to now, in words; empty when it can.
  QString problem(socketserver::RequestId id) const;
  /// Queues `bytes` for request `id`; false with `error` (problem()) when it cannot be tried.
  bool send(socketserver::RequestId id, const QByteArray& bytes, QString* error = nullptr);
  /// Queues `bytes` for every open connection (stream) or every distinct peer heard from
  /// recently (datagram); returns how many.
  int sendToAll(const QByteArray& bytes);

  /// Writes `size` bytes on stream socket `fd` within `timeoutMs`; `sent` says how many went.
  /// Returns 0, or the errno of the failure (ETIMEDOUT when the peer did not read in time).
  static int writeWithin(int fd, const char* data, qsizetype size, int timeoutMs, qsizetype* sent);

private:
  void enqueue(socketserver::RequestId id, const QByteArray& bytes);
  /// Pool thread: sends request `id`'s queued messages until its queue is empty.
  void drain(socketserver::RequestId id);
  void sendStream(socketserver::RequestId id, const QByteArray& bytes);
  void sendDatagram(socketserver::RequestId id, const QByteArray& bytes);
  void fail(socketserver::RequestId id, const QString& peer, const QString& why);

  ConnectionTracker& tracker_;
  EventBridge* const bridge_;
  const bool datagram_;
  const bool tls_;

  std::mutex mutex_;                                                 // guards queues_ and stopping_
  std::map<socketserver::RequestId, std::deque<QByteArray>> queues_; // one drain() per entry
  bool stopping_ = false;
  QThreadPool pool_;
};
