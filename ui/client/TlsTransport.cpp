#include "TlsTransport.h"

#include "ClientCertificate.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>

#include <socketserver/no_fork_scope.hpp>

QString ClientConnection::tlsUnavailableReason() {
  if (QSslSocket::supportsSsl())
    return {};
  const QList<QString> backends = QSslSocket::availableBackends();
  return tr("TLS is not available: Qt has no working OpenSSL backend (its plugin "
            "libqopensslbackend.so and OpenSSL 3's libssl must be installed; backends found: "
            "%1)")
      .arg(backends.isEmpty() ? tr("none") : backends.join(QLatin1String(", ")));
}

TlsTransport::~TlsTransport() {
  // The sockets are children, which ~QObject would free after this scope: free them inside it,
  // quietly, as ~QObject would (it disconnects first).
  const socketserver::NoForkScope noFork;
  for (QSslSocket* socket : findChildren<QSslSocket*>(Qt::FindDirectChildrenOnly)) {
    socket->disconnect(this);
    delete socket; // NOLINT(cppcoreguidelines-owning-memory): a child, owned by this object
  }
}

void TlsTransport::connectToTarget() {
  const socketserver::NoForkScope noFork;
  if (target().text.isEmpty() || state() != State::Unconnected)
    return;
  if (const QString reason = ClientConnection::tlsUnavailableReason(); !reason.isEmpty()) {
    fail(reason);
    return;
  }
  const QString caFile = connection()->tlsOptions().caFile;
  if (!caFile.isEmpty() && QSslCertificate::fromPath(caFile, QSsl::Pem).isEmpty()) {
    fail(
        ClientConnection::tr("CA bundle %1: no PEM certificate could be read from it").arg(caFile));
    return;
  }
  QString problem;
  const auto mine = ClientCertificate::load(connection()->tlsOptions(), &problem);
  if (!mine) {
    fail(problem);
    return;
  }
  clientCertificate_ = *mine;
  StreamTransport::connectToTarget();
}

void TlsTransport::disconnectFromTarget() {
  const socketserver::NoForkScope noFork;
  StreamTransport::disconnectFromTarget();
}

void TlsTransport::abort() {
  const socketserver::NoForkScope noFork;
  StreamTransport::abort();
}

bool TlsTransport::send(const QByteArray& data) {
  const socketserver::NoForkScope noFork;
  return StreamTransport::send(data);
}

QTcpSocket* TlsTransport::makeSocket() {
  const ClientTlsOptions& options = connection()->tlsOptions();
  auto* socket = new QSslSocket(this);
  QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
  configuration.setPeerVerifyMode(options.verifyPeer ? QSslSocket::VerifyPeer
                                                     : QSslSocket::VerifyNone);
  if (!options.caFile.isEmpty())
    configuration.addCaCertificates(QSslCertificate::fromPath(options.caFile, QSsl::Pem));
  QList<QByteArray> protocols;
  for (const QString& protocol : options.alpn)
    protocols << protocol.toUtf8();
  configuration.setAllowedNextProtocols(protocols);
  if (!clientCertificate_.isNull()) { // shown only to a server that asks for one
    configuration.setLocalCertificate(clientCertificate_.certificate);
    configuration.setPrivateKey(clientCertificate_.key);
  }
  socket->setSslConfiguration(configuration);
  errorReported_ = false;
  return socket;
}

void TlsTransport::open(QTcpSocket* socket) {
  const QString& name = connection()->tlsOptions().serverName;
  static_cast<QSslSocket*>(socket)->connectToHostEncrypted(target().host, target().port, name);
}

// Connected before the base's own: they see the socket first, and may end it.
void TlsTransport::watchReady(QTcpSocket* tcp) {
  auto* socket = static_cast<QSslSocket*>(tcp);
  connect(socket, &QSslSocket::encrypted, this, [this, socket] { encrypted(socket); });
  connect(socket, &QSslSocket::sslErrors, this,
          [this, socket](const QList<QSslError>& errors) { certificateErrors(socket, errors); });
  connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError code) {
    errorReported_ = code != QAbstractSocket::RemoteHostClosedError;
  });
  connect(socket, &QSslSocket::disconnected, this, [this, socket] { closedInHandshake(socket); });
}

bool TlsTransport::isOpen() const {
  const auto* ssl = static_cast<const QSslSocket*>(socket());
  return StreamTransport::isOpen() && ssl->isEncrypted();
}

void TlsTransport::encrypted(QSslSocket* socket) {
  emit connection()->tlsEstablished(TlsSessionFacts::of(*socket));
  connected();
}

void TlsTransport::certificateErrors(QSslSocket* socket, const QList<QSslError>& errors) {
  QSslCertificate certificate = socket->peerCertificate();
  if (certificate.isNull() && !errors.isEmpty())
    certificate = errors.first().certificate();
  const TlsCertificateProblem problem{target().text, TlsTrust::describe(errors),
                                      TlsCertificateFacts::of(certificate)};
  if (TlsTrust::allows(problem.target, problem.certificate.sha256)) {
    socket->ignoreSslErrors(errors);
    return;
  }
  abort();
  fail(ClientConnection::tr("the certificate of %1 is not trusted: %2")
           .arg(problem.target, problem.words.join(QLatin1String("; "))));
  emit connection()->tlsCertificateRejected(problem);
}

// A hang-up before the handshake is done is a failure to connect: say it as one (the base
// would call it a normal close by the server).
void TlsTransport::closedInHandshake(QSslSocket* socket) {
  if (socket->isEncrypted() || closingByUs() || state() != State::Connecting)
    return;
  socket->disconnect(this); // the base's handler, connected after this one, is not called
  socket->deleteLater();
  setState(State::Unconnected);
  if (errorReported_)
    return;
  fail(ClientConnection::tr("the TLS handshake failed: %1 closed the connection before it was "
                            "done (is it a TLS server? does it accept this client?)")
           .arg(target().text));
}
