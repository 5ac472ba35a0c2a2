// SelfSignedCertificate: a fresh key and a self-signed X.509 certificate for it, made with
// OpenSSL — what the console's TLS servers use when no certificate is given, and what tests
// make their certificates with.
//
// The key is EC P-256; the certificate (X.509 v3, SHA-256) names the host in its subject
// (CN) and lists localhost, 127.0.0.1 and ::1 as subject alternative names, so that a client
// on this machine verifies it under any of those names once it trusts the certificate itself
// (as its own CA: Python's cafile=, the test client's CA bundle, curl --cacert).
//
//   QString error;
//   const auto made = SelfSignedCertificate::make(QStringLiteral("localhost"), 825, &error);
//   if (made) save(made->certificatePem, made->keyPem);
//   SelfSignedCertificate::fingerprint(made->certificatePem); // "AB:CD:..." (SHA-256 of DER)
//
// Tests of client certificates make a small authority and certificates it signs the same way:
//
//   const auto ca = SelfSignedCertificate::make(QStringLiteral("Test CA"), 1, Use::Authority);
//   const auto client = SelfSignedCertificate::issue(QStringLiteral("client"), 1, Use::Client,
//   *ca);
//
// Thread rule: thread safe (OpenSSL 3's functions are; nothing here is shared).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

class SelfSignedCertificate {
  Q_DECLARE_TR_FUNCTIONS(SelfSignedCertificate)

public:
  QByteArray certificatePem; ///< "-----BEGIN CERTIFICATE-----..."
  QByteArray keyPem;         ///< "-----BEGIN PRIVATE KEY-----..." (PKCS #8, unencrypted)

  /// What a certificate is for: its basic constraints, key usage and extended key usage.
  enum class Use {
    Server,    ///< a TLS server's (serverAuth), naming localhost, 127.0.0.1 and ::1
    Authority, ///< a CA's (CA:TRUE, keyCertSign): it signs others (issue())
    Client,    ///< a TLS client's (clientAuth)
  };

  /// A new key and certificate for `commonName`, valid from an hour ago (clocks differ a
  /// little) for `validDays` days; a negative `validDays` makes one that has expired (tests).
  /// nullopt, with OpenSSL's reason in `error`, when OpenSSL fails.
  static std::optional<SelfSignedCertificate> make(const QString& commonName, int validDays,
                                                   QString* error = nullptr);
  /// The same, for `use`: Use::Authority makes a CA that issue() signs with.
  static std::optional<SelfSignedCertificate> make(const QString& commonName, int validDays,
                                                   Use use, QString* error = nullptr);
  /// A new key and a certificate for `commonName`, for `use`, signed by `authority` (made with
  /// Use::Authority); nullopt, with the reason in `error`, when OpenSSL fails or `authority`'s
  /// PEM cannot be read.
  static std::optional<SelfSignedCertificate> issue(const QString& commonName, int validDays,
                                                    Use use, const SelfSignedCertificate& authority,
                                                    QString* error = nullptr);

  /// True when `keyPem` holds the private key of the first certificate in `certificatePem`
  /// (false when either cannot be read): a client certificate's files, checked before use.
  static bool keyMatches(const QByteArray& certificatePem, const QByteArray& keyPem);

  /// "AB:CD:..." — the SHA-256 of the first certificate in `pem`, in upper-case hex pairs as
  /// browsers and Qt show it; empty, with `error`, when `pem` holds no certificate.
  static QString fingerprint(const QByteArray& pem, QString* error = nullptr);
};
