#include "ClientPanel.h"

#include "ByteText.h"
#include "ComboItems.h"
#include "ConsoleStyle.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerSpec.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

enum HistoryRole { ModeRole = Qt::UserRole, TextRole, EndingRole };

// How the history shows a message's line ending.
QString endingLabel(ClientPanel::LineEnding ending) {
  switch (ending) {
  case ClientPanel::LineEnding::None:
    return {};
  case ClientPanel::LineEnding::Lf:
    return QCoreApplication::translate("ClientPanel", " ↵LF");
  case ClientPanel::LineEnding::CrLf:
    return QCoreApplication::translate("ClientPanel", " ↵CRLF");
  }
  return {};
}

// The two ways a message or a reply is read: the same choice in the editor and the replies.
void addMessageModes(QComboBox* combo) {
  combo->addItem(QCoreApplication::translate("ClientPanel", "Text"),
                 static_cast<int>(ClientPanel::MessageMode::Text));
  combo->addItem(QCoreApplication::translate("ClientPanel", "Hex"),
                 static_cast<int>(ClientPanel::MessageMode::Hex));
}

} // namespace

ClientPanel::ClientPanel(ServerManager* manager, QWidget* parent)
    : QWidget(parent), manager_(manager), connection_(new ClientConnection(this)) {
  buildUi();

  connect(connection_, &ClientConnection::stateChanged, this, [this](ClientConnection::State s) {
    updateState();
    if (s == ClientConnection::State::Connected)
      addRecord({QDateTime::currentDateTime(),
                 {},
                 -1,
                 tr("connected to %1").arg(connection_->target()),
                 false});
  });
  connect(connection_, &ClientConnection::received, this, [this](const QByteArray& bytes) {
    Record record;
    record.time = QDateTime::currentDateTime();
    record.data = bytes;
    if (sinceSend_.isValid())
      record.rttMs = static_cast<double>(sinceSend_.nsecsElapsed()) / 1e6;
    ++replyCount_;
    addRecord(std::move(record));
  });
  connect(connection_, &ClientConnection::sent, this, [this](qint64) { sinceSend_.start(); });
  connect(connection_, &ClientConnection::errorOccurred, this, [this](const QString& message) {
    showError(message);
    addRecord({QDateTime::currentDateTime(), {}, -1, message, true});
    if (repeatTimer_.isActive())
      stopRepeat();
  });
  connect(connection_, &ClientConnection::closedByPeer, this, [this] {
    const QString text = tr("the server closed the connection");
    showStatus(text, false);
    addRecord({QDateTime::currentDateTime(), {}, -1, text, false});
  });

  repeatTimer_.setTimerType(Qt::PreciseTimer);
  connect(&repeatTimer_, &QTimer::timeout, this, &ClientPanel::repeatTick);

  if (manager_) {
    connect(manager_, &ServerManager::serverAdded, this, &ClientPanel::refreshServers);
    connect(manager_, &ServerManager::serverRemoved, this, &ClientPanel::refreshServers);
    connect(manager_, &ServerManager::serverChanged, this, &ClientPanel::refreshServers);
  }
  refreshServers();
  transportChanged();
}

ClientPanel::~ClientPanel() = default;

// The widgets are created in the order Tab visits them.
void ClientPanel::buildUi() {
  const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  QGroupBox* targetBox = buildTargetBox();
  QGroupBox* messageBox = buildMessageBox(fixed);
  QSplitter* splitter = buildHistoryAndReplies(fixed);

  statusLabel_ = new QLabel(this);
  statusLabel_->setObjectName(QStringLiteral("statusLabel"));
  statusLabel_->setWordWrap(true);
  statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(targetBox);
  layout->addWidget(messageBox);
  layout->addWidget(splitter, 1);
  layout->addWidget(statusLabel_);

  connectWidgets();
  addShortcuts();
}

