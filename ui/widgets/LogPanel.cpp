#include "LogPanel.h"

#include "ConnectionsPanel.h"
#include "ConsoleStyle.h"
#include "ElidedLabel.h"
#include "LogDetailView.h"
#include "LogFilterModel.h"
#include "LogModel.h"
#include "PanelParts.h"
#include "ServerEntry.h"
#include "ServerManager.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

LogPanel::LogPanel(ServerManager* manager, LogModel* log, LogFilterModel* filter, QWidget* parent)
    : QWidget(parent), manager_(manager), log_(log), filter_(filter) {
  createToggleActions();
  createCommandActions();
  QHBoxLayout* filterRow = createFilterRow();
  QToolBar* toolBar = createToolBar();
  createView();

  // The tool bar has the title's row to itself: a notice there would push Keep and Capture
  // into the tool bar's overflow menu. Notices go on the status line under the table.
  auto* title = new QLabel(tr("<b>Request log</b>"), this);
  auto* top = new QHBoxLayout;
  top->addWidget(title);
  top->addSpacing(8);
  top->addWidget(toolBar, 1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  layout->addLayout(top);
  layout->addLayout(filterRow);
  layout->addWidget(createSplitter(), 1);
  refreshServerFilter();
  for (const auto listChanged :
       {&ServerManager::serverAdded, &ServerManager::serverRemoved, &ServerManager::serverChanged})
    connect(manager_, listChanged, this, &LogPanel::refreshServerFilter);
}

void LogPanel::createToggleActions() {
  using PanelParts::makeAction;
  pauseAction_ = makeAction(this, QStringLiteral("pauseAction"), tr("&Pause"),
                            tr("Hold new log rows back (they appear when you resume)"),
                            QKeySequence(Qt::CTRL | Qt::Key_P), QStyle::SP_MediaPause);
  pauseAction_->setCheckable(true);
  connect(pauseAction_, &QAction::toggled, log_, &LogModel::setPaused);
  followAction_ = makeAction(this, QStringLiteral("followAction"), tr("F&ollow"),
                             tr("Keep the newest log row in view"),
                             QKeySequence(Qt::CTRL | Qt::Key_J), QStyle::SP_ArrowDown);
  followAction_->setCheckable(true);
  followAction_->setChecked(true);
  hexAction_ = makeAction(this, QStringLiteral("hexAction"), tr("&Hex"),
                          tr("Show payloads as hex instead of escaped text"),
                          QKeySequence(Qt::CTRL | Qt::Key_H));
  hexAction_->setCheckable(true);
  connect(hexAction_, &QAction::toggled, log_, &LogModel::setHexMode);
  detailsAction_ = makeAction(this, QStringLiteral("detailsAction"), tr("Row &details"),
                              tr("Show the selected row whole under the log: its payload as "
                                 "text and as hex, ready to copy"));
  detailsAction_->setCheckable(true);
  detailsAction_->setChecked(true);
}

void LogPanel::createCommandActions() {
  using PanelParts::makeAction;
  clearLogAction_ = makeAction(this, QStringLiteral("clearLogAction"), tr("&Clear"),
                               tr("Remove every row from the log"),
                               QKeySequence(Qt::CTRL | Qt::Key_L), QStyle::SP_DialogResetButton);
  connect(clearLogAction_, &QAction::triggered, this, &LogPanel::clearLog);
  findAction_ = makeAction(this, QStringLiteral("findAction"), tr("&Find in log"),
                           tr("Filter the log by text"), QKeySequence::Find);
  connect(findAction_, &QAction::triggered, this, &LogPanel::findInLog);
  exportAction_ = makeAction(this, QStringLiteral("exportAction"), tr("E&xport…"),
                             tr("Save the visible log rows as CSV or JSON Lines"),
                             QKeySequence(Qt::CTRL | Qt::Key_E), QStyle::SP_DialogSaveButton);
  connect(exportAction_, &QAction::triggered, this, &LogPanel::exportLogDialog);
  memoryBudgetAction_ =
      makeAction(this, QStringLiteral("memoryBudgetAction"), tr("&Memory budget…"),
                 tr("The most memory the console holds for the traffic it shows, for every "
                    "server together"));
  connect(memoryBudgetAction_, &QAction::triggered, this, &LogPanel::memoryBudgetDialog);
}

void LogPanel::memoryBudgetDialog() {
  const auto mebibytes = [](qint64 bytes) {
    return static_cast<int>(bytes / MemoryBudget::mebibyte);
  };
  bool ok = false;
  const int chosen = QInputDialog::getInt(
      this, tr("Memory budget"),
      tr("One budget for the whole console, whatever the number of servers: the events on "
         "their way to the log and the log's rows with their payloads (MiB). Beyond it the "
         "oldest rows go and new data events are dropped, with a notice in the log; the "
         "counters stay exact."),
      mebibytes(manager_->memoryBudget().limit()), mebibytes(MemoryBudget::minimumBytes),
      mebibytes(MemoryBudget::maximumBytes), 16, &ok);
  if (ok)
    manager_->setMemoryBudget(chosen * MemoryBudget::mebibyte);
}

QList<QAction*> LogPanel::logActions() const {
  return {findAction_,    pauseAction_,    followAction_, hexAction_,
          detailsAction_, clearLogAction_, exportAction_, memoryBudgetAction_};
}

void LogPanel::createFilterWidgets() {
  serverFilterCombo_ = new QComboBox(this);
  serverFilterCombo_->setObjectName(QStringLiteral("serverFilterCombo"));
  serverFilterCombo_->setToolTip(tr("Show the rows of one server only"));
  serverFilterCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  serverFilterCombo_->setMinimumContentsLength(12);
  directionCombo_ = new QComboBox(this);
  directionCombo_->setObjectName(QStringLiteral("directionCombo"));
  directionCombo_->setToolTip(tr("Show one kind of event only"));
  using D = LogFilterModel::Direction;
  const std::pair<D, QString> directions[] = {{D::All, tr("All events")},
                                              {D::Received, tr("Received")},
                                              {D::Sent, tr("Sent")},
                                              {D::Traffic, tr("Received and sent")},
                                              {D::Connections, tr("Opened / closed")},
                                              {D::ServerEvents, tr("Server events")},
                                              {D::Problems, tr("Errors and rejections")}};
  for (const auto& [direction, label] : directions)
    directionCombo_->addItem(label, static_cast<int>(direction));
  filterEdit_ = new QLineEdit(this);
  filterEdit_->setObjectName(QStringLiteral("filterEdit"));
  filterEdit_->setPlaceholderText(tr("Filter text…"));
  filterEdit_->setClearButtonEnabled(true);
  filterTip_ = tr("Show the rows whose chosen field contains this text (%1)")
                   .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText));
  filterEdit_->setToolTip(filterTip_);
  fieldCombo_ = new QComboBox(this);
  fieldCombo_->setObjectName(QStringLiteral("filterFieldCombo"));
  fieldCombo_->setToolTip(tr("Where the filter looks: the payload as the log shows it (escaped, "
                             "or hex when Hex is on), the client's address, or any of payload, "
                             "client, server and event, each on its own so that ^ and $ anchor "
                             "to it"));
  using F = LogFilterModel::Field;
  const std::pair<F, QString> fields[] = {
      {F::Any, tr("Any field")}, {F::Payload, tr("Payload")}, {F::Peer, tr("Client address")}};
  for (const auto& [field, label] : fields)
    fieldCombo_->addItem(label, static_cast<int>(field));
  regexCheck_ = new QCheckBox(tr("Regex"), this);
  regexCheck_->setObjectName(QStringLiteral("regexCheck"));
  regexCheck_->setToolTip(tr("Read the filter text as a regular expression"));
}

