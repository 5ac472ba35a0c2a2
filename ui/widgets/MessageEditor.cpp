#include "MessageEditor.h"

#include "ByteText.h"
#include "ComboItems.h"
#include "MessageConversion.h"
#include "WheelGuard.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace {

enum HistoryRole { ModeRole = Qt::UserRole, TextRole, EndingRole };

// How the history shows a message's line ending.
QString endingLabel(MessageEditor::LineEnding ending) {
  switch (ending) {
  case MessageEditor::LineEnding::None:
    return {};
  case MessageEditor::LineEnding::Lf:
    return MessageEditor::tr(" ↵LF");
  case MessageEditor::LineEnding::CrLf:
    return MessageEditor::tr(" ↵CRLF");
  }
  return {};
}

// The message field asks for the lines its message has, two to six, as a chat's does: the
// height a panel has to spare goes to what it shows (the client's conversation), and a longer
// message takes it back while it is written.
class MessageTextEdit : public QPlainTextEdit {
public:
  static constexpr int fewestLines = 2;
  static constexpr int mostLines = 6;

  explicit MessageTextEdit(QWidget* parent) : QPlainTextEdit(parent) {
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
      if (const int lines = shownLines(); lines != lastLines_) {
        lastLines_ = lines;
        updateGeometry();
      }
    });
  }
  QSize sizeHint() const override {
    return {QPlainTextEdit::sizeHint().width(), heightFor(shownLines())};
  }
  // A scroll area's own minimum (its scroll bars' room) would outweigh the two lines.
  QSize minimumSizeHint() const override {
    return {QPlainTextEdit::minimumSizeHint().width(), heightFor(fewestLines)};
  }
  int heightFor(int lines) const { return QFontMetrics(font()).lineSpacing() * lines + 12; }

private:
  // Lines as laid out (a wrapped line counts for each of its lines).
  int shownLines() const {
    return std::clamp(static_cast<int>(document()->size().height()), fewestLines, mostLines);
  }
  int lastLines_ = fewestLines;
};

} // namespace

MessageEditor::MessageEditor(QWidget* parent, Mnemonics mnemonics)
    : QGroupBox(tr("Message"), parent) {
  const bool alt = mnemonics == Mnemonics::With;
  const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  auto* layout = new QVBoxLayout(this);
  buildModeRow(layout, alt);

  auto* messageEdit = new MessageTextEdit(this);
  messageEdit_ = messageEdit;
  messageEdit_->setObjectName(QStringLiteral("messageEdit"));
  messageEdit_->setFont(fixed);
  messageEdit_->setTabChangesFocus(true);
  messageEdit_->setToolTip(tr("The message to send (Ctrl+Return sends it)"));
  messageEdit_->setMinimumHeight(messageEdit->heightFor(MessageTextEdit::fewestLines));
  messageEdit_->setMaximumHeight(messageEdit->heightFor(MessageTextEdit::mostLines));
  layout->addWidget(messageEdit_);

  buildSendRow(layout, alt);
  buildRepeatRow(layout, alt);
  buildHistory();
  repeatTimer_.setTimerType(Qt::PreciseTimer);
  connect(&repeatTimer_, &QTimer::timeout, this, &MessageEditor::repeatTick);
  connectWidgets();
  WheelGuard::protect(this);
}

void MessageEditor::addMessageModes(QComboBox* combo) {
  combo->addItem(tr("Text"), static_cast<int>(MessageMode::Text));
  combo->addItem(tr("Hex"), static_cast<int>(MessageMode::Hex));
}

