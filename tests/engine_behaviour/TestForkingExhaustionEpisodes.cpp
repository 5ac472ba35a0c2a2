// Repeated descriptor exhaustion within one serve_forever() in the forking models, on TCP and
// Unix stream servers (exhaustion_episodes.hpp; the other models: TestExhaustionEpisodes), and
// in a TLS build as TLSServers too.
#include <QtTest>

#include "exhaustion_episodes.hpp"

using namespace behaviour;

class TestForkingExhaustionEpisodes : public QObject {
  Q_OBJECT

private slots:
  void servesAfterRepeatedExhaustion_data() {
    add_model_rows(and_tls_rows({"ForkingTCPServer", "ForkingUnixStreamServer"}));
  }
  void servesAfterRepeatedExhaustion() {
    QFETCH(QString, model);
    QVERIFY(with_forking_server_class(model_of_row(model), [tls = is_tls_row(model)](auto type) {
      serves_after_exhaustion_episodes<typename decltype(type)::type>(1, tls);
    }));
  }
};

QTEST_GUILESS_MAIN(TestForkingExhaustionEpisodes)
#include "TestForkingExhaustionEpisodes.moc"
