#include "ClientCertificate.h"

#include "SelfSignedCertificate.h"

#include <QFile>

#include <array>

namespace {

// The file's bytes, or nullopt with why it cannot be read in `error`.
std::optional<QByteArray> readFile(const QString& what, const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = ClientCertificate::tr("%1 %2 cannot be read: %3").arg(what, path, file.errorString());
    return std::nullopt;
  }
  return file.readAll();
}

// The first unencrypted PEM private key in `pem`, of whichever algorithm (Qt needs it named).
QSslKey privateKeyIn(const QByteArray& pem) {
  for (const QSsl::KeyAlgorithm algorithm : std::array{QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
    QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (!key.isNull())
      return key;
  }
  return {};
}

} // namespace

std::optional<ClientCertificate> ClientCertificate::load(const ClientTlsOptions& options,
                                                         QString* error) {
  if (options.certificateFile.isEmpty()) {
    if (options.keyFile.isEmpty())
      return std::optional<ClientCertificate>(std::in_place);
    *error = tr("client key %1: the certificate it belongs to is not given").arg(options.keyFile);
    return std::nullopt;
  }
  const QString certificateWhat = tr("client certificate");
  const auto certificatePem = readFile(certificateWhat, options.certificateFile, error);
  if (!certificatePem)
    return std::nullopt;
  const QList<QSslCertificate> certificates = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
  if (certificates.isEmpty()) {
    *error = tr("client certificate %1: no PEM certificate could be read from it")
                 .arg(options.certificateFile);
    return std::nullopt;
  }
  // No key file: the key is looked for beside the certificate, as curl --cert does.
  const QString keyPath = options.keyFile.isEmpty() ? options.certificateFile : options.keyFile;
  const auto keyPem =
      options.keyFile.isEmpty() ? certificatePem : readFile(tr("client key"), keyPath, error);
  if (!keyPem)
    return std::nullopt;
  ClientCertificate loaded;
  loaded.certificate = certificates.first();
  loaded.key = privateKeyIn(*keyPem);
  if (loaded.key.isNull()) {
    *error = tr("client key %1: no unencrypted PEM private key could be read from it").arg(keyPath);
    return std::nullopt;
  }
  if (!SelfSignedCertificate::keyMatches(*certificatePem, *keyPem)) {
    *error = tr("client key %1 is not the key of the certificate in %2")
                 .arg(keyPath, options.certificateFile);
    return std::nullopt;
  }
  return loaded;
}
