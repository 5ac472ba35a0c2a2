// Internal to the client library. StreamTransport: the backend of both stream kinds, TCP
// (QTcpSocket) and Unix stream (QLocalSocket). The two Qt classes have the same signals and
// the same states under other names; only connecting and hanging up are spelled differently
// (open() and hangUp() in StreamTransport.cpp), so one template serves both.
//
// connectToTarget() makes a fresh socket for each connection; send() on an unconnected one
// connects first and sends once connected. A socket that is done is let go with
// deleteLater(), since it may be inside one of its own signals.
#pragma once

#include "ClientTransport.h"

#include <QLocalSocket>
#include <QPointer>
#include <QTcpSocket>

#include <utility>

template <class Socket> class StreamTransport final : public QueuedTransport {
public:
  using QueuedTransport::QueuedTransport;

  void connectToTarget() override;
  /// Hangs up gracefully when connected (Closing while data is still going out); otherwise
  /// drops the attempt at once.
  void disconnectFromTarget() override;
  void abort() override;
  bool send(const QByteArray& data) override;

private:
  using SocketState = decltype(std::declval<const Socket&>().state());
  using SocketError = decltype(std::declval<const Socket&>().error());

  bool isOpen() const override;
  bool write(const QByteArray& data) override;
  void watch(Socket* socket);
  void connected();
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
