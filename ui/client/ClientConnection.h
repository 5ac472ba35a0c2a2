// ClientConnection: the test client panel's socket — one transport (TCP, UDP, Unix stream,
// Unix datagram) to one target, with the same asynchronous interface for all four, so that
// the panel never switches on the kind of socket.
//
//   ClientConnection client;
//   connect(&client, &ClientConnection::received, this, &X::showReply);
//   connect(&client, &ClientConnection::errorOccurred, this, &X::showError); // in words
//   QString error;
//   if (client.setTarget(ClientConnection::Transport::Tcp, "127.0.0.1:9999", &error))
//     client.send("hello\n"); // connects first (stream kinds), then sends
//
// Sockets: QTcpSocket, QUdpSocket and QLocalSocket where Qt has them; for Unix datagrams the
// engine's socketserver::Socket, bound to a fresh path in the temp directory so that the
// server can answer (removed again when the socket closes), non-blocking, with a
// QSocketNotifier for replies. UDP sockets are connected, so an ICMP "port unreachable" comes
// back as "connection refused".
//
// Stream kinds have a connection (connectToTarget / disconnectFromTarget, state()); datagram
// kinds are always Unconnected and send() sends one datagram. send() on an unconnected stream
// kind connects first and sends once connected; a failed connection drops what was queued.
//
// Thread rule: a QObject of the GUI thread; nothing here ever blocks.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

namespace socketserver {
class Socket;
}

class QTcpSocket;
class QUdpSocket;
class QLocalSocket;
class QSocketNotifier;

class ClientConnection : public QObject {
  Q_OBJECT

public:
  enum class Transport { Tcp, Udp, UnixStream, UnixDatagram };
  Q_ENUM(Transport)
  enum class State { Unconnected, Connecting, Connected, Closing };
  Q_ENUM(State)

  /// How long connecting (host lookup included) may take before it is abandoned.
  static constexpr int defaultConnectTimeoutMs = 10000;

  explicit ClientConnection(QObject* parent = nullptr);
  /// Closes the socket (and removes the Unix datagram socket's own path).
  ~ClientConnection() override;

  static bool isStream(Transport transport) {
    return transport == Transport::Tcp || transport == Transport::UnixStream;
  }
  static bool isUnix(Transport transport) {
    return transport == Transport::UnixStream || transport == Transport::UnixDatagram;
  }
  /// "TCP", "UDP", "Unix stream", "Unix datagram" (translated).
  static QString transportLabel(Transport transport);
  /// "unconnected", "connecting", "connected", "closing" (translated).
  static QString stateName(State state);

  /// The target in canonical form, or an empty string with `error` in words. IP kinds take
  /// "host:port", "[v6]:port", ":port" or "port" (host 127.0.0.1), port 1-65535; Unix kinds a
  /// path (made absolute), short enough for a socket address.
  static QString normalizeTarget(Transport transport, const QString& text,
                                 QString* error = nullptr);

  /// Closes any current socket and aims at `target` (see normalizeTarget). False, with
  /// `error`, when the target is not valid; the old target is closed all the same.
  bool setTarget(Transport transport, const QString& target, QString* error = nullptr);
  Transport transport() const { return transport_; }
  QString target() const { return target_; }
  bool hasTarget() const { return !target_.isEmpty(); }

  State state() const { return state_; }
  /// Stream kinds: starts connecting (errors come through errorOccurred()). No-op otherwise.
  void connectToTarget();
  /// Stream kinds: closes gracefully (Closing while data is still going out).
  void disconnectFromTarget();
  /// Closes at once, dropping queued data; the Unix datagram socket's path is removed.
  void abort();

  /// Sends `data` (one datagram for datagram kinds). False, with errorOccurred(), when it
  /// cannot be sent now; true when it was sent or queued until the connection is up.
  bool send(const QByteArray& data);

  void setConnectTimeout(int ms) { connectTimeoutMs_ = ms; }

  /// The Unix datagram socket's own path while it exists ("" otherwise); for tests.
  QString localDatagramPath() const { return localPath_; }

signals:
  void stateChanged(ClientConnection::State state);
  /// Bytes from the server: a chunk of the stream, or one datagram.
  void received(const QByteArray& data);
  /// `bytes` went out to the server (after any queueing).
  void sent(qint64 bytes);
  /// Something failed, in words ("connection refused: nothing listens on 127.0.0.1:9").
  void errorOccurred(const QString& message);
  /// The server closed the connection (stream kinds).
  void closedByPeer();

private:
  void setState(State state);
  void closeAll();
  void flushPending();
  void readTcp();
  void readUdp();
  void readLocal();
  void readDatagram();
  void fail(const QString& message);
  bool ensureDatagramSocket();
  void connectTimedOut();

  Transport transport_ = Transport::Tcp;
  QString target_;
  QString host_;
  quint16 port_ = 0;
  State state_ = State::Unconnected;
  QList<QByteArray> pending_; // waiting for the connection
  bool closingByUs_ = false;

  QPointer<QTcpSocket> tcp_;
  QPointer<QUdpSocket> udp_;
  QPointer<QLocalSocket> local_;
  std::unique_ptr<socketserver::Socket> datagram_; // Unix datagram: bound to localPath_
  QPointer<QSocketNotifier> notifier_;
  QString localPath_;

  QTimer connectTimer_;
  int connectTimeoutMs_ = defaultConnectTimeoutMs;
};
