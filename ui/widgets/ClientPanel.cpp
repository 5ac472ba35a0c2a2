#include "ClientPanel.h"

#include "ComboItems.h"
#include "ConsoleStyle.h"
#include "ConversationModel.h"
#include "ConversationView.h"
#include "ElidedLabel.h"
#include "MulticastOptionsBar.h"
#include "RunningServers.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerSpec.h"
#include "TlsClientBox.h"
#include "TlsTrust.h"
#include "WheelGuard.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

ClientPanel::ClientPanel(ServerManager* manager, QWidget* parent)
    : QWidget(parent), manager_(manager), connection_(new ClientConnection(this)),
      conversation_(new ConversationModel(this, maxEntries)) {
  buildUi();
  connectConnection();
  if (manager_) {
    connect(manager_, &ServerManager::serverAdded, this, &ClientPanel::refreshServers);
    connect(manager_, &ServerManager::serverRemoved, this, &ClientPanel::refreshServers);
    connect(manager_, &ServerManager::serverChanged, this, &ClientPanel::refreshServers);
  }
  refreshServers();
  transportChanged();
}

ClientPanel::~ClientPanel() = default;

// What the socket says goes into the conversation, in the order it happens.
void ClientPanel::connectConnection() {
  connect(connection_, &ClientConnection::stateChanged, this, [this](ClientConnection::State s) {
    updateState();
    if (s != ClientConnection::State::Connected)
      return;
    conversation_->addNotice(tr("connected to %1").arg(connection_->target()));
    for (const QByteArray& bytes : std::exchange(waiting_, {}))
      conversation_->addSent(bytes); // they go out now, in this order
  });
  connect(connection_, &ClientConnection::received, this,
          [this](const QByteArray& bytes, const QString& from) {
            const double rttMs =
                sinceSend_.isValid() ? static_cast<double>(sinceSend_.nsecsElapsed()) / 1e6 : -1;
            ++replyCount_;
            conversation_->addReceived(bytes, rttMs, from);
          });
  connect(connection_, &ClientConnection::sent, this, [this](qint64) { sinceSend_.start(); });
  connect(connection_, &ClientConnection::errorOccurred, this, [this](const QString& message) {
    conversation_->addError(message);
    dropWaiting();
    if (editor_->isRepeating())
      stopRepeat();
  });
  connect(connection_, &ClientConnection::closedByPeer, this,
          [this] { conversation_->addNotice(tr("the server closed the connection")); });
  connectTls();
}

// The handshake's facts and the certificate go into the conversation as they happen; a
// refused certificate is offered for trust in the TLS box.
void ClientPanel::connectTls() {
  connect(connection_, &ClientConnection::tlsEstablished, this,
          [this](const TlsSessionFacts& facts) {
            conversation_->addNotice(tr("TLS handshake done: %1").arg(facts.describe()));
            conversation_->addNotice(facts.certificate.describe());
            tlsBox_->showSession(facts);
          });
  connect(connection_, &ClientConnection::tlsCertificateRejected, this,
          [this](const TlsCertificateProblem& problem) {
            conversation_->addNotice(problem.certificate.describe());
            tlsBox_->offerTrust(problem);
          });
  connect(tlsBox_, &TlsClientBox::trustRequested, this,
          [this](const TlsCertificateProblem& problem) {
            TlsTrust::allow(problem);
            conversation_->addNotice(
                tr("trusting this certificate of %1 until the console exits").arg(problem.target));
            connectToTarget();
          });
}

// Top to bottom: where to, the conversation (which takes the spare height), and the message
// with Send right under the newest entry. The history of messages sent is the conversation's
// neighbour tab.
void ClientPanel::buildUi() {
  QLayout* targetForm = buildTargetForm();
  tlsBox_ = new TlsClientBox(this);
  editor_ = new MessageEditor(this, MessageEditor::Mnemonics::With);
  editor_->setPrepareFunction([this] { return applyTarget(); });
  editor_->setSendFunction([this](const QByteArray& bytes) { return sendBytes(bytes); });
  QTabWidget* tabs = buildConversationTabs();

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 4, 6, 4);
  layout->setSpacing(6);
  layout->addLayout(targetForm);
  layout->addWidget(tlsBox_);
  layout->addWidget(tabs, 1);
  layout->addWidget(editor_);

  // Tab goes from the target to the message, then to the conversation.
  setTabOrder(disconnectButton_, tlsBox_);
  setTabOrder(tlsBox_, editor_);
  connectWidgets();
  editor_->addShortcuts(this);
  WheelGuard::protect(this);
}

