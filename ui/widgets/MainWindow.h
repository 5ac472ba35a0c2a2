// The console's main window: the servers panel (top), the request log (centre), live
// connections (bottom) and the test client (right), as docks the user can rearrange. It owns
// the ServerManager and the models; views only display, actions call the manager.
//
// Settings (QSettings, the application's default scope): the servers as profile JSON, window
// geometry and dock state, table headers, view choices and the client's history. With no saved
// servers (first launch) the window starts from ServerProfile::starterProfile().
#pragma once

#include "LogFilterModel.h"

#include <QMainWindow>
#include <QTimer>

class ClientPanel;
class ConnectionsModel;
class LogModel;
class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QToolButton;
class ServerEditorDialog;
class ServerManager;
class ServersModel;

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  enum class ExportFormat { Csv, JsonLines };
  /// The nice increment of the servers the window runs (ServerManager::setServerNiceIncrement).
  static constexpr int serverNiceIncrement = 5;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  ServerManager* manager() const { return manager_; }
  ServersModel* serversModel() const { return serversModel_; }
  ConnectionsModel* connectionsModel() const { return connectionsModel_; }
  LogModel* logModel() const { return logModel_; }
  LogFilterModel* logFilter() const { return logFilter_; }
  QTableView* serversView() const { return serversView_; }
  QTableView* connectionsView() const { return connectionsView_; }
  QTableView* logView() const { return logView_; }
  ClientPanel* clientPanel() const { return clientPanel_; }

  /// The server selected in the servers table, 0 when none.
  int selectedServerId() const;
  void selectServer(int id);

  /// Writes the log rows the filter shows; false with `error` set when the file cannot be written.
  bool exportLog(const QString& path, ExportFormat format, QString* error = nullptr) const;
  bool openProfile(const QString& path, QString* error = nullptr);
  bool saveProfile(const QString& path, QString* error = nullptr) const;

  void saveSettings() const;

public slots:
  void addServer();
  void editServer();
  void duplicateServer();
  void removeServer();
  void startServer();
  void stopServer();
  void kickConnection();
  void kickAllOfServer();
  void togglePin();
  void clearLog();
  void findInLog();
  void exportLogDialog();
  void openProfileDialog();
  void saveProfileDialog();

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void createActions();
  void createMenus();
  QWidget* createServersPanel();
  QWidget* createConnectionsPanel();
  QWidget* createLogPanel();
  void createStatusBar();
  void restoreSettings();
  void saveServers() const;
  void updateActions();
  void updateStatus();
  void refreshServerFilter();
  void applyLogFilter();
  void connectionSelectionChanged();
  void showAbout();
  void showProblem(const QString& text);
  /// A problem with the saved settings: a line in the log (kept) and the status bar.
  void reportSettingsProblem(const QString& text);
  int selectedConnectionRow() const;

  ServerManager* manager_ = nullptr;
  ServersModel* serversModel_ = nullptr;
  ConnectionsModel* connectionsModel_ = nullptr;
  LogModel* logModel_ = nullptr;
  LogFilterModel* logFilter_ = nullptr;

  QTableView* serversView_ = nullptr;
  QTableView* connectionsView_ = nullptr;
  QTableView* logView_ = nullptr;
  ClientPanel* clientPanel_ = nullptr;
  QDockWidget* serversDock_ = nullptr;
  QDockWidget* connectionsDock_ = nullptr;
  QDockWidget* clientDock_ = nullptr;

  QComboBox* serverFilterCombo_ = nullptr;
  QComboBox* directionCombo_ = nullptr;
  QLineEdit* filterEdit_ = nullptr;
  QCheckBox* regexCheck_ = nullptr;
  QLabel* connectionFilterLabel_ = nullptr;
  QToolButton* clearConnectionFilterButton_ = nullptr;
  QLabel* droppedLabel_ = nullptr;
  QSpinBox* fadeSpin_ = nullptr;
  QSpinBox* capacitySpin_ = nullptr;
  QSpinBox* payloadCapSpin_ = nullptr;

  QLabel* serversStatus_ = nullptr;
  QLabel* trafficStatus_ = nullptr;
  QLabel* logStatus_ = nullptr;
  QTimer statusTimer_;

  QAction* addAction_ = nullptr;
  QAction* editAction_ = nullptr;
  QAction* duplicateAction_ = nullptr;
  QAction* removeAction_ = nullptr;
  QAction* startAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* startAllAction_ = nullptr;
  QAction* stopAllAction_ = nullptr;
  QAction* kickAction_ = nullptr;
  QAction* kickAllAction_ = nullptr;
  QAction* pinAction_ = nullptr;
  QAction* pauseAction_ = nullptr;
  QAction* followAction_ = nullptr;
  QAction* hexAction_ = nullptr;
  QAction* clearLogAction_ = nullptr;
  QAction* findAction_ = nullptr;
  QAction* exportAction_ = nullptr;
  QAction* openProfileAction_ = nullptr;
  QAction* saveProfileAction_ = nullptr;
  QAction* quitAction_ = nullptr;
  bool restoring_ = false;
};
