#include "ConnectionsPanel.h"

#include "PanelParts.h"
#include "ServerManager.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QToolBar>

ConnectionsPanel::ConnectionsPanel(ServerManager* manager, ConnectionsModel* model, QWidget* parent)
    : QWidget(parent), manager_(manager), model_(model) {
  createActions();
  createView();
  // A server that goes or changes may take the selected connection's row with it.
  connect(manager_, &ServerManager::serverRemoved, this, &ConnectionsPanel::updateActions);
  connect(manager_, &ServerManager::serverChanged, this, &ConnectionsPanel::updateActions);
  updateActions();
}

void ConnectionsPanel::createActions() {
  using PanelParts::makeAction;
  kickAction_ = makeAction(this, QStringLiteral("kickAction"), tr("&Kick"),
                           tr("Close the selected connection"), QKeySequence(Qt::CTRL | Qt::Key_K),
                           QStyle::SP_DialogCloseButton);
  connect(kickAction_, &QAction::triggered, this, &ConnectionsPanel::kickConnection);
  kickAllAction_ =
      makeAction(this, QStringLiteral("kickAllAction"), tr("Kick all of server"),
                 tr("Close every open connection of the selected connection's server"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), QStyle::SP_DialogDiscardButton);
  connect(kickAllAction_, &QAction::triggered, this, &ConnectionsPanel::kickAllOfServer);
  pinAction_ = makeAction(this, QStringLiteral("pinAction"), tr("&Pin"),
                          tr("Keep the selected connection in the table after it closes"),
                          QKeySequence(Qt::CTRL | Qt::Key_B));
  pinAction_->setCheckable(true);
  connect(pinAction_, &QAction::triggered, this, &ConnectionsPanel::togglePin);
}

QToolBar* ConnectionsPanel::createToolBar() {
  QToolBar* toolBar =
      PanelParts::makeToolBar(this, tr("Connections"), QStringLiteral("connectionsToolBar"));
  toolBar->addActions(connectionActions());
  toolBar->addSeparator();
  toolBar->addWidget(new QLabel(tr("Keep closed rows:"), toolBar));
  fadeSpin_ =
      PanelParts::makeSpin(toolBar, QStringLiteral("fadeSpin"), 0, 3600, tr(" s"),
                           tr("Seconds a closed connection stays in the table (pinned rows stay "
                              "until unpinned); 0 keeps every closed row"));
  fadeSpin_->setSpecialValueText(tr("until cleared"));
  fadeSpin_->setValue(ConnectionsModel::defaultFadeAfterMs / 1000);
  connect(fadeSpin_, &QSpinBox::valueChanged, this,
          [this](int seconds) { model_->setFadeAfterMs(seconds * 1000); });
  toolBar->addWidget(fadeSpin_);
  return toolBar;
}

void ConnectionsPanel::createView() {
  QToolBar* toolBar = createToolBar();
  view_ = PanelParts::makeTable(this, QStringLiteral("connectionsView"));
  view_->setModel(model_);
  view_->setToolTip(tr("Select a connection to show only its rows in the log"));
  const std::pair<int, int> widths[] = {
      {ConnectionsModel::Id, 5},           {ConnectionsModel::Server, 19},
      {ConnectionsModel::Peer, 17},        {ConnectionsModel::Opened, 12},
      {ConnectionsModel::Age, 6},          {ConnectionsModel::BytesIn, 8},
      {ConnectionsModel::BytesOut, 8},     {ConnectionsModel::Requests, 8},
      {ConnectionsModel::LastActivity, 12}};
  QHeaderView* header = view_->horizontalHeader();
  PanelParts::resizeColumns(header, fontMetrics(), widths);
  const int timeWidth = PanelParts::timeColumnWidth(fontMetrics());
  header->resizeSection(ConnectionsModel::Opened, timeWidth);
  header->resizeSection(ConnectionsModel::LastActivity, timeWidth);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    emit selectionChanged();
    updateActions();
  });
  connect(model_, &QAbstractItemModel::dataChanged, this, &ConnectionsPanel::updateActions);
  view_->setContextMenuPolicy(Qt::ActionsContextMenu);
  view_->addActions(connectionActions());
  PanelParts::stackToolBarOverTable(this, toolBar, view_);
}

QList<QAction*> ConnectionsPanel::connectionActions() const {
  return {kickAction_, kickAllAction_, pinAction_};
}

int ConnectionsPanel::selectedRow() const {
  const QModelIndexList rows = view_->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.constFirst().row();
}

const ConnectionsModel::Connection* ConnectionsPanel::selectedConnection() const {
  return model_->connectionAt(selectedRow());
}

void ConnectionsPanel::clearSelection() { view_->clearSelection(); }

void ConnectionsPanel::updateActions() {
  const auto* c = selectedConnection();
  kickAction_->setEnabled(c && c->state == ConnectionsModel::ConnectionState::Open);
  kickAllAction_->setEnabled(c);
  pinAction_->setEnabled(c);
  pinAction_->setChecked(c && c->pinned);
}

void ConnectionsPanel::kickConnection() {
  if (const auto* c = selectedConnection()) {
    if (!manager_->kick(c->serverId, c->requestId))
      emit message(tr("Connection #%1 is already closed").arg(c->requestId), 6000);
  }
}

void ConnectionsPanel::kickAllOfServer() {
  if (const auto* c = selectedConnection()) {
    const int n = manager_->kickAll(c->serverId);
    emit message(tr("Closed %n connection(s)", nullptr, n), 4000);
  }
}

void ConnectionsPanel::togglePin() {
  const int row = selectedRow();
  if (const auto* c = model_->connectionAt(row))
    model_->setPinned(row, !c->pinned);
  updateActions();
}

void ConnectionsPanel::saveSettings(QSettings& settings) const {
  settings.setValue(QStringLiteral("view/connectionsHeader"),
                    view_->horizontalHeader()->saveState());
  settings.setValue(QStringLiteral("connections/fadeAfterMs"), model_->fadeAfterMs());
}

void ConnectionsPanel::restoreSettings(const QSettings& settings) {
  view_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/connectionsHeader")).toByteArray());
  fadeSpin_->setValue(
      settings
          .value(QStringLiteral("connections/fadeAfterMs"), ConnectionsModel::defaultFadeAfterMs)
          .toInt() /
      1000);
}
