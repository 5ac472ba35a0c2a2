// RunningServers: the test client's view of the console's own servers — which running server
// a typed address reaches, and how the client's server list names one.
//
//   const int id = RunningServers::serverAt(*manager, QStringLiteral("9999"), Kind::Tcp);
//   combo->addItem(RunningServers::itemText(manager->at(row)), id);
//
// An address matches a server listening there in the canonical form the client uses
// (ClientConnection::normalizeTarget(): "9999" is 127.0.0.1:9999, a path is made absolute), or a
// server listening on every interface (0.0.0.0, [::]) at the same port. Thread rule: GUI thread
// (it reads the manager).
#pragma once

#include "ServerSpec.h"

#include <QString>

#include <optional>

class ServerManager;
struct ServerEntry;

namespace RunningServers {

/// The id of a listening server at `typed`, 0 when none is. A server of kind `preferred` wins;
/// with `onlyPreferred`, no other kind is considered.
int serverAt(const ServerManager& manager, const QString& typed, ServerSpec::Kind preferred,
             bool onlyPreferred = false);

/// "TCP 127.0.0.1:9999 — Upper-case echo": kind and address first, so that a narrow list cuts
/// the name, not where the server is (translated).
QString itemText(const ServerEntry& entry);

} // namespace RunningServers
