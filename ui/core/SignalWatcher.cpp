#include "SignalWatcher.h"

#include <QSocketNotifier>

#include <atomic>
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace {
// The write end of the active watcher's pipe, for the handler. -1 when none.
std::atomic<int> activeWriteFd{-1};
// The process that made the watcher: a forked child inherits the handler but must not
// speak for its parent (see handle()).
std::atomic<pid_t> ownerPid{0};
static_assert(std::atomic<int>::is_always_lock_free, "read from a signal handler");
static_assert(std::atomic<pid_t>::is_always_lock_free, "read from a signal handler");
} // namespace

SignalWatcher::SignalWatcher(const QList<int>& signalNumbers, QObject* parent) : QObject(parent) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
    return;
  int expected = -1;
  if (!activeWriteFd.compare_exchange_strong(expected, fds[1])) {
    ::close(fds[0]);
    ::close(fds[1]);
    return; // another watcher is active
  }
  readFd_ = fds[0];
  writeFd_ = fds[1];
  ownerPid.store(::getpid());
  for (const int number : signalNumbers) {
    struct sigaction action {};
    action.sa_handler = &SignalWatcher::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    struct sigaction old {};
    if (::sigaction(number, &action, &old) == 0)
      previous_.append({number, old});
  }
  notifier_ = new QSocketNotifier(readFd_, QSocketNotifier::Read, this);
  connect(notifier_, &QSocketNotifier::activated, this, &SignalWatcher::readPipe);
}

SignalWatcher::~SignalWatcher() {
  for (const auto& [number, old] : std::as_const(previous_))
    ::sigaction(number, &old, nullptr);
  if (writeFd_ >= 0) {
    activeWriteFd.store(-1);
    ::close(writeFd_);
  }
  delete notifier_;
  if (readFd_ >= 0)
    ::close(readFd_);
}

void SignalWatcher::handle(int signalNumber) {
  const int savedErrno = errno; // the interrupted code may be about to read errno
  const int fd = activeWriteFd.load();
  // A forked child (a forking server's request) shares the pipe; were it to write, a Ctrl-C
  // reaching the whole process group would count twice in the parent ("again: exit at once").
  // The child does nothing: the parent's stop closes its connection and it ends normally.
  if (fd >= 0 && ::getpid() == ownerPid.load()) {
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const auto written = ::write(fd, &byte, 1); // full pipe: signal coalesced
  }
  errno = savedErrno;
}

void SignalWatcher::readPipe() {
  unsigned char numbers[64];
  ssize_t n;
  while ((n = ::read(readFd_, numbers, sizeof numbers)) > 0) {
    for (ssize_t i = 0; i < n; ++i)
      emit signalReceived(numbers[i]);
  }
}
