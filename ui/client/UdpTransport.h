// Internal to the client library. UdpTransport: the UDP backend. Its QUdpSocket is connected
// (connectToHost: the host is looked up once, under the connect timeout), so that an ICMP
// "port unreachable" comes back as "connection refused"; what is sent before the lookup is
// done waits for it. Connectionless all the same: the state stays Unconnected.
#pragma once

#include "ClientTransport.h"

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
  void read();
  void failed(QUdpSocket* socket, QAbstractSocket::SocketError code);
  void reportPendingError();

  QPointer<QUdpSocket> socket_;
};
