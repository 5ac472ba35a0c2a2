// Python's ErrorHandlerTest, synchronous and threading cases (the forking ones are in
// TestForking.cpp): a handler's ordinary exception reaches handle_error(); an exiting one
// (Python's SystemExit, here an exception not derived from std::exception) does not.
// Both sides write a log file in a temporary directory whose contents are compared exactly.

#include <optional>
#include <string>

#include <QTemporaryDir>
#include <QtTest>

#include <socketserver.hpp>

#include "error_cases.hpp"
#include "test_support.hpp"

using namespace socketserver;
using namespace test_support;
using namespace error_cases;

class ErrorHandlerTest : public QObject {
  Q_OBJECT

private:
  std::optional<QTemporaryDir> dir_;
  std::string log_; ///< Python's os_helper.TESTFN

private slots:
  void init() {
    dir_.emplace();
    QVERIFY(dir_->isValid());
    log_ = dir_->filePath(QStringLiteral("log")).toStdString();
  }
  void cleanup() { dir_.reset(); } // Python's tearDown: os_helper.unlink(TESTFN)

  void testSyncHandled() {
    BaseErrorTestServer server(log_, Raise::ValueError);
    QVERIFY_THROWS_NO_EXCEPTION(serve_one(server));
    server.server_close();
    QCOMPARE(read_log(log_), expected_log(true));
  }

  void testSyncNotHandled() {
    BaseErrorTestServer server(log_, Raise::SystemExit);
    // Python: SystemExit leaves handle_request() (and the server's constructor).
    QVERIFY_THROWS_EXCEPTION(int, serve_one(server));
    server.server_close();
    QCOMPARE(read_log(log_), expected_log(false));
  }

  void testThreadingHandled() {
    ThreadingErrorTestServer server(log_, Raise::ValueError);
    QVERIFY_THROWS_NO_EXCEPTION(serve_one(server));
    server.server_close();
    QTRY_VERIFY_WITH_TIMEOUT(server.done.load(), DEADLINE_MS); // Python's wait_done()
    QCOMPARE(read_log(log_), expected_log(true));
  }

  void testThreadingNotHandled() {
    OutcomeRecorder recorder; // Python's catch_threading_exception(); outlives the server
    ThreadingErrorTestServer server(log_, Raise::SystemExit);
    server.set_observer(&recorder);
    // The exception stays on the request's thread: handle_request() returns normally.
    QVERIFY_THROWS_NO_EXCEPTION(serve_one(server));
    QTRY_VERIFY_WITH_TIMEOUT(server.done.load(), DEADLINE_MS);
    QCOMPARE(read_log(log_), expected_log(false));
    // Python: cm.exc_type is SystemExit. Here: the request ended in error, seen by the
    // observer rather than by handle_error().
    QTRY_COMPARE_WITH_TIMEOUT(recorder.count(), std::size_t{1}, DEADLINE_MS);
    QCOMPARE(recorder.outcome(0), RequestOutcome::Error);

    // Beyond Python: the server survives and serves the next request.
    server.done = false;
    server.exception = Raise::Nothing;
    QVERIFY_THROWS_NO_EXCEPTION(serve_one(server));
    QTRY_VERIFY_WITH_TIMEOUT(server.done.load(), DEADLINE_MS);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.count(), std::size_t{2}, DEADLINE_MS);
    QCOMPARE(recorder.outcome(1), RequestOutcome::Completed);
    server.server_close();
    QCOMPARE(read_log(log_), expected_log(false) + "Handler called\n");
  }
};

QTEST_GUILESS_MAIN(ErrorHandlerTest)
#include "TestErrorHandler.moc"
