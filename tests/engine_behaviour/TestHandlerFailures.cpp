// Handlers that fail, in every model that runs in one process (sync, threading, pool,
// event-driven): a std::exception and an exception of another type. Each ends only its own
// request, with outcome Error and words saying what was thrown, and the server serves the
// next client. One exception to "keeps serving", on purpose and as in Python: a non-standard
// exception (Python's SystemExit) on the synchronous server leaves serve_forever(), reported
// as a server failure; serving again then works.

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;

namespace {

const std::string std_failure = "std failure on purpose";

struct Unusual {}; // derives from nothing: not a std::exception

/// "std\n" throws std::runtime_error, "other\n" throws Unusual, anything else is answered.
struct FailOnRequest : socketserver::StreamRequestHandler {
  using StreamRequestHandler::StreamRequestHandler;
  void setup() override {
    timeout = DEADLINE;
    StreamRequestHandler::setup();
  }
  void handle() override {
    const std::string line = rfile.readline(1024);
    if (line == "std\n")
      throw std::runtime_error(std_failure);
    if (line == "other\n")
      throw Unusual{};
    wfile.write(upper(line));
  }
};

struct FailOnRequestEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override {
    line_ += data;
    if (line_.find('\n') == std::string::npos)
      return;
    if (line_ == "std\n")
      throw std::runtime_error(std_failure);
    if (line_ == "other\n")
      throw Unusual{};
    send(upper(line_));
    close();
  }

private:
  std::string line_;
};

template <class Server> std::unique_ptr<Server> make_failing_server() {
  if constexpr (requires(Server & s) { s.EventHandlerClass; })
    return std::make_unique<Server>(Address{"127.0.0.1:0"},
                                    socketserver::event_handler<FailOnRequestEvents>());
  else
    return std::make_unique<Server>(Address{"127.0.0.1:0"}, socketserver::handler<FailOnRequest>());
}

template <class F> bool with_class(const QString& name, F&& f) {
  using namespace socketserver;
  auto run = [&f](auto type) { fail_on_exception([&] { f(type); }); };
  if (name == "TCPServer")
    run(Type<TCPServer>{});
  else if (name == "ThreadingTCPServer")
    run(Type<ThreadingTCPServer>{});
  else if (name == "ThreadPoolTCPServer")
    run(Type<ThreadPoolTCPServer>{});
  else if (name == "EventTCPServer")
    run(Type<EventTCPServer>{});
  else
    return false;
  return true;
}

} // namespace

class TestHandlerFailures : public QObject {
  Q_OBJECT

private slots:
  void failureEndsOnlyItsRequest_data() {
    QTest::addColumn<QString>("server_class");
    QTest::addColumn<QString>("request");
    for (const char* name :
         {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "EventTCPServer"})
      for (const char* request : {"std", "other"})
        QTest::addRow("%s throws %s", name, request) << QString(name) << QString(request);
  }
  void failureEndsOnlyItsRequest() {
    QFETCH(QString, server_class);
    QFETCH(QString, request);
    QVERIFY(with_class(server_class, [&request](auto type) {
      using Server = typename decltype(type)::type;
      RecordingObserver observer;
      auto server = make_failing_server<Server>();
      server->set_observer(&observer);
      auto serving = std::make_unique<ServingThread>(*server);

      Socket failing = connect_to(server->server_address);
      failing.sendall(request.toStdString() + "\n");
      QCOMPARE(bytes(read_to_end(failing)), QByteArray()); // closed without a reply
      QVERIFY(observer.wait_finished(1));
      const Observed finish = *observer.finish(observer.finished_ids().front());
      QCOMPARE(finish.outcome, RequestOutcome::Error);
      const QString detail = QString::fromStdString(finish.data);
      if (request == "std")
        QVERIFY2(detail.contains(QString::fromStdString(std_failure)), qPrintable(detail));
      else
        QVERIFY2(!detail.isEmpty(), "a non-standard exception is still reported in words");

      constexpr bool python_sync_exit = std::is_same_v<Server, socketserver::TCPServer>;
      if (python_sync_exit && request == "other") {
        // Python's SystemExit: leaves serve_forever(), and the observer hears why.
        QVERIFY(observer.wait_lifecycle("failed"));
        QVERIFY2(serving->join_ended() != nullptr, "serve_forever() must rethrow it");
        serving = std::make_unique<ServingThread>(*server); // the server itself is intact
      }
      QCOMPARE(bytes(exchange(*server, "next\n", QTemporaryDir())), QByteArray("NEXT\n"));
      serving.reset();
    }));
  }
};

QTEST_GUILESS_MAIN(TestHandlerFailures)
#include "TestHandlerFailures.moc"
