// Starting and stopping servers leaves nothing behind, in every model that runs in one
// process (sync, threading, pool, event-driven): 1 000 lives in a row, and a stop while 100
// clients are mid-request. The cases are in start_stop_cases.hpp; the forking model's run is
// TestForkingStartStop.

#include <QtTest>

#include "start_stop_cases.hpp"

using namespace behaviour;

namespace {

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
  else if (name == "UnixStreamServer")
    run(Type<UnixStreamServer>{});
  else if (name == "ThreadingUnixStreamServer")
    run(Type<ThreadingUnixStreamServer>{});
  else if (name == "UDPServer")
    run(Type<UDPServer>{});
  else if (name == "ThreadPoolUDPServer")
    run(Type<ThreadPoolUDPServer>{});
  else if (name == "EventUDPServer")
    run(Type<EventUDPServer>{});
  else if (name == "EventUnixStreamServer")
    run(Type<EventUnixStreamServer>{});
  else
    return false;
  return true;
}

} // namespace

class TestStartStopLeaks : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;
  /// Before any server ran: what each case's figures settle back to.
  ProcessFigures rest_;

private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    rest_ = ProcessFigures::now();
  }

  void thousandLivesLeaveNothing_data() {
    QTest::addColumn<QString>("server_class");
    for (const char* name :
         {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "EventTCPServer",
          "UnixStreamServer", "UDPServer", "ThreadPoolUDPServer", "EventUDPServer"})
      QTest::newRow(name) << QString(name);
  }
  void thousandLivesLeaveNothing() {
    QFETCH(QString, server_class);
    QVERIFY(with_class(server_class, [this](auto type) {
      start_stop_many_times<typename decltype(type)::type>(dir_, rest_, 1000);
    }));
  }

  void stopWithHundredClientsMidRequest_data() {
    QTest::addColumn<QString>("server_class");
    for (const char* name :
         {"TCPServer", "ThreadingTCPServer", "ThreadPoolTCPServer", "EventTCPServer",
          "ThreadingUnixStreamServer", "EventUnixStreamServer"})
      QTest::newRow(name) << QString(name);
  }
  void stopWithHundredClientsMidRequest() {
    QFETCH(QString, server_class);
    QVERIFY(with_class(server_class, [this](auto type) {
      stop_with_clients_mid_request<typename decltype(type)::type>(dir_, rest_, 100);
    }));
  }
};

QTEST_GUILESS_MAIN(TestStartStopLeaks)
#include "TestStartStopLeaks.moc"
