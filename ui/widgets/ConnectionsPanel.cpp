#include "ConnectionsPanel.h"

#include "MessageEditor.h"
#include "PanelParts.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServersModel.h"

#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QToolBar>
#include <algorithm>

namespace {

/// The send part's layout. Its wrapped labels give it a height for each width, and a scroll
/// area sizes such a widget by that preferred height: a short dock would scroll although the
/// part's minimum fits. Without it, the area sizes the part by its minimum and the editor and
/// the history give up room first.
class SendPartLayout : public QVBoxLayout {
public:
  using QVBoxLayout::QVBoxLayout;
  bool hasHeightForWidth() const override { return false; }
};

} // namespace

ConnectionsPanel::ConnectionsPanel(ServerManager* manager, ConnectionsModel* model, QWidget* parent)
    : QWidget(parent), manager_(manager), model_(model) {
  createActions();
  createView();
  // A server that goes or changes may take the selected connection's row with it.
  connect(manager_, &ServerManager::serverRemoved, this, &ConnectionsPanel::updateActions);
  connect(manager_, &ServerManager::serverChanged, this, &ConnectionsPanel::updateActions);
  updateActions();
}

// The send part may live in the window's dock: it calls this panel, so it goes first.
ConnectionsPanel::~ConnectionsPanel() { delete sendPanel_.data(); }

void ConnectionsPanel::placeSendPartIn(QDockWidget* dock) {
  sendDock_ = dock;
  dock->setWidget(sendPanel_);
  sendPanel_->show();
  dock->setVisible(sendAction_->isChecked());
  // The dock's own close button (and the View menu) hide it: Send… follows.
  connect(dock->toggleViewAction(), &QAction::toggled, sendAction_, &QAction::setChecked);
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
  sendAction_ = makeAction(this, QStringLiteral("sendAction"), tr("&Send…"),
                           tr("Send a message by hand to the selected connections (or datagram "
                              "peers), from the server"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
  sendAction_->setCheckable(true);
  connect(sendAction_, &QAction::toggled, this, &ConnectionsPanel::showSendPanel);
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
  const std::pair<int, int> widths[] = {{ConnectionsModel::Id, 5},
                                        {ConnectionsModel::Server, 19},
                                        {ConnectionsModel::Peer, 17},
                                        {ConnectionsModel::Opened, 12},
                                        {ConnectionsModel::Age, 6},
                                        {ConnectionsModel::BytesIn, 8},
                                        {ConnectionsModel::BytesOut, 8},
                                        {ConnectionsModel::Messages, 9},
                                        {ConnectionsModel::LastActivity, 12},
                                        {ConnectionsModel::State, 8},
                                        {ConnectionsModel::Tls, 15}}; // last: stretched
  QHeaderView* header = view_->horizontalHeader();
  PanelParts::resizeColumns(header, fontMetrics(), widths);
  const int timeWidth = PanelParts::timeColumnWidth(fontMetrics());
  header->resizeSection(ConnectionsModel::Opened, timeWidth);
  header->resizeSection(ConnectionsModel::LastActivity, timeWidth);
  // A day-long connection's age, and the widest byte counts.
  PanelParts::fitColumnToTexts(view_, ConnectionsModel::Age,
                               {ConnectionsModel::formatAge(99999900)});
  for (const int column : {ConnectionsModel::BytesIn, ConnectionsModel::BytesOut})
    PanelParts::fitColumnToTexts(view_, column, ServersModel::widestByteTexts());
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    emit selectionChanged();
    updateActions();
  });
  connect(model_, &QAbstractItemModel::dataChanged, this, &ConnectionsPanel::updateActions);
  // The TLS column only while there is TLS to show: at the window's default size, a table of
  // plain connections keeps every other column in view without scrolling sideways.
  for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
    connect(model_, signal, this, &ConnectionsPanel::updateTlsColumn);
  connect(model_, &QAbstractItemModel::dataChanged, this, &ConnectionsPanel::updateTlsColumn);
  connect(model_, &QAbstractItemModel::modelReset, this, &ConnectionsPanel::updateTlsColumn);
  updateTlsColumn();
  view_->setContextMenuPolicy(Qt::ActionsContextMenu);
  view_->addActions(connectionActions());
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection); // send to several at once
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->setObjectName(QStringLiteral("connectionsSplitter"));
  splitter->addWidget(view_);
  splitter->addWidget(createSendPanel());
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);
  PanelParts::stackToolBarOverTable(this, toolBar, splitter);
}

