#include "MainWindow.h"

#include "ClientPanel.h"
#include "ConnectionsModel.h"
#include "ConsoleEvent.h"
#include "ConsoleVersion.h"
#include "LanguageMenu.h"
#include "LogModel.h"
#include "ServerEditorDialog.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "SparklineDelegate.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

const QString kServersKey = QStringLiteral("servers/profile");
// Where restoreSettings() keeps a saved list it could not fully read.
const QString kServersBackupKey = QStringLiteral("servers/unreadable");

QTableView* makeTable(QWidget* parent, const QString& name) {
  auto* view = new QTableView(parent);
  view->setObjectName(name);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->setAlternatingRowColors(true);
  view->setWordWrap(false);
  view->setTextElideMode(Qt::ElideRight);
  view->verticalHeader()->hide();
  view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
  view->horizontalHeader()->setHighlightSections(false);
  view->horizontalHeader()->setStretchLastSection(true);
  view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  return view;
}

// Column widths are counted in characters of the Latin text the tables mostly hold (addresses,
// numbers, times). averageCharWidth() alone does not do: under a Chinese locale the first font
// is a CJK one, whose average is that of its full-width glyphs, and every column would be twice
// too wide; the measured Latin width caps it.
int latinCharWidth(const QFontMetrics& metrics) {
  const QString sample = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
  const int measured =
      (metrics.horizontalAdvance(sample) + int(sample.size()) - 1) / int(sample.size());
  return std::min(metrics.averageCharWidth(), measured);
}

