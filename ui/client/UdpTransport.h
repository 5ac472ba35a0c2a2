// Internal to the client library. UdpTransport: the UDP backend. Its QUdpSocket is connected
// (connectToHost: the host is looked up once, under the connect timeout), so that an ICMP
// "port unreachable" comes back as "connection refused"; what is sent before the lookup is
// done waits for it. Connectionless all the same: the state stays Unconnected.
//
// A target that reaches many (a multicast group, a broadcast address: ClientConnection::
// isOneToMany()) is not connected, since a connected socket hears its one peer only: the socket
// is bound to any address of the target's family, each datagram goes to the target with the
// connection's multicast options, and every answer is received with its source.
#pragma once

#include "ClientTransport.h"

#include <QHostAddress>
#include <QPointer>
#include <QUdpSocket>

class UdpTransport final : public QueuedTransport {
public:
  /// The largest payload of one UDP datagram over IPv4.
  static constexpr int maxDatagramBytes = 65507;

  using QueuedTransport::QueuedTransport;

  /// Drops what waits for the lookup; the socket stays.
  void disconnectFromTarget() override { dropPending(); }
  void abort() override;
  bool send(const QByteArray& data) override;

private:
  bool isOpen() const override;
  bool write(const QByteArray& data) override;
  void open();
  /// Binds for a one-to-many target; what waits goes at once.
  void openToMany(QUdpSocket* socket);
  /// The connection's multicast options on the socket, before a datagram to a group.
  void applyMulticastOptions();
  void read();
  void failed(QUdpSocket* socket, QAbstractSocket::SocketError code);
  void reportPendingError();

  QPointer<QUdpSocket> socket_;
  QHostAddress toMany_; ///< the one-to-many target; null for a connected socket
};