QLayout* ClientPanel::buildTargetForm() {
  auto* targetForm = new QFormLayout;
  targetForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  targetForm->setVerticalSpacing(4);

  transportCombo_ = new QComboBox(this);
  transportCombo_->setObjectName(QStringLiteral("transportCombo"));
  for (const auto t : {ServerSpec::Kind::Tcp, ServerSpec::Kind::Udp, ServerSpec::Kind::UnixStream,
                       ServerSpec::Kind::UnixDatagram, ServerSpec::Kind::Tls})
    transportCombo_->addItem(ServerSpec::kindLabel(t), static_cast<int>(t));
  transportCombo_->setToolTip(tr("The kind of socket the client opens"));
  targetForm->addRow(tr("&Transport:"), transportCombo_);

  targetEdit_ = new QLineEdit(this);
  targetEdit_->setObjectName(QStringLiteral("targetEdit"));
  targetEdit_->setClearButtonEnabled(true);
  // Aimed at the starter profile's TCP upper-case echo until the user picks another target.
  targetEdit_->setText(QStringLiteral("127.0.0.1:9999"));
  targetForm->addRow(tr("&Address:"), targetEdit_);

  serverCombo_ = new QComboBox(this);
  serverCombo_->setObjectName(QStringLiteral("serverCombo"));
  serverCombo_->setToolTip(tr("Fill in the transport and address of a running server; typing "
                              "the address of one selects it here"));
  serverCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  serverCombo_->setMinimumContentsLength(16);
  targetForm->addRow(tr("Se&rver:"), serverCombo_);

  multicastBar_ = new MulticastOptionsBar(this);
  targetForm->addRow(tr("Multicast:"), multicastBar_);

  // The state, with the buttons that change it, on one row.
  auto* stateRow = new QHBoxLayout;
  stateLabel_ = new ElidedLabel(this);
  stateLabel_->setObjectName(QStringLiteral("stateLabel"));
  connectButton_ = new QPushButton(tr("Co&nnect"), this);
  connectButton_->setObjectName(QStringLiteral("connectButton"));
  connectButton_->setToolTip(tr("Open a connection to the target (stream transports; Send "
                                "also connects when needed)"));
  disconnectButton_ = new QPushButton(tr("&Disconnect"), this);
  disconnectButton_->setObjectName(QStringLiteral("disconnectButton"));
  disconnectButton_->setToolTip(tr("Close the connection"));
  stateRow->addWidget(stateLabel_, 1);
  stateRow->addWidget(connectButton_);
  stateRow->addWidget(disconnectButton_);
  targetForm->addRow(stateRow);
  targetForm_ = targetForm;
  return targetForm;
}

QTabWidget* ClientPanel::buildConversationTabs() {
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName(QStringLiteral("conversationTabs"));
  tabs_->setDocumentMode(true);
  conversationView_ = new ConversationView(tabs_);
  conversationView_->setObjectName(QStringLiteral("conversationView"));
  conversationView_->setModel(conversation_);
  conversationView_->setPlaceholderText(
      tr("What you send and what comes back appears here, newest at the bottom, with the "
         "round-trip time of each reply and any error where it happened."));
  // Room for a few entries at the least; the panel gives it every spare pixel.
  const int line = QFontMetrics(QFontDatabase::systemFont(QFontDatabase::FixedFont)).lineSpacing();
  conversationView_->setMinimumHeight(line * 5);
  tabs_->addTab(conversationView_, tr("Conversation"));
  tabs_->setTabToolTip(0, tr("→ sent, ← received (with the time since the last send), ✖ "
                             "errors. Select entries and press Ctrl+C to copy them."));
  QListWidget* history = editor_->historyList();
  history->setParent(tabs_);
  history->show();
  tabs_->addTab(history, tr("History"));
  tabs_->setTabToolTip(1, history->toolTip());
  tabs_->setCornerWidget(buildConversationBar(tabs_), Qt::TopRightCorner);
  return tabs_;
}