QGroupBox* ClientPanel::buildTargetBox() {
  auto* targetBox = new QGroupBox(tr("Target"), this);
  auto* targetForm = new QFormLayout(targetBox);
  targetForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

  transportCombo_ = new QComboBox(targetBox);
  transportCombo_->setObjectName(QStringLiteral("transportCombo"));
  for (const auto t : {ServerSpec::Kind::Tcp, ServerSpec::Kind::Udp, ServerSpec::Kind::UnixStream,
                       ServerSpec::Kind::UnixDatagram})
    transportCombo_->addItem(ServerSpec::kindLabel(t), static_cast<int>(t));
  transportCombo_->setToolTip(tr("The kind of socket the client opens"));
  targetForm->addRow(tr("&Transport:"), transportCombo_);

  targetEdit_ = new QLineEdit(targetBox);
  targetEdit_->setObjectName(QStringLiteral("targetEdit"));
  targetEdit_->setClearButtonEnabled(true);
  // Aimed at the starter profile's TCP upper-case echo until the user picks another target.
  targetEdit_->setText(QStringLiteral("127.0.0.1:9999"));
  targetForm->addRow(tr("&Address:"), targetEdit_);

  serverCombo_ = new QComboBox(targetBox);
  serverCombo_->setObjectName(QStringLiteral("serverCombo"));
  serverCombo_->setToolTip(tr("Fill in the transport and address of a running server"));
  serverCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  serverCombo_->setMinimumContentsLength(16);
  targetForm->addRow(tr("&Server:"), serverCombo_);

  stateLabel_ = new QLabel(targetBox);
  stateLabel_->setObjectName(QStringLiteral("stateLabel"));
  stateLabel_->setWordWrap(true);
  stateLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  stateLabel_->setToolTip(tr("The state of the client's connection"));
  targetForm->addRow(tr("State:"), stateLabel_);

  // In a widget of its own, so that datagram transports can hide the whole row.
  connectRow_ = new QWidget(targetBox);
  auto* connectRow = new QHBoxLayout(connectRow_);
  connectRow->setContentsMargins(0, 0, 0, 0);
  connectButton_ = new QPushButton(tr("&Connect"), connectRow_);
  connectButton_->setObjectName(QStringLiteral("connectButton"));
  connectButton_->setToolTip(tr("Open a connection to the target (stream transports; Send "
                                "also connects when needed)"));
  disconnectButton_ = new QPushButton(tr("&Disconnect"), connectRow_);
  disconnectButton_->setObjectName(QStringLiteral("disconnectButton"));
  disconnectButton_->setToolTip(tr("Close the connection"));
  connectRow->addWidget(connectButton_);
  connectRow->addWidget(disconnectButton_);
  connectRow->addStretch(1);
  targetForm->addRow(QString(), connectRow_);
  return targetBox;
}

QGroupBox* ClientPanel::buildMessageBox(const QFont& fixed) {
  auto* messageBox = new QGroupBox(tr("Message"), this);
  auto* messageLayout = new QVBoxLayout(messageBox);
  messageLayout->addLayout(buildModeRow(messageBox));

  messageEdit_ = new QPlainTextEdit(messageBox);
  messageEdit_->setObjectName(QStringLiteral("messageEdit"));
  messageEdit_->setFont(fixed);
  messageEdit_->setTabChangesFocus(true);
  messageEdit_->setToolTip(tr("The message to send (Ctrl+Return sends it)"));
  const int line = QFontMetrics(fixed).lineSpacing();
  messageEdit_->setMinimumHeight(line * 3 + 12);
  messageEdit_->setMaximumHeight(line * 6 + 12);
  messageLayout->addWidget(messageEdit_);

  auto* sendRow = new QHBoxLayout;
  sendButton_ = new QPushButton(tr("S&end"), messageBox);
  sendButton_->setObjectName(QStringLiteral("sendButton"));
  sendButton_->setToolTip(tr("Send the message once (Ctrl+Return)"));
  sendButton_->setDefault(true);
  repeatButton_ = new QPushButton(tr("&Repeat"), messageBox);
  repeatButton_->setObjectName(QStringLiteral("repeatButton"));
  repeatButton_->setToolTip(tr("Send the message the given number of times, at the given "
                               "interval"));
  stopButton_ = new QPushButton(tr("St&op"), messageBox);
  stopButton_->setObjectName(QStringLiteral("stopButton"));
  stopButton_->setToolTip(tr("Stop repeating (Esc)"));
  stopButton_->setEnabled(false);
  sendRow->addWidget(sendButton_);
  sendRow->addStretch(1);
  sendRow->addWidget(repeatButton_);
  sendRow->addWidget(stopButton_);
  messageLayout->addLayout(sendRow);

  addRepeatRows(messageBox, messageLayout);
  return messageBox;
}

