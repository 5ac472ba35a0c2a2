// StreamRequestHandler's files as Python's: rfile.readline(limit) cuts long lines and leaves
// the rest, read(n) returns exactly n bytes (fewer only at the end), whatever rbufsize; the
// handler's timeout turns a silent client into a TimeoutError within that timeout; and
// wbufsize decides when bytes leave — at once when 0, when the buffer fills, and in finish()
// for the rest, even when handle() threw.

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;
using Results = Guarded<std::vector<std::string>>;

namespace {

/// A StreamRequestHandler with rbufsize/wbufsize/timeout chosen by the test and a place to
/// put what it saw.
struct Configured : socketserver::StreamRequestHandler {
  Configured(Request& r, const Address& a, BaseServer& s, Results* results, long rbuf, long wbuf,
             double timeout_seconds)
      : StreamRequestHandler(r, a, s), results_(results) {
    rbufsize = rbuf;
    wbufsize = wbuf;
    timeout = Seconds{timeout_seconds};
  }
  void note(std::string text) {
    results_->change([&](std::vector<std::string>& r) { r.push_back(std::move(text)); });
  }
  Results* results_;
};

struct ReadlineWithLimits : Configured {
  using Configured::Configured;
  void handle() override {
    note(rfile.readline(4));   // "abcd": cut at the limit
    note(rfile.readline());    // "efghij\n": the rest of that line
    note(rfile.readline(2));   // "xy"
    note(rfile.readline(100)); // "z\n": a limit beyond the line changes nothing
    note(rfile.readline(0));   // "": a zero limit reads nothing
    note(rfile.readline());    // "last" without a newline: the stream ended
    note(rfile.readline());    // "": end of stream
  }
};

struct ReadExactly : Configured {
  using Configured::Configured;
  void handle() override {
    note(rfile.read(3));  // "012"
    note(rfile.read(4));  // "3456"
    note(rfile.read(0));  // ""
    note(rfile.read(-1)); // "789": everything up to the end
    note(rfile.read(5));  // "": at the end
  }
};

struct TimedReader : Configured {
  using Configured::Configured;
  void handle() override {
    const auto start = Clock::now();
    try {
      rfile.readline();
    } catch (const socketserver::TimeoutError&) {
      note(std::to_string(ms_since(start)));
      throw; // on to handle_error, as in Python
    }
    note("no timeout");
  }
};

/// Writes the pieces given, notes how many bytes the observer saw leave during handle(),
/// and (optionally) throws before finish().
struct BufferedWriter : Configured {
  BufferedWriter(Request& r, const Address& a, BaseServer& s, Results* results, long wbuf,
                 std::vector<std::string> pieces, RecordingObserver* observer, bool fail)
      : Configured(r, a, s, results, -1, wbuf, DEADLINE.count()), pieces_(std::move(pieces)),
        observer_(observer), fail_(fail) {}
  void handle() override {
    for (const auto& piece : pieces_)
      wfile.write(piece);
    note(std::to_string(observer_->sent_size(request.id())));
    if (fail_)
      throw std::runtime_error("failed after writing");
  }
  std::vector<std::string> pieces_;
  RecordingObserver* observer_;
  bool fail_;
};

std::vector<std::string> results_of(const Results& results) {
  return results.read([](const std::vector<std::string>& r) { return r; });
}

QStringList as_list(const std::vector<std::string>& items) {
  QStringList out;
  for (const auto& item : items)
    out << QString::fromStdString(item);
  return out;
}

} // namespace

class TestStreamHandlerFiles : public QObject {
  Q_OBJECT

private:
  /// Serves one connection that sends `input` and shuts its side, with `make` as handler;
  /// returns what the client got back.
  static std::string serve_one(HandlerFactory make, const std::string& input,
                               RecordingObserver& observer) {
    Recording<socketserver::TCPServer> server{"127.0.0.1:0", std::move(make)};
    server.set_observer(&observer);
    ServingThread serving(server);
    Socket client = connect_to(server.server_address);
    client.sendall(input);
    client.shutdown(SHUT_WR);
    std::string reply = read_to_end(client);
    observer.wait_finished(1);
    return reply;
  }

