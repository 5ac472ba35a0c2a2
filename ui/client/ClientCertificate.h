// Internal to the client library. ClientCertificate: the certificate and private key the test
// client shows a TLS server that asks for one (a server with verify=1), read from the files
// named in ClientTlsOptions and checked before any connection is made.
//
//   QString error;
//   const auto mine = ClientCertificate::load(options, &error);
//   if (!mine) fail(error); // "client key /tmp/k.pem is not the key of the certificate in ..."
//   else if (!mine->isNull()) configuration.setLocalCertificate(mine->certificate), ...;
//
// The key may be in the certificate's own file (key file left empty). Only unencrypted PEM
// keys are read: the panel has nowhere to ask for a passphrase.
//
// Thread rule: a value type; load() reads files on the calling thread.
#pragma once

#include "ClientConnection.h"

#include <QCoreApplication>
#include <QSslCertificate>
#include <QSslKey>

#include <optional>

struct ClientCertificate {
  Q_DECLARE_TR_FUNCTIONS(ClientCertificate)

public:
  QSslCertificate certificate; ///< null when the options name none
  QSslKey key;

  bool isNull() const { return certificate.isNull(); }

  /// The certificate and key `options` name (null when they name none); nullopt, with why in
  /// `error` (translated), when a file cannot be read, holds no certificate or no unencrypted
  /// key, or the key is not the certificate's.
  static std::optional<ClientCertificate> load(const ClientTlsOptions& options, QString* error);
};
