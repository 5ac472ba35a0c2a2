// ServersPanel: the servers table with its tool bar — add, edit, duplicate, remove, start and
// stop the servers a ServerManager runs — and the servers' persistence: the list is saved to the
// settings whenever it changes, and can be replaced by or saved as a profile (JSON).
//
//   auto* panel = new ServersPanel(&manager, &serversModel, dock);
//   menu->addActions(panel->editActions());        // the window builds its menus from these
//   panel->restoreSettings(settings);              // the saved servers, or the starter profile
//
// Object names: serversToolBar, serversView; actions addAction, editAction, duplicateAction,
// removeAction, startAction, stopAction, startAllAction, stopAllAction, openProfileAction,
// saveProfileAction.
//
// Settings: the servers as profile JSON under "servers/profile" (a list it cannot fully read is
// kept under "servers/unreadable" and reported through settingsProblem()), and the table's
// header under "view/serversHeader".
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include <QByteArray>
#include <QList>
#include <QWidget>

class QAction;
class QSettings;
class QTableView;
class ServerManager;
class ServersModel;
struct ServerSpec;

class ServersPanel : public QWidget {
  Q_OBJECT

public:
  /// `manager` and `model` outlive the panel (the window owns them).
  ServersPanel(ServerManager* manager, ServersModel* model, QWidget* parent = nullptr);

  QTableView* view() const { return view_; }

  /// The server selected in the table, 0 when none.
  int selectedServerId() const;
  void selectServer(int id);

  /// Add, edit, duplicate, remove: what changes the list.
  QList<QAction*> editActions() const;
  /// Start, stop, start all, stop all.
  QList<QAction*> runActions() const;
  /// Open a profile, save the servers as one.
  QList<QAction*> profileActions() const;

  /// Replaces the servers with those of the profile at `path`; false with `error` set when it
  /// cannot be read (the servers are then left as they were).
  bool openProfile(const QString& path, QString* error = nullptr);
  bool saveProfile(const QString& path, QString* error = nullptr) const;

  void saveSettings(QSettings& settings) const;
  /// Adds the saved servers: those that can be read, or the starter profile on a first launch.
  void restoreServers(QSettings& settings);
  /// Restores the header and selects the first server.
  void restoreSettings(const QSettings& settings);

public slots:
  void addServer();
  void editServer();
  void duplicateServer();
  void removeServer();
  void startServer();
  void stopServer();
  void openProfileDialog();
  void saveProfileDialog();

signals:
  /// A message for the status bar, shown for `timeoutMs`.
  void message(const QString& text, int timeoutMs);
  /// Part of the saved list could not be read; `text` says what and where it is kept.
  void settingsProblem(const QString& text);

private:
  void createEditActions();
  void createRunActions();
  void createProfileActions();
  void createView();
  void updateActions();
  void saveServers() const;
  /// The servers to start from: the saved ones that can be read, or the starter profile.
  QList<ServerSpec> readSavedServers(QSettings& settings);

  ServerManager* manager_;
  ServersModel* model_;
  QTableView* view_ = nullptr;

  QAction* addAction_ = nullptr;
  QAction* editAction_ = nullptr;
  QAction* duplicateAction_ = nullptr;
  QAction* removeAction_ = nullptr;
  QAction* startAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* startAllAction_ = nullptr;
  QAction* stopAllAction_ = nullptr;
  QAction* openProfileAction_ = nullptr;
  QAction* saveProfileAction_ = nullptr;
  bool restoring_ = false;
  /// The list as saveServers() last wrote it (a cache: writing the same again is skipped).
  mutable QByteArray savedServers_;
};