  static void buffer_sizes() {
    QTest::addColumn<long>("rbufsize");
    QTest::newRow("default buffer") << -1L;
    QTest::newRow("unbuffered (rbufsize 0)") << 0L;
    QTest::newRow("tiny buffer") << 3L;
  }

private slots:
  void readlineHonoursItsLimit_data() { buffer_sizes(); }
  void readlineHonoursItsLimit() {
    QFETCH(long, rbufsize);
    fail_on_exception([&] {
      Results results;
      RecordingObserver observer;
      serve_one(factory<ReadlineWithLimits>(&results, rbufsize, 0L, DEADLINE.count()),
                "abcdefghij\nxyz\nlast", observer);
      QCOMPARE(as_list(results_of(results)),
               QStringList({"abcd", "efghij\n", "xy", "z\n", "", "last", ""}));
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Completed);
    });
  }

  void readReturnsExactlyTheBytesAskedFor_data() { buffer_sizes(); }
  void readReturnsExactlyTheBytesAskedFor() {
    QFETCH(long, rbufsize);
    fail_on_exception([&] {
      Results results;
      RecordingObserver observer;
      serve_one(factory<ReadExactly>(&results, rbufsize, 0L, DEADLINE.count()), "0123456789",
                observer);
      QCOMPARE(as_list(results_of(results)), QStringList({"012", "3456", "", "789", ""}));
    });
  }

  void silentClientTimesOutWithinTheHandlersTimeout() {
    fail_on_exception([] {
      constexpr double timeout_s = 0.3;
      Results results;
      RecordingObserver observer;
      Recording<socketserver::TCPServer> server{"127.0.0.1:0",
                                                factory<TimedReader>(&results, -1L, 0L, timeout_s)};
      server.set_observer(&observer);
      ServingThread serving(server);

      Socket client = connect_to(server.server_address); // and says nothing
      QVERIFY(observer.wait_finished(1));
      const auto errors = server.hooks.errors();
      QCOMPARE(errors.size(), std::size_t{1});
      QCOMPARE(QString::fromStdString(errors[0].type), QString("TimeoutError"));
      QCOMPARE(errors[0].code, ETIMEDOUT);
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Error);

      const auto noted = results_of(results);
      QCOMPARE(noted.size(), std::size_t{1});
      const double waited_ms = std::stod(noted[0]);
      qInfo("timeout %.0f ms: TimeoutError after %.1f ms", timeout_s * 1000, waited_ms);
      QVERIFY2(waited_ms >= timeout_s * 1000 * 0.9, noted[0].c_str()); // not early
      QVERIFY2(waited_ms < timeout_s * 1000 + 1500, noted[0].c_str()); // nor much later
      QCOMPARE(bytes(read_to_end(client)), QByteArray()); // then the connection is closed
    });
  }

  void wbufsizeDecidesWhenBytesLeave_data() {
    QTest::addColumn<long>("wbufsize");
    QTest::addColumn<QStringList>("pieces");
    QTest::addColumn<int>("sent_during_handle");
    const QStringList hello{"hello ", "wo", "rld\n"};
    QTest::newRow("unbuffered: each write sends") << 0L << hello << 12;
    QTest::newRow("buffered: all leaves in finish") << 1024L << hello << 0;
    QTest::newRow("buffer fills at 8: flushed, rest in finish") << 8L << hello << 8;
    QTest::newRow("one write over the buffer") << 4L << QStringList{"hello world\n"} << 12;
  }
  void wbufsizeDecidesWhenBytesLeave() {
    QFETCH(long, wbufsize);
    QFETCH(QStringList, pieces);
    QFETCH(int, sent_during_handle);
    fail_on_exception([&] {
      std::vector<std::string> parts;
      for (const auto& piece : pieces)
        parts.push_back(piece.toStdString());
      Results results;
      RecordingObserver observer;
      const std::string reply = serve_one(
          factory<BufferedWriter>(&results, wbufsize, parts, &observer, false), "", observer);
      QCOMPARE(bytes(reply), QByteArray("hello world\n"));
      QCOMPARE(as_list(results_of(results)), QStringList({QString::number(sent_during_handle)}));
      QCOMPARE(observer.sent_size(1), std::size_t{12});
    });
  }

  // Python's try/finally: finish() runs, and flushes, even when handle() throws.
  void finishFlushesTheBufferEvenWhenHandleThrows() {
    fail_on_exception([] {
      Results results;
      RecordingObserver observer;
      const std::string reply =
          serve_one(factory<BufferedWriter>(&results, 1024L, std::vector<std::string>{"partial\n"},
                                            &observer, true),
                    "", observer);
      QCOMPARE(bytes(reply), QByteArray("partial\n"));
      QCOMPARE(as_list(results_of(results)), QStringList({"0"}));
      QCOMPARE(observer.finish(1)->outcome, RequestOutcome::Error);
      QCOMPARE(bytes(observer.finish(1)->data), QByteArray("failed after writing"));
    });
  }
};

QTEST_GUILESS_MAIN(TestStreamHandlerFiles)
#include "TestStreamHandlerFiles.moc"
