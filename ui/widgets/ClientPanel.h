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
// The message part (modes, editor, send, repeat, history) is a MessageEditor, the same one
// the connections panel sends from a server with. The sockets live in ClientConnection (on the GUI
// thread, asynchronous). Replies are kept in a bounded list (maxReplies) and rendered as text
// (control characters escaped) or hex; the history keeps the last maxHistory distinct messages.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ClientConnection.h"
#include "MessageEditor.h"

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
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSplitter;
class ServerManager;

class ClientPanel : public QWidget {
  Q_OBJECT

public:
  using MessageMode = MessageEditor::MessageMode;
  using LineEnding = MessageEditor::LineEnding;

  static constexpr int maxHistory = MessageEditor::maxHistory;
  static constexpr int maxReplies = 2000;

  explicit ClientPanel(ServerManager* manager, QWidget* parent = nullptr);
  ~ClientPanel() override;

  /// MessageEditor::encodeMessage().
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
  QGroupBox* buildTargetBox(); ///< transport, address, server, state
  QSplitter* buildHistoryAndReplies(const QFont& fixed);
  QLayout* buildRepliesBar(QGroupBox* repliesBox); ///< format and Clear
  void connectWidgets();
  void addShortcuts();
  ServerSpec::Kind currentTransport() const;
  /// Aims the connection at the typed target; false (with the reason shown) when invalid.
  bool applyTarget();
  bool sendBytes(const QByteArray& bytes);
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
  MessageEditor* editor_ = nullptr;
  QComboBox* replyFormatCombo_ = nullptr;
  QPushButton* clearRepliesButton_ = nullptr;
  QPlainTextEdit* repliesView_ = nullptr;
  QLabel* statusLabel_ = nullptr;

  std::deque<Record> records_;
  int replyCount_ = 0;
  QElapsedTimer sinceSend_; // invalid until something was sent
};
