#include "ServersPanel.h"

#include "PanelParts.h"
#include "ServerEditorDialog.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "SparklineDelegate.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QMetaEnum>
#include <QSettings>
#include <QTableView>
#include <QToolBar>

namespace {

const QString kServersKey = QStringLiteral("servers/profile");
// Where restoreServers() keeps a saved list it could not fully read.
const QString kServersBackupKey = QStringLiteral("servers/unreadable");

} // namespace

ServersPanel::ServersPanel(ServerManager* manager, ServersModel* model, QWidget* parent)
    : QWidget(parent), manager_(manager), model_(model) {
  createEditActions();
  createRunActions();
  createProfileActions();
  createView();
  connect(manager_, &ServerManager::serverAdded, this, &ServersPanel::saveServers);
  for (const auto changed : {&ServerManager::serverRemoved, &ServerManager::serverChanged}) {
    connect(manager_, changed, this, [this] {
      saveServers();
      updateActions();
    });
  }
  updateActions();
}

void ServersPanel::createEditActions() {
  using PanelParts::makeAction;
  using S = QStyle;
  addAction_ = makeAction(this, QStringLiteral("addAction"), tr("&Add…"), tr("Add a server"),
                          QKeySequence::New, S::SP_FileDialogNewFolder);
  connect(addAction_, &QAction::triggered, this, &ServersPanel::addServer);
  editAction_ =
      makeAction(this, QStringLiteral("editAction"), tr("&Edit…"), tr("Edit the selected server"),
                 QKeySequence(Qt::Key_F2), S::SP_FileDialogDetailedView);
  connect(editAction_, &QAction::triggered, this, &ServersPanel::editServer);
  duplicateAction_ = makeAction(this, QStringLiteral("duplicateAction"), tr("D&uplicate"),
                                tr("Add a copy of the selected server"),
                                QKeySequence(Qt::CTRL | Qt::Key_D), S::SP_FileLinkIcon);
  connect(duplicateAction_, &QAction::triggered, this, &ServersPanel::duplicateServer);
  removeAction_ = makeAction(this, QStringLiteral("removeAction"), tr("&Remove"),
                             tr("Remove the selected server (stopping it first)"),
                             QKeySequence(Qt::CTRL | Qt::Key_Delete), S::SP_TrashIcon);
  connect(removeAction_, &QAction::triggered, this, &ServersPanel::removeServer);
}

void ServersPanel::createRunActions() {
  using PanelParts::makeAction;
  using S = QStyle;
  startAction_ =
      makeAction(this, QStringLiteral("startAction"), tr("&Start"), tr("Start the selected server"),
                 QKeySequence(Qt::Key_F5), S::SP_MediaPlay);
  connect(startAction_, &QAction::triggered, this, &ServersPanel::startServer);
  stopAction_ =
      makeAction(this, QStringLiteral("stopAction"), tr("S&top"), tr("Stop the selected server"),
                 QKeySequence(Qt::SHIFT | Qt::Key_F5), S::SP_MediaStop);
  connect(stopAction_, &QAction::triggered, this, &ServersPanel::stopServer);
  startAllAction_ = makeAction(this, QStringLiteral("startAllAction"), tr("Start a&ll"),
                               tr("Start every server that is not running"),
                               QKeySequence(Qt::CTRL | Qt::Key_F5), S::SP_MediaSeekForward);
  connect(startAllAction_, &QAction::triggered, manager_, &ServerManager::startAll);
  stopAllAction_ = makeAction(this, QStringLiteral("stopAllAction"), tr("Stop all"),
                              tr("Stop every running server"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5), S::SP_BrowserStop);
  connect(stopAllAction_, &QAction::triggered, manager_, &ServerManager::stopAll);
}