QAction* makeAction(QObject* parent, const QString& name, const QString& text, const QString& tip,
                    const QKeySequence& key = {},
                    QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
  auto* action = new QAction(text, parent);
  action->setObjectName(name);
  if (!key.isEmpty()) {
    action->setShortcut(key);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
  } else {
    action->setToolTip(tip);
  }
  action->setStatusTip(tip);
  // Toolbar buttons show iconText(), which Qt derives by dropping the '&' alone: a Chinese
  // "暂停(&P)" would read "暂停(P)" there. Drop the whole "(&P)", as the translations write it.
  static const QRegularExpression bracketedMnemonic(QStringLiteral("\\s*\\(&[^&]\\)"));
  if (text.contains(bracketedMnemonic))
    action->setIconText(QString(text).remove(bracketedMnemonic));
  if (icon != QStyle::SP_CustomBase)
    action->setIcon(QApplication::style()->standardIcon(icon));
  return action;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  // The resources live in a static library and nothing refers to their object file, so the
  // linker would drop it; registering them here keeps them. Registering twice is harmless.
  Q_INIT_RESOURCE(socketserver);

  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("SocketServer Console"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/socketserver-console.svg")));
  setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

  manager_ = new ServerManager(this);
  // Servers run a little below the window: 16 request threads busy at full speed would
  // otherwise leave the GUI thread waiting 100 ms and more for a core (bench/flood).
  manager_->setServerNiceIncrement(serverNiceIncrement);
  serversModel_ = new ServersModel(manager_, this);
  connectionsModel_ = new ConnectionsModel(manager_, this);
  logModel_ = new LogModel(manager_, this);
  logFilter_ = new LogFilterModel(this);
  logFilter_->setLogModel(logModel_);

  createActions();
  setCentralWidget(createLogPanel());

  serversDock_ = new QDockWidget(tr("Servers"), this);
  serversDock_->setObjectName(QStringLiteral("serversDock"));
  serversDock_->setWidget(createServersPanel());
  addDockWidget(Qt::TopDockWidgetArea, serversDock_);

  connectionsDock_ = new QDockWidget(tr("Connections"), this);
  connectionsDock_->setObjectName(QStringLiteral("connectionsDock"));
  connectionsDock_->setWidget(createConnectionsPanel());
  addDockWidget(Qt::BottomDockWidgetArea, connectionsDock_);

  clientDock_ = new QDockWidget(tr("Test client"), this);
  clientDock_->setObjectName(QStringLiteral("clientDock"));
  // In a scroll area so that the client's form never sets the window's minimum height.
  auto* clientScroll = new QScrollArea(clientDock_);
  clientScroll->setObjectName(QStringLiteral("clientScroll"));
  clientScroll->setWidgetResizable(true);
  clientScroll->setFrameShape(QFrame::NoFrame);
  clientScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  clientPanel_ = new ClientPanel(manager_, clientScroll);
  clientPanel_->setObjectName(QStringLiteral("clientPanel"));
  clientScroll->setWidget(clientPanel_);
  clientScroll->setMinimumWidth(clientPanel_->minimumSizeHint().width() +
                                clientScroll->verticalScrollBar()->sizeHint().width());
  clientDock_->setWidget(clientScroll);
  addDockWidget(Qt::RightDockWidgetArea, clientDock_);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

  createMenus();
  createStatusBar();

  connect(manager_, &ServerManager::serverAdded, this, [this] {
    saveServers();
    refreshServerFilter();
  });
  connect(manager_, &ServerManager::serverRemoved, this, [this] {
    saveServers();
    refreshServerFilter();
    updateActions();
  });
  connect(manager_, &ServerManager::serverChanged, this, [this] {
    saveServers();
    refreshServerFilter();
    updateActions();
  });
  connect(logFilter_, &QAbstractItemModel::rowsInserted, this, [this] {
    if (followAction_->isChecked())
      logView_->scrollToBottom();
  });
  connect(logModel_, &LogModel::droppedChanged, this, &MainWindow::updateStatus);
  connect(logModel_, &LogModel::pendingChanged, this, &MainWindow::updateStatus);
  statusTimer_.setInterval(250);
  connect(&statusTimer_, &QTimer::timeout, this, &MainWindow::updateStatus);
  statusTimer_.start();

  resize(1280, 800);
  resizeDocks({clientDock_}, {360}, Qt::Horizontal);
  resizeDocks({serversDock_, connectionsDock_}, {250, 180}, Qt::Vertical);
  restoreSettings();
  updateActions();
  updateStatus();
}

MainWindow::~MainWindow() {
  // Servers stop before the models and views go; the manager's own destructor would too, but
  // only after the widgets that listen to it.
  manager_->stopAllAndWait();
}

void MainWindow::createActions() {
  using S = QStyle;
  addAction_ = makeAction(this, QStringLiteral("addAction"), tr("&Add…"), tr("Add a server"),
                          QKeySequence::New, S::SP_FileDialogNewFolder);
  editAction_ =
      makeAction(this, QStringLiteral("editAction"), tr("&Edit…"), tr("Edit the selected server"),
                 QKeySequence(Qt::Key_F2), S::SP_FileDialogDetailedView);
  duplicateAction_ = makeAction(this, QStringLiteral("duplicateAction"), tr("D&uplicate"),
                                tr("Add a copy of the selected server"),
                                QKeySequence(Qt::CTRL | Qt::Key_D), S::SP_FileLinkIcon);
  removeAction_ = makeAction(this, QStringLiteral("removeAction"), tr("&Remove"),
                             tr("Remove the selected server (stopping it first)"),
                             QKeySequence(Qt::CTRL | Qt::Key_Delete), S::SP_TrashIcon);
  startAction_ =
      makeAction(this, QStringLiteral("startAction"), tr("&Start"), tr("Start the selected server"),
                 QKeySequence(Qt::Key_F5), S::SP_MediaPlay);
  stopAction_ =
      makeAction(this, QStringLiteral("stopAction"), tr("S&top"), tr("Stop the selected server"),
                 QKeySequence(Qt::SHIFT | Qt::Key_F5), S::SP_MediaStop);
  startAllAction_ = makeAction(this, QStringLiteral("startAllAction"), tr("Start a&ll"),
                               tr("Start every server that is not running"),
                               QKeySequence(Qt::CTRL | Qt::Key_F5), S::SP_MediaSeekForward);
  stopAllAction_ = makeAction(this, QStringLiteral("stopAllAction"), tr("Stop all"),
                              tr("Stop every running server"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5), S::SP_BrowserStop);
  connect(addAction_, &QAction::triggered, this, &MainWindow::addServer);
  connect(editAction_, &QAction::triggered, this, &MainWindow::editServer);
  connect(duplicateAction_, &QAction::triggered, this, &MainWindow::duplicateServer);
  connect(removeAction_, &QAction::triggered, this, &MainWindow::removeServer);
  connect(startAction_, &QAction::triggered, this, &MainWindow::startServer);
  connect(stopAction_, &QAction::triggered, this, &MainWindow::stopServer);
  connect(startAllAction_, &QAction::triggered, manager_, &ServerManager::startAll);
  connect(stopAllAction_, &QAction::triggered, manager_, &ServerManager::stopAll);

  kickAction_ = makeAction(this, QStringLiteral("kickAction"), tr("&Kick"),
                           tr("Close the selected connection"), QKeySequence(Qt::CTRL | Qt::Key_K),
                           S::SP_DialogCloseButton);
  kickAllAction_ =
      makeAction(this, QStringLiteral("kickAllAction"), tr("Kick all of server"),
                 tr("Close every open connection of the selected connection's server"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), S::SP_DialogDiscardButton);
  pinAction_ = makeAction(this, QStringLiteral("pinAction"), tr("&Pin"),
                          tr("Keep the selected connection in the table after it closes"),
                          QKeySequence(Qt::CTRL | Qt::Key_B));
  pinAction_->setCheckable(true);
  connect(kickAction_, &QAction::triggered, this, &MainWindow::kickConnection);
  connect(kickAllAction_, &QAction::triggered, this, &MainWindow::kickAllOfServer);
  connect(pinAction_, &QAction::triggered, this, &MainWindow::togglePin);

  pauseAction_ = makeAction(this, QStringLiteral("pauseAction"), tr("&Pause"),
                            tr("Hold new log rows back (they appear when you resume)"),
                            QKeySequence(Qt::CTRL | Qt::Key_P), S::SP_MediaPause);
  pauseAction_->setCheckable(true);
  connect(pauseAction_, &QAction::toggled, logModel_, &LogModel::setPaused);
  followAction_ = makeAction(this, QStringLiteral("followAction"), tr("F&ollow"),
                             tr("Keep the newest log row in view"),
                             QKeySequence(Qt::CTRL | Qt::Key_J), S::SP_ArrowDown);
  followAction_->setCheckable(true);
  followAction_->setChecked(true);
  hexAction_ = makeAction(this, QStringLiteral("hexAction"), tr("&Hex"),
                          tr("Show payloads as hex instead of escaped text"),
                          QKeySequence(Qt::CTRL | Qt::Key_H));
  hexAction_->setCheckable(true);
  connect(hexAction_, &QAction::toggled, logModel_, &LogModel::setHexMode);
  clearLogAction_ = makeAction(this, QStringLiteral("clearLogAction"), tr("&Clear"),
                               tr("Remove every row from the log"),
                               QKeySequence(Qt::CTRL | Qt::Key_L), S::SP_DialogResetButton);
  connect(clearLogAction_, &QAction::triggered, this, &MainWindow::clearLog);
  findAction_ = makeAction(this, QStringLiteral("findAction"), tr("&Find in log"),
                           tr("Filter the log by text"), QKeySequence::Find);
  connect(findAction_, &QAction::triggered, this, &MainWindow::findInLog);
  exportAction_ = makeAction(this, QStringLiteral("exportAction"), tr("E&xport…"),
                             tr("Save the visible log rows as CSV or JSON Lines"),
                             QKeySequence(Qt::CTRL | Qt::Key_E), S::SP_DialogSaveButton);
  connect(exportAction_, &QAction::triggered, this, &MainWindow::exportLogDialog);

  openProfileAction_ = makeAction(this, QStringLiteral("openProfileAction"), tr("&Open profile…"),
                                  tr("Replace the servers with those of a profile (JSON)"),
                                  QKeySequence::Open, S::SP_DialogOpenButton);
  connect(openProfileAction_, &QAction::triggered, this, &MainWindow::openProfileDialog);
  saveProfileAction_ =
      makeAction(this, QStringLiteral("saveProfileAction"), tr("&Save profile as…"),
                 tr("Save the servers as a profile (JSON)"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), S::SP_DialogSaveButton);
  connect(saveProfileAction_, &QAction::triggered, this, &MainWindow::saveProfileDialog);
  quitAction_ = makeAction(this, QStringLiteral("quitAction"), tr("&Quit"),
                           tr("Stop every server and quit"), QKeySequence::Quit);
  connect(quitAction_, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  fileMenu->addAction(openProfileAction_);
  fileMenu->addAction(saveProfileAction_);
  fileMenu->addSeparator();
  fileMenu->addAction(exportAction_);
  fileMenu->addSeparator();
  fileMenu->addAction(quitAction_);

  QMenu* serversMenu = menuBar()->addMenu(tr("&Servers"));
  for (QAction* a : {addAction_, editAction_, duplicateAction_, removeAction_})
    serversMenu->addAction(a);
  serversMenu->addSeparator();
  for (QAction* a : {startAction_, stopAction_, startAllAction_, stopAllAction_})
    serversMenu->addAction(a);

  QMenu* connectionsMenu = menuBar()->addMenu(tr("&Connections"));
  for (QAction* a : {kickAction_, kickAllAction_, pinAction_})
    connectionsMenu->addAction(a);

  QMenu* logMenu = menuBar()->addMenu(tr("&Log"));
  for (QAction* a :
       {findAction_, pauseAction_, followAction_, hexAction_, clearLogAction_, exportAction_})
    logMenu->addAction(a);

  QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* dock : {serversDock_, connectionsDock_, clientDock_})
    viewMenu->addAction(dock->toggleViewAction());
  viewMenu->addSeparator();
  auto* languageMenu = new LanguageMenu(viewMenu);
  viewMenu->addMenu(languageMenu);
  connect(languageMenu, &LanguageMenu::languageChosen, this, [this] {
    statusBar()->showMessage(tr("The new language applies when the console is started again"),
                             10000);
  });

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->addAction(tr("&About SocketServer Console"), this, &MainWindow::showAbout);
  helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QWidget* MainWindow::createServersPanel() {
  auto* panel = new QWidget(this);
  auto* toolBar = new QToolBar(tr("Servers"), panel);
  toolBar->setObjectName(QStringLiteral("serversToolBar"));
  toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar->setIconSize(QSize(16, 16));
  for (QAction* a : {addAction_, editAction_, duplicateAction_, removeAction_})
    toolBar->addAction(a);
  toolBar->addSeparator();
  for (QAction* a : {startAction_, stopAction_, startAllAction_, stopAllAction_})
    toolBar->addAction(a);

  serversView_ = makeTable(panel, QStringLiteral("serversView"));
  serversView_->setModel(serversModel_);
  serversView_->setItemDelegateForColumn(ServersModel::Rate, new SparklineDelegate(serversView_));
  serversView_->setToolTip(tr("Double-click a server to edit it"));
  QHeaderView* header = serversView_->horizontalHeader();
  header->setStretchLastSection(false);
  header->setSectionResizeMode(ServersModel::State, QHeaderView::Stretch);
  const int w = latinCharWidth(fontMetrics());
  const std::pair<int, int> widths[] = {{ServersModel::Name, 24},     {ServersModel::Kind, 10},
                                        {ServersModel::Address, 16},  {ServersModel::Model, 17},
                                        {ServersModel::Handler, 21},  {ServersModel::Active, 7},
                                        {ServersModel::Requests, 9},  {ServersModel::BytesIn, 10},
                                        {ServersModel::BytesOut, 10}, {ServersModel::Rate, 16}};
  for (const auto& [column, chars] : widths)
    header->resizeSection(column, chars * w + 12);
  header->resizeSection(ServersModel::Model,
                        fontMetrics().horizontalAdvance(tr("Thread pool (64/1000)")) + 16);
  connect(serversView_, &QAbstractItemView::doubleClicked, this, &MainWindow::editServer);
  connect(serversView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &MainWindow::updateActions);
  serversView_->setContextMenuPolicy(Qt::ActionsContextMenu);
  serversView_->addActions(
      {startAction_, stopAction_, editAction_, duplicateAction_, removeAction_});

  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 0, 4, 4);
  layout->setSpacing(2);
  layout->addWidget(toolBar);
  layout->addWidget(serversView_);
  return panel;
}

QWidget* MainWindow::createConnectionsPanel() {
  auto* panel = new QWidget(this);
  auto* toolBar = new QToolBar(tr("Connections"), panel);
  toolBar->setObjectName(QStringLiteral("connectionsToolBar"));
  toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar->setIconSize(QSize(16, 16));
  toolBar->addAction(kickAction_);
  toolBar->addAction(kickAllAction_);
  toolBar->addAction(pinAction_);
  toolBar->addSeparator();
  toolBar->addWidget(new QLabel(tr("Keep closed rows:"), toolBar));
  fadeSpin_ = new QSpinBox(toolBar);
  fadeSpin_->setObjectName(QStringLiteral("fadeSpin"));
  fadeSpin_->setRange(0, 3600);
  fadeSpin_->setSuffix(tr(" s"));
  fadeSpin_->setSpecialValueText(tr("until cleared"));
  fadeSpin_->setValue(ConnectionsModel::defaultFadeAfterMs / 1000);
  fadeSpin_->setToolTip(tr("Seconds a closed connection stays in the table (pinned rows stay "
                           "until unpinned); 0 keeps every closed row"));
  connect(fadeSpin_, &QSpinBox::valueChanged, this,
          [this](int seconds) { connectionsModel_->setFadeAfterMs(seconds * 1000); });
  toolBar->addWidget(fadeSpin_);

  connectionsView_ = makeTable(panel, QStringLiteral("connectionsView"));
  connectionsView_->setModel(connectionsModel_);
  connectionsView_->setToolTip(tr("Select a connection to show only its rows in the log"));
  const int w = latinCharWidth(fontMetrics());
  const std::pair<int, int> widths[] = {
      {ConnectionsModel::Id, 5},           {ConnectionsModel::Server, 19},
      {ConnectionsModel::Peer, 17},        {ConnectionsModel::Opened, 12},
      {ConnectionsModel::Age, 6},          {ConnectionsModel::BytesIn, 8},
      {ConnectionsModel::BytesOut, 8},     {ConnectionsModel::Requests, 8},
      {ConnectionsModel::LastActivity, 12}};
  for (const auto& [column, chars] : widths)
    connectionsView_->horizontalHeader()->resizeSection(column, chars * w + 12);
  const int timeWidth = fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + 16;
  connectionsView_->horizontalHeader()->resizeSection(ConnectionsModel::Opened, timeWidth);
  connectionsView_->horizontalHeader()->resizeSection(ConnectionsModel::LastActivity, timeWidth);
  connect(connectionsView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &MainWindow::connectionSelectionChanged);
  connect(connectionsModel_, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
  connectionsView_->setContextMenuPolicy(Qt::ActionsContextMenu);
  connectionsView_->addActions({kickAction_, kickAllAction_, pinAction_});

  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 0, 4, 4);
  layout->setSpacing(2);
  layout->addWidget(toolBar);
  layout->addWidget(connectionsView_);
  return panel;
}

QWidget* MainWindow::createLogPanel() {
  auto* panel = new QWidget(this);

  serverFilterCombo_ = new QComboBox(panel);
  serverFilterCombo_->setObjectName(QStringLiteral("serverFilterCombo"));
  serverFilterCombo_->setToolTip(tr("Show the rows of one server only"));
  serverFilterCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  serverFilterCombo_->setMinimumContentsLength(12);
  directionCombo_ = new QComboBox(panel);
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
  filterEdit_ = new QLineEdit(panel);
  filterEdit_->setObjectName(QStringLiteral("filterEdit"));
  filterEdit_->setPlaceholderText(tr("Filter text…"));
  filterEdit_->setClearButtonEnabled(true);
  filterEdit_->setToolTip(
      tr("Show rows whose payload, peer, server or event contains this "
         "text (%1)")
          .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
  regexCheck_ = new QCheckBox(tr("Regex"), panel);
  regexCheck_->setObjectName(QStringLiteral("regexCheck"));
  regexCheck_->setToolTip(tr("Read the filter text as a regular expression"));

  connectionFilterLabel_ = new QLabel(panel);
  connectionFilterLabel_->setObjectName(QStringLiteral("connectionFilterLabel"));
  connectionFilterLabel_->hide();
  clearConnectionFilterButton_ = new QToolButton(panel);
  clearConnectionFilterButton_->setIcon(style()->standardIcon(QStyle::SP_LineEditClearButton));
  clearConnectionFilterButton_->setToolTip(tr("Show every connection again"));
  clearConnectionFilterButton_->setAutoRaise(true);
  clearConnectionFilterButton_->hide();
  connect(clearConnectionFilterButton_, &QToolButton::clicked, this,
          [this] { connectionsView_->clearSelection(); });

  auto* toolBar = new QToolBar(tr("Log"), panel);
  toolBar->setObjectName(QStringLiteral("logToolBar"));
  toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar->setIconSize(QSize(16, 16));
  for (QAction* a : {pauseAction_, followAction_, hexAction_, clearLogAction_, exportAction_})
    toolBar->addAction(a);
  toolBar->addSeparator();
  toolBar->addWidget(new QLabel(tr("Keep:"), toolBar));
  capacitySpin_ = new QSpinBox(toolBar);
  capacitySpin_->setObjectName(QStringLiteral("capacitySpin"));
  capacitySpin_->setRange(100, 10000000);
  capacitySpin_->setSingleStep(10000);
  capacitySpin_->setGroupSeparatorShown(true);
  capacitySpin_->setSuffix(tr(" rows"));
  capacitySpin_->setValue(LogModel::defaultCapacity);
  capacitySpin_->setToolTip(tr("The most rows the log keeps; older rows are dropped"));
  connect(capacitySpin_, &QSpinBox::valueChanged, logModel_, &LogModel::setCapacity);
  toolBar->addWidget(capacitySpin_);
  toolBar->addWidget(new QLabel(tr("Capture:"), toolBar));
  payloadCapSpin_ = new QSpinBox(toolBar);
  payloadCapSpin_->setObjectName(QStringLiteral("payloadCapSpin"));
  payloadCapSpin_->setRange(0, 1 << 20);
  payloadCapSpin_->setSingleStep(256);
  payloadCapSpin_->setGroupSeparatorShown(true);
  payloadCapSpin_->setSuffix(tr(" bytes"));
  payloadCapSpin_->setValue(manager_->payloadCap());
  payloadCapSpin_->setToolTip(tr("The most payload bytes the log keeps of each received or sent "
                                 "event (sizes stay exact); 0 keeps none"));
  connect(payloadCapSpin_, &QSpinBox::valueChanged, manager_, &ServerManager::setPayloadCap);
  toolBar->addWidget(payloadCapSpin_);

  auto* filterRow = new QHBoxLayout;
  filterRow->setSpacing(6);
  filterRow->addWidget(serverFilterCombo_);
  filterRow->addWidget(directionCombo_);
  filterRow->addWidget(filterEdit_, 1);
  filterRow->addWidget(regexCheck_);
  filterRow->addWidget(connectionFilterLabel_);
  filterRow->addWidget(clearConnectionFilterButton_);

  logView_ = makeTable(panel, QStringLiteral("logView"));
  logView_->setModel(logFilter_);
  logView_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  logView_->setToolTip(QString());
  QHeaderView* header = logView_->horizontalHeader();
  const int w = latinCharWidth(fontMetrics());
  const std::pair<int, int> widths[] = {{LogModel::Time, 13},
                                        {LogModel::Server, 22},
                                        {LogModel::Peer, 24},
                                        {LogModel::Event, 12},
                                        {LogModel::Size, 7}};
  for (const auto& [column, chars] : widths)
    header->resizeSection(column, chars * w + 12);
  header->resizeSection(LogModel::Time,
                        fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);

  droppedLabel_ = new QLabel(panel);
  droppedLabel_->setObjectName(QStringLiteral("droppedLabel"));
  droppedLabel_->setStyleSheet(QStringLiteral("color: #986a00;"));
  droppedLabel_->hide();

  connect(serverFilterCombo_, &QComboBox::currentIndexChanged, this, &MainWindow::applyLogFilter);
  connect(directionCombo_, &QComboBox::currentIndexChanged, this, &MainWindow::applyLogFilter);
  connect(filterEdit_, &QLineEdit::textChanged, this, &MainWindow::applyLogFilter);
  connect(regexCheck_, &QCheckBox::toggled, this, &MainWindow::applyLogFilter);

  auto* title = new QLabel(tr("<b>Request log</b>"), panel);
  auto* top = new QHBoxLayout;
  top->addWidget(title);
  top->addSpacing(8);
  top->addWidget(toolBar, 1);
  top->addWidget(droppedLabel_);

  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(4);
  layout->addLayout(top);
  layout->addLayout(filterRow);
  layout->addWidget(logView_, 1);
  refreshServerFilter();
  return panel;
}

void MainWindow::createStatusBar() {
  serversStatus_ = new QLabel(this);
  serversStatus_->setObjectName(QStringLiteral("serversStatus"));
  serversStatus_->setToolTip(tr("Servers listening, and servers that failed"));
  trafficStatus_ = new QLabel(this);
  trafficStatus_->setObjectName(QStringLiteral("trafficStatus"));
  trafficStatus_->setToolTip(tr("Totals over every server since each was started"));
  logStatus_ = new QLabel(this);
  logStatus_->setObjectName(QStringLiteral("logStatus"));
  logStatus_->setToolTip(tr("Rows in the log, rows shown by the filter, and rows dropped "
                            "because the log is full"));
  statusBar()->addPermanentWidget(serversStatus_);
  statusBar()->addPermanentWidget(trafficStatus_);
  statusBar()->addPermanentWidget(logStatus_);
}

void MainWindow::updateStatus() {
  int listening = 0;
  int failed = 0;
  quint64 active = 0, requests = 0, in = 0, out = 0;
  for (int row = 0; row < manager_->count(); ++row) {
    const ServerEntry& e = manager_->at(row);
    listening += e.state == ServerEntry::State::Listening;
    failed += e.state == ServerEntry::State::Failed;
    active += e.counters.active();
    requests += e.counters.requests;
    in += e.counters.bytesIn;
    out += e.counters.bytesOut;
  }
  QString servers = tr("%1 of %2 servers listening").arg(listening).arg(manager_->count());
  if (failed)
    servers += tr(", %1 failed").arg(failed);
  serversStatus_->setText(servers);
  const QLocale locale;
  trafficStatus_->setText(tr("%1 open · %2 requests · in %3 · out %4")
                              .arg(locale.toString(active), locale.toString(requests),
                                   ServersModel::formatBytes(in), ServersModel::formatBytes(out)));
  QString log =
      tr("Log: %1 of %2 rows")
          .arg(locale.toString(logFilter_->rowCount()), locale.toString(logModel_->rowCount()));
  if (logModel_->isPaused())
    log += tr(" · paused, %1 waiting").arg(locale.toString(logModel_->pendingCount()));
  logStatus_->setText(log);
  if (logModel_->droppedCount() > 0) {
    droppedLabel_->setText(tr("%1 oldest rows dropped (the log keeps %2)")
                               .arg(locale.toString(logModel_->droppedCount()),
                                    locale.toString(logModel_->capacity())));
    droppedLabel_->show();
  } else {
    droppedLabel_->hide();
  }
}

void MainWindow::refreshServerFilter() {
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

void MainWindow::applyLogFilter() {
  logFilter_->setDirection(
      static_cast<LogFilterModel::Direction>(directionCombo_->currentData().toInt()));
  QString error;
  if (!logFilter_->setText(filterEdit_->text(), regexCheck_->isChecked(), &error)) {
    filterEdit_->setStyleSheet(QStringLiteral("QLineEdit { color: #c01c28; }"));
    filterEdit_->setToolTip(error);
    statusBar()->showMessage(error, 4000);
  } else {
    filterEdit_->setStyleSheet(QString());
  }
  const int row = selectedConnectionRow();
  if (const auto* c = connectionsModel_->connectionAt(row)) {
    logFilter_->setConnection(c->serverId, c->requestId);
    connectionFilterLabel_->setText(
        tr("Connection #%1 of %2")
            .arg(c->requestId)
            .arg(serverFilterCombo_->itemText(serverFilterCombo_->findData(c->serverId))));
    connectionFilterLabel_->show();
    clearConnectionFilterButton_->show();
  } else {
    logFilter_->setConnection(serverFilterCombo_->currentData().toInt(), 0);
    connectionFilterLabel_->hide();
    clearConnectionFilterButton_->hide();
  }
  updateStatus();
}

int MainWindow::selectedConnectionRow() const {
  const QModelIndexList rows = connectionsView_->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.constFirst().row();
}

void MainWindow::connectionSelectionChanged() {
  applyLogFilter();
  updateActions();
}

int MainWindow::selectedServerId() const {
  const QModelIndexList rows = serversView_->selectionModel()->selectedRows();
  return rows.isEmpty() ? 0 : serversModel_->idAt(rows.constFirst().row());
}

void MainWindow::selectServer(int id) {
  const int row = serversModel_->rowOf(id);
  if (row >= 0)
    serversView_->selectRow(row);
}

void MainWindow::updateActions() {
  const ServerEntry* entry = manager_->find(selectedServerId());
  editAction_->setEnabled(entry);
  duplicateAction_->setEnabled(entry);
  removeAction_->setEnabled(entry);
  startAction_->setEnabled(entry && !entry->isRunning());
  stopAction_->setEnabled(entry && entry->isRunning());
  const auto* c = connectionsModel_->connectionAt(selectedConnectionRow());
  kickAction_->setEnabled(c && c->state == ConnectionsModel::ConnectionState::Open);
  kickAllAction_->setEnabled(c);
  pinAction_->setEnabled(c);
  pinAction_->setChecked(c && c->pinned);
}

void MainWindow::showProblem(const QString& text) { statusBar()->showMessage(text, 6000); }

void MainWindow::reportSettingsProblem(const QString& text) {
  ConsoleEvent event;
  event.timestampMs = QDateTime::currentMSecsSinceEpoch();
  event.kind = ConsoleEvent::Kind::Notice;
  event.text = text;
  logModel_->append({event}); // stays in the log; the status bar only shows it a while
  showProblem(text);
}

void MainWindow::addServer() {
  auto* dialog = new ServerEditorDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(tr("Add server"));
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const int id = manager_->add(dialog->spec());
    selectServer(id);
  });
  dialog->open();
}

void MainWindow::editServer() {
  const int id = selectedServerId();
  const ServerEntry* entry = manager_->find(id);
  if (!entry)
    return;
  auto* dialog = new ServerEditorDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(tr("Edit server"));
  dialog->setSpec(entry->spec);
  connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
    const ServerEntry* current = manager_->find(id);
    if (!current)
      return;
    manager_->update(id, dialog->spec());
    if (current->isRunning())
      statusBar()->showMessage(tr("The changes apply when the server is restarted"), 6000);
  });
  dialog->open();
}

