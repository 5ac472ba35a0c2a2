// Internal header of the ui suites that run the real socketserver-console binary (the test's
// CONSOLE_BINARY) in a QProcess, as a person or a script starts it: its output collected as it
// comes, signals sent to it by its PID (only ever the process the test started), and a home of
// its own.
//
// A ConsoleHome is a temporary HOME and XDG_CONFIG_HOME, so the console reads and writes no real
// settings; its language is the C locale (English) unless the test names another, and a window
// opens on the offscreen platform. Tests prepare the console's settings there before it starts
// and read them after it ended:
//
//   ConsoleHome home;
//   home.settings()->setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));
//   Console console({QStringLiteral("--help")}, home);
//   QVERIFY(console.waitForExit());
#pragma once

#include "console_test_support.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>

#include <csignal>
#include <memory>

#include <unistd.h>

namespace ui_test {

class ConsoleHome {
public:
  /// `locale` as LC_ALL and LANG ("zh_CN.UTF-8" for a Chinese desktop); LANGUAGE is cleared,
  /// so that the system's language is this one alone.
  explicit ConsoleHome(const QString& locale = QStringLiteral("C.UTF-8")) {
    environment_.insert(QStringLiteral("HOME"), dir_.path());
    environment_.insert(QStringLiteral("XDG_CONFIG_HOME"),
                        dir_.filePath(QStringLiteral(".config")));
    environment_.insert(QStringLiteral("LC_ALL"), locale);
    environment_.insert(QStringLiteral("LANG"), locale);
    environment_.remove(QStringLiteral("LANGUAGE"));
    // A window, when the arguments ask for one, needs no display.
    environment_.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  }

  bool isValid() const { return dir_.isValid(); }
  QString path() const { return dir_.path(); }
  QProcessEnvironment environment() const { return environment_; }

  /// The console's settings in this home: QSettings' native format on Linux is this INI file,
  /// named after the organisation and application main() sets.
  std::unique_ptr<QSettings> settings() const {
    return std::make_unique<QSettings>(
        dir_.filePath(QStringLiteral(".config/SocketServer/socketserver-console.conf")),
        QSettings::IniFormat);
  }

private:
  QTemporaryDir dir_;
  QProcessEnvironment environment_ = QProcessEnvironment::systemEnvironment();
};

/// The console binary, started at once, with its output collected as it comes.
class Console {
public:
  /// In a home of its own.
  explicit Console(const QStringList& arguments, bool ownProcessGroup = false)
      : Console(arguments, ownHome_, ownProcessGroup) {}
  /// In `home`, which outlives the console.
  Console(const QStringList& arguments, const ConsoleHome& home, bool ownProcessGroup = false) {
    if (ownProcessGroup) // as a shell starts a job: Ctrl-C then reaches its children too
      process.setChildProcessModifier([] { ::setpgid(0, 0); });
    process.setProgram(QStringLiteral(CONSOLE_BINARY));
    process.setArguments(arguments);
    process.setProcessEnvironment(home.environment());
    QObject::connect(&process, &QProcess::readyReadStandardOutput,
                     [this] { out += process.readAllStandardOutput(); });
    QObject::connect(&process, &QProcess::readyReadStandardError,
                     [this] { err += process.readAllStandardError(); });
    process.start();
  }
  ~Console() {
    if (process.state() != QProcess::NotRunning) {
      process.kill();
      process.waitForFinished(DEADLINE_MS);
    }
  }
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  bool waitForOutput(const QRegularExpression& pattern, QRegularExpressionMatch* match = nullptr) {
    return waitFor([&] {
             const auto m = pattern.match(QString::fromUtf8(out));
             if (match)
               *match = m;
             return m.hasMatch() || process.state() == QProcess::NotRunning;
           }) &&
           pattern.match(QString::fromUtf8(out)).hasMatch();
  }
  /// Waits for the line "serving on ADDRESS" that the console prints once a server listens —
  /// the first whose ADDRESS matches `address` (a regular expression) — and returns ADDRESS;
  /// "" when the console exited or the deadline passed first (diagnostics() shows why).
  QString waitForServing(const QString& address = QStringLiteral("\\S+")) {
    const QRegularExpression line(QStringLiteral("^serving on (%1)\n").arg(address),
                                  QRegularExpression::MultilineOption);
    QRegularExpressionMatch match;
    return waitForOutput(line, &match) ? match.captured(1) : QString();
  }
  bool waitForExit() {
    return waitFor([&] { return process.state() == QProcess::NotRunning; });
  }
  void signal(int number) { ::kill(static_cast<pid_t>(process.processId()), number); }
  void signalGroup(int number) { ::kill(-static_cast<pid_t>(process.processId()), number); }
  QString diagnostics() const {
    return QStringLiteral("stdout:\n%1\nstderr:\n%2")
        .arg(QString::fromUtf8(out), QString::fromUtf8(err));
  }

  QProcess process;
  QByteArray out;
  QByteArray err;

private:
  ConsoleHome ownHome_; // constructed before the delegating constructor's body runs
};

} // namespace ui_test
