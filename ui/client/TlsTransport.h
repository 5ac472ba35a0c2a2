// Internal to the client library. TlsTransport: the TLS backend (ServerSpec::Kind::Tls) — the
// TCP stream transport with a QSslSocket, connected encrypted with the connection's
// ClientTlsOptions, and Connected only once the handshake is done. A client certificate the
// options name (ClientCertificate) is read and checked before connecting: files that cannot
// be used end the attempt in words, and nothing is sent.
//
// On success the connection's tlsEstablished() gives the session's facts. A certificate that
// fails verification is checked against TlsTrust: trusted for this session, the handshake
// goes on; otherwise the attempt ends with tlsCertificateRejected() and errorOccurred() in
// words. A server that hangs up during the handshake (a plain-text server, a TLS server that
// refused us) is an error too, not a normal close.
#pragma once

#include "ClientCertificate.h"
#include "StreamTransport.h"

#include <QList>
#include <QSslError>

class QSslSocket;

// Every entry point opens a socketserver::NoForkScope: Qt calls OpenSSL inside them (reading
// certificates, freeing a session), and a forking TLS server of the console must not fork
// meanwhile. The socket's own events are covered by ForkSafeApplication.
class TlsTransport final : public StreamTransport<QTcpSocket> {
public:
  using StreamTransport::StreamTransport;
  ~TlsTransport() override;
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;
  TlsTransport(TlsTransport&&) = delete;
  TlsTransport& operator=(TlsTransport&&) = delete;

  void connectToTarget() override;
  void disconnectFromTarget() override;
  void abort() override;
  bool send(const QByteArray& data) override;

private:
  QTcpSocket* makeSocket() override;
  void open(QTcpSocket* socket) override;
  void watchReady(QTcpSocket* socket) override;
  bool isOpen() const override;
  void encrypted(QSslSocket* socket);
  void certificateErrors(QSslSocket* socket, const QList<QSslError>& errors);
  void closedInHandshake(QSslSocket* socket);

  bool errorReported_ = false;          // this socket's failure is told already
  ClientCertificate clientCertificate_; // read and checked in connectToTarget()
};