QHBoxLayout* LogPanel::createFilterRow() {
  createFilterWidgets();
  connectionFilterLabel_ = new QLabel(this);
  connectionFilterLabel_->setObjectName(QStringLiteral("connectionFilterLabel"));
  connectionFilterLabel_->hide();
  clearConnectionFilterButton_ = new QToolButton(this);
  clearConnectionFilterButton_->setIcon(style()->standardIcon(QStyle::SP_LineEditClearButton));
  clearConnectionFilterButton_->setToolTip(tr("Show every connection again"));
  clearConnectionFilterButton_->setAutoRaise(true);
  clearConnectionFilterButton_->hide();

  connect(serverFilterCombo_, &QComboBox::currentIndexChanged, this, &LogPanel::applyLogFilter);
  connect(directionCombo_, &QComboBox::currentIndexChanged, this, &LogPanel::applyLogFilter);
  connect(filterEdit_, &QLineEdit::textChanged, this, &LogPanel::applyLogFilter);
  connect(fieldCombo_, &QComboBox::currentIndexChanged, this, &LogPanel::applyLogFilter);
  connect(regexCheck_, &QCheckBox::toggled, this, &LogPanel::applyLogFilter);

  auto* filterRow = new QHBoxLayout;
  filterRow->setSpacing(6);
  filterRow->addWidget(serverFilterCombo_);
  filterRow->addWidget(directionCombo_);
  filterRow->addWidget(filterEdit_, 1);
  filterRow->addWidget(fieldCombo_);
  filterRow->addWidget(regexCheck_);
  filterRow->addWidget(connectionFilterLabel_);
  filterRow->addWidget(clearConnectionFilterButton_);
  return filterRow;
}