void MessageEditor::buildModeRow(QVBoxLayout* layout, bool alt) {
  auto* modeRow = new QHBoxLayout;
  modeCombo_ = new QComboBox(this);
  modeCombo_->setObjectName(QStringLiteral("modeCombo"));
  addMessageModes(modeCombo_);
  modeCombo_->setToolTip(tr("Text: UTF-8 with the escapes \\n \\r \\t \\0 \\\\ \\xNN.\n"
                            "Hex: pairs of hex digits, as in 68 65 6c 6c 6f.\n"
                            "Switching rewrites the message in the other mode."));
  auto* modeLabel = new QLabel(alt ? tr("&Mode:") : tr("Mode:"), this);
  modeLabel->setBuddy(modeCombo_);
  lineEndingCombo_ = new QComboBox(this);
  lineEndingCombo_->setObjectName(QStringLiteral("lineEndingCombo"));
  lineEndingCombo_->addItem(tr("None"), static_cast<int>(LineEnding::None));
  lineEndingCombo_->addItem(tr("LF (\\n)"), static_cast<int>(LineEnding::Lf));
  lineEndingCombo_->addItem(tr("CRLF (\\r\\n)"), static_cast<int>(LineEnding::CrLf));
  lineEndingCombo_->setToolTip(tr("Appended to every message sent"));
  auto* endingLabelWidget = new QLabel(alt ? tr("Line end&ing:") : tr("Line ending:"), this);
  endingLabelWidget->setBuddy(lineEndingCombo_);
  modeRow->addWidget(modeLabel);
  modeRow->addWidget(modeCombo_);
  modeRow->addSpacing(12);
  modeRow->addWidget(endingLabelWidget);
  modeRow->addWidget(lineEndingCombo_);
  modeRow->addStretch(1);
  layout->addLayout(modeRow);
}

// Send, the repeat's progress, Repeat and Stop on one row: a repeat's state sits beside the
// buttons that start and stop it.
void MessageEditor::buildSendRow(QVBoxLayout* layout, bool alt) {
  auto* sendRow = new QHBoxLayout;
  sendButton_ = new QPushButton(alt ? tr("S&end") : tr("Send"), this);
  sendButton_->setObjectName(QStringLiteral("sendButton"));
  sendButton_->setToolTip(tr("Send the message once (Ctrl+Return)"));
  sendButton_->setDefault(true);
  repeatProgress_ = new QProgressBar(this);
  repeatProgress_->setObjectName(QStringLiteral("repeatProgress"));
  repeatProgress_->setRange(0, 1);
  repeatProgress_->setValue(0);
  repeatProgress_->setFormat(tr("%v of %m sent"));
  repeatProgress_->setToolTip(tr("Progress of the current repeat"));
  repeatProgress_->setMinimumWidth(60);
  repeatProgress_->hide(); // shown while a repeat runs
  repeatButton_ = new QPushButton(alt ? tr("Re&peat") : tr("Repeat"), this);
  repeatButton_->setObjectName(QStringLiteral("repeatButton"));
  repeatButton_->setToolTip(tr("Send the message the given number of times, at the given "
                               "interval"));
  stopButton_ = new QPushButton(alt ? tr("St&op") : tr("Stop"), this);
  stopButton_->setObjectName(QStringLiteral("stopButton"));
  stopButton_->setToolTip(tr("Stop repeating (Esc)"));
  stopButton_->setEnabled(false);
  sendRow->addWidget(sendButton_);
  sendRow->addWidget(repeatProgress_, 1);
  sendRow->addStretch(0); // the room the progress bar takes while it shows
  sendRow->addWidget(repeatButton_);
  sendRow->addWidget(stopButton_);
  layout->addLayout(sendRow);
}

void MessageEditor::buildRepeatRow(QVBoxLayout* layout, bool alt) {
  auto* repeatRow = new QHBoxLayout;
  repeatCountSpin_ = new QSpinBox(this);
  repeatCountSpin_->setObjectName(QStringLiteral("repeatCountSpin"));
  repeatCountSpin_->setRange(1, 99999);
  repeatCountSpin_->setValue(10);
  repeatCountSpin_->setSuffix(tr(" times"));
  repeatCountSpin_->setToolTip(tr("How many times Repeat sends the message"));
  auto* countLabel = new QLabel(alt ? tr("Repeat co&unt:") : tr("Repeat count:"), this);
  countLabel->setBuddy(repeatCountSpin_);
  repeatIntervalSpin_ = new QSpinBox(this);
  repeatIntervalSpin_->setObjectName(QStringLiteral("repeatIntervalSpin"));
  repeatIntervalSpin_->setRange(0, 600000);
  repeatIntervalSpin_->setValue(100);
  repeatIntervalSpin_->setSingleStep(50);
  repeatIntervalSpin_->setSuffix(tr(" ms"));
  repeatIntervalSpin_->setToolTip(tr("Time between two sends when repeating"));
  auto* everyLabel = new QLabel(alt ? tr("ever&y") : tr("every"), this);
  everyLabel->setBuddy(repeatIntervalSpin_);
  repeatRow->addWidget(countLabel);
  repeatRow->addWidget(repeatCountSpin_);
  repeatRow->addWidget(everyLabel);
  repeatRow->addWidget(repeatIntervalSpin_);
  repeatRow->addStretch(1);
  layout->addLayout(repeatRow);
}

