#include "TlsTrust.h"

#include <QSet>

namespace {

// target + '\n' + fingerprint: neither contains a line break.
QSet<QString>& allowed() {
  static QSet<QString> choices;
  return choices;
}

QString keyOf(const QString& target, const QString& fingerprint) {
  return target + QLatin1Char('\n') + fingerprint;
}

struct Words {
  QSslError::SslError error;
  const char* text;
};

// The errors a person testing a server meets; others keep Qt's own words.
constexpr Words words[] = {
    {QSslError::SelfSignedCertificate,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate is self-signed and not among the trusted ones "
                                   "(give it as the CA bundle, or continue for this session)")},
    {QSslError::SelfSignedCertificateInChain,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate chain ends in a self-signed certificate that "
                                   "is not trusted")},
    {QSslError::UnableToGetLocalIssuerCertificate,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate's issuer is unknown: no trusted CA signed it")},
    {QSslError::UnableToVerifyFirstCertificate,
     QT_TRANSLATE_NOOP("TlsTrust",
                       "the certificate could not be verified: no trusted CA signed it")},
    {QSslError::CertificateUntrusted,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate is not trusted for this purpose")},
    {QSslError::HostNameMismatch,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate is for another name than the one connected "
                                   "to (set the server name, or use a name the certificate "
                                   "lists)")},
    {QSslError::CertificateExpired, QT_TRANSLATE_NOOP("TlsTrust", "the certificate has expired")},
    {QSslError::CertificateNotYetValid,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate is not valid yet (check the clocks)")},
    {QSslError::CertificateRevoked,
     QT_TRANSLATE_NOOP("TlsTrust", "the certificate has been revoked")},
    {QSslError::NoPeerCertificate, QT_TRANSLATE_NOOP("TlsTrust", "the server sent no certificate")},
};

} // namespace

void TlsTrust::allow(const TlsCertificateProblem& problem) {
  allowed().insert(keyOf(problem.target, problem.certificate.sha256));
}

bool TlsTrust::allows(const QString& target, const QString& fingerprint) {
  return !fingerprint.isEmpty() && allowed().contains(keyOf(target, fingerprint));
}

void TlsTrust::forgetAll() { allowed().clear(); }

QString TlsTrust::describe(const QSslError& error) {
  for (const Words& row : words)
    if (row.error == error.error())
      return tr(row.text);
  return error.errorString();
}

QStringList TlsTrust::describe(const QList<QSslError>& errors) {
  QStringList texts;
  for (const QSslError& error : errors)
    if (const QString text = describe(error); !texts.contains(text))
      texts << text;
  return texts;
}
