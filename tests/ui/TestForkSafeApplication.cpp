// ForkSafeApplication: while an event for a QSslSocket (or an object inside one) is being
// delivered, a forking server of the same process does not fork (Qt may be inside OpenSSL
// then); events for other objects do not hold forks off. Seen from outside: a client of a
// forking server gets its answer only once its request's child exists.
#include "ForkSafeApplication.h"

#include <QSslSocket>
#include <QtTest>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <poll.h>

#include <socketserver.hpp>

namespace {

using socketserver::Seconds;

/// Answers "forked\n" from the request's child process.
struct SayForked : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override { request.sendall("forked\n"); }
};

const QEvent::Type probeEvent = static_cast<QEvent::Type>(QEvent::registerEventType());

/// Runs `probe` when it receives the probe event: a QSslSocket, or a plain QObject.
template <class Base> class Probe : public Base {
public:
  std::function<void()> probe;
  bool event(QEvent* event) override {
    if (event->type() != probeEvent)
      return Base::event(event);
    probe();
    return true;
  }
};

/// True when `client` has bytes to read within `milliseconds`.
bool answered(socketserver::Socket& client, int milliseconds) {
  pollfd ready{client.fileno(), POLLIN, 0};
  return ::poll(&ready, 1, milliseconds) == 1;
}

} // namespace

class TestForkSafeApplication : public QObject {
  Q_OBJECT

  std::unique_ptr<socketserver::ForkingTCPServer> server_;
  std::thread serving_;

  /// Connects to the forking server while `receiver` handles an event, and says whether the
  /// answer (which needs the fork) came within `window` milliseconds of that delivery.
  bool forkedDuringDelivery(QObject* receiver, std::function<void()>& probe, int window) {
    bool during = false;
    std::unique_ptr<socketserver::Socket> client;
    probe = [&] {
      client = std::make_unique<socketserver::Socket>(
          socketserver::Socket::create_connection(server_->server_address, Seconds{10}));
      during = answered(*client, window);
    };
    QEvent event(probeEvent);
    QCoreApplication::sendEvent(receiver, &event);
    if (client == nullptr)
      return false;
    // Whatever happened during the delivery, the request is answered once it is over.
    [&] { QVERIFY2(answered(*client, 10000), "the fork never happened"); }();
    return during;
  }

private slots:
  void initTestCase() {
    server_ = std::make_unique<socketserver::ForkingTCPServer>(
        socketserver::Address("127.0.0.1", 0), socketserver::handler<SayForked>());
    serving_ = std::thread([this] { server_->serve_forever(Seconds{0.05}); });
  }

  void cleanupTestCase() {
    server_->shutdown();
    serving_.join();
    server_->server_close();
  }

  void eventsOfATlsSocketHoldForksOff() {
    Probe<QSslSocket> socket;
    QVERIFY(!forkedDuringDelivery(&socket, socket.probe, 500));
  }

  void eventsOfAnObjectInsideATlsSocketHoldForksOff() {
    QSslSocket socket;
    auto* inside = new Probe<QObject>; // NOLINT(cppcoreguidelines-owning-memory): parent owns
    inside->setParent(&socket);
    QVERIFY(!forkedDuringDelivery(inside, inside->probe, 500));
  }

  void eventsOfOtherObjectsDoNot() {
    Probe<QObject> other;
    // A generous window: the answer ends it as soon as it comes.
    QVERIFY(forkedDuringDelivery(&other, other.probe, 10000));
  }
};

int main(int argc, char* argv[]) {
  ForkSafeApplication app(argc, argv);
  TestForkSafeApplication test;
  return QTest::qExec(&test, argc, argv);
}

#include "TestForkSafeApplication.moc"
