// Internal header of the TLS suites: a TLS echo server on 127.0.0.1 (Qt's QSslServer on the
// suite's own event loop) with a certificate made by the test, and files for certificates.
#pragma once

#include "SelfSignedCertificate.h"

#include <QByteArray>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QString>

#include <optional>

namespace ui_test {

/// Writes `bytes` to `path`; false when it cannot.
inline bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// A TLS server that echoes each chunk it reads, with the certificate it is given (or one it
/// makes). listen() first; port() is the port it has.
class TlsEchoServer {
public:
  explicit TlsEchoServer(std::optional<SelfSignedCertificate> pair = std::nullopt,
                         const QList<QByteArray>& alpn = {})
      : pair_(pair ? *pair : *SelfSignedCertificate::make(QStringLiteral("localhost"), 30)) {
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(QSslCertificate(pair_.certificatePem, QSsl::Pem));
    configuration.setPrivateKey(QSslKey(pair_.keyPem, QSsl::Ec, QSsl::Pem));
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setAllowedNextProtocols(alpn);
    server_.setSslConfiguration(configuration);
    QObject::connect(&server_, &QSslServer::pendingConnectionAvailable, &server_, [this] {
      while (server_.hasPendingConnections()) {
        auto* socket = qobject_cast<QSslSocket*>(server_.nextPendingConnection());
        if (!socket)
          return;
        ++accepted_;
        QObject::connect(socket, &QSslSocket::readyRead, socket,
                         [socket] { socket->write(socket->readAll()); });
        QObject::connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
      }
    });
  }

  bool listen() { return server_.listen(QHostAddress::LocalHost, 0); }
  quint16 port() const { return server_.serverPort(); }
  QString address() const { return QStringLiteral("127.0.0.1:%1").arg(port()); }
  const SelfSignedCertificate& pair() const { return pair_; }
  QString fingerprint() const { return SelfSignedCertificate::fingerprint(pair_.certificatePem); }
  int accepted() const { return accepted_; }

private:
  SelfSignedCertificate pair_;
  QSslServer server_;
  int accepted_ = 0;
};

} // namespace ui_test