void MainWindow::duplicateServer() {
  if (const int copy = manager_->duplicate(selectedServerId()))
    selectServer(copy);
}

void MainWindow::removeServer() {
  const int id = selectedServerId();
  const int row = serversModel_->rowOf(id);
  if (!manager_->remove(id))
    return;
  if (manager_->count() > 0)
    serversView_->selectRow(std::min(row, manager_->count() - 1));
}

void MainWindow::startServer() {
  const int id = selectedServerId();
  if (id && !manager_->start(id)) {
    if (const ServerEntry* e = manager_->find(id); e && !e->failureReason.isEmpty())
      showProblem(tr("%1 cannot start: %2").arg(e->spec.displayName(), e->failureReason));
  }
  updateActions();
}

void MainWindow::stopServer() {
  manager_->stop(selectedServerId());
  updateActions();
}

void MainWindow::kickConnection() {
  if (const auto* c = connectionsModel_->connectionAt(selectedConnectionRow())) {
    if (!manager_->kick(c->serverId, c->requestId))
      showProblem(tr("Connection #%1 is already closed").arg(c->requestId));
  }
}

void MainWindow::kickAllOfServer() {
  if (const auto* c = connectionsModel_->connectionAt(selectedConnectionRow())) {
    const int n = manager_->kickAll(c->serverId);
    statusBar()->showMessage(tr("Closed %n connection(s)", nullptr, n), 4000);
  }
}

