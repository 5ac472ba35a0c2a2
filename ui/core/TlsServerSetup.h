// TlsServerSetup: the engine's TlsContext for a TLS server spec (ServerSpec::Kind::Tls) — its
// certificate and key, or the console's own (ConsoleCertificate, made on first use), its CA
// and whether clients must show a certificate — and, before anything starts, whether the
// spec's files can make one.
//
//   if (QString problem = TlsServerSetup::filesProblem(spec); !problem.isEmpty())
//     refuse(problem); // "certificate /tmp/x.pem: no certificate found in it"
//   auto context = TlsServerSetup::makeContext(spec); // throws std::runtime_error in words
//
// In a console built without the engine's TLS, filesProblem() says so and makeContext()
// throws.
//
// Thread rule: thread safe (ConsoleCertificate locks; each call makes its own context).
#pragma once

#include "ServerSpec.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace socketserver {
class TlsContext;
}

class TlsServerSetup {
  Q_DECLARE_TR_FUNCTIONS(TlsServerSetup)

public:
  TlsServerSetup() = delete;

  /// The context for `spec`. Throws std::runtime_error with the reason in words (a file
  /// missing or holding no certificate, a key that does not match, the console's own
  /// certificate that cannot be made).
  static std::shared_ptr<socketserver::TlsContext> makeContext(const ServerSpec& spec);
  /// Empty when the spec's own files make a context (or it names none: the console's own
  /// certificate is made when the server starts); else why not, in words.
  static QString filesProblem(const ServerSpec& spec);
};
