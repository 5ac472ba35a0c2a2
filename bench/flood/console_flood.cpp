// console_flood: the console under a flood (issue 4). The real MainWindow (offscreen) runs a
// TCP echo server through its ServerManager, EventBridge, models and views, while client
// threads in the same process ping-pong 16-byte messages at it as fast as they can; every
// request is two traffic events (received, sent), so 16 clients make well over 100 000
// events per second. Measured:
//
//   - the GUI thread's longest stall: a 2 ms timer probe, the largest gap between its ticks;
//   - events generated (from the exact counts) and events delivered to the GUI per second;
//   - RSS every second (bounded: the log keeps at most its row cap);
//   - at the end, after the clients closed, the server's counters against what the clients
//     sent and received: requests, bytes in and bytes out must match exactly.
//
//   console_flood [--seconds S] [--clients N] [--model event|threading|pool|sync|forking]
//
// Exit status 0 when every check holds (longest stall < 100 ms, counters exact, RSS flat in
// the second half), 1 otherwise. Loopback only; bounded by S <= 60 and N <= 256.
#include "ConsoleEvent.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerEntry.h"
#include "ServerManager.h"
#include "ServerSpec.h"

#include <socketserver/socket.hpp>

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

long rssKb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0)
      return std::atol(line.c_str() + 6);
  return 0;
}

/// The calling thread's time on a CPU and waiting for one, in ms (/proc/thread-self/schedstat):
/// tells a GUI thread that worked too long from one that was kept off the CPU.
std::pair<double, double> threadCpuAndWaitMs() {
  std::ifstream schedstat("/proc/thread-self/schedstat");
  double onCpuNs = 0, waitingNs = 0;
  schedstat >> onCpuNs >> waitingNs;
  return {onCpuNs / 1e6, waitingNs / 1e6};
}

/// Runs the event loop until `done()` or `ms` elapse; false on timeout. The thread sleeps
/// between events, as in QApplication::exec(): a loop that polls would keep the GUI thread
/// always runnable, and the scheduler treats such a thread as a CPU hog (it waits its turn
/// behind every busy thread), which is not how the console's window behaves.
template <class Done> bool processUntil(Done done, int ms) {
  QElapsedTimer clock;
  clock.start();
  QTimer recheck; // wakes the loop to look at done() when no event comes
  recheck.start(5);
  while (!done()) {
    if (clock.elapsed() > ms)
      return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
  }
  return true;
}

struct ClientTotals {
  std::atomic<quint64> exchanges{0}, bytesSent{0}, bytesReceived{0}, failures{0};
  std::atomic<int> finished{0};
};

/// One client: ping-pong 16-byte messages until `stop`, reading every reply before the next
/// request, so nothing is in flight when it closes and the server's counts can be exact.
void runClient(const socketserver::Address& server, const std::atomic<bool>& stop,
               ClientTotals& totals) {
  try {
    socketserver::Socket socket =
        socketserver::Socket::create_connection(server, socketserver::Seconds{10.0});
    socket.settimeout(socketserver::Seconds{10.0});
    const std::string message(16, 'f');
    char reply[16];
    while (!stop.load(std::memory_order_relaxed)) {
      socket.sendall(message);
      std::size_t got = 0;
      while (got < sizeof reply) {
        const std::size_t n = socket.recv_into(reply + got, sizeof reply - got);
        if (n == 0)
          throw std::runtime_error("server closed the connection");
        got += n;
      }
      totals.exchanges.fetch_add(1, std::memory_order_relaxed);
      totals.bytesSent.fetch_add(message.size(), std::memory_order_relaxed);
      totals.bytesReceived.fetch_add(got, std::memory_order_relaxed);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "console_flood: client failed: %s\n", error.what());
    totals.failures.fetch_add(1);
  }
  totals.finished.fetch_add(1);
}

} // namespace

