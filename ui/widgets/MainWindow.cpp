#include "MainWindow.h"

#include "ClientPanel.h"
#include "ConnectionsModel.h"
#include "ConnectionsPanel.h"
#include "ConsoleEvent.h"
#include "ConsoleVersion.h"
#include "LanguageMenu.h"
#include "LogFilterModel.h"
#include "LogModel.h"
#include "PanelParts.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerResume.h"
#include "ServersModel.h"
#include "ServersPanel.h"
#include "WheelGuard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDockWidget>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>

namespace {

QDockWidget* makeDock(QMainWindow* window, const QString& title, const QString& name) {
  auto* dock = new QDockWidget(title, window);
  dock->setObjectName(name);
  return dock;
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

  createModels();
  logPanel_ = new LogPanel(manager_, logModel_, logFilter_, this);
  setCentralWidget(logPanel_);
  createDocks();
  createMenus();
  createStatusBar();
  connectStatus();
  // The wheel scrolls the panels, not the spin and combo boxes it passes over.
  WheelGuard::protect(this);

  resize(1280, 800);
  resizeDocks({clientDock_}, {360}, Qt::Horizontal);
  resizeDocks({serversDock_, connectionsDock_}, {250, 180}, Qt::Vertical);
  restoreSettings();
  updateStatus();
}

MainWindow::~MainWindow() {
  // Servers stop before the models and views go; the manager's own destructor would too, but
  // only after the widgets that listen to it.
  manager_->stopAllAndWait();
}

void MainWindow::createModels() {
  manager_ = new ServerManager(this);
  // Servers run below the window: 16 request threads busy at full speed would otherwise
  // leave the GUI thread waiting 100 ms and more for a core (bench/flood).
  manager_->setServerNiceIncrement(serverNiceIncrement);
  serversModel_ = new ServersModel(manager_, this);
  connectionsModel_ = new ConnectionsModel(manager_, this);
  logModel_ = new LogModel(manager_, this);
  logFilter_ = new LogFilterModel(this);
  logFilter_->setLogModel(logModel_);
  resume_ = new ServerResume(manager_, this);
}

void MainWindow::createDocks() {
  serversDock_ = makeDock(this, tr("Servers"), QStringLiteral("serversDock"));
  serversPanel_ = new ServersPanel(manager_, serversModel_, serversDock_);
  serversDock_->setWidget(serversPanel_);
  addDockWidget(Qt::TopDockWidgetArea, serversDock_);

  connectionsDock_ = makeDock(this, tr("Connections"), QStringLiteral("connectionsDock"));
  connectionsPanel_ = new ConnectionsPanel(manager_, connectionsModel_, connectionsDock_);
  connectionsDock_->setWidget(connectionsPanel_);
  addDockWidget(Qt::BottomDockWidgetArea, connectionsDock_);
  logPanel_->followConnections(connectionsPanel_);

  clientDock_ = makeDock(this, tr("Test client"), QStringLiteral("clientDock"));
  clientDock_->setWidget(createClientScroll(clientDock_));
  addDockWidget(Qt::RightDockWidgetArea, clientDock_);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

  // Send… from the connections table: a tab beside the test client, where the same editor has
  // the height it needs; beside the table, a short window took the table's columns and the
  // log's rows for it.
  sendDock_ = makeDock(this, tr("Send from the server"), QStringLiteral("sendDock"));
  addDockWidget(Qt::RightDockWidgetArea, sendDock_);
  tabifyDockWidget(clientDock_, sendDock_);
  connectionsPanel_->placeSendPartIn(sendDock_);
}

QWidget* MainWindow::createClientScroll(QDockWidget* dock) {
  // In a scroll area so that the client's form never sets the window's minimum height.
  auto* clientScroll = new QScrollArea(dock);
  clientScroll->setObjectName(QStringLiteral("clientScroll"));
  clientScroll->setWidgetResizable(true);
  clientScroll->setFrameShape(QFrame::NoFrame);
  clientScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  clientPanel_ = new ClientPanel(manager_, clientScroll);
  clientPanel_->setObjectName(QStringLiteral("clientPanel"));
  clientScroll->setWidget(clientPanel_);
  clientScroll->setMinimumWidth(clientPanel_->minimumSizeHint().width() +
                                clientScroll->verticalScrollBar()->sizeHint().width());
  return clientScroll;
}

void MainWindow::createMenus() {
  QAction* quitAction =
      PanelParts::makeAction(this, QStringLiteral("quitAction"), tr("&Quit"),
                             tr("Stop every server and quit"), QKeySequence::Quit);
  connect(quitAction, &QAction::triggered, this, &MainWindow::quit);
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  fileMenu->addActions(serversPanel_->profileActions());
  fileMenu->addSeparator();
  fileMenu->addAction(logPanel_->exportAction());
  fileMenu->addSeparator();
  fileMenu->addAction(quitAction);

  QMenu* serversMenu = menuBar()->addMenu(tr("&Servers"));
  serversMenu->addActions(serversPanel_->editActions());
  serversMenu->addSeparator();
  serversMenu->addActions(serversPanel_->runActions());
  serversMenu->addSeparator();
  serversMenu->addAction(resume_->action());
  menuBar()->addMenu(tr("&Connections"))->addActions(connectionsPanel_->connectionActions());
  menuBar()->addMenu(tr("&Log"))->addActions(logPanel_->logActions());
  createViewMenu();

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->addAction(tr("&About SocketServer Console"), this, &MainWindow::showAbout);
  helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createViewMenu() {
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
}

void MainWindow::createStatusBar() {
  const auto addPermanentLabel = [this](const QString& name, const QString& tip) {
    auto* label = new QLabel(this);
    label->setObjectName(name);
    label->setToolTip(tip);
    statusBar()->addPermanentWidget(label);
    return label;
  };
  serversStatus_ = addPermanentLabel(QStringLiteral("serversStatus"),
                                     tr("Servers listening, and servers that failed"));
  trafficStatus_ = addPermanentLabel(QStringLiteral("trafficStatus"),
                                     tr("Totals over every server since each was started: "
                                        "connections open now and accepted (datagram servers: "
                                        "datagrams), bytes in and out"));
  logStatus_ = addPermanentLabel(QStringLiteral("logStatus"),
                                 tr("Rows in the log, rows shown by the filter, and rows dropped "
                                    "because the log is full"));
}

void MainWindow::connectStatus() {
  connect(serversPanel_, &ServersPanel::message, statusBar(), &QStatusBar::showMessage);
  connect(serversPanel_, &ServersPanel::settingsProblem, this, &MainWindow::reportSettingsProblem);
  connect(connectionsPanel_, &ConnectionsPanel::message, statusBar(), &QStatusBar::showMessage);
  connect(logPanel_, &LogPanel::message, statusBar(), &QStatusBar::showMessage);
  connect(logPanel_, &LogPanel::rowsShownChanged, this, &MainWindow::updateStatus);
  connect(logModel_, &LogModel::droppedChanged, this, &MainWindow::updateStatus);
  connect(logModel_, &LogModel::pendingChanged, this, &MainWindow::updateStatus);
  statusTimer_.setInterval(250);
  connect(&statusTimer_, &QTimer::timeout, this, &MainWindow::updateStatus);
  statusTimer_.start();
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
  // The servers table's words: open now, and connections (datagrams) since each start.
  trafficStatus_->setText(tr("%1 open · %2 connections · in %3 · out %4")
                              .arg(locale.toString(active), locale.toString(requests),
                                   ServersModel::formatBytes(in), ServersModel::formatBytes(out)));
  QString log =
      tr("Log: %1 of %2 rows")
          .arg(locale.toString(logFilter_->rowCount()), locale.toString(logModel_->rowCount()));
  if (logModel_->isPaused())
    log += tr(" · paused, %1 waiting").arg(locale.toString(logModel_->pendingCount()));
  logStatus_->setText(log);
  logPanel_->updateDroppedLabel();
}

QTableView* MainWindow::serversView() const { return serversPanel_->view(); }

QTableView* MainWindow::connectionsView() const { return connectionsPanel_->view(); }

QTableView* MainWindow::logView() const { return logPanel_->view(); }

int MainWindow::selectedServerId() const { return serversPanel_->selectedServerId(); }

void MainWindow::selectServer(int id) { serversPanel_->selectServer(id); }

bool MainWindow::exportLog(const QString& path, ExportFormat format, QString* error) const {
  return logPanel_->exportLog(path, format, error);
}

bool MainWindow::openProfile(const QString& path, QString* error) {
  return serversPanel_->openProfile(path, error);
}

bool MainWindow::saveProfile(const QString& path, QString* error) const {
  return serversPanel_->saveProfile(path, error);
}

void MainWindow::reportSettingsProblem(const QString& text) {
  ConsoleEvent event;
  event.timestampMs = QDateTime::currentMSecsSinceEpoch();
  event.kind = ConsoleEvent::Kind::Notice;
  event.text = text;
  logModel_->append({event}); // stays in the log; the status bar only shows it a while
  statusBar()->showMessage(text, 6000);
}

void MainWindow::saveSettings() const {
  QSettings settings;
  serversPanel_->saveSettings(settings);
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  resume_->save(settings);
  connectionsPanel_->saveSettings(settings);
  logPanel_->saveSettings(settings);
  clientPanel_->saveSettings(settings);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  serversPanel_->restoreServers(settings);
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  connectionsPanel_->restoreSettings(settings);
  logPanel_->restoreSettings(settings);
  clientPanel_->restoreSettings(settings);
  serversPanel_->restoreSettings(settings);
  resume_->startSavedServers(settings);
}

void MainWindow::quit() {
  // A signal can come while a dialog is open; left open, it would keep the application running
  // once the window has closed. Closing it ends its own event loop, if it has one.
  for (QDialog* dialog : findChildren<QDialog*>()) {
    if (dialog->isVisible())
      dialog->reject();
  }
  close();
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
