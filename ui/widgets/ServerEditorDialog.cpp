#include "ServerEditorDialog.h"

#include "AllowList.h"
#include "ByteText.h"
#include "ComboItems.h"
#include "ConsoleStyle.h"
#include "MulticastSpec.h"
#include "ReplyRulesEditor.h"
#include "ServersModel.h"
#include "TlsServerBox.h"
#include "TlsServerSetup.h"
#include "UnixSocketPath.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScreen>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace {

// A word-wrapped line of `color` that stays hidden until there is something to say.
QLabel* messageLabel(QWidget* parent, const QString& objectName, const QColor& color) {
  auto* label = new QLabel(parent);
  label->setObjectName(objectName);
  label->setWordWrap(true);
  label->setStyleSheet(ConsoleStyle::textColorSheet(color));
  label->hide();
  return label;
}

} // namespace

// The widgets are created in the order Tab visits them.
ServerEditorDialog::ServerEditorDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Server"));
  auto* serverForm = new QFormLayout;
  addAddressRows(serverForm);
  addModelRows(serverForm);
  addHandlerRows(serverForm);
  QGroupBox* optionsBox = buildOptionsBox();
  QGroupBox* accessBox = buildAccessBox();
  multicastBox_ = buildMulticastBox();
  tlsBox_ = new TlsServerBox(this);
  rulesBox_ = buildRulesBox();

  exposureLabel_ =
      messageLabel(this, QStringLiteral("exposureLabel"), ConsoleStyle::exposureColor());
  exposureLabel_->setText(QStringLiteral("\u26a0 ") + ServersModel::allInterfacesWarning());
  errorLabel_ = messageLabel(this, QStringLiteral("errorLabel"), ConsoleStyle::problemColor());

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &ServerEditorDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &ServerEditorDialog::reject);

  // The rules stand beside the rest: below it, they would not fit a 1280x800 screen.
  auto* serverColumn = new QVBoxLayout;
  serverColumn->addLayout(serverForm);
  serverColumn->addWidget(exposureLabel_);
  serverColumn->addWidget(optionsBox);
  serverColumn->addWidget(accessBox);
  serverColumn->addWidget(multicastBox_);
  serverColumn->addWidget(tlsBox_);
  serverColumn->addStretch();
  auto* columns = new QHBoxLayout;
  columns->addLayout(serverColumn);
  columns->addWidget(rulesBox_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(columns, 1);
  layout->addWidget(errorLabel_);
  layout->addWidget(buttons_);

  connect(kindCombo_, &QComboBox::currentIndexChanged, this, &ServerEditorDialog::kindChanged);
  for (QComboBox* combo : {kindCombo_, modelCombo_, handlerCombo_})
    connect(combo, &QComboBox::currentIndexChanged, this, &ServerEditorDialog::updateEnabled);
  connect(addressEdit_, &QLineEdit::textChanged, this, &ServerEditorDialog::revalidate);
  connect(addressEdit_, &QLineEdit::textChanged, this, &ServerEditorDialog::updateExposure);
  connect(allowEdit_, &QLineEdit::textChanged, this, &ServerEditorDialog::revalidate);
  connect(groupsEdit_, &QLineEdit::textChanged, this, &ServerEditorDialog::revalidate);
  connect(interfaceCombo_, &QComboBox::currentIndexChanged, this, &ServerEditorDialog::revalidate);
  connect(socketModeEdit_, &QLineEdit::textChanged, this, &ServerEditorDialog::revalidate);
  connect(replyEdit_, &QLineEdit::textChanged, this, &ServerEditorDialog::revalidate);
  connect(rulesEditor_, &ReplyRulesEditor::rulesChanged, this, &ServerEditorDialog::revalidate);
  connect(onceCheck_, &QCheckBox::toggled, this, &ServerEditorDialog::updateEnabled);
  connect(tlsBox_, &TlsServerBox::changed, this, &ServerEditorDialog::revalidate);

  setSpec(newServerSpec());
  setMinimumWidth(460);
}

