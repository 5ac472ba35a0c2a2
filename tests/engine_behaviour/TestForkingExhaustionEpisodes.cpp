// Repeated descriptor exhaustion within one serve_forever() in the forking models, on TCP and
// Unix stream servers (exhaustion_episodes.hpp; the other models: TestExhaustionEpisodes).
#include <QtTest>

#include "exhaustion_episodes.hpp"

using namespace behaviour;

class TestForkingExhaustionEpisodes : public QObject {
  Q_OBJECT

private slots:
  void servesAfterRepeatedExhaustion_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("ForkingTCPServer") << "ForkingTCPServer";
    QTest::newRow("ForkingUnixStreamServer") << "ForkingUnixStreamServer";
  }
  void servesAfterRepeatedExhaustion() {
    QFETCH(QString, model);
    QVERIFY(with_forking_server_class(model, [](auto type) {
      serves_after_exhaustion_episodes<typename decltype(type)::type>(1);
    }));
  }
};

QTEST_GUILESS_MAIN(TestForkingExhaustionEpisodes)
#include "TestForkingExhaustionEpisodes.moc"
