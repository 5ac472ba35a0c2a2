// The console's main window: a frame that docks the panels — the servers (top), the request log
// (centre), the live connections (bottom) and the test client (right), with sending from a
// server (Send…) as a tab beside the test client — which the user can rearrange. It owns the
// ServerManager and the models the panels show; each panel owns its actions, and the window builds
// its menus from them. It keeps the status bar, the About box, the language menu and the window's
// layout across restarts.
//
// Settings (QSettings, the application's default scope): the window's geometry and dock state
// here; each panel saves its own (the servers as profile JSON, table headers, view choices, the
// client's history). With no saved servers (first launch) the window starts from
// ServerProfile::starterProfile(); with ServerResume's choice on, it starts again the servers
// that were running when it last closed.
//
// Quitting: File → Quit, and SIGINT/SIGTERM when main() forwards them, call quit(): the
// settings are saved as the window closes, and the servers stop (their Unix socket files
// removed) as the window is destroyed.
#pragma once

#include "LogPanel.h"

#include <QMainWindow>
#include <QTimer>

class ClientPanel;
class ConnectionsModel;
class ConnectionsPanel;
class LogFilterModel;
class LogModel;
class QDockWidget;
class QLabel;
class QTableView;
class ServerManager;
class ServerResume;
class ServersModel;
class ServersPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  using ExportFormat = LogPanel::ExportFormat;
  /// The nice increment of the servers the window runs (ServerManager::setServerNiceIncrement):
  /// the lowest priority, so the one thread the person sees runs first. Under
  /// bench/flood/console_flood's threading flood (32 busy threads on 2 cores) +5 left the GUI
  /// thread waiting for a core 60 % of the time (stalls of 180-670 ms); +19 cut its wait to
  /// 2-5 % (stalls under 30 ms) without lowering the throughput: the servers still take every
  /// cycle the window does not want.
  static constexpr int serverNiceIncrement = 19;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  ServerManager* manager() const { return manager_; }
  ServersModel* serversModel() const { return serversModel_; }
  ConnectionsModel* connectionsModel() const { return connectionsModel_; }
  LogModel* logModel() const { return logModel_; }
  LogFilterModel* logFilter() const { return logFilter_; }
  ServersPanel* serversPanel() const { return serversPanel_; }
  ConnectionsPanel* connectionsPanel() const { return connectionsPanel_; }
  LogPanel* logPanel() const { return logPanel_; }
  ClientPanel* clientPanel() const { return clientPanel_; }
  QTableView* serversView() const;
  QTableView* connectionsView() const;
  QTableView* logView() const;

  /// The server selected in the servers table, 0 when none.
  int selectedServerId() const;
  void selectServer(int id);

  /// Writes the log rows the filter shows; false with `error` set when the file cannot be written.
  bool exportLog(const QString& path, ExportFormat format, QString* error = nullptr) const;
  bool openProfile(const QString& path, QString* error = nullptr);
  bool saveProfile(const QString& path, QString* error = nullptr) const;

  void saveSettings() const;

public slots:
  /// Closes any dialog the window has open, then the window: the application then ends as
  /// when its last window closes.
  void quit();

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void createModels();
  void createDocks();
  QWidget* createClientScroll(QDockWidget* dock);
  void createMenus();
  void createViewMenu();
  void createStatusBar();
  void connectStatus();
  void restoreSettings();
  void updateStatus();
  void showAbout();
  /// A problem with the saved settings: a line in the log (kept) and the status bar.
  void reportSettingsProblem(const QString& text);

  ServerManager* manager_ = nullptr;
  ServersModel* serversModel_ = nullptr;
  ConnectionsModel* connectionsModel_ = nullptr;
  LogModel* logModel_ = nullptr;
  LogFilterModel* logFilter_ = nullptr;
  ServerResume* resume_ = nullptr;

  ServersPanel* serversPanel_ = nullptr;
  ConnectionsPanel* connectionsPanel_ = nullptr;
  LogPanel* logPanel_ = nullptr;
  ClientPanel* clientPanel_ = nullptr;
  QDockWidget* serversDock_ = nullptr;
  QDockWidget* connectionsDock_ = nullptr;
  QDockWidget* clientDock_ = nullptr;
  QDockWidget* sendDock_ = nullptr; ///< the connections panel's send part

  QLabel* serversStatus_ = nullptr;
  QLabel* trafficStatus_ = nullptr;
  QLabel* logStatus_ = nullptr;
  QTimer statusTimer_;
};