ServerSpec::Model ServerEditorDialog::defaultModel(ServerSpec::Kind kind) {
  return ServerSpec::isStream(kind) ? ServerSpec::Model::Threading : ServerSpec::Model::Sync;
}

ServerSpec ServerEditorDialog::newServerSpec() {
  ServerSpec spec;
  spec.model = defaultModel(spec.kind);
  return spec;
}

void ServerEditorDialog::addAddressRows(QFormLayout* form) {
  using S = ServerSpec;
  nameEdit_ = new QLineEdit(this);
  nameEdit_->setObjectName(QStringLiteral("nameEdit"));
  nameEdit_->setPlaceholderText(tr("derived from kind and address"));
  nameEdit_->setToolTip(tr("The name shown in the console; leave empty for a derived one"));

  kindCombo_ = new QComboBox(this);
  kindCombo_->setObjectName(QStringLiteral("kindCombo"));
  addEnumItems<S::Kind>(kindCombo_,
                        {S::Kind::Tcp, S::Kind::Udp, S::Kind::UnixStream, S::Kind::UnixDatagram},
                        &S::kindLabel);
  if (S::tlsServersBuiltIn()) // without the engine's TLS the kind is not offered
    addEnumItems<S::Kind>(kindCombo_, {S::Kind::Tls}, &S::kindLabel);
  kindCombo_->setToolTip(tr("TCPServer, UDPServer, UnixStreamServer or UnixDatagramServer"));

  addressEdit_ = new QLineEdit(this);
  addressEdit_->setObjectName(QStringLiteral("addressEdit"));
  addressEdit_->setToolTip(tr("host:port (IPv4, [IPv6]:port; port 0 picks a free port; default "
                              "host 127.0.0.1) or, for Unix kinds, an absolute socket path"));

  form->addRow(tr("&Name:"), nameEdit_);
  form->addRow(tr("&Kind:"), kindCombo_);
  form->addRow(tr("&Address:"), addressEdit_);
}

void ServerEditorDialog::addModelRows(QFormLayout* form) {
  using S = ServerSpec;
  modelCombo_ = new QComboBox(this);
  modelCombo_->setObjectName(QStringLiteral("modelCombo"));
  addEnumItems<S::Model>(modelCombo_,
                         {S::Model::Sync, S::Model::Threading, S::Model::Forking,
                          S::Model::ThreadPool, S::Model::Event},
                         &S::modelLabel);
  modelCombo_->setToolTip(tr("Where each request runs: on the serving thread, a thread per "
                             "request, a child process per request, or a bounded thread pool"));
  poolSizeSpin_ = new QSpinBox(this);
  poolSizeSpin_->setObjectName(QStringLiteral("poolSizeSpin"));
  poolSizeSpin_->setRange(1, 1024);
  poolSizeSpin_->setToolTip(tr("Thread pool: most threads"));
  poolQueueSpin_ = new QSpinBox(this);
  poolQueueSpin_->setObjectName(QStringLiteral("poolQueueSpin"));
  poolQueueSpin_->setRange(0, 100000);
  poolQueueSpin_->setToolTip(tr("Thread pool: most requests waiting; more are rejected"));
  auto* poolRow = new QHBoxLayout;
  poolRow->addWidget(new QLabel(tr("Threads:"), this));
  poolRow->addWidget(poolSizeSpin_);
  poolRow->addWidget(new QLabel(tr("Queue:"), this));
  poolRow->addWidget(poolQueueSpin_);
  poolRow->addStretch();

  form->addRow(tr("&Model:"), modelCombo_);
  form->addRow(tr("Pool:"), poolRow);
}

