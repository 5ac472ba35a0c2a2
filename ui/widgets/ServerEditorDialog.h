// Add or edit one server: kind, address, concurrency model, handler, the engine's options and
// who may connect (allow-list, connection cap, Unix socket file mode), and for UDP the
// multicast groups joined, the interface (one of the machine's) and broadcast. An address on every
// interface (0.0.0.0, ::) shows a warning line while it is typed. The "Reply rules" handler
// shows its rules (ReplyRulesEditor) beside the rest, with the box to try a message.
// OK is refused, with the reason shown in the dialog, until ServerSpec::validationError(),
// the fixed reply's text or hex and the reply rules are happy; spec() is then the server to
// add or update.
//
// The kind leads: switching to a Unix kind puts a socket path in the address (an absolute one
// of its own, UnixSocketPath), and back to TCP/UDP the host:port it had; a model left at the
// previous kind's default follows to the new kind's (defaultModel()). A new server starts as
// TCP on 127.0.0.1 with a free port, in the Threading model.
#pragma once

#include "ServerSpec.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class TlsServerBox;
class ReplyRulesEditor;

class ServerEditorDialog : public QDialog {
  Q_OBJECT

public:
  /// Shows newServerSpec(); setSpec() shows another.
  explicit ServerEditorDialog(QWidget* parent = nullptr);

  /// The model a server of `kind` starts with: one that serves several clients at once for
  /// stream kinds (Threading: a client that stays connected never keeps the next one
  /// waiting), Sync for datagram kinds (each datagram is a short request of its own).
  static ServerSpec::Model defaultModel(ServerSpec::Kind kind);
  /// What the Add dialog starts with: ServerSpec's defaults, in defaultModel(Tcp).
  static ServerSpec newServerSpec();

  void setSpec(const ServerSpec& spec);
  /// The spec as the fields say; nullopt, with `error` set, when they say something invalid.
  std::optional<ServerSpec> currentSpec(QString* error = nullptr) const;
  ServerSpec spec() const { return accepted_; }
  QString errorText() const;

  void accept() override;

private:
  void addAddressRows(QFormLayout* form); ///< name, kind, address
  void addModelRows(QFormLayout* form);   ///< model, thread pool
  void addHandlerRows(QFormLayout* form); ///< handler, fixed reply, one request per connection
  QGroupBox* buildRulesBox();             ///< the reply rules
  /// The handler and what it uses (fixed reply, rules, once) into `spec`; false with `error`
  /// when one of them is wrong.
  bool readHandler(ServerSpec& spec, QString* error) const;
  /// The rules for `spec`: the editor's; false with `error` when the handler is Rules and a
  /// rule is bad.
  bool readRules(ServerSpec& spec, QString* error) const;
  QGroupBox* buildOptionsBox();   ///< the engine's options
  QGroupBox* buildAccessBox();    ///< who may connect
  QGroupBox* buildMulticastBox(); ///< groups, their interface, broadcast (UDP)
  void fillInterfaces(const QString& chosen);

  /// The kind changed: the address and the model follow it (see the header comment).
  void kindChanged();
  void updateEnabled();
  void revalidate();
  void updateExposure();

  QLineEdit* nameEdit_ = nullptr;
  QComboBox* kindCombo_ = nullptr;
  QLineEdit* addressEdit_ = nullptr;
  QComboBox* modelCombo_ = nullptr;
  QSpinBox* poolSizeSpin_ = nullptr;
  QSpinBox* poolQueueSpin_ = nullptr;
  QComboBox* handlerCombo_ = nullptr;
  QLineEdit* replyEdit_ = nullptr;
  QComboBox* replyModeCombo_ = nullptr;
  QCheckBox* onceCheck_ = nullptr;
  QGroupBox* rulesBox_ = nullptr;
  ReplyRulesEditor* rulesEditor_ = nullptr;
  QCheckBox* reuseCheck_ = nullptr;
  QSpinBox* backlogSpin_ = nullptr;
  QDoubleSpinBox* timeoutSpin_ = nullptr;
  QSpinBox* packetSpin_ = nullptr;
  QCheckBox* daemonCheck_ = nullptr;
  QCheckBox* blockCheck_ = nullptr;
  QLineEdit* allowEdit_ = nullptr;
  QSpinBox* maxConnectionsSpin_ = nullptr;
  QLineEdit* socketModeEdit_ = nullptr;
  QGroupBox* multicastBox_ = nullptr; // UDP only
  TlsServerBox* tlsBox_ = nullptr;    // shown for the TLS kind
  QLineEdit* groupsEdit_ = nullptr;
  QComboBox* interfaceCombo_ = nullptr;
  QCheckBox* broadcastCheck_ = nullptr;
  QLabel* exposureLabel_ = nullptr; // the warning shown while the address is every interface
  QString stashedAllow_; // the allow-list typed for an IP kind, kept while a Unix kind shows
  // The kind the fields were last set for, and the address of the other family, kept while
  // this one shows (so that switching back and forth gives back what was there).
  ServerSpec::Kind shownKind_ = ServerSpec::Kind::Tcp;
  QString stashedHostPort_;
  QString stashedPath_;
  QLabel* errorLabel_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
  ServerSpec accepted_;
};
