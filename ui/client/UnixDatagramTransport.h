// Internal to the client library. UnixDatagramTransport: the Unix datagram backend. Qt has no
// Unix datagram socket, so this uses the engine's socketserver::Socket, non-blocking, with a
// QSocketNotifier for replies. It is bound to a fresh path in the temp directory so that the
// server can answer; the path is removed again when the socket closes (abort(), or the
// destructor). send() sends at once, one datagram per call.
#pragma once

#include "ClientTransport.h"

#include <QPointer>

#include <memory>

namespace socketserver {
class Socket;
}
class QSocketNotifier;

class UnixDatagramTransport final : public ClientTransport {
public:
  UnixDatagramTransport(ClientTarget target, int connectTimeoutMs, ClientConnection* connection);
  ~UnixDatagramTransport() override;

  void abort() override;
  bool send(const QByteArray& data) override;
  QString localDatagramPath() const override { return localPath_; }

private:
  bool ensureSocket();
  void closeSocket();
  void read();

  std::unique_ptr<socketserver::Socket> socket_; // bound to localPath_
  QPointer<QSocketNotifier> notifier_;
  QString localPath_;
};
