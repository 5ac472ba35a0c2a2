#include "RunningServers.h"

#include "ClientConnection.h"
#include "ServerEntry.h"
#include "ServerManager.h"

#include <QCoreApplication>

namespace {

bool isWildcardHost(const QString& host) {
  return host == QLatin1String("0.0.0.0") || host == QLatin1String("[::]");
}

// Whether the canonical target `target` reaches a server listening on `listening` (canonical
// too): the same address, or the same port of a server on every interface.
bool reaches(ServerSpec::Kind kind, const QString& target, const QString& listening) {
  if (target == listening)
    return true;
  if (ServerSpec::isUnix(kind))
    return false;
  const QString port = listening.section(QLatin1Char(':'), -1);
  const QString host = listening.section(QLatin1Char(':'), 0, -2);
  return isWildcardHost(host) && target.section(QLatin1Char(':'), -1) == port;
}

} // namespace

namespace RunningServers {

int serverAt(const ServerManager& manager, const QString& typed, ServerSpec::Kind preferred,
             bool onlyPreferred) {
  int other = 0;
  for (int row = 0; row < manager.count(); ++row) {
    const ServerEntry& entry = manager.at(row);
    const ServerSpec::Kind kind = entry.spec.kind;
    if (entry.state != ServerEntry::State::Listening || entry.listeningAddress.isEmpty() ||
        (onlyPreferred && kind != preferred))
      continue;
    const QString target = ClientConnection::normalizeTarget(kind, typed);
    const QString listening = ClientConnection::normalizeTarget(kind, entry.listeningAddress);
    if (target.isEmpty() || !reaches(kind, target, listening))
      continue;
    if (kind == preferred)
      return entry.id;
    if (other == 0)
      other = entry.id;
  }
  return other;
}

QString itemText(const ServerEntry& entry) {
  const QString kind = ServerSpec::kindLabel(entry.spec.kind);
  if (entry.spec.name.isEmpty())
    return QCoreApplication::translate("RunningServers", "%1 %2").arg(kind, entry.listeningAddress);
  return QCoreApplication::translate("RunningServers", "%1 %2 — %3")
      .arg(kind, entry.listeningAddress, entry.spec.name);
}

} // namespace RunningServers