void ServerEditorDialog::addHandlerRows(QFormLayout* form) {
  using S = ServerSpec;
  handlerCombo_ = new QComboBox(this);
  handlerCombo_->setObjectName(QStringLiteral("handlerCombo"));
  for (S::Handler h :
       {S::Handler::Echo, S::Handler::Upper, S::Handler::ThreadName, S::Handler::Welcome,
        S::Handler::Discard, S::Handler::FixedReply, S::Handler::TimeOfDay, S::Handler::HttpHello,
        S::Handler::Rules, S::Handler::Manual}) {
    handlerCombo_->addItem(S::handlerLabel(h), static_cast<int>(h));
    handlerCombo_->setItemData(handlerCombo_->count() - 1, S::handlerDescription(h),
                               Qt::ToolTipRole);
  }
  handlerCombo_->setToolTip(tr("The built-in request handler"));
  replyEdit_ = new QLineEdit(this);
  replyEdit_->setObjectName(QStringLiteral("replyEdit"));
  replyEdit_->setToolTip(tr("Fixed reply: the bytes sent for every chunk or datagram"));
  replyModeCombo_ = new QComboBox(this);
  replyModeCombo_->setObjectName(QStringLiteral("replyModeCombo"));
  replyModeCombo_->addItem(tr("Text"));
  replyModeCombo_->addItem(tr("Hex"));
  replyModeCombo_->setToolTip(tr("Text understands \\n, \\r, \\t and \\xNN; hex is pairs of "
                                 "digits, spaces allowed"));
  auto* replyRow = new QHBoxLayout;
  replyRow->addWidget(replyEdit_, 1);
  replyRow->addWidget(replyModeCombo_);

  onceCheck_ = new QCheckBox(tr("One request per connection (reply, then close)"), this);
  onceCheck_->setObjectName(QStringLiteral("onceCheck"));
  onceCheck_->setToolTip(tr("As Python's TCPServer example: answer the first message, then "
                            "close the connection (stream kinds)"));

  form->addRow(tr("&Handler:"), handlerCombo_);
  form->addRow(tr("Fixed reply:"), replyRow);
  form->addRow(onceCheck_);
}

QGroupBox* ServerEditorDialog::buildRulesBox() {
  auto* box = new QGroupBox(tr("Reply rules"), this);
  box->setObjectName(QStringLiteral("rulesBox"));
  rulesEditor_ = new ReplyRulesEditor(box);
  rulesEditor_->setObjectName(QStringLiteral("rulesEditor"));
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(rulesEditor_);
  box->hide();
  return box;
}

bool ServerEditorDialog::readHandler(ServerSpec& spec, QString* error) const {
  spec.handler = comboValue<ServerSpec::Handler>(handlerCombo_);
  spec.oncePerConnection = onceCheck_->isChecked();
  if (spec.handler == ServerSpec::Handler::FixedReply) {
    QString replyError;
    const auto reply = replyModeCombo_->currentIndex() == 0
                           ? ByteText::fromEscaped(replyEdit_->text(), &replyError)
                           : ByteText::fromHex(replyEdit_->text(), &replyError);
    if (!reply) {
      if (error)
        *error = tr("Fixed reply: %1").arg(replyError);
      return false;
    }
    spec.fixedReply = *reply;
  }
  return readRules(spec, error);
}

bool ServerEditorDialog::readRules(ServerSpec& spec, QString* error) const {
  QString rulesError;
  const auto rules = rulesEditor_->rules(&rulesError);
  if (rules) {
    spec.rules = *rules;
    return true;
  }
  if (spec.handler != ServerSpec::Handler::Rules) {
    spec.rules = accepted_.rules; // kept as they were while another handler is chosen
    return true;
  }
  if (error)
    *error = tr("Reply rules: %1").arg(rulesError);
  return false;
}

