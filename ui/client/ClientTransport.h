// Internal to the client library. ClientTransport: one backend of ClientConnection, one per
// transport, behind the small interface ClientConnection forwards to. A backend is a part of
// its connection (a child of it) and speaks through the connection's own signals.
//
//   ClientTransport        the interface and the state
//   QueuedTransport        for the kinds that connect before they send (TCP, UDP, Unix
//                          stream): the queue of what waits for the connection and the
//                          connect timeout
//   StreamTransport<S>     TCP (QTcpSocket) and Unix stream (QLocalSocket): StreamTransport.h
//   UdpTransport           UDP (a connected QUdpSocket): UdpTransport.h
//   UnixDatagramTransport  Unix datagram (the engine's socket): UnixDatagramTransport.h
//
// No Q_OBJECT: a backend has no signals of its own (and StreamTransport is a template); it is
// a QObject to own its sockets and to be the context of their connections.
//
// ClientConnection makes one with createClientTransport() for each target and lets it go with
// deleteLater() (after abort()), since it may be replaced from inside one of its own signals.
//
// Thread rule: GUI thread, as ClientConnection; nothing blocks.
#pragma once

#include "ClientConnection.h"
#include "ServerSpec.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

/// Where a transport sends: the kind and the canonical target (empty when none was valid),
/// with an IP target's host and port read out.
struct ClientTarget {
  ServerSpec::Kind kind = ServerSpec::Kind::Tcp;
  QString text;
  QString host;
  quint16 port = 0;

  /// Reads host and port out of a canonical IP target (ClientConnection::normalizeTarget()).
  static ClientTarget of(ServerSpec::Kind kind, const QString& canonical);
};

class ClientTransport : public QObject {
public:
  using State = ClientConnection::State;

  ClientTransport(ClientTarget target, int connectTimeoutMs, ClientConnection* connection);

  const ClientTarget& target() const { return target_; }
  State state() const { return state_; }
  void setConnectTimeout(int ms) { connectTimeoutMs_ = ms; }

  /// As ClientConnection's. The defaults are what a kind without a connection does: nothing.
  virtual void connectToTarget() {}
  virtual void disconnectFromTarget() {}
  virtual void abort() = 0;
  virtual bool send(const QByteArray& data) = 0;
  virtual QString localDatagramPath() const { return {}; }

protected:
  /// The connection whose signals this backend emits.
  ClientConnection* connection() const { return connection_; }
  /// Sets the state; stateChanged() when it changed.
  void setState(State state);
  int connectTimeoutMs() const { return connectTimeoutMs_; }

private:
  ClientConnection* connection_;
  ClientTarget target_;
  int connectTimeoutMs_;
  State state_ = State::Unconnected;
};

/// Lets a Qt socket go for good: no more signals to `receiver`, closed at once, deleted once
/// the signal it may be inside of has returned. Null: nothing.
template <class Socket> void discardSocket(Socket* socket, QObject* receiver) {
  if (!socket)
    return;
  socket->disconnect(receiver);
  socket->abort();
  socket->deleteLater();
}

/// Makes the backend for `target.kind`.
ClientTransport* createClientTransport(const ClientTarget& target, int connectTimeoutMs,
                                       ClientConnection* connection);

class QueuedTransport : public ClientTransport {
public:
  QueuedTransport(ClientTarget target, int connectTimeoutMs, ClientConnection* connection);

protected:
  /// True when write() may be called now. Each backend overrides it.
  virtual bool isOpen() const = 0;
  /// Sends one queued message; false (after saying why) drops the rest. Each backend
  /// overrides it.
  virtual bool write(const QByteArray& data) = 0;

  void enqueue(const QByteArray& data) { pending_.append(data); }
  /// Writes what waits, in order, while the transport is open.
  void flushPending();
  void startConnectTimer() { connectTimer_.start(connectTimeoutMs()); }
  void stopConnectTimer() { connectTimer_.stop(); }
  /// Drops what waits and stops the timeout: the attempt is over.
  void dropPending();
  /// dropPending(), then the connection's errorOccurred(message).
  void fail(const QString& message);

private:
  void connectTimedOut();

  QList<QByteArray> pending_; // waiting for the connection
  QTimer connectTimer_;
};
