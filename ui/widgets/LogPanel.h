// LogPanel: the request log — its filters (server, kind of event, text or regular expression,
// the connection selected in a ConnectionsPanel), its tool bar (pause, follow, hex, clear,
// export, how many rows it keeps and how many payload bytes it captures) and its table.
//
//   auto* log = new LogPanel(&manager, &logModel, &logFilter, window);
//   log->followConnections(connectionsPanel);      // show the selected connection's rows only
//   menu->addActions(log->logActions());            // find, pause, follow, hex, clear, export
//
// Object names: serverFilterCombo, directionCombo, filterEdit, regexCheck,
// connectionFilterLabel, logToolBar, capacitySpin, payloadCapSpin, logView, droppedLabel;
// actions pauseAction, followAction, hexAction, clearLogAction, findAction, exportAction.
//
// Settings: under "view/" the header (logHeader), hex, follow, direction and regex; under
// "log/" capacity and payloadCap.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include <QList>
#include <QWidget>

class ConnectionsPanel;
class LogFilterModel;
class LogModel;
class QAction;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSettings;
class QSpinBox;
class QTableView;
class QToolBar;
class QToolButton;
class ServerManager;

class LogPanel : public QWidget {
  Q_OBJECT

public:
  enum class ExportFormat { Csv, JsonLines };

  /// `manager`, `log` and `filter` (which sits on `log`) outlive the panel.
  LogPanel(ServerManager* manager, LogModel* log, LogFilterModel* filter,
           QWidget* parent = nullptr);

  QTableView* view() const { return view_; }
  /// Find, pause, follow, hex, clear, export: the Log menu.
  QList<QAction*> logActions() const;
  QAction* exportAction() const { return exportAction_; }

  /// Shows only the rows of the connection selected in `connections` (all when none), and lets
  /// the filter row's clear button deselect it.
  void followConnections(ConnectionsPanel* connections);

  /// Writes the log rows the filter shows; false with `error` set when the file cannot be written.
  bool exportLog(const QString& path, ExportFormat format, QString* error = nullptr) const;

  /// Shows how many old rows the log has dropped, if any.
  void updateDroppedLabel();

  void saveSettings(QSettings& settings) const;
  void restoreSettings(const QSettings& settings);

public slots:
  void clearLog();
  void findInLog();
  void exportLogDialog();

signals:
  /// The rows shown changed otherwise than by new events (filtered, cleared).
  void rowsShownChanged();
  /// A message for the status bar, shown for `timeoutMs`.
  void message(const QString& text, int timeoutMs);

private:
  void createToggleActions();
  void createCommandActions();
  QHBoxLayout* createFilterRow();
  void createFilterWidgets();
  QToolBar* createToolBar();
  void createCaptureSpins(QToolBar* toolBar);
  void createView();
  void refreshServerFilter();
  void applyLogFilter();
  void applyConnectionFilter();

  ServerManager* manager_;
  LogModel* log_;
  LogFilterModel* filter_;
  ConnectionsPanel* connections_ = nullptr;
  QTableView* view_ = nullptr;

  QComboBox* serverFilterCombo_ = nullptr;
  QComboBox* directionCombo_ = nullptr;
  QLineEdit* filterEdit_ = nullptr;
  QCheckBox* regexCheck_ = nullptr;
  QLabel* connectionFilterLabel_ = nullptr;
  QToolButton* clearConnectionFilterButton_ = nullptr;
  QLabel* droppedLabel_ = nullptr;
  QSpinBox* capacitySpin_ = nullptr;
  QSpinBox* payloadCapSpin_ = nullptr;

  QAction* pauseAction_ = nullptr;
  QAction* followAction_ = nullptr;
  QAction* hexAction_ = nullptr;
  QAction* clearLogAction_ = nullptr;
  QAction* findAction_ = nullptr;
  QAction* exportAction_ = nullptr;
};