QGroupBox* ServerEditorDialog::buildOptionsBox() {
  reuseCheck_ = new QCheckBox(tr("Allow address reuse (SO_REUSEADDR)"), this);
  reuseCheck_->setObjectName(QStringLiteral("reuseCheck"));
  reuseCheck_->setToolTip(tr("allow_reuse_address: bind even while old connections linger"));
  backlogSpin_ = new QSpinBox(this);
  backlogSpin_->setObjectName(QStringLiteral("backlogSpin"));
  backlogSpin_->setRange(0, 65535);
  backlogSpin_->setToolTip(tr("request_queue_size: the listen() backlog (stream kinds)"));
  timeoutSpin_ = new QDoubleSpinBox(this);
  timeoutSpin_->setObjectName(QStringLiteral("timeoutSpin"));
  timeoutSpin_->setRange(0, 86400);
  timeoutSpin_->setDecimals(1);
  timeoutSpin_->setSuffix(tr(" s"));
  timeoutSpin_->setSpecialValueText(tr("no limit"));
  timeoutSpin_->setToolTip(tr("Seconds a connection may stay silent before it is closed"));
  packetSpin_ = new QSpinBox(this);
  packetSpin_->setObjectName(QStringLiteral("packetSpin"));
  packetSpin_->setRange(1, 65536);
  packetSpin_->setSuffix(tr(" bytes"));
  packetSpin_->setToolTip(tr("max_packet_size: the largest datagram read (datagram kinds)"));
  daemonCheck_ = new QCheckBox(tr("Daemon threads"), this);
  daemonCheck_->setObjectName(QStringLiteral("daemonCheck"));
  daemonCheck_->setToolTip(tr("daemon_threads: stopping does not wait for request threads"));
  blockCheck_ = new QCheckBox(tr("Block on close"), this);
  blockCheck_->setObjectName(QStringLiteral("blockCheck"));
  blockCheck_->setToolTip(tr("block_on_close: stopping waits for requests in progress"));

  auto* optionsBox = new QGroupBox(tr("Options"), this);
  auto* optionsForm = new QFormLayout(optionsBox);
  optionsForm->addRow(reuseCheck_);
  optionsForm->addRow(tr("&Backlog:"), backlogSpin_);
  optionsForm->addRow(tr("Request &timeout:"), timeoutSpin_);
  optionsForm->addRow(tr("Max &packet size:"), packetSpin_);
  optionsForm->addRow(daemonCheck_);
  optionsForm->addRow(blockCheck_);
  return optionsBox;
}

QGroupBox* ServerEditorDialog::buildAccessBox() {
  allowEdit_ = new QLineEdit(this);
  allowEdit_->setObjectName(QStringLiteral("allowEdit"));
  allowEdit_->setToolTip(tr("Client addresses and CIDR ranges accepted, separated by commas "
                            "(IPv4 and IPv6); other clients are refused and the refusal is "
                            "logged. Empty: everyone."));
  maxConnectionsSpin_ = new QSpinBox(this);
  maxConnectionsSpin_->setObjectName(QStringLiteral("maxConnectionsSpin"));
  maxConnectionsSpin_->setRange(0, 1000000);
  maxConnectionsSpin_->setSpecialValueText(tr("no limit"));
  maxConnectionsSpin_->setToolTip(tr("Most open connections (stream) or datagram requests in "
                                     "progress at once; more are refused and logged"));
  socketModeEdit_ = new QLineEdit(this);
  socketModeEdit_->setObjectName(QStringLiteral("socketModeEdit"));
  socketModeEdit_->setValidator(new QRegularExpressionValidator(
      QRegularExpression(QStringLiteral("0?[0-7]{0,3}")), socketModeEdit_));
  socketModeEdit_->setMaxLength(4);
  socketModeEdit_->setToolTip(tr("Permissions of the Unix socket file, in octal, set right after "
                                 "bind: 0600 lets only you connect, 0660 your group too"));
  socketModeEdit_->setMaximumWidth(
      socketModeEdit_->fontMetrics().horizontalAdvance(QStringLiteral("00000000")) + 16);

  auto* accessBox = new QGroupBox(tr("Access"), this);
  auto* accessForm = new QFormLayout(accessBox);
  accessForm->addRow(tr("A&llowed clients:"), allowEdit_);
  accessForm->addRow(tr("Max &connections:"), maxConnectionsSpin_);
  accessForm->addRow(tr("Socket file &mode:"), socketModeEdit_);
  return accessBox;
}