void ServersPanel::createProfileActions() {
  openProfileAction_ =
      PanelParts::makeAction(this, QStringLiteral("openProfileAction"), tr("&Open profile…"),
                             tr("Replace the servers with those of a profile (JSON)"),
                             QKeySequence::Open, QStyle::SP_DialogOpenButton);
  connect(openProfileAction_, &QAction::triggered, this, &ServersPanel::openProfileDialog);
  saveProfileAction_ = PanelParts::makeAction(
      this, QStringLiteral("saveProfileAction"), tr("&Save profile as…"),
      tr("Save the servers as a profile (JSON)"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
      QStyle::SP_DialogSaveButton);
  connect(saveProfileAction_, &QAction::triggered, this, &ServersPanel::saveProfileDialog);
}

void ServersPanel::createView() {
  QToolBar* toolBar =
      PanelParts::makeToolBar(this, tr("Servers"), QStringLiteral("serversToolBar"));
  toolBar->addActions(editActions());
  toolBar->addSeparator();
  toolBar->addActions(runActions());

  view_ = PanelParts::makeTable(this, QStringLiteral("serversView"));
  view_->setModel(model_);
  view_->setItemDelegateForColumn(ServersModel::Rate, new SparklineDelegate(view_));
  view_->setToolTip(tr("Double-click a server to edit it"));
  QHeaderView* header = view_->horizontalHeader();
  header->setStretchLastSection(false);
  header->setSectionResizeMode(ServersModel::State, QHeaderView::Stretch);
  const std::pair<int, int> widths[] = {
      {ServersModel::Name, 24},        {ServersModel::Kind, 10},    {ServersModel::Address, 16},
      {ServersModel::Model, 17},       {ServersModel::Handler, 21}, {ServersModel::Active, 7},
      {ServersModel::Connections, 12}, {ServersModel::BytesIn, 10}, {ServersModel::BytesOut, 10},
      {ServersModel::Rate, 16}};
  PanelParts::resizeColumns(header, fontMetrics(), widths);
  header->resizeSection(ServersModel::Model,
                        fontMetrics().horizontalAdvance(tr("Thread pool (64/1000)")) + 16);
  QStringList handlers;
  const QMetaEnum handlerValues = QMetaEnum::fromType<ServerSpec::Handler>();
  for (int i = 0; i < handlerValues.keyCount(); ++i)
    handlers << ServerSpec::handlerLabel(static_cast<ServerSpec::Handler>(handlerValues.value(i)));
  PanelParts::fitColumnToTexts(view_, ServersModel::Handler, handlers);
  for (const int column : {ServersModel::BytesIn, ServersModel::BytesOut})
    PanelParts::fitColumnToTexts(view_, column, ServersModel::widestByteTexts());
  connect(view_, &QAbstractItemView::doubleClicked, this, &ServersPanel::editServer);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &ServersPanel::updateActions);
  view_->setContextMenuPolicy(Qt::ActionsContextMenu);
  view_->addActions({startAction_, stopAction_, editAction_, duplicateAction_, removeAction_});
  PanelParts::stackToolBarOverTable(this, toolBar, view_);
}

QList<QAction*> ServersPanel::editActions() const {
  return {addAction_, editAction_, duplicateAction_, removeAction_};
}

QList<QAction*> ServersPanel::runActions() const {
  return {startAction_, stopAction_, startAllAction_, stopAllAction_};
}

QList<QAction*> ServersPanel::profileActions() const {
  return {openProfileAction_, saveProfileAction_};
}

int ServersPanel::selectedServerId() const {
  const QModelIndexList rows = view_->selectionModel()->selectedRows();
  return rows.isEmpty() ? 0 : model_->idAt(rows.constFirst().row());
}

void ServersPanel::selectServer(int id) {
  const int row = model_->rowOf(id);
  if (row >= 0)
    view_->selectRow(row);
}

void ServersPanel::updateActions() {
  const ServerEntry* entry = manager_->find(selectedServerId());
  editAction_->setEnabled(entry);
  duplicateAction_->setEnabled(entry);
  removeAction_->setEnabled(entry);
  startAction_->setEnabled(entry && !entry->isRunning());
  stopAction_->setEnabled(entry && entry->isRunning());
}

void ServersPanel::addServer() {
  auto* dialog = new ServerEditorDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(tr("Add server"));
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const int id = manager_->add(dialog->spec());
    selectServer(id);
  });
  dialog->open();
}

