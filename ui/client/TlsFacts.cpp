#include "TlsFacts.h"

#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStringList>

namespace {

// "CN=localhost, O=Example": the parts a person reads, in the order people write them.
QString distinguishedName(const QSslCertificate& certificate, bool issuer) {
  using Info = QSslCertificate::SubjectInfo;
  static constexpr struct {
    Info info;
    const char* key;
  } parts[] = {{QSslCertificate::CommonName, "CN"},
               {QSslCertificate::Organization, "O"},
               {QSslCertificate::OrganizationalUnitName, "OU"},
               {QSslCertificate::LocalityName, "L"},
               {QSslCertificate::StateOrProvinceName, "ST"},
               {QSslCertificate::CountryName, "C"}};
  QStringList names;
  for (const auto& part : parts) {
    const QStringList values =
        issuer ? certificate.issuerInfo(part.info) : certificate.subjectInfo(part.info);
    for (const QString& value : values)
      names << QLatin1String(part.key) + QLatin1Char('=') + value;
  }
  if (names.isEmpty()) // a certificate with other attributes only: Qt's own text
    return issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName();
  return names.join(QLatin1String(", "));
}

QString protocolName(QSsl::SslProtocol protocol) {
  switch (protocol) {
  case QSsl::TlsV1_2:
    return QStringLiteral("TLS 1.2");
  case QSsl::TlsV1_3:
    return QStringLiteral("TLS 1.3");
  case QSsl::DtlsV1_2:
    return QStringLiteral("DTLS 1.2");
  default:
    return TlsSessionFacts::tr("an older TLS version");
  }
}

} // namespace

TlsCertificateFacts TlsCertificateFacts::of(const QSslCertificate& certificate) {
  if (certificate.isNull())
    return {};
  return {distinguishedName(certificate, false), distinguishedName(certificate, true),
          certificate.effectiveDate(), certificate.expiryDate(), fingerprint(certificate)};
}

QString TlsCertificateFacts::fingerprint(const QSslCertificate& certificate) {
  return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString TlsCertificateFacts::describe() const {
  if (isNull())
    return tr("no certificate");
  return tr("certificate %1, issued by %2, valid from %3 to %4, SHA-256 %5")
      .arg(subject, subject == issuer ? tr("itself (self-signed)") : issuer,
           notBefore.toUTC().toString(Qt::ISODate), notAfter.toUTC().toString(Qt::ISODate), sha256);
}

QString TlsCertificateFacts::summary() const {
  if (isNull())
    return tr("no certificate");
  return tr("%1 · SHA-256 %2…").arg(subject, sha256.left(23));
}

TlsSessionFacts TlsSessionFacts::of(const QSslSocket& socket) {
  return {protocolName(socket.sessionProtocol()), socket.sessionCipher().name(),
          QString::fromLatin1(socket.sslConfiguration().nextNegotiatedProtocol()),
          TlsCertificateFacts::of(socket.peerCertificate())};
}

QString TlsSessionFacts::describe() const {
  const QString alpnText = alpn.isEmpty() ? tr("no ALPN protocol") : tr("ALPN %1").arg(alpn);
  return tr("%1, cipher %2, %3").arg(protocol, cipher, alpnText);
}