QGroupBox* ServerEditorDialog::buildMulticastBox() {
  groupsEdit_ = new QLineEdit(this);
  groupsEdit_->setObjectName(QStringLiteral("groupsEdit"));
  groupsEdit_->setPlaceholderText(tr("none (e.g. 239.1.2.3, or ff02::1:3 on an IPv6 address)"));
  groupsEdit_->setToolTip(tr("Multicast groups the server joins, separated by commas: IPv4 "
                             "224.0.0.0/4 on an IPv4 address (as 0.0.0.0:5000), IPv6 ff00::/8 "
                             "on an IPv6 one (as [::]:5000). Datagrams sent to a group on the "
                             "server's port reach it."));
  interfaceCombo_ = new QComboBox(this);
  interfaceCombo_->setObjectName(QStringLiteral("interfaceCombo"));
  interfaceCombo_->setToolTip(tr("The interface the groups are joined on"));
  broadcastCheck_ = new QCheckBox(tr("Allow broadcast (SO_BROADCAST)"), this);
  broadcastCheck_->setObjectName(QStringLiteral("broadcastCheck"));
  broadcastCheck_->setToolTip(tr("allow_broadcast: the server may send to broadcast addresses; "
                                 "receiving broadcasts needs nothing"));
  auto* box = new QGroupBox(tr("Multicast and broadcast (UDP)"), this);
  auto* form = new QFormLayout(box);
  form->addRow(tr("Groups:"), groupsEdit_);
  form->addRow(tr("Interface:"), interfaceCombo_);
  form->addRow(broadcastCheck_);
  return box;
}

// The machine's interfaces, and the spec's own when the machine has no such one (so that it
// is shown, and refused in words).
void ServerEditorDialog::fillInterfaces(const QString& chosen) {
  interfaceCombo_->clear();
  interfaceCombo_->addItem(tr("system's choice"), QString());
  QStringList names = MulticastSpec::interfaceNames();
  if (!chosen.isEmpty() && !names.contains(chosen))
    names << chosen;
  for (const QString& name : std::as_const(names))
    interfaceCombo_->addItem(name, name);
  interfaceCombo_->setCurrentIndex(std::max(0, interfaceCombo_->findData(chosen)));
}

void ServerEditorDialog::setSpec(const ServerSpec& spec) {
  nameEdit_->setText(spec.name);
  shownKind_ = spec.kind; // first: the spec's own address and model, not kindChanged()'s
  stashedHostPort_.clear();
  stashedPath_.clear();
  setComboValue(kindCombo_, spec.kind);
  addressEdit_->setText(spec.address);
  setComboValue(modelCombo_, spec.model);
  poolSizeSpin_->setValue(spec.poolSize);
  poolQueueSpin_->setValue(spec.poolQueue);
  setComboValue(handlerCombo_, spec.handler);
  onceCheck_->setChecked(spec.oncePerConnection);
  rulesEditor_->setRules(spec.rules);
  const bool text = ByteText::isUtf8(spec.fixedReply);
  replyModeCombo_->setCurrentIndex(text ? 0 : 1);
  replyEdit_->setText(text ? ByteText::toEscaped(spec.fixedReply)
                           : ByteText::toHex(spec.fixedReply));
  reuseCheck_->setChecked(spec.allowReuseAddress);
  backlogSpin_->setValue(spec.backlog);
  timeoutSpin_->setValue(spec.requestTimeout);
  packetSpin_->setValue(spec.maxPacketSize);
  daemonCheck_->setChecked(spec.daemonThreads);
  blockCheck_->setChecked(spec.blockOnClose);
  stashedAllow_.clear();
  allowEdit_->setText(spec.allow.join(QLatin1String(", ")));
  maxConnectionsSpin_->setValue(spec.maxConnections);
  socketModeEdit_->setText(ServerSpec::modeText(spec.socketMode));
  groupsEdit_->setText(spec.multicastGroups.join(QLatin1String(", ")));
  fillInterfaces(spec.multicastInterface);
  broadcastCheck_->setChecked(spec.allowBroadcast);
  tlsBox_->setFrom(spec);
  accepted_ = spec;
  updateEnabled();
  errorLabel_->hide();
}

