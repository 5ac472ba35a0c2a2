// Internal to the client library. StreamTransport: the backend of both stream kinds, TCP
// (QTcpSocket) and Unix stream (QLocalSocket). The two Qt classes have the same signals and
// the same states under other names; only connecting and hanging up are spelled differently
// (open() and hangUp() in StreamTransport.cpp), so one template serves both.
//
// connectToTarget() makes a fresh socket for each connection; send() on an unconnected one
// connects first and sends once connected. A socket that is done is let go with
// deleteLater(), since it may be inside one of its own signals.
//
// TlsTransport (TlsTransport.h) extends the TCP one: its socket is a QSslSocket, connected
// encrypted, and ready once the handshake is done — the hooks under "protected".
#pragma once

#include "ClientTransport.h"

#include <QLocalSocket>
#include <QPointer>
#include <QTcpSocket>

#include <utility>

template <class Socket> class StreamTransport : public QueuedTransport {
public:
  using QueuedTransport::QueuedTransport;

  void connectToTarget() override;
  /// Hangs up gracefully when connected (Closing while data is still going out); otherwise
  /// drops the attempt at once.
  void disconnectFromTarget() override;
  void abort() override;
  bool send(const QByteArray& data) override;

protected:
  using SocketState = decltype(std::declval<const Socket&>().state());
  using SocketError = decltype(std::declval<const Socket&>().error());

  /// A fresh socket, a child of this, for one connection. May be overridden.
  virtual Socket* makeSocket() { return new Socket(this); }
  /// Starts connecting `socket` to the target. May be overridden.
  virtual void open(Socket* socket);
  /// Connects the signal that says `socket` is ready for data to connected(). May be
  /// overridden (TLS: once encrypted).
  virtual void watchReady(Socket* socket);
  /// The connection is ready: Connected, and what waited goes out.
  void connected();
  bool isOpen() const override;
  Socket* socket() const { return socket_.data(); }
  /// True once this side chose to close (so a disconnection is not the peer's doing).
  bool closingByUs() const { return closingByUs_; }

private:
  bool write(const QByteArray& data) override;
  void watch(Socket* socket);
  void read();
  void disconnected(Socket* socket);
  void failed(Socket* socket, SocketError code);

  QPointer<Socket> socket_;
  bool closingByUs_ = false; // so that disconnected() can tell who hung up
};

extern template class StreamTransport<QTcpSocket>;
extern template class StreamTransport<QLocalSocket>;

using TcpTransport = StreamTransport<QTcpSocket>;
using UnixStreamTransport = StreamTransport<QLocalSocket>;