QLayout* ClientPanel::buildModeRow(QGroupBox* messageBox) {
  auto* modeRow = new QHBoxLayout;
  modeCombo_ = new QComboBox(messageBox);
  modeCombo_->setObjectName(QStringLiteral("modeCombo"));
  addMessageModes(modeCombo_);
  modeCombo_->setToolTip(tr("Text: UTF-8 with the escapes \\n \\r \\t \\0 \\\\ \\xNN.\n"
                            "Hex: pairs of hex digits, as in 68 65 6c 6c 6f."));
  auto* modeLabel = new QLabel(tr("&Mode:"), messageBox);
  modeLabel->setBuddy(modeCombo_);
  lineEndingCombo_ = new QComboBox(messageBox);
  lineEndingCombo_->setObjectName(QStringLiteral("lineEndingCombo"));
  lineEndingCombo_->addItem(tr("None"), static_cast<int>(LineEnding::None));
  lineEndingCombo_->addItem(tr("LF (\\n)"), static_cast<int>(LineEnding::Lf));
  lineEndingCombo_->addItem(tr("CRLF (\\r\\n)"), static_cast<int>(LineEnding::CrLf));
  lineEndingCombo_->setToolTip(tr("Appended to every message sent"));
  auto* endingLabelWidget = new QLabel(tr("&Line ending:"), messageBox);
  endingLabelWidget->setBuddy(lineEndingCombo_);
  modeRow->addWidget(modeLabel);
  modeRow->addWidget(modeCombo_);
  modeRow->addSpacing(12);
  modeRow->addWidget(endingLabelWidget);
  modeRow->addWidget(lineEndingCombo_);
  modeRow->addStretch(1);
  return modeRow;
}

void ClientPanel::addRepeatRows(QGroupBox* messageBox, QVBoxLayout* messageLayout) {
  auto* repeatRow = new QHBoxLayout;
  repeatCountSpin_ = new QSpinBox(messageBox);
  repeatCountSpin_->setObjectName(QStringLiteral("repeatCountSpin"));
  repeatCountSpin_->setRange(1, 99999);
  repeatCountSpin_->setValue(10);
  repeatCountSpin_->setSuffix(tr(" times"));
  repeatCountSpin_->setToolTip(tr("How many times Repeat sends the message"));
  auto* countLabel = new QLabel(tr("Repeat se&nds:"), messageBox);
  countLabel->setBuddy(repeatCountSpin_);
  repeatIntervalSpin_ = new QSpinBox(messageBox);
  repeatIntervalSpin_->setObjectName(QStringLiteral("repeatIntervalSpin"));
  repeatIntervalSpin_->setRange(0, 600000);
  repeatIntervalSpin_->setValue(100);
  repeatIntervalSpin_->setSingleStep(50);
  repeatIntervalSpin_->setSuffix(tr(" ms"));
  repeatIntervalSpin_->setToolTip(tr("Time between two sends when repeating"));
  auto* everyLabel = new QLabel(tr("e&very"), messageBox);
  everyLabel->setBuddy(repeatIntervalSpin_);
  repeatRow->addWidget(countLabel);
  repeatRow->addWidget(repeatCountSpin_);
  repeatRow->addWidget(everyLabel);
  repeatRow->addWidget(repeatIntervalSpin_);
  repeatRow->addStretch(1);
  messageLayout->addLayout(repeatRow);

  repeatProgress_ = new QProgressBar(messageBox);
  repeatProgress_->setObjectName(QStringLiteral("repeatProgress"));
  repeatProgress_->setRange(0, 1);
  repeatProgress_->setValue(0);
  repeatProgress_->setFormat(tr("Not repeating"));
  repeatProgress_->setToolTip(tr("Progress of the current repeat"));
  messageLayout->addWidget(repeatProgress_);
}

