// HeadlessRunner: `socketserver-console --headless`, the console without a window — the same
// servers and handlers as the GUI, with the request log on stdout — for machines without a
// display and for scripts.
//
//   socketserver-console --headless --serve 'tcp://127.0.0.1:0?handler=upper' [--serve ...]
//   socketserver-console --headless --profile servers.json --json
//   socketserver-console --headless --serve 'tcp://:0?name=t' --commands  (HeadlessCommands)
//
// Output: "serving on <address>" on stdout when a server starts accepting (the real address,
// port 0 resolved), then one line per event (ConsoleEvent::toLogLine), or with --json one
// JSON object per line (ConsoleEvent::toJson; "serving on" then goes to stderr so stdout stays
// JSON Lines). A server that fails is reported on stderr as well; the others go on.
//
// Exit status: 0 after SIGINT/SIGTERM stopped every server cleanly; 1 when no server is left
// running without being asked to stop (every one failed); 2 for a usage error (bad SPEC,
// unreadable profile, nothing to serve). A second SIGINT/SIGTERM while stopping exits at once
// with status 1.
//
// main() asks isOwnArgument() before it creates its application (no display needed for these),
// adds the options with addOptions() and, when isRequested(), returns run(parser).
#pragma once

#include "ServerManager.h"
#include "ServerSpec.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <cstdio>

class QCommandLineParser;
class SignalWatcher;

class HeadlessRunner : public QObject {
  Q_OBJECT

public:
  struct Options {
    QList<ServerSpec> servers;
    bool json = false;
    int payloadCap = EventBridge::defaultPayloadCap;
    bool commands = false; ///< --commands: read HeadlessCommands from stdin
  };

  /// Exit statuses of run() and exec().
  enum ExitCode { Stopped = 0, ServerFailed = 1, UsageError = 2 };

  /// Adds --headless, --serve SPEC (repeatable), --profile FILE, --json, --payload-cap BYTES,
  /// --commands.
  static void addOptions(QCommandLineParser& parser);
  /// True for --headless and for an argument that starts as a headless-only option does
  /// ("--serve", "--serve=SPEC"): main() then needs no display, not even to report misuse.
  static bool isOwnArgument(const char* argument);
  /// The SPEC syntax, for the --help text.
  static QString specHelp();
  static bool isRequested(const QCommandLineParser& parser);
  /// --json: the output is for programs (main() then speaks the source language).
  static bool writesJson(const QCommandLineParser& parser);
  /// True when an option that only the headless mode reads is set (a usage error without
  /// --headless).
  static bool hasHeadlessOptions(const QCommandLineParser& parser);
  /// The usage error for hasHeadlessOptions() without --headless: "--serve, --profile, --json
  /// and --payload-cap need --headless".
  static QString needsHeadlessError();
  /// Reads the options and runs; returns the exit status. Needs a QCoreApplication.
  static int run(const QCommandLineParser& parser);

  explicit HeadlessRunner(Options options, QObject* parent = nullptr);
  ~HeadlessRunner() override;

  /// Starts the servers and runs the event loop until they have stopped; returns the exit
  /// status.
  int exec();

private:
  void printEvents(const QVector<ConsoleEvent>& events);
  void serverChanged(int id);
  void stopOnSignal(int signalNumber);
  void finish();
  void writeLine(std::FILE* stream, const QString& line, bool flush = true);

  Options options_;
  ServerManager manager_;
  SignalWatcher* signalWatcher_ = nullptr;
  QHash<int, QString> names_;
  QHash<int, bool> nameGiven_;
  QHash<int, QString> urls_;
  bool stopping_ = false;
};
