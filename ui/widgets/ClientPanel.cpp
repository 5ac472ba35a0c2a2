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
    if (editor_->isRepeating())
      stopRepeat();
  });
  connect(connection_, &ClientConnection::closedByPeer, this, [this] {
    const QString text = tr("the server closed the connection");
    showStatus(text, false);
    addRecord({QDateTime::currentDateTime(), {}, -1, text, false});
  });

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
  editor_ = new MessageEditor(this);
  editor_->setPrepareFunction([this] { return applyTarget(); });
  editor_->setSendFunction([this](const QByteArray& bytes) { return sendBytes(bytes); });
  QSplitter* splitter = buildHistoryAndReplies(fixed);

  statusLabel_ = new QLabel(this);
  statusLabel_->setObjectName(QStringLiteral("statusLabel"));
  statusLabel_->setWordWrap(true);
  statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(targetBox);
  layout->addWidget(editor_);
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

QSplitter* ClientPanel::buildHistoryAndReplies(const QFont& fixed) {
  const int line = QFontMetrics(fixed).lineSpacing();
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->setChildrenCollapsible(false);

  auto* historyBox = new QGroupBox(tr("History"), splitter);
  auto* historyLayout = new QVBoxLayout(historyBox);
  historyLayout->addWidget(editor_->historyList());
  editor_->historyList()->show();

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
  MessageEditor::addMessageModes(replyFormatCombo_);
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
  connect(editor_, &MessageEditor::status, this, &ClientPanel::showStatus);
  connect(editor_, &MessageEditor::sentOnce, this, [this](const QByteArray& message) {
    const QString target = connection_->target();
    showStatus(message.size() == 1 ? tr("Sent 1 byte to %1").arg(target)
                                   : tr("Sent %1 bytes to %2").arg(message.size()).arg(target),
               false);
  });
  connect(replyFormatCombo_, &QComboBox::currentIndexChanged, this, &ClientPanel::rerenderReplies);
  connect(clearRepliesButton_, &QPushButton::clicked, this, &ClientPanel::clearReplies);
}

void ClientPanel::addShortcuts() { editor_->addShortcuts(this); }

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
  return MessageEditor::encodeMessage(text, mode, ending, error);
}

bool ClientPanel::sendBytes(const QByteArray& bytes) { return connection_->send(bytes); }

void ClientPanel::sendMessage() { editor_->sendMessage(); }

void ClientPanel::startRepeat() { editor_->startRepeat(); }

void ClientPanel::stopRepeat() { editor_->stopRepeat(); }

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
  settings.setValue(QStringLiteral("replyFormat"), replyFormatCombo_->currentData().toInt());
  editor_->saveSettings(settings);
  settings.endGroup();
}

void ClientPanel::restoreSettings(QSettings& settings, const QString& group) {
  settings.beginGroup(group);
  const auto select = [&](QComboBox* combo, const QString& key) {
    setComboValue(combo, settings.value(key, combo->currentData()).toInt());
  };
  select(transportCombo_, QStringLiteral("transport"));
  targetEdit_->setText(settings.value(QStringLiteral("target"), targetEdit_->text()).toString());
  select(replyFormatCombo_, QStringLiteral("replyFormat"));
  editor_->restoreSettings(settings);
  settings.endGroup();
}
