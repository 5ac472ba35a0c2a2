// TlsServerBox: the server editor's TLS section, shown while the kind is TLS — the server's
// certificate, key and CA files, whether clients must show a certificate, and the console's
// own certificate (used when no certificate file is given): its SHA-256 fingerprint, a button
// to make a new one and one to export it (PEM) for clients to trust.
//
// Widgets' object names: tlsServerBox, tlsCertEdit, tlsKeyEdit, tlsCaEdit,
// tlsVerifyClientsCheck, ownFingerprintLabel, regenerateButton, exportButton.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ConsoleCertificate.h"
#include "ServerSpec.h"

#include <QGroupBox>

class ElidedLabel;
class QCheckBox;
class QLineEdit;
class QPushButton;

class TlsServerBox : public QGroupBox {
  Q_OBJECT

public:
  explicit TlsServerBox(QWidget* parent = nullptr);

  /// Shows the spec's TLS fields.
  void setFrom(const ServerSpec& spec);
  /// Writes the fields into `spec` (when its kind is TLS).
  void readInto(ServerSpec& spec) const;

  /// Writes the console's certificate (made first if needed) to `path`; false, with the
  /// reason shown in the box, when it cannot.
  bool exportOwnCertificate(const QString& path);
  /// Makes the console's certificate anew and shows its fingerprint.
  bool regenerateOwnCertificate();

signals:
  /// A field changed (the editor revalidates).
  void changed();

private:
  void showOwnCertificate(const QString& problem = {});

  ConsoleCertificate own_;
  QLineEdit* certEdit_ = nullptr;
  QLineEdit* keyEdit_ = nullptr;
  QLineEdit* caEdit_ = nullptr;
  QCheckBox* verifyClientsCheck_ = nullptr;
  ElidedLabel* fingerprintLabel_ = nullptr;
  QPushButton* regenerateButton_ = nullptr;
  QPushButton* exportButton_ = nullptr;
};