QWidget* ClientPanel::buildConversationBar(QWidget* parent) {
  auto* bar = new QWidget(parent);
  auto* layout = new QHBoxLayout(bar);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  const auto makeButton = [bar, layout](const QString& name, const QString& text,
                                        const QString& tip) {
    auto* button = new QToolButton(bar);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    layout->addWidget(button);
    return button;
  };
  hexButton_ = makeButton(QStringLiteral("hexButton"), tr("He&x"),
                          tr("Show the bytes as hex with offsets and an ASCII column, instead of "
                             "text with control characters escaped"));
  hexButton_->setCheckable(true);
  copyButton_ = makeButton(QStringLiteral("copyButton"), tr("Copy"),
                           tr("Copy the selected entries (Ctrl+C)"));
  copyButton_->setEnabled(false);
  clearButton_ =
      makeButton(QStringLiteral("clearButton"), tr("Clear"), tr("Empty the conversation"));
  return bar;
}

void ClientPanel::connectWidgets() {
  connect(transportCombo_, &QComboBox::currentIndexChanged, this, &ClientPanel::transportChanged);
  connect(targetEdit_, &QLineEdit::returnPressed, this, [this] {
    if (ServerSpec::isStream(currentTransport()))
      connectToTarget();
  });
  connect(targetEdit_, &QLineEdit::textEdited, this, &ClientPanel::targetTyped);
  connect(serverCombo_, &QComboBox::activated, this, &ClientPanel::serverPicked);
  connect(connectButton_, &QPushButton::clicked, this, &ClientPanel::connectToTarget);
  connect(disconnectButton_, &QPushButton::clicked, this, &ClientPanel::disconnectFromTarget);
  connect(editor_, &MessageEditor::status, this, [this](const QString& text, bool error) {
    if (error)
      conversation_->addError(text);
    else
      conversation_->addNotice(text);
  });
  connect(hexButton_, &QToolButton::toggled, this, [this](bool hex) {
    conversation_->setFormat(hex ? ConversationModel::Format::Hex
                                 : ConversationModel::Format::Text);
  });
  connect(conversationView_->copyAction(), &QAction::changed, this,
          [this] { copyButton_->setEnabled(conversationView_->copyAction()->isEnabled()); });
  connect(copyButton_, &QToolButton::clicked, conversationView_, &ConversationView::copySelection);
  connect(clearButton_, &QToolButton::clicked, this, &ClientPanel::clearConversation);
}

// ---- Target ----

ServerSpec::Kind ClientPanel::currentTransport() const {
  return static_cast<ServerSpec::Kind>(transportCombo_->currentData().toInt());
}

void ClientPanel::transportChanged() {
  markTarget({});
  const auto transport = currentTransport();
  targetEdit_->setPlaceholderText(ServerSpec::isUnix(transport)
                                      ? tr("/path/to/server.sock")
                                      : tr("host:port, as in 127.0.0.1:9999 or [::1]:9999"));
  targetForm_->setRowVisible(multicastBar_, transport == ServerSpec::Kind::Udp);
  if (connection_->hasTarget() && connection_->transport() != transport) {
    noteClosing();
    connection_->abort();
  }
  tlsBox_->setVisible(transport == ServerSpec::Kind::Tls);
  tlsBox_->withdrawTrust();
  updateState();
}

void ClientPanel::markTarget(const QString& error) {
  if (!error.isEmpty()) {
    targetEdit_->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
    targetEdit_->setToolTip(tr("Bad address: %1").arg(error));
    return;
  }
  targetEdit_->setStyleSheet(QString());
  targetEdit_->setToolTip(ServerSpec::isUnix(currentTransport())
                              ? tr("The server's socket path")
                              : tr("The server's address: host:port, [IPv6]:port, or a port "
                                   "alone for 127.0.0.1"));
}