QSplitter* ClientPanel::buildHistoryAndReplies(const QFont& fixed) {
  const int line = QFontMetrics(fixed).lineSpacing();
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->setChildrenCollapsible(false);

  auto* historyBox = new QGroupBox(tr("History"), splitter);
  auto* historyLayout = new QVBoxLayout(historyBox);
  historyList_ = new QListWidget(historyBox);
  historyList_->setObjectName(QStringLiteral("historyList"));
  historyList_->setFont(fixed);
  historyList_->setUniformItemSizes(true);
  historyList_->setToolTip(tr("Messages sent, newest first: click to load one into the "
                              "editor, double-click to send it again"));
  historyList_->setMinimumHeight(line * 2 + 8);
  historyLayout->addWidget(historyList_);

  auto* repliesBox = new QGroupBox(tr("Replies"), splitter);
  auto* repliesLayout = new QVBoxLayout(repliesBox);
  repliesLayout->addLayout(buildRepliesBar(repliesBox));
  repliesView_ = new QPlainTextEdit(repliesBox);
  repliesView_->setObjectName(QStringLiteral("repliesView"));
  repliesView_->setReadOnly(true);
  repliesView_->setFont(fixed);
  // Wrapped, since a dock is narrow; every record stays one block (maximumBlockCount).
  repliesView_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  repliesView_->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  repliesView_->setMaximumBlockCount(maxReplies);
  repliesView_->setToolTip(tr("Time received, round-trip time since the last send, size, "
                              "and the bytes"));
  repliesView_->setMinimumHeight(line * 4 + 12);
  repliesLayout->addWidget(repliesView_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 3);
  return splitter;
}

QLayout* ClientPanel::buildRepliesBar(QGroupBox* repliesBox) {
  auto* repliesBar = new QHBoxLayout;
  replyFormatCombo_ = new QComboBox(repliesBox);
  replyFormatCombo_->setObjectName(QStringLiteral("replyFormatCombo"));
  addMessageModes(replyFormatCombo_);
  replyFormatCombo_->setToolTip(tr("Show replies as text (control characters escaped) or hex"));
  auto* formatLabel = new QLabel(tr("S&how as:"), repliesBox);
  formatLabel->setBuddy(replyFormatCombo_);
  clearRepliesButton_ = new QPushButton(tr("Clear"), repliesBox);
  clearRepliesButton_->setObjectName(QStringLiteral("clearRepliesButton"));
  clearRepliesButton_->setToolTip(tr("Remove every reply shown"));
  repliesBar->addWidget(formatLabel);
  repliesBar->addWidget(replyFormatCombo_);
  repliesBar->addStretch(1);
  repliesBar->addWidget(clearRepliesButton_);
  return repliesBar;
}

void ClientPanel::connectWidgets() {
  connect(transportCombo_, &QComboBox::currentIndexChanged, this, &ClientPanel::transportChanged);
  connect(targetEdit_, &QLineEdit::returnPressed, this, [this] {
    if (ServerSpec::isStream(currentTransport()))
      connectToTarget();
  });
  connect(targetEdit_, &QLineEdit::textEdited, this, [this] {
    serverCombo_->setCurrentIndex(0);
    targetEdit_->setStyleSheet(QString());
  });
  connect(serverCombo_, &QComboBox::activated, this, &ClientPanel::serverPicked);
  connect(connectButton_, &QPushButton::clicked, this, &ClientPanel::connectToTarget);
  connect(disconnectButton_, &QPushButton::clicked, this, &ClientPanel::disconnectFromTarget);
  connect(sendButton_, &QPushButton::clicked, this, &ClientPanel::sendMessage);
  connect(repeatButton_, &QPushButton::clicked, this, &ClientPanel::startRepeat);
  connect(stopButton_, &QPushButton::clicked, this, &ClientPanel::stopRepeat);
  const auto updatePlaceholder = [this] {
    const bool hex = comboValue<MessageMode>(modeCombo_) == MessageMode::Hex;
    messageEdit_->setPlaceholderText(hex ? tr("Hex bytes, as in 68 65 6c 6c 6f 0a")
                                         : tr("Text, with escapes such as \\n and \\x00"));
  };
  connect(modeCombo_, &QComboBox::currentIndexChanged, this, updatePlaceholder);
  updatePlaceholder();
  connect(historyList_, &QListWidget::itemClicked, this, &ClientPanel::loadHistoryItem);
  connect(historyList_, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
    loadHistoryItem(item);
    sendMessage();
  });
  connect(replyFormatCombo_, &QComboBox::currentIndexChanged, this, &ClientPanel::rerenderReplies);
  connect(clearRepliesButton_, &QPushButton::clicked, this, &ClientPanel::clearReplies);
}