QToolBar* LogPanel::createToolBar() {
  QToolBar* toolBar = PanelParts::makeToolBar(this, tr("Log"), QStringLiteral("logToolBar"));
  toolBar->addActions({pauseAction_, followAction_, hexAction_, clearLogAction_, exportAction_});
  toolBar->addSeparator();
  createCaptureSpins(toolBar);
  return toolBar;
}

void LogPanel::createCaptureSpins(QToolBar* toolBar) {
  auto* keepLabel = new QLabel(tr("Keep:"), toolBar);
  keepLabel->setObjectName(QStringLiteral("keepLabel"));
  toolBar->addWidget(keepLabel);
  capacitySpin_ =
      PanelParts::makeSpin(toolBar, QStringLiteral("capacitySpin"), 100, 10000000, tr(" rows"),
                           tr("The most rows the log keeps; older rows are dropped"));
  capacitySpin_->setSingleStep(10000);
  capacitySpin_->setGroupSeparatorShown(true);
  capacitySpin_->setValue(LogModel::defaultCapacity);
  connect(capacitySpin_, &QSpinBox::valueChanged, log_, &LogModel::setCapacity);
  toolBar->addWidget(capacitySpin_);
  auto* captureLabel = new QLabel(tr("Capture:"), toolBar);
  captureLabel->setObjectName(QStringLiteral("captureLabel"));
  toolBar->addWidget(captureLabel);
  payloadCapSpin_ =
      PanelParts::makeSpin(toolBar, QStringLiteral("payloadCapSpin"), 0, 1 << 20, tr(" bytes"),
                           tr("The most payload bytes the log keeps of each received or sent "
                              "event (sizes stay exact); 0 keeps none"));
  payloadCapSpin_->setSingleStep(256);
  payloadCapSpin_->setGroupSeparatorShown(true);
  payloadCapSpin_->setValue(manager_->payloadCap());
  connect(payloadCapSpin_, &QSpinBox::valueChanged, manager_, &ServerManager::setPayloadCap);
  toolBar->addWidget(payloadCapSpin_);
}