bool ClientPanel::applyTarget() {
  const auto transport = currentTransport();
  QString error;
  const QString normal = ClientConnection::normalizeTarget(transport, targetEdit_->text(), &error);
  if (normal.isEmpty()) {
    markTarget(error);
    conversation_->addError(tr("Bad address: %1").arg(error));
    return false;
  }
  markTarget({});
  connection_->setMulticastOptions(multicastBar_->options());
  const ClientTlsOptions tls = tlsBox_->options();
  const bool tlsChanged = transport == ServerSpec::Kind::Tls && connection_->tlsOptions() != tls;
  if (connection_->transport() != transport || connection_->target() != normal || tlsChanged) {
    noteClosing();
    connection_->setTlsOptions(tls);
    connection_->setTarget(transport, normal);
  }
  return true;
}

void ClientPanel::noteClosing() {
  const auto state = connection_->state();
  if (state == ClientConnection::State::Connected || state == ClientConnection::State::Connecting)
    conversation_->addNotice(tr("closed the connection to %1").arg(connection_->target()));
  dropWaiting();
}

void ClientPanel::dropWaiting() {
  if (waiting_.empty())
    return;
  const auto count = static_cast<int>(waiting_.size());
  waiting_.clear();
  conversation_->addError(
      count == 1 ? tr("1 message not sent: it waited for this connection")
                 : tr("%1 messages not sent: they waited for this connection").arg(count));
}

void ClientPanel::connectToTarget() {
  if (!ServerSpec::isStream(currentTransport()) || !applyTarget())
    return;
  connection_->connectToTarget();
}

void ClientPanel::disconnectFromTarget() {
  stopRepeat();
  noteClosing();
  connection_->disconnectFromTarget();
}

void ClientPanel::updateState() {
  const auto transport = currentTransport();
  const bool stream = ServerSpec::isStream(transport);
  const auto state = connection_->state();
  const bool sameTarget = connection_->transport() == transport;
  const auto shown = sameTarget ? state : ClientConnection::State::Unconnected;
  connectButton_->setEnabled(stream && shown == ClientConnection::State::Unconnected);
  disconnectButton_->setEnabled(stream && (shown == ClientConnection::State::Connecting ||
                                           shown == ClientConnection::State::Connected));
  connectButton_->setVisible(stream);
  disconnectButton_->setVisible(stream);
  QString text;
  QColor color = palette().color(QPalette::WindowText);
  switch (stream ? shown : ClientConnection::State::Unconnected) {
  case ClientConnection::State::Unconnected:
    text = stream ? tr("unconnected") : tr("connectionless (every send is one datagram)");
    if (transport == ServerSpec::Kind::Tls && !ClientConnection::tlsUnavailableReason().isEmpty()) {
      text = ClientConnection::tlsUnavailableReason();
      color = ConsoleStyle::problemColor();
    }
    break;
  case ClientConnection::State::Connecting:
    text = tr("connecting to %1…").arg(connection_->target());
    color = ConsoleStyle::noticeColor();
    break;
  case ClientConnection::State::Connected:
    text = tr("connected to %1").arg(connection_->target());
    color = ConsoleStyle::healthyColor();
    break;
  case ClientConnection::State::Closing:
    text = tr("closing");
    color = ConsoleStyle::noticeColor();
    break;
  }
  stateLabel_->setText(text);
  QPalette statePalette = stateLabel_->palette();
  statePalette.setColor(QPalette::WindowText, color);
  stateLabel_->setPalette(statePalette);
}

void ClientPanel::refreshServers() {
  const int selectedId =
      serverCombo_->currentData().isValid() ? serverCombo_->currentData().toInt() : 0;
  serverCombo_->clear();
  int running = 0;
  int widest = 0;
  const QFontMetrics metrics = serverCombo_->view()->fontMetrics();
  for (int row = 0; manager_ && row < manager_->count(); ++row) {
    const ServerEntry& entry = manager_->at(row);
    if (entry.state != ServerEntry::State::Listening || entry.listeningAddress.isEmpty())
      continue;
    if (running++ == 0)
      serverCombo_->addItem(tr("Pick a running server…"));
    const QString name = RunningServers::itemText(entry);
    serverCombo_->addItem(name, entry.id);
    serverCombo_->setItemData(serverCombo_->count() - 1, name, Qt::ToolTipRole);
    widest = std::max(widest, metrics.horizontalAdvance(name));
  }
  if (running == 0)
    serverCombo_->addItem(manager_ ? tr("No running servers") : tr("No server list"));
  serverCombo_->setEnabled(running > 0);
  // The popup shows each item whole (Qt keeps it on the screen); the closed box cuts the name.
  serverCombo_->view()->setMinimumWidth(
      widest + 4 * metrics.averageCharWidth() +
      serverCombo_->view()->verticalScrollBar()->sizeHint().width());
  int index = selectedId ? serverCombo_->findData(selectedId) : -1;
  if (index <= 0 && manager_) // a server that just started where the address points
    index = serverCombo_->findData(
        RunningServers::serverAt(*manager_, targetEdit_->text(), currentTransport(), true));
  serverCombo_->setCurrentIndex(index > 0 ? index : 0);
}

