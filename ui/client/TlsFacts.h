// TlsFacts: what a TLS handshake told the test client, as values the panel can show — the
// server's certificate (subject, issuer, validity, SHA-256 fingerprint) and the session
// (protocol version, cipher, ALPN). Read out of Qt's classes once, so that the panel and the
// tests never touch a QSslSocket.
//
//   const TlsCertificateFacts certificate = TlsCertificateFacts::of(socket->peerCertificate());
//   conversation->addNotice(certificate.describe()); // "certificate CN=localhost, issued by ..."
//
// A value type; translated text is made when describe() is called.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QMetaType>
#include <QString>

class QSslCertificate;
class QSslSocket;

struct TlsCertificateFacts {
  Q_DECLARE_TR_FUNCTIONS(TlsFacts)

public:
  QString subject; ///< "CN=localhost, O=SocketServer Console"
  QString issuer;  ///< the same for the issuer (equal to subject when self-signed)
  QDateTime notBefore;
  QDateTime notAfter;
  QString sha256; ///< "AB:CD:...": the fingerprint of the DER form, in upper-case hex pairs

  bool isNull() const { return sha256.isEmpty(); }

  /// The facts of `certificate`; null facts for a null certificate.
  static TlsCertificateFacts of(const QSslCertificate& certificate);
  /// "AB:CD:..." for the DER form of `certificate`.
  static QString fingerprint(const QSslCertificate& certificate);
  /// One line: "certificate CN=localhost, issued by CN=localhost, valid from 2026-12-02 to
  /// 2027-12-02, SHA-256 AB:CD:..." (translated).
  QString describe() const;
  /// Short: "CN=localhost · SHA-256 AB:CD:EF:…" for a label.
  QString summary() const;
};

struct TlsSessionFacts {
  Q_DECLARE_TR_FUNCTIONS(TlsFacts)

public:
  QString protocol; ///< "TLS 1.3"
  QString cipher;   ///< "TLS_AES_256_GCM_SHA384"
  QString alpn;     ///< the protocol both chose ("h2"); empty when none
  TlsCertificateFacts certificate;

  /// The facts of `socket`'s session, once it is encrypted.
  static TlsSessionFacts of(const QSslSocket& socket);
  /// One line: "TLS 1.3, cipher TLS_AES_256_GCM_SHA384, ALPN h2" (translated).
  QString describe() const;
};

Q_DECLARE_METATYPE(TlsSessionFacts)
