// socketserver-console: command line, then the main window — or, with --headless, the
// servers alone with their log on stdout. Everything else lives in ui/.
#include "ConsoleProbe.h"
#include "ConsoleVersion.h"
#include "ForkSafeApplication.h"
#include "HeadlessRunner.h"
#include "MainWindow.h"
#include "SignalWatcher.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace {

// --help, --version and --headless must work where there is no display (ssh, CI, package
// checks, servers), and a QApplication cannot start without one: so it is created only when
// a window will be shown.
// The headless mode's own options count too, so that misusing them gets its usage error
// rather than a failure to open a display.
bool needsWindow(int argc, char* argv[]) {
  for (int i = 1; i < argc; ++i) {
    for (const char* flag : {"-h", "-?", "--help", "--help-all", "-v", "--version"}) {
      if (std::strcmp(argv[i], flag) == 0)
        return false;
    }
    if (HeadlessRunner::isOwnArgument(argv[i]))
      return false;
  }
  return true;
}

int usageError(const QString& message) {
  std::fprintf(stderr, "%s: %s\n", SOCKETSERVER_CONSOLE_NAME, qPrintable(message));
  return HeadlessRunner::UsageError;
}

} // namespace

int main(int argc, char* argv[]) {
  QCoreApplication::setApplicationName(QStringLiteral(SOCKETSERVER_CONSOLE_NAME));
  QCoreApplication::setApplicationVersion(QStringLiteral(SOCKETSERVER_VERSION));
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServer"));

  std::unique_ptr<QCoreApplication> app;
  if (needsWindow(argc, argv))
    app = std::make_unique<ForkSafeApplication>(argc, argv);
  else
    app = std::make_unique<QCoreApplication>(argc, argv);
  // Before --help is written and before the first widget: both are translated as they are
  // built. The same language everywhere: the console's setting, else the system's.
  Translations::install(Translations::localeFor(Translations::savedChoice()));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QCoreApplication::translate(
          "main", "Start, stop and watch socket servers, and talk to them from a test client.") +
      QLatin1String("\n\n") + HeadlessRunner::specHelp());
  const QCommandLineOption helpOption = parser.addHelpOption();
  const QCommandLineOption versionOption = parser.addVersionOption();
  HeadlessRunner::addOptions(parser);
  // parse(), not process(): a usage error exits with status 2, as a bad SPEC does.
  if (!parser.parse(QCoreApplication::arguments()))
    return usageError(
        QCoreApplication::translate("main", "%1 (see --help)").arg(parser.errorText()));
  if (parser.isSet(helpOption))
    parser.showHelp(0);
  if (parser.isSet(versionOption))
    parser.showVersion();
  if (!parser.positionalArguments().isEmpty())
    return usageError(QCoreApplication::translate("main", "unexpected argument '%1' (see --help)")
                          .arg(parser.positionalArguments().constFirst()));

  if (HeadlessRunner::isRequested(parser)) {
    // JSON Lines are read by programs, which expect the words they were written against.
    if (HeadlessRunner::writesJson(parser))
      Translations::install(
          Translations::localeFor(QString::fromLatin1(Translations::sourceLanguage)));
    return HeadlessRunner::run(parser);
  }
  if (HeadlessRunner::hasHeadlessOptions(parser))
    return usageError(HeadlessRunner::needsHeadlessError());

  if (!qobject_cast<QApplication*>(app.get()))
    return 0; // unreachable today; a guard so a new option cannot start widgets without a GUI

  // The window title's context and text, so that its translation names the application too.
  QGuiApplication::setApplicationDisplayName(
      QCoreApplication::translate("MainWindow", "SocketServer Console"));
  QGuiApplication::setDesktopFileName(QStringLiteral(SOCKETSERVER_CONSOLE_NAME));

  // SIGINT and SIGTERM (Ctrl-C, kill, a session ending) quit as File → Quit does. Heard from
  // before the window exists, since it may start servers as it opens.
  std::optional<SignalWatcher> stopSignals(std::in_place, QList<int>{SIGINT, SIGTERM});
  MainWindow window;
  QObject::connect(&*stopSignals, &SignalWatcher::signalReceived, &window, &MainWindow::quit);
  // A benchmark's view of the GUI thread (bench/flood/external_flood.py): off unless the
  // variable names a file. Declared after the window, so it is gone before the window is.
  std::optional<ConsoleProbe> probe;
  if (const QString path = qEnvironmentVariable(ConsoleProbe::environmentVariable);
      !path.isEmpty()) {
    probe.emplace(path, *window.manager());
    if (!probe->isOpen()) {
      std::fprintf(stderr, "%s: %s\n", SOCKETSERVER_CONSOLE_NAME,
                   qPrintable(QCoreApplication::translate("main", "cannot write the probe file "
                                                                  "'%1' (%2): no probe")
                                  .arg(path, probe->errorString())));
      probe.reset();
    }
  }
  window.show();
  const int status = app->exec();
  // The servers stop as the window goes. Should that hang, a second signal ends the process
  // (the default disposition is back), as it ends a stuck --headless run.
  stopSignals.reset();
  return status;
}