void LogPanel::createView() {
  view_ = PanelParts::makeTable(this, QStringLiteral("logView"));
  view_->setModel(filter_);
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->setToolTip(QString());
  const std::pair<int, int> widths[] = {{LogModel::Time, 13},
                                        {LogModel::Server, 22},
                                        {LogModel::Peer, 24},
                                        {LogModel::Event, 12},
                                        {LogModel::Size, 7}};
  QHeaderView* header = view_->horizontalHeader();
  PanelParts::resizeColumns(header, fontMetrics(), widths);
  header->resizeSection(LogModel::Time, PanelParts::timeColumnWidth(fontMetrics()));
  PanelParts::fitColumnToTexts(view_, LogModel::Event, log_->eventTexts());
  connect(filter_, &QAbstractItemModel::rowsInserted, this, [this] {
    if (followAction_->isChecked())
      view_->scrollToBottom();
  });

  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &LogPanel::showSelectedRow);
  // A reset (Clear) empties the selection without a selectionChanged; filtering and the
  // ring's trimming move rows: the pane checks which row is selected after each.
  connect(filter_, &QAbstractItemModel::modelReset, this, &LogPanel::showSelectedRow);
  connect(filter_, &QAbstractItemModel::layoutChanged, this, &LogPanel::showSelectedRow);
  connect(filter_, &QAbstractItemModel::rowsRemoved, this, &LogPanel::showSelectedRow);
}

QWidget* LogPanel::createSplitter() {
  filterErrorLabel_ = new ElidedLabel(this);
  filterErrorLabel_->setObjectName(QStringLiteral("filterErrorLabel"));
  filterErrorLabel_->setStyleSheet(ConsoleStyle::textColorSheet(ConsoleStyle::problemColor()));
  filterErrorLabel_->hide();
  droppedLabel_ = new ElidedLabel(this);
  droppedLabel_->setObjectName(QStringLiteral("droppedLabel"));
  droppedLabel_->setStyleSheet(ConsoleStyle::textColorSheet(ConsoleStyle::noticeColor()));
  droppedLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  droppedLabel_->hide();
  auto* status = new QHBoxLayout;
  status->setContentsMargins(2, 0, 2, 0);
  status->addWidget(filterErrorLabel_, 3); // the more pressing of the two, when both show
  status->addWidget(droppedLabel_, 2);

  auto* logPart = new QWidget(this);
  auto* logLayout = new QVBoxLayout(logPart);
  logLayout->setContentsMargins(0, 0, 0, 0);
  logLayout->setSpacing(2);
  logLayout->addWidget(view_, 1);
  logLayout->addLayout(status);

  detail_ = new LogDetailView(log_, this);
  connect(detail_, &LogDetailView::message, this, &LogPanel::message);
  connect(detailsAction_, &QAction::toggled, detail_, &QWidget::setVisible);
  splitter_ = new QSplitter(Qt::Vertical, this);
  splitter_->setObjectName(QStringLiteral("logSplitter"));
  splitter_->setChildrenCollapsible(false);
  splitter_->addWidget(logPart);
  splitter_->addWidget(detail_);
  splitter_->setStretchFactor(0, 3);
  splitter_->setStretchFactor(1, 2);
  return splitter_;
}

void LogPanel::showSelectedRow() {
  const QItemSelectionModel* selection = view_->selectionModel();
  const QModelIndexList rows = selection->selectedRows();
  QModelIndex shown;
  if (selection->isRowSelected(view_->currentIndex().row()))
    shown = view_->currentIndex();
  else if (!rows.isEmpty())
    shown = rows.constLast();
  detail_->showRow(shown.isValid() ? filter_->mapToSource(shown).row() : -1);
}

void LogPanel::followConnections(ConnectionsPanel* connections) {
  connections_ = connections;
  connect(connections_, &ConnectionsPanel::selectionChanged, this, &LogPanel::applyLogFilter);
  connect(clearConnectionFilterButton_, &QToolButton::clicked, connections_,
          &ConnectionsPanel::clearSelection);
}