void MainWindow::togglePin() {
  const int row = selectedConnectionRow();
  if (const auto* c = connectionsModel_->connectionAt(row))
    connectionsModel_->setPinned(row, !c->pinned);
  updateActions();
}

void MainWindow::clearLog() {
  logModel_->clear();
  updateStatus();
}

void MainWindow::findInLog() {
  filterEdit_->setFocus(Qt::ShortcutFocusReason);
  filterEdit_->selectAll();
}

bool MainWindow::exportLog(const QString& path, ExportFormat format, QString* error) const {
  const QList<int> rows = logFilter_->visibleSourceRows();
  const QByteArray bytes =
      format == ExportFormat::Csv ? logModel_->toCsv(rows) : logModel_->toJsonLines(rows);
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    if (error)
      *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
  }
  return true;
}

void MainWindow::exportLogDialog() {
  const QString csvFilter = tr("CSV (*.csv)");
  const QString jsonFilter = tr("JSON Lines (*.jsonl)");
  QString selected = csvFilter;
  QString path = QFileDialog::getSaveFileName(
      this, tr("Export visible log rows"), QStringLiteral("socketserver-log.csv"),
      csvFilter + QStringLiteral(";;") + jsonFilter, &selected);
  if (path.isEmpty())
    return;
  const bool json = selected == jsonFilter || path.endsWith(QLatin1String(".jsonl")) ||
                    path.endsWith(QLatin1String(".json"));
  QString error;
  if (!exportLog(path, json ? ExportFormat::JsonLines : ExportFormat::Csv, &error))
    QMessageBox::warning(this, tr("Export failed"), error);
  else
    statusBar()->showMessage(tr("Exported %1 rows to %2")
                                 .arg(logFilter_->rowCount())
                                 .arg(QDir::toNativeSeparators(path)),
                             6000);
}