void ClientPanel::addShortcuts() {
  for (const QKeySequence& keys :
       {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
    auto* shortcut = new QShortcut(keys, this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &ClientPanel::sendMessage);
  }
  auto* stopShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
  stopShortcut->setContext(Qt::WidgetWithChildrenShortcut);
  connect(stopShortcut, &QShortcut::activated, this, [this] {
    if (repeatTimer_.isActive())
      stopRepeat();
  });
}

// ---- Target ----

ServerSpec::Kind ClientPanel::currentTransport() const {
  return static_cast<ServerSpec::Kind>(transportCombo_->currentData().toInt());
}

void ClientPanel::transportChanged() {
  const auto transport = currentTransport();
  targetEdit_->setPlaceholderText(ServerSpec::isUnix(transport)
                                      ? tr("/path/to/server.sock")
                                      : tr("host:port, as in 127.0.0.1:9999 or [::1]:9999"));
  targetEdit_->setToolTip(ServerSpec::isUnix(transport)
                              ? tr("The server's socket path")
                              : tr("The server's address: host:port, [IPv6]:port, or a port "
                                   "alone for 127.0.0.1"));
  if (connection_->hasTarget() && connection_->transport() != transport)
    connection_->abort();
  updateState();
}

bool ClientPanel::applyTarget() {
  const auto transport = currentTransport();
  QString error;
  const QString normal = ClientConnection::normalizeTarget(transport, targetEdit_->text(), &error);
  if (normal.isEmpty()) {
    targetEdit_->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
    showError(tr("Bad address: %1").arg(error));
    return false;
  }
  targetEdit_->setStyleSheet(QString());
  if (connection_->transport() != transport || connection_->target() != normal)
    connection_->setTarget(transport, normal);
  return true;
}

void ClientPanel::connectToTarget() {
  if (!ServerSpec::isStream(currentTransport()) || !applyTarget())
    return;
  showStatus(tr("Connecting to %1…").arg(connection_->target()), false);
  connection_->connectToTarget();
}

void ClientPanel::disconnectFromTarget() {
  stopRepeat();
  connection_->disconnectFromTarget();
  showStatus(tr("Disconnected"), false);
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
  connectRow_->setVisible(stream);
  if (!stream) {
    stateLabel_->setText(tr("connectionless (every send is one datagram)"));
    return;
  }
  QString text;
  switch (shown) {
  case ClientConnection::State::Unconnected:
    text = tr("unconnected");
    break;
  case ClientConnection::State::Connecting:
    text = tr("connecting to %1…").arg(connection_->target());
    break;
  case ClientConnection::State::Connected:
    text = tr("connected to %1").arg(connection_->target());
    break;
  case ClientConnection::State::Closing:
    text = tr("closing");
    break;
  }
  stateLabel_->setText(text);
}

void ClientPanel::refreshServers() {
  const int selectedId =
      serverCombo_->currentData().isValid() ? serverCombo_->currentData().toInt() : 0;
  serverCombo_->clear();
  int running = 0;
  if (manager_) {
    for (int row = 0; row < manager_->count(); ++row) {
      const ServerEntry& entry = manager_->at(row);
      if (entry.state != ServerEntry::State::Listening || entry.listeningAddress.isEmpty())
        continue;
      if (running++ == 0)
        serverCombo_->addItem(tr("Pick a running server…"));
      const QString kind = ServerSpec::kindLabel(entry.spec.kind);
      const QString name =
          entry.spec.name.isEmpty()
              ? tr("%1 %2").arg(kind, entry.listeningAddress)
              : tr("%1 (%2 %3)").arg(entry.spec.name, kind, entry.listeningAddress);
      serverCombo_->addItem(name, entry.id);
      serverCombo_->setItemData(serverCombo_->count() - 1, name, Qt::ToolTipRole);
    }
  }
  if (running == 0)
    serverCombo_->addItem(manager_ ? tr("No running servers") : tr("No server list"));
  serverCombo_->setEnabled(running > 0);
  const int index = selectedId ? serverCombo_->findData(selectedId) : -1;
  serverCombo_->setCurrentIndex(index > 0 ? index : 0);
}

void ClientPanel::serverPicked(int index) {
  if (!manager_ || index <= 0)
    return;
  const ServerEntry* entry = manager_->find(serverCombo_->itemData(index).toInt());
  if (!entry)
    return;
  const int transportIndex = transportCombo_->findData(static_cast<int>(entry->spec.kind));
  transportCombo_->setCurrentIndex(transportIndex);
  targetEdit_->setText(entry->listeningAddress);
  targetEdit_->setStyleSheet(QString());
  showStatus(tr("Target: %1").arg(serverCombo_->itemText(index)), false);
}

// ---- Message ----

std::optional<QByteArray> ClientPanel::encodeMessage(const QString& text, MessageMode mode,
                                                     LineEnding ending, QString* error) {
  QString why;
  std::optional<QByteArray> bytes =
      mode == MessageMode::Hex ? ByteText::fromHex(text, &why) : ByteText::fromEscaped(text, &why);
  if (!bytes) {
    if (error)
      *error =
          mode == MessageMode::Hex ? tr("bad hex: %1").arg(why) : tr("bad escape: %1").arg(why);
    return std::nullopt;
  }
  if (ending == LineEnding::Lf)
    bytes->append('\n');
  else if (ending == LineEnding::CrLf)
    bytes->append("\r\n");
  return bytes;
}

std::optional<QByteArray> ClientPanel::currentMessage() {
  QString error;
  auto bytes = encodeMessage(messageEdit_->toPlainText(), comboValue<MessageMode>(modeCombo_),
                             comboValue<LineEnding>(lineEndingCombo_), &error);
  if (!bytes) {
    showError(tr("Not sent: %1").arg(error));
    return std::nullopt;
  }
  if (bytes->isEmpty()) {
    showError(tr("Not sent: the message is empty"));
    return std::nullopt;
  }
  return bytes;
}

bool ClientPanel::sendBytes(const QByteArray& bytes) { return connection_->send(bytes); }

void ClientPanel::sendMessage() {
  if (repeatTimer_.isActive())
    return;
  const auto message = currentMessage();
  if (!message || !applyTarget())
    return;
  if (!sendBytes(*message))
    return;
  addToHistory();
  const QString target = connection_->target();
  showStatus(message->size() == 1 ? tr("Sent 1 byte to %1").arg(target)
                                  : tr("Sent %1 bytes to %2").arg(message->size()).arg(target),
             false);
}

void ClientPanel::startRepeat() {
  if (repeatTimer_.isActive())
    return;
  const auto message = currentMessage();
  if (!message || !applyTarget())
    return;
  repeatData_ = *message;
  repeatTotal_ = repeatCountSpin_->value();
  repeatSent_ = 0;
  repeatProgress_->setRange(0, repeatTotal_);
  repeatProgress_->setValue(0);
  repeatProgress_->setFormat(tr("%v of %m sent"));
  addToHistory();
  stopButton_->setEnabled(true);
  sendButton_->setEnabled(false);
  repeatButton_->setEnabled(false);
  repeatTimer_.start(repeatIntervalSpin_->value());
  showStatus(
      tr("Repeating: %1 times every %2 ms").arg(repeatTotal_).arg(repeatIntervalSpin_->value()),
      false);
  repeatTick(); // the first one at once
}

void ClientPanel::repeatTick() {
  if (repeatSent_ >= repeatTotal_) {
    stopRepeat();
    return;
  }
  if (!sendBytes(repeatData_)) {
    stopRepeat();
    return;
  }
  ++repeatSent_;
  repeatProgress_->setValue(repeatSent_);
  if (repeatSent_ >= repeatTotal_) {
    repeatTimer_.stop();
    stopButton_->setEnabled(false);
    sendButton_->setEnabled(true);
    repeatButton_->setEnabled(true);
    showStatus(tr("Repeat done: sent %1 times").arg(repeatSent_), false);
  }
}

void ClientPanel::stopRepeat() {
  const bool wasRunning = repeatTimer_.isActive();
  repeatTimer_.stop();
  stopButton_->setEnabled(false);
  sendButton_->setEnabled(true);
  repeatButton_->setEnabled(true);
  if (wasRunning)
    showStatus(tr("Stopped after %1 of %2").arg(repeatSent_).arg(repeatTotal_), false);
}

// ---- History ----

void ClientPanel::addToHistory() {
  const QString text = messageEdit_->toPlainText();
  const int mode = modeCombo_->currentData().toInt();
  const int ending = lineEndingCombo_->currentData().toInt();
  for (int row = 0; row < historyList_->count(); ++row) {
    const QListWidgetItem* item = historyList_->item(row);
    if (item->data(TextRole).toString() == text && item->data(ModeRole).toInt() == mode &&
        item->data(EndingRole).toInt() == ending) {
      delete historyList_->takeItem(row);
      break;
    }
  }
  QString shown = text;
  shown.replace(QLatin1Char('\n'), QLatin1String("⏎"));
  if (mode == static_cast<int>(MessageMode::Hex))
    shown = tr("hex: %1").arg(shown);
  shown += endingLabel(static_cast<LineEnding>(ending));
  auto* item = new QListWidgetItem(shown);
  item->setData(ModeRole, mode);
  item->setData(TextRole, text);
  item->setData(EndingRole, ending);
  item->setToolTip(shown);
  historyList_->insertItem(0, item);
  while (historyList_->count() > maxHistory)
    delete historyList_->takeItem(historyList_->count() - 1);
}

void ClientPanel::loadHistoryItem(QListWidgetItem* item) {
  if (!item)
    return;
  modeCombo_->setCurrentIndex(modeCombo_->findData(item->data(ModeRole).toInt()));
  lineEndingCombo_->setCurrentIndex(lineEndingCombo_->findData(item->data(EndingRole).toInt()));
  messageEdit_->setPlainText(item->data(TextRole).toString());
}

// ---- Replies ----

QString ClientPanel::renderRecord(const Record& record) const {
  const QString time = ConsoleStyle::clockText(record.time);
  if (!record.notice.isEmpty())
    return record.error ? tr("%1  ✖ %2").arg(time, record.notice)
                        : tr("%1  — %2").arg(time, record.notice);
  const bool hex = comboValue<MessageMode>(replyFormatCombo_) == MessageMode::Hex;
  const QString rtt = record.rttMs < 0 ? tr("rtt –") : tr("rtt %1 ms").arg(record.rttMs, 0, 'f', 2);
  const QString body = hex ? ByteText::toHex(record.data) : ByteText::toEscaped(record.data);
  return tr("%1  %2  %n B  %3", nullptr, static_cast<int>(record.data.size())).arg(time, rtt, body);
}

void ClientPanel::addRecord(Record record) {
  records_.push_back(std::move(record));
  while (records_.size() > static_cast<std::size_t>(maxReplies))
    records_.pop_front();
  QScrollBar* bar = repliesView_->verticalScrollBar();
  const bool atEnd = bar->value() == bar->maximum();
  repliesView_->appendPlainText(renderRecord(records_.back()));
  if (atEnd)
    bar->setValue(bar->maximum());
}

void ClientPanel::rerenderReplies() {
  QStringList lines;
  lines.reserve(static_cast<qsizetype>(records_.size()));
  for (const Record& record : records_)
    lines << renderRecord(record);
  repliesView_->setPlainText(lines.join(QLatin1Char('\n')));
  repliesView_->verticalScrollBar()->setValue(repliesView_->verticalScrollBar()->maximum());
}

void ClientPanel::clearReplies() {
  records_.clear();
  replyCount_ = 0;
  repliesView_->clear();
}

void ClientPanel::showStatus(const QString& text, bool error) {
  statusLabel_->setText(text);
  statusLabel_->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0392b; }") : QString());
}