void MessageEditor::buildHistory() {
  const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  historyList_ = new QListWidget(this);
  historyList_->setObjectName(QStringLiteral("historyList"));
  historyList_->setFont(fixed);
  historyList_->setUniformItemSizes(true);
  historyList_->setToolTip(tr("Messages sent, newest first: click to load one into the "
                              "editor, double-click to send it again"));
  historyList_->setMinimumHeight(QFontMetrics(fixed).lineSpacing() * 2 + 8);
  historyList_->hide(); // until the host places it
}

void MessageEditor::connectWidgets() {
  connect(sendButton_, &QPushButton::clicked, this, &MessageEditor::sendMessage);
  connect(repeatButton_, &QPushButton::clicked, this, &MessageEditor::startRepeat);
  connect(stopButton_, &QPushButton::clicked, this, &MessageEditor::stopRepeat);
  const auto updatePlaceholder = [this] {
    const bool hex = comboValue<MessageMode>(modeCombo_) == MessageMode::Hex;
    messageEdit_->setPlaceholderText(hex ? tr("Hex bytes, as in 68 65 6c 6c 6f 0a")
                                         : tr("Text, with escapes such as \\n and \\x00"));
  };
  connect(modeCombo_, &QComboBox::currentIndexChanged, this, updatePlaceholder);
  connect(modeCombo_, &QComboBox::currentIndexChanged, this, &MessageEditor::convertToChosenMode);
  updatePlaceholder();
  connect(historyList_, &QListWidget::itemClicked, this, &MessageEditor::loadHistoryItem);
  connect(historyList_, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
    loadHistoryItem(item);
    sendMessage();
  });
}

void MessageEditor::convertToChosenMode() {
  const MessageMode chosen = comboValue<MessageMode>(modeCombo_);
  if (chosen == shownMode_)
    return;
  const QString text = messageEdit_->toPlainText();
  if (loading_ || text.isEmpty()) {
    shownMode_ = chosen;
    return;
  }
  QString why;
  const std::optional<QString> converted = chosen == MessageMode::Hex
                                               ? MessageConversion::toHex(text, &why)
                                               : MessageConversion::toText(text, &why);
  if (!converted) {
    setComboValue(modeCombo_, shownMode_); // back; this slot returns at once for it
    emit status(why, false);
    return;
  }
  shownMode_ = chosen;
  messageEdit_->setPlainText(*converted);
}

void MessageEditor::addShortcuts(QWidget* scope) {
  for (const QKeySequence& keys :
       {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
    auto* shortcut = new QShortcut(keys, scope);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &MessageEditor::sendMessage);
  }
  auto* stopShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), scope);
  stopShortcut->setContext(Qt::WidgetWithChildrenShortcut);
  connect(stopShortcut, &QShortcut::activated, this, [this] {
    if (repeatTimer_.isActive())
      stopRepeat();
  });
}

void MessageEditor::setSendingEnabled(bool enabled) {
  sendingEnabled_ = enabled;
  updateButtons();
}

void MessageEditor::updateButtons() {
  const bool repeating = repeatTimer_.isActive();
  repeatProgress_->setVisible(repeating);
  sendButton_->setEnabled(sendingEnabled_ && !repeating);
  repeatButton_->setEnabled(sendingEnabled_ && !repeating);
  stopButton_->setEnabled(repeating);
}

// ---- Sending ----

