// ServerResume: "start the servers that were running" — a choice the person makes (a checkable
// action in the Servers menu, off by default) that the window starts again, at launch, the
// servers that were running when it last closed, however it closed (File → Quit, the close
// button, SIGTERM or SIGINT).
//
//   auto* resume = new ServerResume(manager, this);
//   serversMenu->addAction(resume->action());
//   resume->save(settings);              // when the window closes, before the servers stop
//   resume->startSavedServers(settings); // at launch, once the saved servers are listed
//
// Settings: "servers/resumeAtLaunch" (the choice, saved as it is made) and
// "servers/runningAtClose", the SPEC URLs (ServerSpec::toUrl) of the servers that were running.
// A server is recognised by what it is, not by its row: should a saved server not be read back,
// its neighbour does not start in its place.
//
// Thread rule: GUI thread only.
#pragma once

#include <QObject>

class QAction;
class QSettings;
class ServerManager;

class ServerResume : public QObject {
  Q_OBJECT

public:
  /// `manager` outlives the resume (the window owns both).
  explicit ServerResume(ServerManager* manager, QObject* parent = nullptr);

  /// Checkable; checked when the choice is on. Object name resumeAtLaunchAction.
  QAction* action() const { return action_; }

  /// Remembers which servers are running now (starting or listening).
  void save(QSettings& settings) const;
  /// When the choice is on, starts each listed server that was running at the last close;
  /// returns how many it started.
  int startSavedServers(const QSettings& settings);

private:
  ServerManager* manager_;
  QAction* action_ = nullptr;
};