QWidget* ConnectionsPanel::createSendPanel() {
  auto* content = new QWidget;
  auto* layout = new SendPartLayout(content);
  sendTargetLabel_ = new QLabel(content);
  sendTargetLabel_->setObjectName(QStringLiteral("sendTargetLabel"));
  sendTargetLabel_->setWordWrap(true);
  sendToAllCheck_ = new QCheckBox(tr("To every connection of the server"), content);
  sendToAllCheck_->setObjectName(QStringLiteral("sendToAllCheck"));
  sendToAllCheck_->setToolTip(tr("Send to every open connection of the selected rows' servers "
                                 "(datagram servers: every peer heard from in the last minute)"));
  editor_ = new MessageEditor(content);
  editor_->setTitle(tr("Message from the server"));
  editor_->setSendFunction([this](const QByteArray& bytes) { return sendBytes(bytes); });
  editor_->addShortcuts(content);
  // The history takes the room that is left, from two messages up: the part's preferred
  // height leaves it out, so that a short place shows the whole part without scrolling.
  auto* history = new QGroupBox(tr("History"), content);
  auto* historyLayout = new QVBoxLayout(history);
  historyLayout->addWidget(editor_->historyList());
  editor_->historyList()->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
  editor_->historyList()->show();
  sendStatusLabel_ = new QLabel(content);
  sendStatusLabel_->setObjectName(QStringLiteral("sendStatusLabel"));
  sendStatusLabel_->setWordWrap(true);
  sendStatusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(sendTargetLabel_);
  layout->addWidget(sendToAllCheck_);
  layout->addWidget(editor_);
  layout->addWidget(sendStatusLabel_);
  layout->addWidget(history, 1);
  connect(editor_, &MessageEditor::status, this, &ConnectionsPanel::showSendStatus);
  connect(sendToAllCheck_, &QCheckBox::toggled, this, &ConnectionsPanel::updateActions);

  // A short place: the part scrolls rather than squeezing the editor.
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("sendPanel"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(content);
  scroll->setMinimumWidth(content->minimumSizeHint().width() + 16);
  scroll->hide();
  sendPanel_ = scroll;
  return scroll;
}

QList<QAction*> ConnectionsPanel::connectionActions() const {
  return {kickAction_, kickAllAction_, pinAction_, sendAction_};
}

int ConnectionsPanel::selectedRow() const {
  const QModelIndexList rows = view_->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.constFirst().row();
}

const ConnectionsModel::Connection* ConnectionsPanel::selectedConnection() const {
  return model_->connectionAt(selectedRow());
}

QList<const ConnectionsModel::Connection*> ConnectionsPanel::selectedConnections() const {
  QModelIndexList rows = view_->selectionModel()->selectedRows();
  std::sort(rows.begin(), rows.end(),
            [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  QList<const ConnectionsModel::Connection*> selected;
  for (const QModelIndex& index : std::as_const(rows)) {
    if (const auto* c = model_->connectionAt(index.row()))
      selected << c;
  }
  return selected;
}

void ConnectionsPanel::clearSelection() { view_->clearSelection(); }

void ConnectionsPanel::updateActions() {
  const auto* c = selectedConnection();
  // A datagram peer has no connection to close.
  kickAction_->setEnabled(c && !c->datagramPeer &&
                          c->state == ConnectionsModel::ConnectionState::Open);
  kickAllAction_->setEnabled(c);
  pinAction_->setEnabled(c);
  pinAction_->setChecked(c && c->pinned);
  updateSendTarget();
}

void ConnectionsPanel::updateSendTarget() {
  const auto selected = selectedConnections();
  int ready = 0;
  QString problem;
  for (const auto* c : selected) {
    const QString why = manager_->sendProblem(c->serverId, c->requestId);
    if (why.isEmpty())
      ++ready;
    else if (problem.isEmpty())
      problem = why;
  }
  const bool toAll = sendToAllCheck_->isChecked();
  QString text;
  if (selected.isEmpty())
    text = tr("Select open connections (or datagram rows) in the table to send to them.");
  else if (toAll)
    text = tr("To every connection of %1.").arg(serverName(selected.first()->serverId));
  else if (ready == 0)
    text = tr("Cannot send: %1").arg(problem);
  else
    text = tr("To %n selected connection(s).", nullptr, ready);
  sendTargetLabel_->setText(text);
  editor_->setSendingEnabled(!selected.isEmpty() && (toAll || ready > 0));
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

QString ConnectionsPanel::serverName(int serverId) const {
  const ServerEntry* entry = manager_->find(serverId);
  return entry ? entry->spec.displayName() : QString::number(serverId);
}

void ConnectionsPanel::showSendPanel(bool shown) {
  if (sendDock_) {
    sendDock_->setVisible(shown);
    if (shown)
      sendDock_->raise(); // over the test client, whose tab it shares
  } else {
    sendPanel_->setVisible(shown);
  }
  if (sendAction_->isChecked() != shown)
    sendAction_->setChecked(shown);
  updateSendTarget();
}

bool ConnectionsPanel::sendBytes(const QByteArray& bytes) {
  const auto selected = selectedConnections();
  if (sendToAllCheck_->isChecked()) {
    QList<int> servers;
    int reached = 0;
    for (const auto* c : selected) {
      if (!servers.contains(c->serverId)) {
        servers << c->serverId;
        reached += manager_->sendToAll(c->serverId, bytes);
      }
    }
    if (reached == 0) {
      showSendStatus(tr("Not sent: the server has no open connection"), true);
      return false;
    }
    showSendStatus(tr("Sending %1 bytes to %n connection(s)", nullptr, reached).arg(bytes.size()),
                   false);
    return true;
  }
  int queued = 0;
  QString error;
  for (const auto* c : selected) {
    QString why;
    if (manager_->sendTo(c->serverId, c->requestId, bytes, &why))
      ++queued;
    else if (error.isEmpty())
      error = tr("#%1: %2").arg(c->requestId).arg(why);
  }
  if (queued == 0) {
    showSendStatus(tr("Not sent: %1").arg(error), true);
    return false;
  }
  showSendStatus(error.isEmpty()
                     ? tr("Sending %1 bytes to %n connection(s)", nullptr, queued).arg(bytes.size())
                     : tr("Sending to %1; not to %2").arg(queued).arg(error),
                 !error.isEmpty());
  return true;
}

void ConnectionsPanel::updateTlsColumn() {
  view_->setColumnHidden(ConnectionsModel::Tls, !model_->hasTlsRows());
}

void ConnectionsPanel::showSendStatus(const QString& text, bool error) {
  sendStatusLabel_->setText(text);
  sendStatusLabel_->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0392b; }") : QString());
}

void ConnectionsPanel::saveSettings(QSettings& settings) const {
  settings.setValue(QStringLiteral("view/connectionsHeader2"),
                    view_->horizontalHeader()->saveState());
  settings.setValue(QStringLiteral("connections/fadeAfterMs"), model_->fadeAfterMs());
  settings.setValue(QStringLiteral("connections/sendShown"), sendAction_->isChecked());
  settings.beginGroup(QStringLiteral("connections/send"));
  editor_->saveSettings(settings);
  settings.endGroup();
}

void ConnectionsPanel::restoreSettings(QSettings& settings) {
  // "2": a layout saved before the TLS column came in has one section fewer; restored, it
  // would leave the new last column narrow. It is left behind (the defaults fit).
  view_->horizontalHeader()->restoreState(
      settings.value(QStringLiteral("view/connectionsHeader2")).toByteArray());
  updateTlsColumn(); // whether it was hidden when the layout was saved does not matter
  fadeSpin_->setValue(
      settings
          .value(QStringLiteral("connections/fadeAfterMs"), ConnectionsModel::defaultFadeAfterMs)
          .toInt() /
      1000);
  showSendPanel(settings.value(QStringLiteral("connections/sendShown"), false).toBool());
  settings.beginGroup(QStringLiteral("connections/send"));
  editor_->restoreSettings(settings);
  settings.endGroup();
}