// ---- Settings ----

void ClientPanel::saveSettings(QSettings& settings, const QString& group) const {
  settings.beginGroup(group);
  settings.setValue(QStringLiteral("transport"), transportCombo_->currentData().toInt());
  settings.setValue(QStringLiteral("target"), targetEdit_->text());
  settings.setValue(QStringLiteral("mode"), modeCombo_->currentData().toInt());
  settings.setValue(QStringLiteral("lineEnding"), lineEndingCombo_->currentData().toInt());
  settings.setValue(QStringLiteral("repeatCount"), repeatCountSpin_->value());
  settings.setValue(QStringLiteral("repeatIntervalMs"), repeatIntervalSpin_->value());
  settings.setValue(QStringLiteral("replyFormat"), replyFormatCombo_->currentData().toInt());
  settings.beginWriteArray(QStringLiteral("history"), historyList_->count());
  for (int row = 0; row < historyList_->count(); ++row) {
    settings.setArrayIndex(row);
    const QListWidgetItem* item = historyList_->item(row);
    settings.setValue(QStringLiteral("mode"), item->data(ModeRole));
    settings.setValue(QStringLiteral("text"), item->data(TextRole));
    settings.setValue(QStringLiteral("lineEnding"), item->data(EndingRole));
  }
  settings.endArray();
  settings.endGroup();
}