void ClientPanel::serverPicked(int index) {
  if (!manager_ || index <= 0)
    return;
  const ServerEntry* entry = manager_->find(serverCombo_->itemData(index).toInt());
  if (!entry)
    return;
  setComboValue(transportCombo_, entry->spec.kind);
  targetEdit_->setText(entry->listeningAddress);
  markTarget({});
}

void ClientPanel::targetTyped() {
  markTarget({});
  tlsBox_->withdrawTrust();
  const int id =
      manager_ ? RunningServers::serverAt(*manager_, targetEdit_->text(), currentTransport()) : 0;
  const int index = id ? serverCombo_->findData(id) : -1;
  serverCombo_->setCurrentIndex(index > 0 ? index : 0);
  if (const ServerEntry* entry = index > 0 ? manager_->find(id) : nullptr)
    setComboValue(transportCombo_, entry->spec.kind);
}

// ---- Message ----

std::optional<QByteArray> ClientPanel::encodeMessage(const QString& text, MessageMode mode,
                                                     LineEnding ending, QString* error) {
  return MessageEditor::encodeMessage(text, mode, ending, error);
}

bool ClientPanel::sendBytes(const QByteArray& bytes) {
  tabs_->setCurrentWidget(conversationView_); // what it sends, and what comes back
  if (!connection_->send(bytes))
    return false; // errorOccurred() said why
  // A stream that is still connecting sends it once connected. A Unix socket may have
  // connected within send() already (then it went), or failed there (then it was dropped).
  const auto state = connection_->state();
  if (!ServerSpec::isStream(connection_->transport()) ||
      state == ClientConnection::State::Connected) {
    conversation_->addSent(bytes);
  } else {
    waiting_.push_back(bytes);
    if (state != ClientConnection::State::Connecting)
      dropWaiting();
  }
  return true;
}

void ClientPanel::sendMessage() { editor_->sendMessage(); }

void ClientPanel::startRepeat() { editor_->startRepeat(); }

void ClientPanel::stopRepeat() { editor_->stopRepeat(); }

void ClientPanel::clearConversation() {
  conversation_->clear();
  replyCount_ = 0;
}

// ---- Settings ----

void ClientPanel::saveSettings(QSettings& settings, const QString& group) const {
  settings.beginGroup(group);
  settings.setValue(QStringLiteral("transport"), transportCombo_->currentData().toInt());
  settings.setValue(QStringLiteral("target"), targetEdit_->text());
  settings.setValue(
      QStringLiteral("replyFormat"),
      static_cast<int>(hexButton_->isChecked() ? MessageMode::Hex : MessageMode::Text));
  tlsBox_->saveSettings(settings);
  editor_->saveSettings(settings);
  multicastBar_->saveSettings(settings);
  settings.endGroup();
}

void ClientPanel::restoreSettings(QSettings& settings, const QString& group) {
  settings.beginGroup(group);
  const auto select = [&](QComboBox* combo, const QString& key) {
    setComboValue(combo, settings.value(key, combo->currentData()).toInt());
  };
  select(transportCombo_, QStringLiteral("transport"));
  targetEdit_->setText(settings.value(QStringLiteral("target"), targetEdit_->text()).toString());
  hexButton_->setChecked(settings.value(QStringLiteral("replyFormat")).toInt() ==
                         static_cast<int>(MessageMode::Hex));
  tlsBox_->restoreSettings(settings);
  editor_->restoreSettings(settings);
  multicastBar_->restoreSettings(settings);
  settings.endGroup();
}
