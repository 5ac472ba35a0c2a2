// A forked child that leaves by an exit-like path instead of returning from its handler:
// std::exit() with a status, _exit(0) before any reply, abort(). The parent reports each
// request as an Error whose words name the exit status or the signal, reaps the child (no
// zombie), and serves the next client.

#include <csignal>
#include <cstdlib>

#include <unistd.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

// LeakSanitizer checks a process that leaves through std::exit(): in a forked child, whose
// parent's threads it cannot see, it reports leaks and replaces the status (or aborts).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool exit_status_may_be_lsans = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool exit_status_may_be_lsans = true;
#else
constexpr bool exit_status_may_be_lsans = false;
#endif
#else
constexpr bool exit_status_may_be_lsans = false;
#endif

/// Reads a line; "exit\n": std::exit(3); "_exit\n": _exit(0); "abort\n": abort(); else
/// answers it upper-cased.
struct LeavingChild : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request.socket().settimeout(DEADLINE);
    std::string line;
    while (line.find('\n') == std::string::npos) {
      std::string chunk = request.recv(64);
      if (chunk.empty())
        return;
      line += chunk;
    }
    if (line == "exit\n")
      std::exit(3);
    if (line == "_exit\n")
      ::_exit(0);
    if (line == "abort\n") {
      std::signal(SIGABRT, SIG_DFL); // no sanitizer or test harness report, only the signal
      std::abort();
    }
    request.sendall(upper(line));
  }
};

} // namespace

class TestForkingChildExits : public QObject {
  Q_OBJECT

private slots:
  void exitLikePathsAreReportedAndServingGoesOn_data() {
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("words");
    QTest::newRow("std::exit(3)") << "exit"
                                  << "exited with status 3";
    QTest::newRow("_exit(0) before a reply") << "_exit"
                                             << "exited with status 0";
    QTest::newRow("abort()") << "abort"
                             << "killed by signal 6";
  }
  void exitLikePathsAreReportedAndServingGoesOn() {
    QFETCH(QString, request);
    QFETCH(QString, words);
    if (exit_status_may_be_lsans && request == "exit")
      QSKIP("under LeakSanitizer std::exit() in a forked child ends with LSan's status");
    fail_on_exception([&] {
      RecordingObserver observer;
      socketserver::ForkingTCPServer server{Address{"127.0.0.1:0"},
                                            socketserver::handler<LeavingChild>()};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = connect_to(server.server_address);
      client.sendall(request.toStdString() + "\n");
      QCOMPARE(bytes(read_to_end(client)), QByteArray()); // no reply, the connection ends
      QVERIFY(observer.wait_finished(1));
      const Observed finish = *observer.finish(observer.finished_ids().front());
      QCOMPARE(finish.outcome, RequestOutcome::Error);
      const QString detail = QString::fromStdString(finish.data);
      QVERIFY2(detail.contains(words) && detail.contains("before finishing the request"),
               qPrintable(detail));

      QCOMPARE(bytes(exchange(server, "next\n", QTemporaryDir())), QByteArray("NEXT\n"));
      QVERIFY(!serving.stop());
      server.server_close();
      QVERIFY(server.active_children.empty());
    });
  }
};

QTEST_GUILESS_MAIN(TestForkingChildExits)
#include "TestForkingChildExits.moc"
