// TlsClientBox: the test client's TLS options and what the last handshake showed — shown by
// ClientPanel under the address while the transport is TLS.
//
//   Verify the server's certificate   on: a certificate that fails is refused (with the
//                                     choice to continue for this session); off: any is taken
//   Server name (SNI)                 sent in the handshake and checked against the
//                                     certificate; empty = the host typed
//   ALPN                              protocols offered, "h2, http/1.1"
//   CA bundle                         PEM certificates trusted besides the system's (the
//                                     console's own certificate, exported, for instance)
//   Client certificate, Client key    PEM files shown to a server that asks for a client
//                                     certificate (verify=1); the key may be in the
//                                     certificate's file
//   Server certificate                the server's, after a handshake: subject and fingerprint
//                                     (all of it in the tool tip and the conversation)
//
// After a certificate was refused, a bar says why and offers "Continue for this session":
// trustRequested() then carries the problem to the panel, which trusts it and connects again.
//
// Widgets' object names: tlsBox, tlsVerifyCheck, tlsServerNameEdit, tlsAlpnEdit,
// tlsCaFileEdit, tlsCaFileBrowseButton, tlsClientCertificateEdit,
// tlsClientCertificateBrowseButton, tlsClientKeyEdit, tlsClientKeyBrowseButton,
// tlsCertificateLabel, tlsTrustBar, tlsTrustLabel,
// tlsTrustButton.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ClientConnection.h"

#include <QGroupBox>
#include <QString>

class ElidedLabel;
class QCheckBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QSettings;
class QToolButton;

class TlsClientBox : public QGroupBox {
  Q_OBJECT

public:
  explicit TlsClientBox(QWidget* parent = nullptr);

  /// The options as typed; ALPN split at commas and spaces.
  ClientTlsOptions options() const;
  void setOptions(const ClientTlsOptions& options);

  /// Shows the certificate of a finished handshake, and hides any trust offer.
  void showSession(const TlsSessionFacts& facts);
  /// Shows why the certificate was refused, with the button to continue for this session.
  void offerTrust(const TlsCertificateProblem& problem);
  /// Hides the trust offer (the target changed, or the person chose).
  void withdrawTrust();
  bool isTrustOffered() const;

  /// The options under the current group's "tls/" keys.
  void saveSettings(QSettings& settings) const;
  void restoreSettings(const QSettings& settings);

signals:
  /// The person chose to trust the refused certificate for this session.
  void trustRequested(const TlsCertificateProblem& problem);

private:
  void buildUi();
  /// A line edit and its "…" button, which opens a file dialog (`caption`, `filter`), in a
  /// row of `form`; object names `name`Edit and `name`BrowseButton.
  QLineEdit* addFileRow(QFormLayout* form, const QString& label, const QString& name,
                        const QString& caption, const QString& filter);

  QCheckBox* verifyCheck_ = nullptr;
  QLineEdit* serverNameEdit_ = nullptr;
  QLineEdit* alpnEdit_ = nullptr;
  QLineEdit* caFileEdit_ = nullptr;
  QLineEdit* clientCertificateEdit_ = nullptr;
  QLineEdit* clientKeyEdit_ = nullptr;
  ElidedLabel* certificateLabel_ = nullptr;
  QWidget* trustBar_ = nullptr;
  ElidedLabel* trustLabel_ = nullptr;
  QPushButton* trustButton_ = nullptr;
  TlsCertificateProblem offered_;
};
