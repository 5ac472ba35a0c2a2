// The forking cases of Python's SocketServerTest and ErrorHandlerTest, in an executable of
// their own (CTest label `forking`) so that they can be left out where fork() in a threaded
// process is unwelcome, such as under ThreadSanitizer.
//
// Each echo case runs inside Python's simple_subprocess(): a child this test forked itself
// exits with status 72 before the server starts, stays a zombie while the server runs, and
// must still be there for the test to collect afterwards (Issue 1540386: a forking server
// reaps only its own children). Python leaves ForkingUnixDatagramServer out of that check;
// it is included here.

#include <optional>
#include <string>

#include <sys/wait.h>

#include <QTemporaryDir>
#include <QtTest>

#include <socketserver.hpp>

#include "echo_cases.hpp"
#include "error_cases.hpp"
#include "test_support.hpp"

using namespace socketserver;
using namespace test_support;
using echo_cases::run_server;

namespace {

/// waitid(WNOWAIT): has `pid` ended? Leaves it for its parent (the server) to collect.
bool child_ended(pid_t pid, siginfo_t& info) {
  info = {};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

} // namespace

class ForkingTest : public QObject {
  Q_OBJECT

private:
  std::optional<TempUnixPaths> paths_;
  std::optional<QTemporaryDir> dir_;
  std::string log_;

  auto dgram() {
    return [this](const Address& address) { return dgram_examine(address, *paths_); };
  }

  /// Python's ForkingErrorTestServer(exception) then check_result(handled), plus what only
  /// the parent can see: the child's exit status and its forwarded outcome.
  void run_forking_error_test(error_cases::Raise exception, bool handled) {
    using namespace error_cases;
    OutcomeRecorder recorder;
    ForkingErrorTestServer server(log_, exception);
    server.set_observer(&recorder);
    QVERIFY(server.timeout && server.timeout->count() == 300.0); // ForkingMixIn's default
    server.timeout = DEADLINE;
    QVERIFY_THROWS_NO_EXCEPTION(serve_one(server));
    QCOMPARE(server.active_children.size(), std::size_t{1});
    const pid_t child = *server.active_children.begin();
    siginfo_t info{};
    QTRY_VERIFY_WITH_TIMEOUT(child_ended(child, info), DEADLINE_MS);
    // Python's child: os._exit(1) unless finish_request() returned; SystemExit included.
    QCOMPARE(info.si_code, CLD_EXITED);
    QCOMPARE(info.si_status, 1);
    {
      Watchdog watchdog("server_close() of a forking server");
      server.server_close();
    }
    QVERIFY(server.active_children.empty());
    QCOMPARE(error_cases::read_log(log_), expected_log(handled));
    QCOMPARE(recorder.count(), std::size_t{1});
    QCOMPARE(recorder.outcome(0), RequestOutcome::Error);
  }

private slots:
  void init() {
    paths_.emplace();
    QVERIFY(paths_->isValid());
    dir_.emplace();
    QVERIFY(dir_->isValid());
    log_ = dir_->filePath(QStringLiteral("log")).toStdString();
  }
  void cleanup() {
    paths_.reset();
    dir_.reset();
  }

  // ---- SocketServerTest ----

  void testForkingTCPServer() {
    SIMPLE_SUBPROCESS_BEGIN(child);
    run_server<ForkingTCPServer, StreamRequestHandler>(Address{HOST, 0}, stream_examine);
    if (QTest::currentTestFailed())
      return;
    SIMPLE_SUBPROCESS_END(child);
  }

  void testForkingUnixStreamServer() {
    SIMPLE_SUBPROCESS_BEGIN(child);
    run_server<ForkingUnixStreamServer, StreamRequestHandler>(Address::unix_path(paths_->next()),
                                                              stream_examine);
    if (QTest::currentTestFailed())
      return;
    SIMPLE_SUBPROCESS_END(child);
  }

  void testForkingUDPServer() {
    SIMPLE_SUBPROCESS_BEGIN(child);
    run_server<ForkingUDPServer, DatagramRequestHandler>(Address{HOST, 0}, dgram());
    if (QTest::currentTestFailed())
      return;
    SIMPLE_SUBPROCESS_END(child);
  }

  void testForkingUnixDatagramServer() {
    SIMPLE_SUBPROCESS_BEGIN(child);
    run_server<ForkingUnixDatagramServer, DatagramRequestHandler>(
        Address::unix_path(paths_->next()), dgram());
    if (QTest::currentTestFailed())
      return;
    SIMPLE_SUBPROCESS_END(child);
  }

  // ---- ErrorHandlerTest ----

  void testForkingHandled() { run_forking_error_test(error_cases::Raise::ValueError, true); }
  void testForkingNotHandled() { run_forking_error_test(error_cases::Raise::SystemExit, false); }
};

QTEST_GUILESS_MAIN(ForkingTest)
#include "TestForking.moc"
