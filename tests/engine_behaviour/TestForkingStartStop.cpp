// The start/stop leak cases of start_stop_cases.hpp for ForkingMixIn: 1 000 lives in a row,
// each forking a child for its request, and a stop while 100 children are mid-request. No
// descriptor, thread, child process (running or zombie) or memory is left behind.

#include <QtTest>

#include "start_stop_cases.hpp"

using namespace behaviour;

class TestForkingStartStop : public QObject {
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

  void thousandLivesOfForkingTcp() {
    fail_on_exception(
        [this] { start_stop_many_times<socketserver::ForkingTCPServer>(dir_, rest_, 1000); });
  }
  void thousandLivesOfForkingUdp() {
    fail_on_exception(
        [this] { start_stop_many_times<socketserver::ForkingUDPServer>(dir_, rest_, 1000); });
  }
  void stopWithHundredChildrenMidRequest() {
    fail_on_exception([this] {
      stop_with_clients_mid_request<socketserver::ForkingTCPServer>(dir_, rest_, 100);
    });
  }
  void stopWithHundredUnixChildrenMidRequest() {
    fail_on_exception([this] {
      stop_with_clients_mid_request<socketserver::ForkingUnixStreamServer>(dir_, rest_, 100);
    });
  }
};

QTEST_GUILESS_MAIN(TestForkingStartStop)
#include "TestForkingStartStop.moc"
