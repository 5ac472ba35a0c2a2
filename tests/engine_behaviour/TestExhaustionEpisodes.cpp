// Repeated descriptor exhaustion within one serve_forever(), in every model that does not
// fork, on TCP and Unix stream servers: refusals each time, no corruption, then normal
// service (exhaustion_episodes.hpp); in a TLS build each model again as a TLSServer whose
// refused clients are TLS clients. The forking models: TestForkingExhaustionEpisodes.
#include <QtTest>

#include "exhaustion_episodes.hpp"

using namespace behaviour;

class TestExhaustionEpisodes : public QObject {
  Q_OBJECT

private slots:
  void servesAfterRepeatedExhaustion_data() { add_model_rows(and_tls_rows(stream_models())); }
  void servesAfterRepeatedExhaustion() {
    QFETCH(QString, model);
    QVERIFY(with_model(model_of_row(model), [tls = is_tls_row(model)](auto m) {
      serves_after_exhaustion_episodes<typename decltype(m)::type>(m.event_loops, tls);
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
