// ConsoleCertificate: the console's own TLS certificate — what a TLS server uses when its
// spec names no certificate. Made on first use (SelfSignedCertificate: EC P-256, localhost /
// 127.0.0.1 / ::1), kept beside the settings file so that it, and its fingerprint, stay the
// same from one run to the next; regenerated or exported (the certificate only, PEM) on
// request, so that clients can trust it as their CA.
//
//   ConsoleCertificate own;                       // beside QSettings' file
//   QString error;
//   if (!own.ensure(&error)) { ... }              // made now if missing
//   tlsContext.load_cert_chain(own.certificatePath(), own.keyPath());
//   own.fingerprint();                            // "AB:CD:..."
//
// Files: console-certificate.pem (mode 0644) and console-key.pem (mode 0600, created with
// that mode, never readable by others even for a moment), each replaced whole by a rename.
//
// Thread rule: thread safe. Servers starting at once on their own threads make one pair, not
// several (ensure() and regenerate() hold one lock for every instance).
#pragma once

#include <QCoreApplication>
#include <QString>

class ConsoleCertificate {
  Q_DECLARE_TR_FUNCTIONS(ConsoleCertificate)

public:
  /// Days a new certificate is valid (825: the longest many clients accept).
  static constexpr int validDays = 825;

  /// The pair in `directory` (created when missing).
  explicit ConsoleCertificate(QString directory = defaultDirectory());

  /// The directory of QSettings' file for this application.
  static QString defaultDirectory();

  QString certificatePath() const;
  QString keyPath() const;

  /// True when both files are there, made now if either is missing; false with the reason
  /// in words (a directory that cannot be written, OpenSSL failing).
  bool ensure(QString* error = nullptr) const;
  /// Makes a new pair in place of the old one.
  bool regenerate(QString* error = nullptr) const;
  /// The certificate's SHA-256 fingerprint ("AB:CD:..."); empty when there is none yet.
  QString fingerprint() const;
  /// Writes the certificate (PEM, no key) to `path` for clients; false with the reason.
  bool exportTo(const QString& path, QString* error = nullptr) const;

private:
  bool make(QString* error) const;

  QString directory_;
};