bool MainWindow::openProfile(const QString& path, QString* error) {
  const auto specs = ServerProfile::load(path, error);
  if (!specs)
    return false;
  manager_->removeAll();
  for (const ServerSpec& spec : *specs)
    manager_->add(spec);
  return true;
}

bool MainWindow::saveProfile(const QString& path, QString* error) const {
  return ServerProfile::save(path, manager_->specs(), error);
}

void MainWindow::openProfileDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open profile"), QString(),
                                                    tr("Profiles (*.json);;All files (*)"));
  if (path.isEmpty())
    return;
  if (manager_->anyRunning() &&
      QMessageBox::question(this, tr("Open profile"),
                            tr("Opening a profile stops and replaces every server. Continue?")) !=
          QMessageBox::Yes)
    return;
  QString error;
  if (!openProfile(path, &error))
    QMessageBox::warning(this, tr("Cannot open profile"), error);
}

void MainWindow::saveProfileDialog() {
  QString path = QFileDialog::getSaveFileName(
      this, tr("Save profile as"), QStringLiteral("servers.json"), tr("Profiles (*.json)"));
  if (path.isEmpty())
    return;
  if (QFileInfo(path).suffix().isEmpty())
    path += QLatin1String(".json");
  QString error;
  if (!saveProfile(path, &error))
    QMessageBox::warning(this, tr("Cannot save profile"), error);
}