std::optional<QByteArray> MessageEditor::encodeMessage(const QString& text, MessageMode mode,
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

std::optional<QByteArray> MessageEditor::currentMessage() {
  QString error;
  auto bytes = encodeMessage(messageEdit_->toPlainText(), comboValue<MessageMode>(modeCombo_),
                             comboValue<LineEnding>(lineEndingCombo_), &error);
  if (!bytes) {
    emit status(tr("Not sent: %1").arg(error), true);
    return std::nullopt;
  }
  if (bytes->isEmpty()) {
    emit status(tr("Not sent: the message is empty"), true);
    return std::nullopt;
  }
  return bytes;
}

void MessageEditor::sendMessage() {
  if (repeatTimer_.isActive() || !sendingEnabled_ || !send_)
    return;
  const auto message = currentMessage();
  if (!message || (prepare_ && !prepare_()))
    return;
  if (!send_(*message))
    return;
  addToHistory();
  emit sentOnce(*message);
}

void MessageEditor::startRepeat() {
  if (repeatTimer_.isActive() || !sendingEnabled_ || !send_)
    return;
  const auto message = currentMessage();
  if (!message || (prepare_ && !prepare_()))
    return;
  repeatData_ = *message;
  repeatTotal_ = repeatCountSpin_->value();
  repeatSent_ = 0;
  repeatProgress_->setRange(0, repeatTotal_);
  repeatProgress_->setValue(0);
  addToHistory();
  repeatTimer_.start(repeatIntervalSpin_->value());
  updateButtons();
  emit status(
      tr("Repeating: %1 times every %2 ms").arg(repeatTotal_).arg(repeatIntervalSpin_->value()),
      false);
  repeatTick(); // the first one at once
}

void MessageEditor::repeatTick() {
  if (repeatSent_ >= repeatTotal_ || !send_(repeatData_)) {
    stopRepeat();
    return;
  }
  ++repeatSent_;
  repeatProgress_->setValue(repeatSent_);
  if (repeatSent_ >= repeatTotal_) {
    repeatTimer_.stop();
    updateButtons();
    emit status(tr("Repeat done: sent %1 times").arg(repeatSent_), false);
  }
}

void MessageEditor::stopRepeat() {
  const bool wasRunning = repeatTimer_.isActive();
  repeatTimer_.stop();
  updateButtons();
  if (wasRunning)
    emit status(tr("Stopped after %1 of %2").arg(repeatSent_).arg(repeatTotal_), false);
}

// ---- History ----

void MessageEditor::addToHistory() {
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

void MessageEditor::loadHistoryItem(QListWidgetItem* item) {
  if (!item)
    return;
  const QScopedValueRollback<bool> loading(loading_, true);
  modeCombo_->setCurrentIndex(modeCombo_->findData(item->data(ModeRole).toInt()));
  lineEndingCombo_->setCurrentIndex(lineEndingCombo_->findData(item->data(EndingRole).toInt()));
  messageEdit_->setPlainText(item->data(TextRole).toString());
}

// ---- Settings ----

void MessageEditor::saveSettings(QSettings& settings) const {
  settings.setValue(QStringLiteral("mode"), modeCombo_->currentData().toInt());
  settings.setValue(QStringLiteral("lineEnding"), lineEndingCombo_->currentData().toInt());
  settings.setValue(QStringLiteral("repeatCount"), repeatCountSpin_->value());
  settings.setValue(QStringLiteral("repeatIntervalMs"), repeatIntervalSpin_->value());
  settings.beginWriteArray(QStringLiteral("history"), historyList_->count());
  for (int row = 0; row < historyList_->count(); ++row) {
    settings.setArrayIndex(row);
    const QListWidgetItem* item = historyList_->item(row);
    settings.setValue(QStringLiteral("mode"), item->data(ModeRole));
    settings.setValue(QStringLiteral("text"), item->data(TextRole));
    settings.setValue(QStringLiteral("lineEnding"), item->data(EndingRole));
  }
  settings.endArray();
}

void MessageEditor::restoreSettings(QSettings& settings) {
  const QScopedValueRollback<bool> loading(loading_, true);
  const auto select = [&](QComboBox* combo, const QString& key) {
    setComboValue(combo, settings.value(key, combo->currentData()).toInt());
  };
  select(modeCombo_, QStringLiteral("mode"));
  select(lineEndingCombo_, QStringLiteral("lineEnding"));
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
}
