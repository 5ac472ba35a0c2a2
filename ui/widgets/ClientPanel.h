// ClientPanel: the console's built-in test client — pick a transport and a target (typed, or
// one of the running servers), write a message as escaped text or hex, send it once or N
// times every T ms, and read the conversation: what was sent and what came back, in order.
//
//   auto* panel = new ClientPanel(&manager);      // manager may be nullptr: no server list
//   dock->setWidget(panel);
//   panel->restoreSettings(settings);              // history and choices, if wanted
//
// The conversation (ConversationModel, shown by ConversationView) sits between the target and
// the message, so that the newest entry is just above Send: each message sent, each reply with
// its round-trip time since the last send (and its sender, when the address is a multicast
// group or a broadcast address and every member answers), and every notice and error where it
// happened — a refused connection, a bad port, bad hex, the server closing. It takes the panel's
// spare height; the history of messages sent is the tab beside it (a send shows the conversation
// again). A message sent before a stream connection is up is shown once it goes (after
// "connected"), or counted as not sent when the connection fails. Nothing in the panel wraps
// its height to its width, so that a scroll area around it keeps it at its minimum height.
//
// Typing an address that a running server of the console listens on selects that server in
// the list (a path selects a Unix server and its transport). The list names a server by kind
// and address first and its popup is as wide as its longest item.
//
// TLS (the transport "TLS") adds a box of its options under the address (TlsClientBox.h): verify,
// server name (SNI), ALPN, CA bundle, the server's certificate after the handshake, and after a
// refused certificate the choice to continue for this session. The handshake's facts and the
// certificate also go into the conversation.
//
// Widgets have object names, so tests (and style sheets) can find them: transportCombo,
// targetEdit, serverCombo, the MulticastOptionsBar's (multicastHopsSpin, multicastLoopCheck,
// multicastInterfaceCombo; a row shown for UDP), connectButton, disconnectButton, stateLabel,
// conversationTabs, hexButton, copyButton, clearButton, conversationView, and the MessageEditor's
// (modeCombo, lineEndingCombo, messageEdit, sendButton, repeatCountSpin, repeatIntervalSpin,
// repeatButton, stopButton, repeatProgress, historyList).
//
// Keys: Ctrl+Return sends, Esc stops a repeat, Return in the address connects (stream kinds),
// Ctrl+C copies the selected entries; every label has an Alt letter of its own in the window
// (this panel's editor has them, the connections panel's has none). The mouse wheel changes a
// spin or combo box only while it has the focus (WheelGuard.h).
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ClientConnection.h"
#include "MessageEditor.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class ConversationModel;
class ConversationView;
class ElidedLabel;
class MulticastOptionsBar;
class QFormLayout;
class QComboBox;
class QLayout;
class QLineEdit;
class QPushButton;
class QSettings;
class QTabWidget;
class QToolButton;
class ServerManager;
class TlsClientBox;

class ClientPanel : public QWidget {
  Q_OBJECT

public:
  using MessageMode = MessageEditor::MessageMode;
  using LineEnding = MessageEditor::LineEnding;

  static constexpr int maxHistory = MessageEditor::maxHistory;
  /// Entries the conversation keeps; older ones go, counted by a note.
  static constexpr int maxEntries = 2000;

  explicit ClientPanel(ServerManager* manager, QWidget* parent = nullptr);
  ~ClientPanel() override;

  /// MessageEditor::encodeMessage().
  static std::optional<QByteArray> encodeMessage(const QString& text, MessageMode mode,
                                                 LineEnding ending, QString* error = nullptr);

  /// Replies received since the last clear.
  int replyCount() const { return replyCount_; }
  ClientConnection* connection() const { return connection_; }
  ConversationModel* conversation() const { return conversation_; }

  /// History, transport, target, modes and repeat settings, under `group`.
  void saveSettings(QSettings& settings, const QString& group = QStringLiteral("client")) const;
  void restoreSettings(QSettings& settings, const QString& group = QStringLiteral("client"));

public slots:
  void sendMessage();
  void startRepeat();
  void stopRepeat();
  void connectToTarget();
  void disconnectFromTarget();
  /// Empties the conversation (and the reply count).
  void clearConversation();

private:
  void buildUi();
  QLayout* buildTargetForm();          ///< transport, address, server, state and connect buttons
  QTabWidget* buildConversationTabs(); ///< the conversation and the history
  QWidget* buildConversationBar(QWidget* parent); ///< Hex, Copy and Clear, beside the tabs
  void connectConnection();
  void connectTls();
  void connectWidgets();
  ServerSpec::Kind currentTransport() const;
  /// Aims the connection at the typed target; false (with the reason shown) when invalid.
  bool applyTarget();
  /// Marks the address field bad with `error`, or clean again when it is empty.
  void markTarget(const QString& error);
  bool sendBytes(const QByteArray& bytes);
  /// Before the panel closes its own connection: says so, and drops what waited for it.
  void noteClosing();
  /// Counts the messages that waited for a connection that will not come, as an error.
  void dropWaiting();
  void refreshServers();
  void serverPicked(int index);
  /// Selects the running server the typed address reaches (and its transport), or none.
  void targetTyped();
  void transportChanged();
  void updateState();

  QPointer<ServerManager> manager_;
  ClientConnection* connection_ = nullptr;
  ConversationModel* conversation_ = nullptr;
  TlsClientBox* tlsBox_ = nullptr; // shown while the transport is TLS

  QComboBox* transportCombo_ = nullptr;
  QLineEdit* targetEdit_ = nullptr;
  QComboBox* serverCombo_ = nullptr;
  MulticastOptionsBar* multicastBar_ = nullptr; ///< shown for UDP
  QFormLayout* targetForm_ = nullptr;
  ElidedLabel* stateLabel_ = nullptr;
  QPushButton* connectButton_ = nullptr;
  QPushButton* disconnectButton_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QToolButton* hexButton_ = nullptr;
  QToolButton* copyButton_ = nullptr;
  QToolButton* clearButton_ = nullptr;
  ConversationView* conversationView_ = nullptr;
  MessageEditor* editor_ = nullptr;

  std::vector<QByteArray> waiting_; // sent while a stream connection is being made
  int replyCount_ = 0;
  QElapsedTimer sinceSend_; // invalid until something was sent
};
