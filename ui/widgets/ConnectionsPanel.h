// ConnectionsPanel: the live connections of every server, with their tool bar — kick one, kick
// all of a server, pin one so that it stays after it closes — and how long closed rows stay.
// Selecting a connection is announced (selectionChanged()), so that the log can show its rows.
//
// Sending by hand: the Send action shows a part with the test client's MessageEditor — beside
// the table, or in a dock of the window's own (placeSendPartIn()). It sends to every selected
// row that can take it — an open connection, or a
// datagram row whose peer the server heard from in the last minute (ServerManager::sendTo) —
// or, with "every connection of the server" checked, to all of the selected rows' servers'
// connections (ServerManager::sendToAll). Outcomes come back as log events ("sent by you",
// "send failed") and on the rows (bytes out; a failure in words in the state and tooltip).
//
//   auto* panel = new ConnectionsPanel(&manager, &connectionsModel, dock);
//   panel->placeSendPartIn(sendDock);               // optional: the send part in a dock
//   menu->addActions(panel->connectionActions());  // kick, kick all, pin, send
//   connect(panel, &ConnectionsPanel::selectionChanged, ...); // selectedConnection() changed
//
// Object names: connectionsToolBar, fadeSpin, connectionsView, sendPanel, sendTargetLabel,
// sendToAllCheck, sendStatusLabel and the MessageEditor's (messageEdit, sendButton, ...) —
// the send part's under sendPanel, wherever it is placed; actions kickAction, kickAllAction,
// pinAction, sendAction.
//
// The TLS column is shown only while a row has a TLS connection's facts.
//
// Settings: the table's header under "view/connectionsHeader2", the fade under
// "connections/fadeAfterMs".
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ConnectionsModel.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class MessageEditor;
class QAction;
class QCheckBox;
class QDockWidget;
class QLabel;
class QSettings;
class QSpinBox;
class QTableView;
class QToolBar;
class ServerManager;

class ConnectionsPanel : public QWidget {
  Q_OBJECT

public:
  /// `manager` and `model` outlive the panel (the window owns them).
  ConnectionsPanel(ServerManager* manager, ConnectionsModel* model, QWidget* parent = nullptr);
  ~ConnectionsPanel() override;
  ConnectionsPanel(const ConnectionsPanel&) = delete;
  ConnectionsPanel& operator=(const ConnectionsPanel&) = delete;

  /// Moves the send part out of the panel into `dock` (a short dock leaves no room for it
  /// beside the table): Send… then shows and raises the dock, and closing the dock unchecks
  /// Send…. The panel still owns the part: it goes with the panel.
  void placeSendPartIn(QDockWidget* dock);

  QTableView* view() const { return view_; }
  /// Kick, kick all of server, pin.
  QList<QAction*> connectionActions() const;

  /// The connection selected in the table, nullptr when none.
  const ConnectionsModel::Connection* selectedConnection() const;
  /// Every selected row, in table order.
  QList<const ConnectionsModel::Connection*> selectedConnections() const;
  MessageEditor* messageEditor() const { return editor_; }
  void clearSelection();

  void saveSettings(QSettings& settings) const;
  void restoreSettings(QSettings& settings);

public slots:
  void kickConnection();
  void kickAllOfServer();
  void togglePin();
  /// Shows or hides the send part (or its dock, raised over the dock it shares a tab with).
  void showSendPanel(bool shown);

signals:
  /// Another connection (or none) is selected.
  void selectionChanged();
  /// A message for the status bar, shown for `timeoutMs`.
  void message(const QString& text, int timeoutMs);

private:
  void createActions();
  QToolBar* createToolBar();
  void createView();
  QWidget* createSendPanel();
  void updateActions();
  /// Shows the TLS column while a row has TLS facts, hides it otherwise.
  void updateTlsColumn();
  void updateSendTarget();
  /// MessageEditor's send function: one message to the chosen targets.
  bool sendBytes(const QByteArray& bytes);
  void showSendStatus(const QString& text, bool error);
  QString serverName(int serverId) const;
  int selectedRow() const;

  ServerManager* manager_;
  ConnectionsModel* model_;
  QTableView* view_ = nullptr;
  QSpinBox* fadeSpin_ = nullptr;

  QAction* kickAction_ = nullptr;
  QAction* kickAllAction_ = nullptr;
  QAction* pinAction_ = nullptr;
  QAction* sendAction_ = nullptr;

  QPointer<QWidget> sendPanel_;    // in the splitter beside the table, or in sendDock_
  QPointer<QDockWidget> sendDock_; // the window's, when placeSendPartIn() was called
  MessageEditor* editor_ = nullptr;
  QLabel* sendTargetLabel_ = nullptr;
  QCheckBox* sendToAllCheck_ = nullptr;
  QLabel* sendStatusLabel_ = nullptr;
};
