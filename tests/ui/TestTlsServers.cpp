// The console's TLS servers (issue 14): its own self-signed certificate (made, kept beside the
// settings with the key at 0600, the same fingerprint in a new run, a new one on regenerate,
// exported as PEM), a TLS server of every model answering the test client panel with the
// decrypted replies in the conversation and the handshake's facts and plaintext in the log,
// the client's verification with and without the exported certificate, and certificate files
// that cannot be used refused in words (offscreen; forking in an executable of its own).
#include "console_test_support.h"
#include "tls_test_support.h"
#include "widget_test_support.h"

#include "ClientConnection.h"
#include "ClientPanel.h"
#include "ConsoleCertificate.h"
#include "ForkSafeApplication.h"
#include "ServerEditorDialog.h"
#include "TlsServerBox.h"
#include "TlsServerSetup.h"
#include "TlsTrust.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>

#include <memory>

using namespace ui_test;
using Model = ServerSpec::Model;

namespace {

ServerSpec tlsSpec(Model model) {
  ServerSpec spec;
  spec.kind = ServerSpec::Kind::Tls;
  spec.address = QStringLiteral("127.0.0.1:0");
  spec.model = model;
  spec.handler = ServerSpec::Handler::Upper;
  return spec;
}

} // namespace

class TestTlsServers : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init() { TlsTrust::forgetAll(); }
  void testOwnCertificateMadePersistedAndRegenerated();
  void testEveryModelAnswersTheClientPanel_data();
  void testEveryModelAnswersTheClientPanel();
  void testClientWithoutTheCertificateIsAskedThenContinues();
  void testUnusableCertificateFilesRefusedInWords();
  void testEditorOffersTlsWithTheOwnCertificate();

private:
  std::unique_ptr<ClientPanel> panelFor(const QString& address, const QString& caFile);

  TemporarySettings settings_;
  QTemporaryDir dir_;
};

void TestTlsServers::initTestCase() {
  QVERIFY(settings_.install());
  QVERIFY(dir_.isValid());
  QVERIFY(ServerSpec::tlsServersBuiltIn());
}

void TestTlsServers::testOwnCertificateMadePersistedAndRegenerated() {
  const ConsoleCertificate own;
  QCOMPARE(QFileInfo(own.certificatePath()).absolutePath(), ConsoleCertificate::defaultDirectory());
  QString error;
  QVERIFY2(own.ensure(&error), qPrintable(error));
  const QString first = own.fingerprint();
  QCOMPARE(first.size(), 32 * 3 - 1); // "AB:CD:..." over 32 bytes
  const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                          QFileDevice::ReadOther | QFileDevice::WriteOther |
                                          QFileDevice::ExeGroup | QFileDevice::ExeOther;
  QCOMPARE(QFileInfo(own.keyPath()).permissions() & others, QFileDevice::Permissions());
  QVERIFY(QFileInfo(own.keyPath()).permissions() & QFileDevice::ReadOwner);

  // A later run (a new object over the same directory) finds the same certificate.
  const ConsoleCertificate later;
  QVERIFY(later.ensure(&error));
  QCOMPARE(later.fingerprint(), first);

  const QString exported = dir_.filePath(QStringLiteral("console.pem"));
  QVERIFY2(later.exportTo(exported, &error), qPrintable(error));
  QFile file(exported);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray pem = file.readAll();
  QVERIFY(pem.startsWith("-----BEGIN CERTIFICATE-----"));
  QVERIFY(!pem.contains("PRIVATE KEY"));
  QCOMPARE(SelfSignedCertificate::fingerprint(pem), first);

  QVERIFY2(later.regenerate(&error), qPrintable(error));
  QVERIFY(!later.fingerprint().isEmpty());
  QVERIFY(later.fingerprint() != first);
  QCOMPARE(ConsoleCertificate().fingerprint(), later.fingerprint());
}

std::unique_ptr<ClientPanel> TestTlsServers::panelFor(const QString& address,
                                                      const QString& caFile) {
  auto panel = std::make_unique<ClientPanel>(nullptr);
  panel->show();
  auto* combo = child<QComboBox>(panel.get(), "transportCombo");
  combo->setCurrentIndex(combo->findData(static_cast<int>(ServerSpec::Kind::Tls)));
  typeInto(panel.get(), "targetEdit", address);
  typeInto(panel.get(), "tlsCaFileEdit", caFile);
  return panel;
}

