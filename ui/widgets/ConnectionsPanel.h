// ConnectionsPanel: the live connections of every server, with their tool bar — kick one, kick
// all of a server, pin one so that it stays after it closes — and how long closed rows stay.
// Selecting a connection is announced (selectionChanged()), so that the log can show its rows.
//
//   auto* panel = new ConnectionsPanel(&manager, &connectionsModel, dock);
//   menu->addActions(panel->connectionActions());  // kick, kick all, pin
//   connect(panel, &ConnectionsPanel::selectionChanged, ...); // selectedConnection() changed
//
// Object names: connectionsToolBar, fadeSpin, connectionsView; actions kickAction,
// kickAllAction, pinAction.
//
// Settings: the table's header under "view/connectionsHeader", the fade under
// "connections/fadeAfterMs".
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ConnectionsModel.h"

#include <QList>
#include <QWidget>

class QAction;
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

  QTableView* view() const { return view_; }
  /// Kick, kick all of server, pin.
  QList<QAction*> connectionActions() const;

  /// The connection selected in the table, nullptr when none.
  const ConnectionsModel::Connection* selectedConnection() const;
  void clearSelection();

  void saveSettings(QSettings& settings) const;
  void restoreSettings(const QSettings& settings);

public slots:
  void kickConnection();
  void kickAllOfServer();
  void togglePin();

signals:
  /// Another connection (or none) is selected.
  void selectionChanged();
  /// A message for the status bar, shown for `timeoutMs`.
  void message(const QString& text, int timeoutMs);

private:
  void createActions();
  QToolBar* createToolBar();
  void createView();
  void updateActions();
  int selectedRow() const;

  ServerManager* manager_;
  ConnectionsModel* model_;
  QTableView* view_ = nullptr;
  QSpinBox* fadeSpin_ = nullptr;

  QAction* kickAction_ = nullptr;
  QAction* kickAllAction_ = nullptr;
  QAction* pinAction_ = nullptr;
};
