// SignalWatcher: POSIX signals (SIGINT, SIGTERM, ...) as a Qt signal on the watcher's thread.
//
// The handler does the only async-signal-safe thing needed: it writes the signal number to a
// pipe (the self-pipe trick). A QSocketNotifier on the other end emits signalReceived() from
// the event loop, where any work is allowed (stopping servers, printing, quitting).
//
//   SignalWatcher watcher({SIGINT, SIGTERM});
//   connect(&watcher, &SignalWatcher::signalReceived, &app, [](int) { qApp->quit(); });
//
// Used by `--headless` (HeadlessRunner) and by the window (main() forwards the signal to
// MainWindow::quit()). One watcher at a time per process (the handler finds the pipe through
// a static). The previous dispositions come back when the watcher is destroyed. Forked
// children inherit the handler, which does nothing there: a Ctrl-C reaching the whole process
// group is heard once, by the parent, whose stop then ends the children by closing their
// connections.
#pragma once

#include <QList>
#include <QObject>

#include <csignal>
#include <utility>

class QSocketNotifier;

class SignalWatcher : public QObject {
  Q_OBJECT

public:
  explicit SignalWatcher(const QList<int>& signalNumbers, QObject* parent = nullptr);
  ~SignalWatcher() override;

  /// False when the pipe or a handler could not be set up (or another watcher exists).
  bool isValid() const { return notifier_ != nullptr; }

signals:
  void signalReceived(int signalNumber);

private:
  static void handle(int signalNumber);
  void readPipe();

  int readFd_ = -1;
  int writeFd_ = -1;
  QSocketNotifier* notifier_ = nullptr;
  QList<std::pair<int, struct sigaction>> previous_;
};