void TestTlsServers::testEveryModelAnswersTheClientPanel_data() {
  QTest::addColumn<Model>("model");
#ifdef UI_TEST_FORKING
  QTest::newRow("forking") << Model::Forking;
#else
  QTest::newRow("sync") << Model::Sync;
  QTest::newRow("threading") << Model::Threading;
  QTest::newRow("pool") << Model::ThreadPool;
  QTest::newRow("event") << Model::Event;
#endif
}

void TestTlsServers::testEveryModelAnswersTheClientPanel() {
  QFETCH(Model, model);
  ServerManager manager;
  EventRecorder recorder(manager);
  const int id = manager.add(tlsSpec(model));
  QVERIFY2(startAndWait(manager, id), qPrintable(manager.find(id)->statusText()));
  const QString ca = dir_.filePath(QStringLiteral("ca-%1.pem").arg(ServerSpec::modelName(model)));
  QVERIFY(ConsoleCertificate().exportTo(ca));

  auto panel = panelFor(manager.find(id)->listeningAddress, ca); // verify on, console's CA
  typeAndSend(panel.get(), QStringLiteral("hello tls"));
  QVERIFY2(waitFor([&] { return panel->replyCount() >= 1; }),
           qPrintable(conversationText(panel.get())));
  QVERIFY(
      waitFor([&] { return conversationText(panel.get()).contains(QStringLiteral("HELLO TLS")); }));
  QVERIFY(conversationText(panel.get()).contains(QStringLiteral("TLS handshake done: TLS 1.3")));

  // The log: the handshake's facts, then what was said, in plain text.
  QVERIFY(waitFor([&] {
    const ConsoleEvent* sent = recorder.last(id, ConsoleEvent::Kind::Sent);
    return sent && sent->payload == "HELLO TLS";
  }));
  const ConsoleEvent* received = recorder.last(id, ConsoleEvent::Kind::Received);
  QVERIFY(received);
  QCOMPARE(received->payload, QByteArray("hello tls"));
  const ConsoleEvent* handshake = nullptr;
  for (const ConsoleEvent& event : recorder.events)
    if (event.kind == ConsoleEvent::Kind::Notice &&
        event.text.startsWith(QStringLiteral("TLS handshake")))
      handshake = &event;
  QVERIFY(handshake);
  QCOMPARE(handshake->requestId, received->requestId);
  QVERIFY2(handshake->text.startsWith(QStringLiteral("TLS handshake: TLSv1.3, cipher TLS_")),
           qPrintable(handshake->text));
  QVERIFY2(handshake->text.endsWith(QStringLiteral("client certificate none")),
           qPrintable(handshake->text));

  // Bytes sent by hand would be plaintext inside the session: refused in words, sent nowhere.
  QString why;
  QVERIFY(!manager.sendTo(id, received->requestId, "plain", &why));
  QVERIFY2(why.contains(QStringLiteral("not available on TLS connections")), qPrintable(why));
  QCOMPARE(manager.sendToAll(id, "plain"), 0);
  panel.reset();
  QVERIFY(stopAndWait(manager, id));
}

void TestTlsServers::testClientWithoutTheCertificateIsAskedThenContinues() {
  ServerManager manager;
  const int id = manager.add(tlsSpec(Model::Threading));
  QVERIFY(startAndWait(manager, id));
  auto panel = panelFor(manager.find(id)->listeningAddress, {}); // verify on, no CA
  typeAndSend(panel.get(), QStringLiteral("first"));
  QVERIFY(waitFor([&] {
    return conversationText(panel.get())
        .contains(QStringLiteral("is not trusted: the certificate is self-signed"));
  }));
  QVERIFY(conversationText(panel.get()).contains(ConsoleCertificate().fingerprint()));
  auto* trust = child<QAbstractButton>(panel.get(), "tlsTrustButton");
  QVERIFY(waitFor([&] { return trust->isVisible(); }));
  QTest::mouseClick(trust, Qt::LeftButton);
  QVERIFY(
      waitFor([&] { return panel->connection()->state() == ClientConnection::State::Connected; }));
  typeAndSend(panel.get(), QStringLiteral("second"));
  QVERIFY(
      waitFor([&] { return conversationText(panel.get()).contains(QStringLiteral("SECOND")); }));
  panel.reset();
  QVERIFY(stopAndWait(manager, id));
}