std::optional<ServerSpec> ServerEditorDialog::currentSpec(QString* error) const {
  ServerSpec spec;
  spec.name = nameEdit_->text().trimmed();
  spec.kind = comboValue<ServerSpec::Kind>(kindCombo_);
  spec.address = addressEdit_->text().trimmed();
  spec.model = comboValue<ServerSpec::Model>(modelCombo_);
  spec.poolSize = poolSizeSpin_->value();
  spec.poolQueue = poolQueueSpin_->value();
  if (!readHandler(spec, error))
    return std::nullopt;
  spec.allowReuseAddress = reuseCheck_->isChecked();
  spec.backlog = backlogSpin_->value();
  spec.requestTimeout = timeoutSpin_->value();
  spec.maxPacketSize = packetSpin_->value();
  spec.daemonThreads = daemonCheck_->isChecked();
  spec.blockOnClose = blockCheck_->isChecked();
  spec.maxConnections = maxConnectionsSpin_->value();
  tlsBox_->readInto(spec);
  if (spec.kind == ServerSpec::Kind::Udp) { // the box is off for the other kinds
    spec.multicastGroups = AllowList::split(groupsEdit_->text());
    if (!spec.multicastGroups.isEmpty())
      spec.multicastInterface = interfaceCombo_->currentData().toString();
    spec.allowBroadcast = broadcastCheck_->isChecked();
  }
  if (ServerSpec::isUnix(spec.kind)) {
    bool ok = false;
    const int mode = socketModeEdit_->text().toInt(&ok, 8);
    if (!ok || mode < 0 || mode > 0777) {
      if (error)
        *error = tr("Socket file mode: give an octal mode from 0000 to 0777, as in 0600");
      return std::nullopt;
    }
    spec.socketMode = mode;
  } else {
    spec.allow = AllowList::split(allowEdit_->text()); // Unix kinds: not applicable
  }
  if (spec.address.isEmpty()) {
    if (error)
      *error = ServerSpec::isUnix(spec.kind) ? tr("Address: give a socket path")
                                             : tr("Address: give host:port (port 0 = any free)");
    return std::nullopt;
  }
  QString problem = spec.validationError();
  if (problem.isEmpty())
    problem = TlsServerSetup::filesProblem(spec); // its certificate, key and CA files
  if (!problem.isEmpty()) {
    if (error)
      *error = problem;
    return std::nullopt;
  }
  return spec;
}

QString ServerEditorDialog::errorText() const {
  return errorLabel_->isVisible() || !errorLabel_->isHidden() ? errorLabel_->text() : QString();
}

void ServerEditorDialog::kindChanged() {
  using S = ServerSpec;
  const auto kind = comboValue<S::Kind>(kindCombo_);
  const S::Kind previous = std::exchange(shownKind_, kind);
  if (comboValue<S::Model>(modelCombo_) == defaultModel(previous))
    setComboValue(modelCombo_, defaultModel(kind)); // a model the person chose stays
  if (S::isUnix(kind) == S::isUnix(previous))
    return;
  // A host:port is no socket path (bound as one, it would be a file named "127.0.0.1:0" in
  // the working directory), and a path no host:port: each family gets its own address back.
  const QString typed = addressEdit_->text().trimmed();
  if (S::isUnix(kind)) {
    if (typed.startsWith(QLatin1Char('/')))
      return; // already a path
    stashedHostPort_ = typed;
    if (stashedPath_.isEmpty())
      stashedPath_ = UnixSocketPath::suggestion();
    addressEdit_->setText(stashedPath_);
  } else if (typed.isEmpty() || typed.contains(QLatin1Char('/'))) {
    stashedPath_ = typed;
    addressEdit_->setText(stashedHostPort_.isEmpty() ? S{}.address : stashedHostPort_);
  }
}