void MainWindow::saveServers() const {
  if (restoring_)
    return;
  QSettings settings;
  settings.setValue(kServersKey, ServerProfile::toJson(manager_->specs()));
}

void MainWindow::saveSettings() const {
  saveServers();
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("view/serversHeader"),
                    serversView_->horizontalHeader()->saveState());
  settings.setValue(QStringLiteral("view/connectionsHeader"),
                    connectionsView_->horizontalHeader()->saveState());
  settings.setValue(QStringLiteral("view/logHeader"), logView_->horizontalHeader()->saveState());
  settings.setValue(QStringLiteral("view/hex"), hexAction_->isChecked());
  settings.setValue(QStringLiteral("view/follow"), followAction_->isChecked());
  settings.setValue(QStringLiteral("view/direction"), directionCombo_->currentIndex());
  settings.setValue(QStringLiteral("view/regex"), regexCheck_->isChecked());
  settings.setValue(QStringLiteral("log/capacity"), logModel_->capacity());
  settings.setValue(QStringLiteral("log/payloadCap"), manager_->payloadCap());
  settings.setValue(QStringLiteral("connections/fadeAfterMs"), connectionsModel_->fadeAfterMs());
  clientPanel_->saveSettings(settings);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  restoring_ = true;
  QList<ServerSpec> specs = ServerProfile::starterProfile();
  if (settings.contains(kServersKey)) {
    const QByteArray saved = settings.value(kServersKey).toByteArray();
    QString error;
    QStringList problems;
    const auto readable = ServerProfile::fromJsonKeepingGood(saved, &problems, &error);
    if (readable)
      specs = *readable;
    if (!readable || !problems.isEmpty()) {
      // Saving below overwrites the list: keep the text as it was, so nothing the user wrote
      // is lost, and say where it is.
      settings.setValue(kServersBackupKey, saved);
      const QString where =
          tr("the text as it was is kept in the settings under '%1'").arg(kServersBackupKey);
      if (!readable)
        reportSettingsProblem(
            tr("The saved servers could not be read (%1); starting from the examples; %2")
                .arg(error, where));
      for (const QString& problem : std::as_const(problems))
        reportSettingsProblem(
            tr("A saved server could not be read and was left out (%1); %2").arg(problem, where));
    }
  }
  for (const ServerSpec& spec : specs)
    manager_->add(spec);
  restoring_ = false;
  saveServers();

  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  serversView_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/serversHeader")).toByteArray());
  connectionsView_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/connectionsHeader")).toByteArray());
  logView_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/logHeader")).toByteArray());
  hexAction_->setChecked(settings.value(QStringLiteral("view/hex"), false).toBool());
  followAction_->setChecked(settings.value(QStringLiteral("view/follow"), true).toBool());
  directionCombo_->setCurrentIndex(
      std::clamp(settings.value(QStringLiteral("view/direction"), 0).toInt(), 0,
                 directionCombo_->count() - 1));
  regexCheck_->setChecked(settings.value(QStringLiteral("view/regex"), false).toBool());
  capacitySpin_->setValue(
      settings.value(QStringLiteral("log/capacity"), LogModel::defaultCapacity).toInt());
  payloadCapSpin_->setValue(
      settings.value(QStringLiteral("log/payloadCap"), manager_->payloadCap()).toInt());
  fadeSpin_->setValue(
      settings
          .value(QStringLiteral("connections/fadeAfterMs"), ConnectionsModel::defaultFadeAfterMs)
          .toInt() /
      1000);
  clientPanel_->restoreSettings(settings);
  if (manager_->count() > 0)
    serversView_->selectRow(0);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  QMainWindow::closeEvent(event);
}

void MainWindow::showAbout() {
  QMessageBox box(this);
  box.setWindowTitle(tr("About SocketServer Console"));
  box.setIconPixmap(windowIcon().pixmap(64, 64));
  box.setTextFormat(Qt::RichText);
  box.setText(tr("<h3>SocketServer Console %1</h3>"
                 "<p>Start, stop and watch TCP, UDP and Unix socket servers built on the "
                 "<code>socketserver</code> engine, a C++ port of Python's module of that name, "
                 "and talk to them from the built-in test client.</p>")
                  .arg(QStringLiteral(SOCKETSERVER_VERSION)));
  box.exec();
}