void LogPanel::refreshServerFilter() {
  const int current = serverFilterCombo_->currentData().toInt();
  const QSignalBlocker blocker(serverFilterCombo_);
  serverFilterCombo_->clear();
  serverFilterCombo_->addItem(tr("All servers"), 0);
  for (int row = 0; row < manager_->count(); ++row) {
    const ServerEntry& e = manager_->at(row);
    serverFilterCombo_->addItem(e.spec.displayName(), e.id);
  }
  const int index = serverFilterCombo_->findData(current);
  serverFilterCombo_->setCurrentIndex(index >= 0 ? index : 0);
  if (index < 0 && current != 0)
    applyLogFilter();
}

void LogPanel::applyLogFilter() {
  filter_->setDirection(
      static_cast<LogFilterModel::Direction>(directionCombo_->currentData().toInt()));
  filter_->setField(static_cast<LogFilterModel::Field>(fieldCombo_->currentData().toInt()));
  applyTextFilter();
  applyConnectionFilter();
  emit rowsShownChanged();
}

void LogPanel::applyTextFilter() {
  QString error;
  if (filter_->setText(filterEdit_->text(), regexCheck_->isChecked(), &error)) {
    // Said beside the filter (not in the status bar, where it would outlive the mistake) and
    // gone as soon as the text is valid again.
    filterEdit_->setStyleSheet(QString());
    filterEdit_->setToolTip(filterTip_);
    filterErrorLabel_->hide();
    return;
  }
  const QString said = tr("%1 (the log still shows the last valid filter)").arg(error);
  filterEdit_->setStyleSheet(
      QStringLiteral("QLineEdit { color: %1; }").arg(ConsoleStyle::problemColor().name()));
  filterEdit_->setToolTip(said);
  filterErrorLabel_->setText(said);
  filterErrorLabel_->setToolTip(said);
  filterErrorLabel_->show();
}

void LogPanel::applyConnectionFilter() {
  if (const auto* c = connections_ ? connections_->selectedConnection() : nullptr) {
    filter_->setConnection(c->serverId, c->requestId);
    connectionFilterLabel_->setText(
        tr("Connection #%1 of %2")
            .arg(c->requestId)
            .arg(serverFilterCombo_->itemText(serverFilterCombo_->findData(c->serverId))));
    connectionFilterLabel_->show();
    clearConnectionFilterButton_->show();
  } else {
    filter_->setConnection(serverFilterCombo_->currentData().toInt(), 0);
    connectionFilterLabel_->hide();
    clearConnectionFilterButton_->hide();
  }
}

void LogPanel::updateDroppedLabel() {
  if (log_->droppedCount() > 0) {
    const QLocale locale;
    const QString dropped = locale.toString(log_->droppedCount());
    const QString kept = locale.toString(log_->capacity());
    droppedLabel_->setText(tr("%1 oldest rows dropped (the log keeps %2)").arg(dropped, kept));
    droppedLabel_->setToolTip(tr("The log is full: it keeps the newest %2 rows and has dropped "
                                 "the %1 oldest. Raise Keep in the tool bar to keep more, or "
                                 "export the rows you need.")
                                  .arg(dropped, kept));
    droppedLabel_->show();
  } else {
    droppedLabel_->hide();
  }
}

void LogPanel::clearLog() {
  log_->clear();
  emit rowsShownChanged();
}

void LogPanel::findInLog() {
  filterEdit_->setFocus(Qt::ShortcutFocusReason);
  filterEdit_->selectAll();
}

bool LogPanel::exportLog(const QString& path, ExportFormat format, QString* error) const {
  const QList<int> rows = filter_->visibleSourceRows();
  const QByteArray bytes =
      format == ExportFormat::Csv ? log_->toCsv(rows) : log_->toJsonLines(rows);
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    if (error)
      *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
  }
  return true;
}

