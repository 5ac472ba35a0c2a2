// TlsTrust: the server certificates the person chose to trust although verification failed,
// for as long as the console runs, and the problem that asks for that choice.
//
// When the test client's TLS handshake fails verification, ClientConnection reports a
// TlsCertificateProblem (the target, the certificate, the errors in words); the panel offers
// "Continue for this session", which calls TlsTrust::allow(problem). The next handshake with
// the same host:port that shows the same certificate (by SHA-256 fingerprint) goes on, with
// the same errors ignored; another certificate on that port is checked afresh. Nothing is
// written to disk: the choice ends when the console exits.
//
// Thread rule: GUI thread (the client's sockets live there).
#pragma once

#include "TlsFacts.h"

#include <QList>
#include <QMetaType>
#include <QSslError>
#include <QString>
#include <QStringList>

/// A certificate that failed verification: what the panel shows and what allow() takes.
struct TlsCertificateProblem {
  QString target;    ///< "127.0.0.1:4433", as ClientConnection names it
  QStringList words; ///< each error in words (translated)
  TlsCertificateFacts certificate;
};

class TlsTrust {
  Q_DECLARE_TR_FUNCTIONS(TlsTrust)

public:
  TlsTrust() = delete;

  /// Trusts `problem.certificate` on `problem.target` until the console exits.
  static void allow(const TlsCertificateProblem& problem);
  /// True when allow() was called for this target and fingerprint.
  static bool allows(const QString& target, const QString& fingerprint);
  /// Forgets every choice (tests; a new session).
  static void forgetAll();

  /// One error in words ("the certificate is self-signed, and not among the trusted ones").
  static QString describe(const QSslError& error);
  /// Each distinct error in words, in order.
  static QStringList describe(const QList<QSslError>& errors);
};

Q_DECLARE_METATYPE(TlsCertificateProblem)