int main(int argc, char* argv[]) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  int seconds = 10, clients = 16;
  QString model = QStringLiteral("event");
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0)
      seconds = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--clients") == 0)
      clients = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--model") == 0)
      model = QString::fromLatin1(argv[i + 1]);
  }
  if (seconds < 1 || seconds > 60 || clients < 1 || clients > 256 || argc % 2 == 0) {
    std::fprintf(stderr, "usage: console_flood [--seconds 1..60] [--clients 1..256] "
                         "[--model event|threading|pool|sync|forking]\n");
    return 2;
  }

  QApplication app(argc, argv);
  QTemporaryDir settingsDir; // the user's own settings stay untouched
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServerBench"));
  QCoreApplication::setApplicationName(QStringLiteral("console_flood"));

  MainWindow window;
  window.manager()->removeAll();
  window.resize(1280, 800);
  window.show();
  ServerManager& manager = *window.manager();
  const auto spec = ServerSpec::fromUrl(
      QStringLiteral("tcp://127.0.0.1:0?mode=%1&handler=echo&name=flood").arg(model));
  if (!spec) {
    std::fprintf(stderr, "console_flood: bad model '%s'\n", qPrintable(model));
    return 2;
  }
  const int id = manager.add(*spec);
  manager.start(id);
  if (!processUntil([&] { return manager.find(id)->state == ServerEntry::State::Listening; },
                    10000)) {
    std::fprintf(stderr, "console_flood: the server did not start: %s\n",
                 qPrintable(manager.find(id)->statusText()));
    return 1;
  }
  const socketserver::Address address(manager.find(id)->listeningAddress.toStdString());

  quint64 delivered = 0;
  QObject::connect(&manager, &ServerManager::eventsReady, &window,
                   [&](const QVector<ConsoleEvent>& batch) { delivered += batch.size(); });
  // The probe: a 2 ms timer on the GUI thread; a stall shows as a long gap between ticks.
  QElapsedTimer sinceTick;
  qint64 longestGapMs = 0;
  QTimer probe;
  probe.setTimerType(Qt::PreciseTimer);
  QObject::connect(&probe, &QTimer::timeout,
                   [&] { longestGapMs = std::max(longestGapMs, sinceTick.restart()); });

  ClientTotals totals;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  std::printf("console_flood: %d clients, %s TCP echo, %d s, log cap %d rows, nproc %u\n", clients,
              qPrintable(model), seconds, window.logModel()->capacity(),
              std::thread::hardware_concurrency());
  for (int i = 0; i < clients; ++i)
    threads.emplace_back(runClient, address, std::cref(stop), std::ref(totals));
  const auto [cpuBefore, waitBefore] = threadCpuAndWaitMs();
  sinceTick.start();
  probe.start(2);

  std::vector<long> rss;
  QElapsedTimer run;
  run.start();
  quint64 lastExchanges = 0, lastDelivered = 0;
  for (int second = 1; second <= seconds; ++second) {
    processUntil([&] { return run.elapsed() >= second * 1000; }, 70000);
    const quint64 exchanges = totals.exchanges.load();
    rss.push_back(rssKb());
    std::printf("  %2d s: %7llu req/s, %7llu events/s generated, %7llu delivered to the GUI, "
                "%6d log rows, rss %ld KB, longest stall so far %lld ms\n",
                second, static_cast<unsigned long long>(exchanges - lastExchanges),
                static_cast<unsigned long long>(2 * (exchanges - lastExchanges)),
                static_cast<unsigned long long>(delivered - lastDelivered),
                window.logModel()->rowCount(), rss.back(), static_cast<long long>(longestGapMs));
    std::fflush(stdout);
    lastExchanges = exchanges;
    lastDelivered = delivered;
  }
  const auto [cpuAfter, waitAfter] = threadCpuAndWaitMs();
  std::printf("GUI thread: %.0f ms on a CPU, %.0f ms runnable but waiting for one, in %d s\n",
              cpuAfter - cpuBefore, waitAfter - waitBefore, seconds);
  stop = true;
  processUntil([&] { return totals.finished.load() == clients; }, 20000);
  probe.stop();
  for (std::thread& thread : threads)
    thread.join();
  // The clients have closed; the server finishes their requests and the bridge catches up.
  const bool settled = processUntil(
      [&] {
        const auto& c = manager.find(id)->counters;
        return c.finished >= static_cast<quint64>(clients);
      },
      20000);
  const EventBridge::Counters counters = manager.find(id)->counters;
  manager.stopAllAndWait();

  const double elapsed = static_cast<double>(seconds);
  const quint64 exchanges = totals.exchanges.load();
  const bool countsExact = settled && counters.requests == static_cast<quint64>(clients) &&
                           counters.bytesIn == totals.bytesSent.load() &&
                           counters.bytesOut == totals.bytesReceived.load() &&
                           totals.failures.load() == 0;
  const long halfway = rss[rss.size() / 2], last = rss.back();
  const bool rssFlat = last <= halfway + std::max(halfway / 5, 20L * 1024);
  const bool responsive = longestGapMs < 100;
  std::printf("result: %.0f req/s, %.0f events/s generated, %.0f events/s delivered; longest "
              "GUI stall %lld ms (%s); rss %ld KB at %zu s, %ld KB at the end (%s); server "
              "counted %llu requests, %llu bytes in, %llu out; clients %d, %llu bytes sent, "
              "%llu received (%s)\n",
              static_cast<double>(exchanges) / elapsed,
              2.0 * static_cast<double>(exchanges) / elapsed,
              static_cast<double>(delivered) / elapsed, static_cast<long long>(longestGapMs),
              responsive ? "ok" : "TOO LONG", halfway, rss.size() / 2 + 1, last,
              rssFlat ? "flat" : "GROWING", static_cast<unsigned long long>(counters.requests),
              static_cast<unsigned long long>(counters.bytesIn),
              static_cast<unsigned long long>(counters.bytesOut), clients,
              static_cast<unsigned long long>(totals.bytesSent.load()),
              static_cast<unsigned long long>(totals.bytesReceived.load()),
              countsExact ? "exact" : "MISMATCH");
  std::fflush(stdout);
  return countsExact && rssFlat && responsive ? 0 : 1;
}
