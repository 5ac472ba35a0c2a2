// MessageEditor: the message part of the test client, also used to send from a server to its
// clients (ConnectionsPanel) — write a message as escaped text or hex with a line ending, send
// it once or N times every T ms (with Stop and, while it runs, a progress bar beside Send), and
// pick it again from a history.
//
//   auto* editor = new MessageEditor(this);
//   editor->setSendFunction([this](const QByteArray& bytes) { return send(bytes); });
//   layout->addWidget(editor);
//   layout->addWidget(editor->historyList()); // placed by the host, wherever it fits
//   connect(editor, &MessageEditor::status, this, &Host::showStatus);
//
// What the host decides: setPrepareFunction() runs before a send or a repeat starts (false
// cancels it, e.g. a bad target); setSendFunction() sends one message (false stops a repeat;
// the host reports why). The editor reports everything else through status(): a message it
// cannot read ("Not sent: bad hex: ..."), a repeat's start, end and stop; sentOnce() follows a
// single send that went, so that the host can say where it went.
//
// Switching the mode rewrites what is typed: text becomes its hex, and hex becomes escaped
// text when its bytes are text; otherwise the mode stays and status() says why
// (MessageConversion.h). Mode changes made by the program (a history item, settings) do not.
//
// Object names (tests and style sheets find them): modeCombo, lineEndingCombo, messageEdit,
// sendButton, repeatButton, stopButton, repeatCountSpin, repeatIntervalSpin, repeatProgress,
// historyList. Keys (addShortcuts(scope): within the host's scope, which holds the editor):
// Ctrl+Return sends, Esc stops a repeat. Alt letters must be unique in a window, and a window
// may hold two editors (the client's, the connections panel's), so only the editor made with
// Mnemonics::With has them. The mouse wheel changes the editor's spin and combo boxes only
// while they have the focus (WheelGuard.h). The history keeps the last maxHistory distinct
// messages, newest first: a click loads one, a double-click sends it again.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include <QByteArray>
#include <QGroupBox>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

class QComboBox;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;
class QVBoxLayout;

class MessageEditor : public QGroupBox {
  Q_OBJECT

public:
  enum class MessageMode { Text, Hex };
  enum class LineEnding { None, Lf, CrLf };
  /// Whether the labels and buttons have Alt letters (one editor per window may).
  enum class Mnemonics { Without, With };

  static constexpr int maxHistory = 50;

  explicit MessageEditor(QWidget* parent = nullptr, Mnemonics mnemonics = Mnemonics::Without);

  /// The bytes the editor's content stands for in `mode`, with `ending` appended; nullopt and
  /// `error` (naming the position) when it cannot be read. Text mode reads the escapes
  /// \n \r \t \0 \\ \" \' \xNN (ByteText::fromEscaped).
  static std::optional<QByteArray> encodeMessage(const QString& text, MessageMode mode,
                                                 LineEnding ending, QString* error = nullptr);
  /// Adds "Text" and "Hex" (data: MessageMode) to `combo`.
  static void addMessageModes(QComboBox* combo);

  using SendFunction = std::function<bool(const QByteArray&)>;
  using PrepareFunction = std::function<bool()>;
  void setSendFunction(SendFunction send) { send_ = std::move(send); }
  void setPrepareFunction(PrepareFunction prepare) { prepare_ = std::move(prepare); }

  /// The history list; the host puts it in its layout (it starts as the editor's child).
  QListWidget* historyList() const { return historyList_; }
  bool isRepeating() const { return repeatTimer_.isActive(); }
  /// Ctrl+Return (and Ctrl+Enter) sends and Esc stops a repeat while focus is in `scope`.
  void addShortcuts(QWidget* scope);
  /// Enables or disables sending (Send and Repeat; Stop stays usable).
  void setSendingEnabled(bool enabled);

  /// Mode, line ending, repeat settings and history, in the settings' current group.
  void saveSettings(QSettings& settings) const;
  void restoreSettings(QSettings& settings);

public slots:
  void sendMessage();
  void startRepeat();
  void stopRepeat();

signals:
  /// A line for the host's status: what happened, or why nothing was sent (`error`).
  void status(const QString& text, bool error);
  /// One message went out through sendMessage() (not a repeat).
  void sentOnce(const QByteArray& bytes);

private:
  void buildModeRow(QVBoxLayout* layout, bool alt);
  void buildSendRow(QVBoxLayout* layout, bool alt);
  void buildRepeatRow(QVBoxLayout* layout, bool alt);
  /// Rewrites the message for the mode just chosen, or chooses the old one again (and says why).
  void convertToChosenMode();
  void buildHistory();
  void connectWidgets();
  std::optional<QByteArray> currentMessage();
  void repeatTick();
  void updateButtons();
  void addToHistory();
  void loadHistoryItem(QListWidgetItem* item);

  SendFunction send_;
  PrepareFunction prepare_;
  bool sendingEnabled_ = true;

  QComboBox* modeCombo_ = nullptr;
  QComboBox* lineEndingCombo_ = nullptr;
  QPlainTextEdit* messageEdit_ = nullptr;
  QPushButton* sendButton_ = nullptr;
  QSpinBox* repeatCountSpin_ = nullptr;
  QSpinBox* repeatIntervalSpin_ = nullptr;
  QPushButton* repeatButton_ = nullptr;
  QPushButton* stopButton_ = nullptr;
  QProgressBar* repeatProgress_ = nullptr;
  QListWidget* historyList_ = nullptr;

  MessageMode shownMode_ = MessageMode::Text; // the mode the message is written in
  bool loading_ = false;                      // the program sets the mode: no conversion
  QTimer repeatTimer_;
  QByteArray repeatData_;
  int repeatTotal_ = 0;
  int repeatSent_ = 0;
};
