// LogPanel: the request log — its filters (server, kind of event, text or regular expression
// in one field or any, the connection selected in a ConnectionsPanel), its tool bar (pause,
// follow, hex, clear, export, how many rows it keeps and how many payload bytes it captures),
// its table, a status line under the table (an invalid expression; rows dropped because the
// log is full) and, below, the detail pane of the selected row (LogDetailView).
//
//   auto* log = new LogPanel(&manager, &logModel, &logFilter, window);
//   log->followConnections(connectionsPanel);      // show the selected connection's rows only
//   menu->addActions(log->logActions());            // find, pause, follow, hex, details, ...
//
// Object names: serverFilterCombo, directionCombo, filterEdit, filterFieldCombo, regexCheck,
// connectionFilterLabel, logToolBar, keepLabel, capacitySpin, captureLabel, payloadCapSpin,
// logSplitter, logView, filterErrorLabel, droppedLabel, logDetail; actions pauseAction,
// followAction, hexAction, detailsAction, clearLogAction, findAction, exportAction.
//
// Settings: under "view/" the header (logHeader), hex, follow, direction, filterField, regex,
// details and the splitter (logSplitter); under "log/" capacity and payloadCap.
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include <QList>
#include <QWidget>

class ConnectionsPanel;
class ElidedLabel;
class LogDetailView;
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
class QSplitter;
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
  /// Find, pause, follow, hex, clear, export, memory budget: the Log menu.
  QList<QAction*> logActions() const;
  QAction* exportAction() const { return exportAction_; }

  /// Shows only the rows of the connection selected in `connections` (all when none), and lets
  /// the filter row's clear button deselect it.
  void followConnections(ConnectionsPanel* connections);

  /// Writes the log rows the filter shows as the view shows them (the Event column's words;
  /// payloads in hex when Hex is on); false with `error` set when the file cannot be written.
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
  /// Asks for the console's memory budget (ServerManager::setMemoryBudget), in MiB.
  void memoryBudgetDialog();
  void createToggleActions();
  void createCommandActions();
  QHBoxLayout* createFilterRow();
  void createFilterWidgets();
  QToolBar* createToolBar();
  void createCaptureSpins(QToolBar* toolBar);
  void createView();
  QWidget* createSplitter();
  void refreshServerFilter();
  void applyLogFilter();
  void applyTextFilter();
  void applyConnectionFilter();
  /// Shows the row selected in the view (the current one of several) in the detail pane.
  void showSelectedRow();

  ServerManager* manager_;
  LogModel* log_;
  LogFilterModel* filter_;
  ConnectionsPanel* connections_ = nullptr;
  QTableView* view_ = nullptr;

  QComboBox* serverFilterCombo_ = nullptr;
  QComboBox* directionCombo_ = nullptr;
  QLineEdit* filterEdit_ = nullptr;
  QString filterTip_;
  QComboBox* fieldCombo_ = nullptr;
  QCheckBox* regexCheck_ = nullptr;
  QLabel* connectionFilterLabel_ = nullptr;
  QToolButton* clearConnectionFilterButton_ = nullptr;
  ElidedLabel* filterErrorLabel_ = nullptr;
  ElidedLabel* droppedLabel_ = nullptr;
  QSplitter* splitter_ = nullptr;
  LogDetailView* detail_ = nullptr;
  QSpinBox* capacitySpin_ = nullptr;
  QSpinBox* payloadCapSpin_ = nullptr;

  QAction* pauseAction_ = nullptr;
  QAction* followAction_ = nullptr;
  QAction* hexAction_ = nullptr;
  QAction* detailsAction_ = nullptr;
  QAction* clearLogAction_ = nullptr;
  QAction* memoryBudgetAction_ = nullptr;
  QAction* findAction_ = nullptr;
  QAction* exportAction_ = nullptr;
};
