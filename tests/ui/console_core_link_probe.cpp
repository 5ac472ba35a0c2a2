// console_core_link_probe: a program that links socketserver::console_core and nothing else,
// and uses it as the headless mode does — a ServerManager starts an upper-case TCP server from
// a SPEC on 127.0.0.1:0 and a QTcpSocket gets its answer — so that
// tests/check_probe_links.cmake can show the console's core needs neither Qt Gui nor Qt
// Widgets to link or to run.
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerSpec.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QTcpSocket>

#include <cstdio>

namespace {

constexpr int deadlineMs = 10000;

int fail(const char* what) {
  std::fprintf(stderr, "console_core_link_probe: %s\n", what);
  return 1;
}

// Runs the event loop until the server listens (or the deadline passes); its port, or 0.
quint16 waitUntilListening(ServerManager& manager, int id) {
  const QDeadlineTimer deadline(deadlineMs);
  while (!deadline.hasExpired()) {
    const ServerEntry* entry = manager.find(id);
    if (entry && entry->state == ServerEntry::State::Listening)
      return static_cast<quint16>(entry->listeningAddress.section(QLatin1Char(':'), -1).toUInt());
    if (entry && entry->state == ServerEntry::State::Failed)
      return 0;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  return 0;
}

} // namespace

int main(int argc, char* argv[]) {
  const QCoreApplication app(argc, argv);
  QString error;
  const auto spec =
      ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?mode=threading&handler=upper"), &error);
  if (!spec)
    return fail(qPrintable(error));

  ServerManager manager;
  const int id = manager.add(*spec);
  if (!manager.start(id))
    return fail("the server did not start");
  const quint16 port = waitUntilListening(manager, id);
  if (port == 0)
    return fail("the server did not listen");

  QTcpSocket client;
  client.connectToHost(QHostAddress::LocalHost, port);
  if (!client.waitForConnected(deadlineMs))
    return fail("could not connect");
  client.write("hello, core\n");
  QByteArray answer;
  const QDeadlineTimer deadline(deadlineMs);
  while (!answer.endsWith('\n') && !deadline.hasExpired() && client.waitForReadyRead(100))
    answer += client.readAll();
  client.disconnectFromHost();
  manager.stopAllAndWait();

  if (answer != "HELLO, CORE\n")
    return fail("the server's answer was not the upper-cased line");
  std::printf("console_core served on 127.0.0.1:%u without Qt Gui or Widgets\n", port);
  return 0;
}