void TestTlsServers::testUnusableCertificateFilesRefusedInWords() {
  const QString garbage = dir_.filePath(QStringLiteral("garbage.pem"));
  QVERIFY(writeFile(garbage, "not a certificate\n"));
  ServerSpec spec = tlsSpec(Model::Sync);
  spec.tlsCertificate = garbage;
  QString problem = TlsServerSetup::filesProblem(spec);
  QVERIFY2(problem.contains(garbage), qPrintable(problem));

  spec.tlsCertificate = dir_.filePath(QStringLiteral("missing.pem"));
  problem = TlsServerSetup::filesProblem(spec);
  QVERIFY2(problem.contains(QStringLiteral("missing.pem")), qPrintable(problem));

  // A server started with it anyway fails with the same words, and nothing listens.
  ServerManager manager;
  const int id = manager.add(spec);
  QVERIFY(!startAndWait(manager, id));
  QVERIFY2(manager.find(id)->failureReason.contains(QStringLiteral("missing.pem")),
           qPrintable(manager.find(id)->failureReason));

  // A key that is not the certificate's.
  const auto one = SelfSignedCertificate::make(QStringLiteral("localhost"), 1);
  const auto other = SelfSignedCertificate::make(QStringLiteral("localhost"), 1);
  QVERIFY(one && other);
  spec.tlsCertificate = dir_.filePath(QStringLiteral("one.pem"));
  spec.tlsKey = dir_.filePath(QStringLiteral("other.key"));
  QVERIFY(writeFile(spec.tlsCertificate, one->certificatePem));
  QVERIFY(writeFile(spec.tlsKey, other->keyPem));
  problem = TlsServerSetup::filesProblem(spec);
  QVERIFY2(!problem.isEmpty(), "a key of another certificate was taken");
  spec.tlsKey = dir_.filePath(QStringLiteral("one.key"));
  QVERIFY(writeFile(spec.tlsKey, one->keyPem));
  QCOMPARE(TlsServerSetup::filesProblem(spec), QString());
}

void TestTlsServers::testEditorOffersTlsWithTheOwnCertificate() {
  ServerEditorDialog editor;
  editor.show();
  auto* box = child<QWidget>(&editor, "tlsServerBox");
  QVERIFY(!box->isVisible());
  auto* kind = child<QComboBox>(&editor, "kindCombo");
  kind->setCurrentIndex(kind->findData(static_cast<int>(ServerSpec::Kind::Tls)));
  QVERIFY(box->isVisible());

  const QString exported = dir_.filePath(QStringLiteral("editor-export.pem"));
  auto* tlsBox = qobject_cast<TlsServerBox*>(box);
  QVERIFY(tlsBox->exportOwnCertificate(exported));
  const QString before = ConsoleCertificate().fingerprint();
  auto* label = child<QLabel>(&editor, "ownFingerprintLabel");
  QCOMPARE(label->text(), QStringLiteral("SHA-256 ") + before);
  QTest::mouseClick(child<QAbstractButton>(&editor, "regenerateButton"), Qt::LeftButton);
  QVERIFY(ConsoleCertificate().fingerprint() != before);
  QCOMPARE(label->text(), QStringLiteral("SHA-256 ") + ConsoleCertificate().fingerprint());

  // A certificate file that cannot be used is refused on OK, in words naming it.
  const QString missing = dir_.filePath(QStringLiteral("no-such-cert.pem"));
  typeInto(&editor, "tlsCertEdit", missing);
  editor.accept();
  QVERIFY(editor.isVisible());
  QVERIFY2(editor.errorText().contains(missing), qPrintable(editor.errorText()));
  child<QLineEdit>(&editor, "tlsCertEdit")->clear();
  editor.accept();
  QVERIFY(!editor.isVisible());
  QCOMPARE(editor.spec().kind, ServerSpec::Kind::Tls);
  QVERIFY(editor.spec().toUrl().startsWith(QStringLiteral("tls://127.0.0.1:0")));
}

// The console's application class: the client panel's TLS socket and the forking servers live
// in one process, as in the console (ForkSafeApplication.h).
int main(int argc, char* argv[]) {
  ForkSafeApplication app(argc, argv);
  app.setAttribute(Qt::AA_Use96Dpi, true);
  TestTlsServers test;
  QTEST_SET_MAIN_SOURCE_PATH
  return QTest::qExec(&test, argc, argv);
}
#include "TestTlsServers.moc"