void ServersPanel::editServer() {
  const int id = selectedServerId();
  const ServerEntry* entry = manager_->find(id);
  if (!entry)
    return;
  auto* dialog = new ServerEditorDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(tr("Edit server"));
  dialog->setSpec(entry->editedSpec());
  // A running server's row then says which changes wait for a restart (ServerEntry).
  connect(dialog, &QDialog::accepted, this,
          [this, dialog, id] { manager_->update(id, dialog->spec()); });
  dialog->open();
}

void ServersPanel::duplicateServer() {
  if (const int copy = manager_->duplicate(selectedServerId()))
    selectServer(copy);
}

void ServersPanel::removeServer() {
  const int id = selectedServerId();
  const int row = model_->rowOf(id);
  if (!manager_->remove(id))
    return;
  if (manager_->count() > 0)
    view_->selectRow(std::min(row, manager_->count() - 1));
}

void ServersPanel::startServer() {
  const int id = selectedServerId();
  if (id && !manager_->start(id)) {
    if (const ServerEntry* e = manager_->find(id); e && !e->failureReason.isEmpty())
      emit message(tr("%1 cannot start: %2").arg(e->spec.displayName(), e->failureReason), 6000);
  }
  updateActions();
}

void ServersPanel::stopServer() {
  manager_->stop(selectedServerId());
  updateActions();
}

bool ServersPanel::openProfile(const QString& path, QString* error) {
  const auto specs = ServerProfile::load(path, error);
  if (!specs)
    return false;
  manager_->removeAll();
  for (const ServerSpec& spec : *specs)
    manager_->add(spec);
  return true;
}

bool ServersPanel::saveProfile(const QString& path, QString* error) const {
  return ServerProfile::save(path, manager_->specs(), error);
}

void ServersPanel::openProfileDialog() {
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

void ServersPanel::saveProfileDialog() {
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

void ServersPanel::saveServers() const {
  if (restoring_)
    return;
  // serverChanged() also comes with each change of state and of the waiting count, once a
  // second under load; and each QSettings write syncs the file to disk (fdatasync), which held
  // the GUI thread for seconds on a busy disk (issue 15). So the list is written only when it
  // differs from what was last written.
  const QByteArray servers = ServerProfile::toJson(manager_->specs());
  if (servers == savedServers_)
    return;
  QSettings settings;
  settings.setValue(kServersKey, servers);
  savedServers_ = servers;
}

void ServersPanel::saveSettings(QSettings& settings) const {
  savedServers_.clear(); // at close, the window's list is written whatever the file holds now
  saveServers();
  settings.setValue(QStringLiteral("view/serversHeader"), view_->horizontalHeader()->saveState());
}

QList<ServerSpec> ServersPanel::readSavedServers(QSettings& settings) {
  if (!settings.contains(kServersKey))
    return ServerProfile::starterProfile();
  const QByteArray saved = settings.value(kServersKey).toByteArray();
  QString error;
  QStringList problems;
  const auto readable = ServerProfile::fromJsonKeepingGood(saved, &problems, &error);
  if (!readable || !problems.isEmpty()) {
    // Saving afterwards overwrites the list: keep the text as it was, so nothing the user wrote
    // is lost, and say where it is.
    settings.setValue(kServersBackupKey, saved);
    const QString where =
        tr("the text as it was is kept in the settings under '%1'").arg(kServersBackupKey);
    if (!readable)
      emit settingsProblem(
          tr("The saved servers could not be read (%1); starting from the examples; %2")
              .arg(error, where));
    for (const QString& problem : std::as_const(problems))
      emit settingsProblem(
          tr("A saved server could not be read and was left out (%1); %2").arg(problem, where));
  }
  return readable ? *readable : ServerProfile::starterProfile();
}

void ServersPanel::restoreServers(QSettings& settings) {
  restoring_ = true;
  for (const ServerSpec& spec : readSavedServers(settings))
    manager_->add(spec);
  restoring_ = false;
  saveServers();
}

void ServersPanel::restoreSettings(const QSettings& settings) {
  view_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/serversHeader")).toByteArray());
  if (manager_->count() > 0)
    view_->selectRow(0);
}
