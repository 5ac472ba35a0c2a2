// socketserver-console: command line, then the main window. Everything visible lives in ui/.
#include "ConsoleVersion.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstring>
#include <memory>

namespace {

// --help and --version must answer where there is no display (ssh, CI, package checks), and
// a QApplication cannot start without one: so it is created only when a window will be shown.
bool needsWindow(int argc, char* argv[]) {
  for (int i = 1; i < argc; ++i) {
    for (const char* flag : {"-h", "-?", "--help", "--help-all", "-v", "--version"}) {
      if (std::strcmp(argv[i], flag) == 0)
        return false;
    }
  }
  return true;
}

} // namespace

int main(int argc, char* argv[]) {
  QCoreApplication::setApplicationName(QStringLiteral(SOCKETSERVER_CONSOLE_NAME));
  QCoreApplication::setApplicationVersion(QStringLiteral(SOCKETSERVER_VERSION));
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServer"));

  std::unique_ptr<QCoreApplication> app;
  if (needsWindow(argc, argv))
    app = std::make_unique<QApplication>(argc, argv);
  else
    app = std::make_unique<QCoreApplication>(argc, argv);

  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate(
      "main", "Start, stop and watch socket servers, and talk to them from a test client."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.process(*app); // prints and exits for --help, --version and unknown options

  if (!qobject_cast<QApplication*>(app.get()))
    return 0; // unreachable today; a guard so a new option cannot start widgets without a GUI

  QGuiApplication::setApplicationDisplayName(
      QCoreApplication::translate("main", "SocketServer Console"));
  QGuiApplication::setDesktopFileName(QStringLiteral(SOCKETSERVER_CONSOLE_NAME));

  MainWindow window;
  window.show();
  return app->exec();
}