void LogPanel::exportLogDialog() {
  const QString csvFilter = tr("CSV (*.csv)");
  const QString jsonFilter = tr("JSON Lines (*.jsonl)");
  QString selected = csvFilter;
  const QLocale locale;
  const QString shown = locale.toString(filter_->rowCount());
  const QString all = locale.toString(log_->rowCount());
  QString path = QFileDialog::getSaveFileName(
      this, tr("Export the %1 of %2 log rows the filter shows").arg(shown, all),
      QStringLiteral("socketserver-log.csv"), csvFilter + QStringLiteral(";;") + jsonFilter,
      &selected);
  if (path.isEmpty())
    return;
  const bool json = selected == jsonFilter || path.endsWith(QLatin1String(".jsonl")) ||
                    path.endsWith(QLatin1String(".json"));
  QString error;
  if (!exportLog(path, json ? ExportFormat::JsonLines : ExportFormat::Csv, &error)) {
    QMessageBox::warning(this, tr("Export failed"), error);
    return;
  }
  const QString where = QDir::toNativeSeparators(path);
  emit message(log_->hexMode()
                   ? tr("Exported %1 of %2 rows (those the filter shows) to %3, payloads in hex "
                        "as the view shows them")
                         .arg(shown, all, where)
                   : tr("Exported %1 of %2 rows (those the filter shows) to %3, payloads as "
                        "escaped text as the view shows them")
                         .arg(shown, all, where),
               10000);
}

void LogPanel::saveSettings(QSettings& settings) const {
  settings.setValue(QStringLiteral("view/logHeader"), view_->horizontalHeader()->saveState());
  settings.setValue(QStringLiteral("view/hex"), hexAction_->isChecked());
  settings.setValue(QStringLiteral("view/follow"), followAction_->isChecked());
  settings.setValue(QStringLiteral("view/direction"), directionCombo_->currentIndex());
  settings.setValue(QStringLiteral("view/filterField"), fieldCombo_->currentIndex());
  settings.setValue(QStringLiteral("view/regex"), regexCheck_->isChecked());
  settings.setValue(QStringLiteral("view/details"), detailsAction_->isChecked());
  settings.setValue(QStringLiteral("view/logSplitter"), splitter_->saveState());
  settings.setValue(QStringLiteral("log/capacity"), log_->capacity());
  settings.setValue(QStringLiteral("log/payloadCap"), manager_->payloadCap());
  settings.setValue(QStringLiteral("log/memoryBudgetMiB"),
                    manager_->memoryBudget().limit() / MemoryBudget::mebibyte);
}

void LogPanel::restoreSettings(const QSettings& settings) {
  view_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/logHeader")).toByteArray());
  hexAction_->setChecked(settings.value(QStringLiteral("view/hex"), false).toBool());
  followAction_->setChecked(settings.value(QStringLiteral("view/follow"), true).toBool());
  directionCombo_->setCurrentIndex(
      std::clamp(settings.value(QStringLiteral("view/direction"), 0).toInt(), 0,
                 directionCombo_->count() - 1));
  fieldCombo_->setCurrentIndex(std::clamp(
      settings.value(QStringLiteral("view/filterField"), 0).toInt(), 0, fieldCombo_->count() - 1));
  regexCheck_->setChecked(settings.value(QStringLiteral("view/regex"), false).toBool());
  detailsAction_->setChecked(settings.value(QStringLiteral("view/details"), true).toBool());
  splitter_->restoreState(settings.value(QStringLiteral("view/logSplitter")).toByteArray());
  capacitySpin_->setValue(
      settings.value(QStringLiteral("log/capacity"), LogModel::defaultCapacity).toInt());
  payloadCapSpin_->setValue(
      settings.value(QStringLiteral("log/payloadCap"), manager_->payloadCap()).toInt());
  const qint64 budgetMiB = settings
                               .value(QStringLiteral("log/memoryBudgetMiB"),
                                      manager_->memoryBudget().limit() / MemoryBudget::mebibyte)
                               .toLongLong();
  manager_->setMemoryBudget(budgetMiB * MemoryBudget::mebibyte);
}