void ServerEditorDialog::updateEnabled() {
  const auto kind = comboValue<ServerSpec::Kind>(kindCombo_);
  const auto model = comboValue<ServerSpec::Model>(modelCombo_);
  const bool stream = ServerSpec::isStream(kind);
  poolSizeSpin_->setEnabled(model == ServerSpec::Model::ThreadPool);
  poolQueueSpin_->setEnabled(model == ServerSpec::Model::ThreadPool);
  const auto handler = comboValue<ServerSpec::Handler>(handlerCombo_);
  const bool fixed = handler == ServerSpec::Handler::FixedReply;
  replyEdit_->setEnabled(fixed);
  replyModeCombo_->setEnabled(fixed);
  onceCheck_->setEnabled(ServerSpec::onceApplies(handler, kind));
  rulesEditor_->setStreamKind(stream);
  rulesEditor_->setOncePerConnection(onceCheck_->isEnabled() && onceCheck_->isChecked());
  if (rulesBox_->isHidden() == (handler == ServerSpec::Handler::Rules)) {
    rulesBox_->setVisible(handler == ServerSpec::Handler::Rules);
    // Grows for the rules and gives their room back; adjustSize() would stop at two thirds
    // of the screen, too narrow for the rules' table.
    resize(sizeHint().boundedTo(screen()->availableSize()));
  }
  backlogSpin_->setEnabled(stream);
  packetSpin_->setEnabled(!stream);
  reuseCheck_->setEnabled(!ServerSpec::isUnix(kind));
  // A Unix kind shows why the list is empty (the placeholder), and gets it back if the kind
  // goes back to an IP one.
  if (ServerSpec::isUnix(kind) && !allowEdit_->text().isEmpty()) {
    stashedAllow_ = allowEdit_->text();
    allowEdit_->clear();
  } else if (!ServerSpec::isUnix(kind) && allowEdit_->text().isEmpty()) {
    allowEdit_->setText(stashedAllow_);
  }
  allowEdit_->setEnabled(!ServerSpec::isUnix(kind));
  allowEdit_->setPlaceholderText(
      ServerSpec::isUnix(kind) ? tr("not applicable to Unix sockets: use the socket file mode")
                               : tr("everyone (e.g. 127.0.0.1, 10.0.0.0/8, ::1/128)"));
  socketModeEdit_->setEnabled(ServerSpec::isUnix(kind));
  multicastBox_->setEnabled(kind == ServerSpec::Kind::Udp);
  tlsBox_->setVisible(kind == ServerSpec::Kind::Tls);
  daemonCheck_->setEnabled(model == ServerSpec::Model::Threading);
  blockCheck_->setEnabled(model != ServerSpec::Model::Sync && model != ServerSpec::Model::Event);
  if (ServerSpec::isUnix(kind))
    addressEdit_->setPlaceholderText(tr("/tmp/server.sock"));
  else
    addressEdit_->setPlaceholderText(tr("127.0.0.1:9999"));
  updateExposure();
  revalidate();
}

void ServerEditorDialog::updateExposure() {
  ServerSpec probe;
  probe.kind = comboValue<ServerSpec::Kind>(kindCombo_);
  probe.address = addressEdit_->text();
  exposureLabel_->setVisible(probe.bindsAllInterfaces());
}

void ServerEditorDialog::revalidate() {
  // Only clears a shown error once the input is fixed; errors appear on OK, not while typing.
  if (errorLabel_->isHidden())
    return;
  QString error;
  if (currentSpec(&error))
    errorLabel_->hide();
  else
    errorLabel_->setText(error);
}

void ServerEditorDialog::accept() {
  QString error;
  const auto spec = currentSpec(&error);
  if (!spec) {
    errorLabel_->setText(error);
    errorLabel_->show();
    return;
  }
  accepted_ = *spec;
  QDialog::accept();
}
