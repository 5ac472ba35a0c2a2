// Repeated descriptor exhaustion within one serve_forever(), in every model that does not
// fork, on TCP and Unix stream servers: refusals each time, no corruption, then normal
// service (exhaustion_episodes.hpp). The forking models: TestForkingMisuse.
#include <QtTest>

#include "exhaustion_episodes.hpp"

using namespace behaviour;

class TestExhaustionEpisodes : public QObject {
  Q_OBJECT

private slots:
  void servesAfterRepeatedExhaustion_data() {
    QTest::addColumn<QString>("model");
    for (const QString& row : stream_models())
      QTest::newRow(qPrintable(row)) << row;
  }
  void servesAfterRepeatedExhaustion() {
    QFETCH(QString, model);
    QVERIFY(with_model(model, [](auto m) {
      serves_after_exhaustion_episodes<typename decltype(m)::type>(m.event_loops);
    }));
  }

  void reserveDescriptorIsTakenBackOverTcp() {
    reserve_taken_back_after_it_was_lost<socketserver::TCPServer>();
  }
  void reserveDescriptorIsTakenBackOverUnixStream() {
    reserve_taken_back_after_it_was_lost<socketserver::UnixStreamServer>();
  }
};

QTEST_GUILESS_MAIN(TestExhaustionEpisodes)
#include "TestExhaustionEpisodes.moc"
