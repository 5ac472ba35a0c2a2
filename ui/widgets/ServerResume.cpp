#include "ServerResume.h"

#include "ServerEntry.h"
#include "ServerManager.h"

#include <QAction>
#include <QSettings>
#include <QStringList>

namespace {

const QString kChoiceKey = QStringLiteral("servers/resumeAtLaunch");
const QString kRunningKey = QStringLiteral("servers/runningAtClose");

} // namespace

ServerResume::ServerResume(ServerManager* manager, QObject* parent)
    : QObject(parent), manager_(manager) {
  action_ = new QAction(tr("Start the servers that were &running, at launch"), this);
  action_->setObjectName(QStringLiteral("resumeAtLaunchAction"));
  action_->setCheckable(true);
  action_->setChecked(QSettings().value(kChoiceKey, false).toBool());
  const QString tip = tr("When the console starts, start again the servers that were running "
                         "when it was last closed");
  action_->setToolTip(tip);
  action_->setStatusTip(tip);
  // Saved at once: a window that is killed rather than closed still remembers the choice.
  connect(action_, &QAction::toggled, this, [](bool on) { QSettings().setValue(kChoiceKey, on); });
}

void ServerResume::save(QSettings& settings) const {
  QStringList running;
  for (int row = 0; row < manager_->count(); ++row) {
    const ServerEntry& entry = manager_->at(row);
    if (entry.state == ServerEntry::State::Starting || entry.state == ServerEntry::State::Listening)
      running << entry.spec.toUrl();
  }
  settings.setValue(kRunningKey, running);
}

int ServerResume::startSavedServers(const QSettings& settings) {
  if (!action_->isChecked())
    return 0;
  QStringList wereRunning = settings.value(kRunningKey).toStringList();
  int started = 0;
  for (const int id : manager_->ids()) {
    const ServerEntry* entry = manager_->find(id);
    // removeOne: of two identical servers, as many start as were running.
    if (entry && !entry->isRunning() && wereRunning.removeOne(entry->spec.toUrl()))
      started += manager_->start(id) ? 1 : 0;
  }
  return started;
}