void ClientPanel::restoreSettings(QSettings& settings, const QString& group) {
  settings.beginGroup(group);
  const auto select = [&](QComboBox* combo, const QString& key) {
    setComboValue(combo, settings.value(key, combo->currentData()).toInt());
  };
  select(transportCombo_, QStringLiteral("transport"));
  targetEdit_->setText(settings.value(QStringLiteral("target"), targetEdit_->text()).toString());
  select(modeCombo_, QStringLiteral("mode"));
  select(lineEndingCombo_, QStringLiteral("lineEnding"));
  select(replyFormatCombo_, QStringLiteral("replyFormat"));
  repeatCountSpin_->setValue(
      settings.value(QStringLiteral("repeatCount"), repeatCountSpin_->value()).toInt());
  repeatIntervalSpin_->setValue(
      settings.value(QStringLiteral("repeatIntervalMs"), repeatIntervalSpin_->value()).toInt());
  const int size = settings.beginReadArray(QStringLiteral("history"));
  // Oldest first, so that addToHistory()'s newest-on-top order is rebuilt.
  const QString savedText = messageEdit_->toPlainText();
  const int savedMode = modeCombo_->currentIndex();
  const int savedEnding = lineEndingCombo_->currentIndex();
  historyList_->clear();
  for (int row = std::min(size, maxHistory) - 1; row >= 0; --row) {
    settings.setArrayIndex(row);
    const int modeIndex = modeCombo_->findData(settings.value(QStringLiteral("mode")).toInt());
    const int endingIndex =
        lineEndingCombo_->findData(settings.value(QStringLiteral("lineEnding")).toInt());
    if (modeIndex < 0 || endingIndex < 0)
      continue;
    modeCombo_->setCurrentIndex(modeIndex);
    lineEndingCombo_->setCurrentIndex(endingIndex);
    messageEdit_->setPlainText(settings.value(QStringLiteral("text")).toString());
    addToHistory();
  }
  settings.endArray();
  modeCombo_->setCurrentIndex(savedMode);
  lineEndingCombo_->setCurrentIndex(savedEnding);
  messageEdit_->setPlainText(savedText);
  settings.endGroup();
}
