// ClientPanel: the console's built-in test client — pick a transport and a target (typed, or
// one of the running servers), write a message as escaped text or hex, send it once or N
// times every T ms, and watch the replies arrive with timestamps and round-trip times.
//
//   auto* panel = new ClientPanel(&manager);      // manager may be nullptr: no server list
//   dock->setWidget(panel);
//   panel->restoreSettings(settings);              // history and choices, if wanted
//
// Widgets have object names, so tests (and style sheets) can find them: transportCombo,
// targetEdit, serverCombo, connectButton, disconnectButton, stateLabel, modeCombo,
// lineEndingCombo, messageEdit, sendButton, repeatCountSpin, repeatIntervalSpin,
// repeatButton, stopButton, repeatProgress, historyList, replyFormatCombo,
// clearRepliesButton, repliesView, statusLabel.
//
// Keys: Ctrl+Return sends, Esc stops a repeat, Return in the address connects (stream kinds);
// every label has an Alt mnemonic.
//
// The sockets live in ClientConnection (on the GUI thread, asynchronous). Replies are kept in
// a bounded list (maxReplies) and rendered as text (control characters escaped) or hex; the
// history keeps the last maxHistory distinct messages.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ClientConnection.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <deque>
#include <optional>

class QComboBox;
class QFont;
class QGroupBox;
class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;
class QSplitter;
class QVBoxLayout;
class ServerManager;

class ClientPanel : public QWidget {
  Q_OBJECT

public:
  enum class MessageMode { Text, Hex };
  enum class LineEnding { None, Lf, CrLf };

  static constexpr int maxHistory = 50;
  static constexpr int maxReplies = 2000;

  explicit ClientPanel(ServerManager* manager, QWidget* parent = nullptr);
  ~ClientPanel() override;

  /// The bytes the editor's content stands for in `mode`, with `ending` appended; nullopt and
  /// `error` (naming the position) when it cannot be read. Text mode reads the escapes
  /// \n \r \t \0 \\ \" \' \xNN (ByteText::fromEscaped).
  static std::optional<QByteArray> encodeMessage(const QString& text, MessageMode mode,
                                                 LineEnding ending, QString* error = nullptr);

  /// Replies received since the last clear (notices not counted).
  int replyCount() const { return replyCount_; }
  ClientConnection* connection() const { return connection_; }

  /// History, transport, target, modes and repeat settings, under `group`.
  void saveSettings(QSettings& settings, const QString& group = QStringLiteral("client")) const;
  void restoreSettings(QSettings& settings, const QString& group = QStringLiteral("client"));

public slots:
  void sendMessage();
  void startRepeat();
  void stopRepeat();
  void connectToTarget();
  void disconnectFromTarget();
  void clearReplies();

private:
  struct Record {
    QDateTime time;
    QByteArray data;   ///< a reply's bytes
    double rttMs = -1; ///< ms since the last send; negative when nothing was sent yet
    QString notice;    ///< set for notices (connected, closed, errors) instead of data
    bool error = false;
  };

  void buildUi();
  QGroupBox* buildTargetBox();                    ///< transport, address, server, state
  QGroupBox* buildMessageBox(const QFont& fixed); ///< modes, editor, send, repeat
  QLayout* buildModeRow(QGroupBox* messageBox);   ///< mode and line ending
  void addRepeatRows(QGroupBox* messageBox, QVBoxLayout* messageLayout);
  QSplitter* buildHistoryAndReplies(const QFont& fixed);
  QLayout* buildRepliesBar(QGroupBox* repliesBox); ///< format and Clear
  void connectWidgets();
  void addShortcuts();
  ServerSpec::Kind currentTransport() const;
  /// Aims the connection at the typed target; false (with the reason shown) when invalid.
  bool applyTarget();
  std::optional<QByteArray> currentMessage();
  bool sendBytes(const QByteArray& bytes);
  void repeatTick();
  void addToHistory();
  void loadHistoryItem(QListWidgetItem* item);
  void refreshServers();
  void serverPicked(int index);
  void transportChanged();
  void updateState();
  void addRecord(Record record);
  QString renderRecord(const Record& record) const;
  void rerenderReplies();
  void showStatus(const QString& text, bool error);
  void showError(const QString& text) { showStatus(text, true); }

  QPointer<ServerManager> manager_;
  ClientConnection* connection_ = nullptr;

  QComboBox* transportCombo_ = nullptr;
  QLineEdit* targetEdit_ = nullptr;
  QComboBox* serverCombo_ = nullptr;
  QWidget* connectRow_ = nullptr;
  QPushButton* connectButton_ = nullptr;
  QPushButton* disconnectButton_ = nullptr;
  QLabel* stateLabel_ = nullptr;
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
  QComboBox* replyFormatCombo_ = nullptr;
  QPushButton* clearRepliesButton_ = nullptr;
  QPlainTextEdit* repliesView_ = nullptr;
  QLabel* statusLabel_ = nullptr;

  std::deque<Record> records_;
  int replyCount_ = 0;
  QElapsedTimer sinceSend_; // invalid until something was sent

  QTimer repeatTimer_;
  QByteArray repeatData_;
  int repeatTotal_ = 0;
  int repeatSent_ = 0;
};
