// Internal header of the ui suites: deadlines, a recorder of the manager's events, blocking
// clients (the engine's Socket, with a timeout on every wait) for the four kinds, and settings
// in a temporary directory for suites whose widgets save them.
//
// Waiting: every wait has a deadline. Event-loop waits use QTest::qWaitFor (QTRY's own
// primitive, polling every few ms, so a fast suite stays fast); client waits use socket
// timeouts. Nothing sleeps for a fixed time.
#pragma once

#include "ConsoleEvent.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerSpec.h"

#include <socketserver.hpp>

#include <QByteArray>
#include <QCoreApplication>
#include <QFileInfo>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QTemporaryDir>
#include <QVector>
#include <QtTest>

#include <algorithm>
#include <string>
#include <utility>

namespace ui_test {

using socketserver::Address;
using socketserver::Seconds;
using socketserver::Socket;

/// The longest any single wait may take before the test fails.
inline constexpr int DEADLINE_MS = 10000;
inline constexpr Seconds DEADLINE{10.0};

template <class Predicate> bool waitFor(Predicate predicate, int ms = DEADLINE_MS) {
  return QTest::qWaitFor(predicate, ms);
}

/// Settings of the suite's own, in a temporary directory: widgets that save their state (the
/// main window, the servers list) never read or write the person's. Hold one for the whole
/// suite and install() it in initTestCase(); the application is named after the suite.
class TemporarySettings {
public:
  /// Points QSettings (native and INI, user scope) into the directory; false if none was made.
  bool install() {
    if (!dir_.isValid())
      return false;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.path());
    QCoreApplication::setOrganizationName(QStringLiteral("SocketServerTest"));
    // The executable's name (currentAppName() is argv[0], a path that temporary names
    // made from the application's name could not hold).
    QCoreApplication::setApplicationName(
        QFileInfo(QString::fromLocal8Bit(QTest::currentAppName())).fileName());
    return true;
  }

private:
  QTemporaryDir dir_;
};

inline QByteArray bytes(const std::string& text) { return QByteArray::fromStdString(text); }

/// Every event the manager emits, in order.
class EventRecorder : public QObject {
public:
  explicit EventRecorder(ServerManager& manager) {
    QObject::connect(&manager, &ServerManager::eventsReady, this,
                     [this](const QVector<ConsoleEvent>& batch) {
                       events += batch;
                       ++batches;
                     });
  }

  int count(int serverId, ConsoleEvent::Kind kind) const {
    int n = 0;
    for (const ConsoleEvent& e : events)
      n += e.serverId == serverId && e.kind == kind;
    return n;
  }
  qint64 bytes(int serverId, ConsoleEvent::Kind kind) const {
    qint64 n = 0;
    for (const ConsoleEvent& e : events)
      if (e.serverId == serverId && e.kind == kind)
        n += e.size;
    return n;
  }
  int outcomes(int serverId, ConsoleEvent::Outcome outcome) const {
    int n = 0;
    for (const ConsoleEvent& e : events)
      n += e.serverId == serverId && e.kind == ConsoleEvent::Kind::Finished && e.outcome == outcome;
    return n;
  }
  /// The request id of the connection from `peer`, 0 when none opened.
  quint64 requestFrom(int serverId, const QString& peer) const {
    for (const ConsoleEvent& e : events)
      if (e.serverId == serverId && e.kind == ConsoleEvent::Kind::Opened && e.peer == peer)
        return e.requestId;
    return 0;
  }
  const ConsoleEvent* last(int serverId, ConsoleEvent::Kind kind) const {
    const auto it = std::find_if(events.crbegin(), events.crend(), [&](const ConsoleEvent& e) {
      return e.serverId == serverId && e.kind == kind;
    });
    return it == events.crend() ? nullptr : &*it;
  }

  QVector<ConsoleEvent> events;
  int batches = 0;
};

/// Starts server `id` and waits until it listens; returns its real address ("" on failure,
/// with the failure recorded by QVERIFY in the caller through the entry's reason).
inline bool startAndWait(ServerManager& manager, int id) {
  if (!manager.start(id))
    return false;
  return waitFor([&] {
           const ServerEntry* e = manager.find(id);
           return e && (e->state == ServerEntry::State::Listening ||
                        e->state == ServerEntry::State::Failed);
         }) &&
         manager.find(id)->state == ServerEntry::State::Listening;
}

inline bool stopAndWait(ServerManager& manager, int id) {
  manager.stop(id);
  return waitFor([&] {
    const ServerEntry* e = manager.find(id);
    return e && !e->isRunning();
  });
}

/// A stream client of a TCP or Unix stream server, with a deadline on every call.
inline Socket connectStream(const QString& address) {
  return Socket::create_connection(Address(address.toStdString()), DEADLINE);
}

/// Reads exactly n bytes (fewer only if the server closes).
inline std::string recvExactly(Socket& socket, std::size_t n) {
  std::string data;
  while (data.size() < n) {
    const std::string chunk = socket.recv(n - data.size());
    if (chunk.empty())
      break;
    data += chunk;
  }
  return data;
}

/// Reads until `terminator` has arrived (or the server closes).
inline std::string recvUntil(Socket& socket, const std::string& terminator) {
  std::string data;
  while (data.find(terminator) == std::string::npos) {
    const std::string chunk = socket.recv(4096);
    if (chunk.empty())
      break;
    data += chunk;
  }
  return data;
}

/// Reads until the server closes the connection.
inline std::string recvAll(Socket& socket) {
  std::string data;
  for (std::string chunk; !(chunk = socket.recv(4096)).empty();)
    data += chunk;
  return data;
}

/// A datagram client: UDP, or a Unix datagram socket bound to `unixPath` (so it can be
/// answered; pass "" for an unbound one).
inline Socket datagramClient(const Address& server, const std::string& unixPath = {}) {
  Socket socket(server.family(), SOCK_DGRAM);
  if (server.is_unix() && !unixPath.empty())
    socket.bind(Address::unix_path(unixPath));
  socket.settimeout(DEADLINE);
  return socket;
}

/// A spec for `kind` on a free port or a fresh path in `dir`.
inline ServerSpec specFor(ServerSpec::Kind kind, const QTemporaryDir& dir, const QString& file) {
  ServerSpec spec;
  spec.kind = kind;
  spec.address = ServerSpec::isUnix(kind) ? dir.filePath(file) : QStringLiteral("127.0.0.1:0");
  return spec;
}

} // namespace ui_test
