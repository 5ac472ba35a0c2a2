// The test client's TLS transport, driven through the client panel's widgets (offscreen)
// against a real TLS echo server on 127.0.0.1 (QSslServer, tls_test_support.h) whose
// certificates the test makes: verify off and on, a CA bundle, the server name (SNI) checked
// against the certificate, ALPN, certificate errors in words with "continue for this
// session", and a plain-text server that cannot do TLS. Every wait has a deadline.
#include "console_test_support.h"
#include "tls_test_support.h"
#include "widget_test_support.h"

#include "ClientConnection.h"
#include "ClientPanel.h"
#include "TlsTrust.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

using namespace ui_test;
using Transport = ServerSpec::Kind;

namespace {

void chooseTls(QWidget* panel) {
  auto* combo = child<QComboBox>(panel, "transportCombo");
  combo->setCurrentIndex(combo->findData(static_cast<int>(Transport::Tls)));
}

void setVerify(QWidget* panel, bool on) {
  child<QCheckBox>(panel, "tlsVerifyCheck")->setChecked(on);
}

bool conversationHas(QWidget* panel, const QString& text) {
  return waitFor([&] { return conversationText(panel).contains(text); });
}

} // namespace

class TestClientTls : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void testTlsBoxOnlyForTls();
  void testVerifyOffTalksAndShowsCertificate();
  void testVerifyOnWithCaFileTalks();
  void testUntrustedCertificateInWordsThenContinueForSession();
  void testSessionTrustIsForThatCertificateOnly();
  void testServerNameCheckedAgainstCertificate();
  void testAlpnNegotiated();
  void testPlainServerHandshakeFailsInWords();
  void testMissingCaFileInWords();
  void testTlsOptionsSaved();

private:
  std::unique_ptr<ClientPanel> openPanel(const QString& target);

  TemporarySettings settings_;
  QTemporaryDir dir_;
};

void TestClientTls::initTestCase() {
  QVERIFY(settings_.install());
  QVERIFY(dir_.isValid());
  QVERIFY2(ClientConnection::tlsUnavailableReason().isEmpty(),
           qPrintable(ClientConnection::tlsUnavailableReason()));
}

void TestClientTls::init() { TlsTrust::forgetAll(); }

std::unique_ptr<ClientPanel> TestClientTls::openPanel(const QString& target) {
  auto panel = std::make_unique<ClientPanel>(nullptr);
  panel->resize(480, 760);
  panel->show();
  chooseTls(panel.get());
  typeInto(panel.get(), "targetEdit", target);
  return panel;
}

void TestClientTls::testTlsBoxOnlyForTls() {
  ClientPanel panel(nullptr);
  panel.show();
  auto* box = child<QWidget>(&panel, "tlsBox");
  QVERIFY(!box->isVisible());
  chooseTls(&panel);
  QVERIFY(box->isVisible());
  QVERIFY(!child<QWidget>(&panel, "tlsTrustBar")->isVisible());
  auto* combo = child<QComboBox>(&panel, "transportCombo");
  combo->setCurrentIndex(combo->findData(static_cast<int>(Transport::Tcp)));
  QVERIFY(!box->isVisible());
}

void TestClientTls::testVerifyOffTalksAndShowsCertificate() {
  TlsEchoServer server;
  QVERIFY(server.listen());
  auto panel = openPanel(server.address());
  setVerify(panel.get(), false);
  typeAndSend(panel.get(), QStringLiteral("hello over tls"));
  QVERIFY(waitFor([&] { return panel->replyCount() == 1; }));
  const QString text = conversationText(panel.get());
  QVERIFY2(text.contains(QStringLiteral("hello over tls")), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("TLS handshake done: TLS 1.3")), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("certificate CN=localhost, O=SocketServer Console, issued "
                                        "by itself (self-signed)")),
           qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("SHA-256 ") + server.fingerprint()), qPrintable(text));
  const QString label = child<QLabel>(panel.get(), "tlsCertificateLabel")->text();
  QVERIFY2(label.contains(QStringLiteral("CN=localhost")), qPrintable(label));
  QVERIFY2(label.contains(server.fingerprint().left(23)), qPrintable(label));
  QVERIFY(!text.contains(QStringLiteral("not trusted")));
}

void TestClientTls::testVerifyOnWithCaFileTalks() {
  TlsEchoServer server;
  QVERIFY(server.listen());
  const QString ca = dir_.filePath(QStringLiteral("ca.pem"));
  QVERIFY(writeFile(ca, server.pair().certificatePem));
  auto panel = openPanel(server.address());
  setVerify(panel.get(), true);
  typeInto(panel.get(), "tlsCaFileEdit", ca);
  typeAndSend(panel.get(), QStringLiteral("verified"));
  QVERIFY2(waitFor([&] { return panel->replyCount() == 1; }),
           qPrintable(conversationText(panel.get())));
  QVERIFY(!conversationText(panel.get()).contains(QStringLiteral("not trusted")));
  QVERIFY(!child<QWidget>(panel.get(), "tlsTrustBar")->isVisible());
}

void TestClientTls::testUntrustedCertificateInWordsThenContinueForSession() {
  TlsEchoServer server;
  QVERIFY(server.listen());
  auto panel = openPanel(server.address());
  setVerify(panel.get(), true);
  typeAndSend(panel.get(), QStringLiteral("first"));
  QVERIFY(conversationHas(panel.get(), QStringLiteral("is not trusted: the certificate is "
                                                      "self-signed")));
  QVERIFY(conversationText(panel.get()).contains(server.fingerprint()));
  auto* trustBar = child<QWidget>(panel.get(), "tlsTrustBar");
  QVERIFY(waitFor([&] { return trustBar->isVisible(); }));
  QVERIFY(
      child<QLabel>(panel.get(), "tlsTrustLabel")->text().contains(QStringLiteral("self-signed")));
  QCOMPARE(panel->replyCount(), 0);

  QTest::mouseClick(child<QAbstractButton>(panel.get(), "tlsTrustButton"), Qt::LeftButton);
  QVERIFY(!trustBar->isVisible());
  QVERIFY(
      waitFor([&] { return panel->connection()->state() == ClientConnection::State::Connected; }));
  typeAndSend(panel.get(), QStringLiteral("second"));
  QVERIFY(waitFor([&] { return panel->replyCount() == 1; }));

  // Remembered: a new connection to the same server goes through without asking.
  QTest::mouseClick(child<QAbstractButton>(panel.get(), "disconnectButton"), Qt::LeftButton);
  QVERIFY(waitFor(
      [&] { return panel->connection()->state() == ClientConnection::State::Unconnected; }));
  panel->clearConversation();
  typeAndSend(panel.get(), QStringLiteral("third"));
  QVERIFY(waitFor([&] { return panel->replyCount() == 1; }));
  QVERIFY(!conversationText(panel.get()).contains(QStringLiteral("not trusted")));
}

void TestClientTls::testSessionTrustIsForThatCertificateOnly() {
  TlsEchoServer first;
  QVERIFY(first.listen());
  auto panel = openPanel(first.address());
  setVerify(panel.get(), true);
  typeAndSend(panel.get(), QStringLiteral("a"));
  QVERIFY(waitFor([&] { return child<QWidget>(panel.get(), "tlsTrustBar")->isVisible(); }));
  QTest::mouseClick(child<QAbstractButton>(panel.get(), "tlsTrustButton"), Qt::LeftButton);
  QVERIFY(
      waitFor([&] { return panel->connection()->state() == ClientConnection::State::Connected; }));
  QVERIFY(TlsTrust::allows(first.address(), first.fingerprint()));

  // Another certificate is not trusted because one was, on this port or another.
  TlsEchoServer second;
  QVERIFY(second.listen());
  QVERIFY(!TlsTrust::allows(second.address(), first.fingerprint()));
  QVERIFY(!TlsTrust::allows(first.address(), second.fingerprint()));
  panel->clearConversation();
  typeInto(panel.get(), "targetEdit", second.address());
  typeAndSend(panel.get(), QStringLiteral("b"));
  QVERIFY(conversationHas(panel.get(), QStringLiteral("is not trusted")));
}

void TestClientTls::testServerNameCheckedAgainstCertificate() {
  TlsEchoServer server;
  QVERIFY(server.listen());
  const QString ca = dir_.filePath(QStringLiteral("ca-name.pem"));
  QVERIFY(writeFile(ca, server.pair().certificatePem));
  auto panel = openPanel(server.address());
  typeInto(panel.get(), "tlsCaFileEdit", ca);
  typeInto(panel.get(), "tlsServerNameEdit", QStringLiteral("www.example.org"));
  typeAndSend(panel.get(), QStringLiteral("x"));
  QVERIFY(conversationHas(panel.get(), QStringLiteral("the certificate is for another name")));

  typeInto(panel.get(), "tlsServerNameEdit", QStringLiteral("localhost")); // in its SAN
  panel->clearConversation();
  typeAndSend(panel.get(), QStringLiteral("y"));
  QVERIFY2(waitFor([&] { return panel->replyCount() == 1; }),
           qPrintable(conversationText(panel.get())));
}

void TestClientTls::testAlpnNegotiated() {
  TlsEchoServer server(std::nullopt, {QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1")});
  QVERIFY(server.listen());
  auto panel = openPanel(server.address());
  setVerify(panel.get(), false);
  typeInto(panel.get(), "tlsAlpnEdit", QStringLiteral("x-unknown, http/1.1"));
  typeAndSend(panel.get(), QStringLiteral("GET"));
  QVERIFY(conversationHas(panel.get(), QStringLiteral("ALPN http/1.1")));
  QCOMPARE(panel->connection()->tlsOptions().alpn,
           (QStringList{QStringLiteral("x-unknown"), QStringLiteral("http/1.1")}));
}

void TestClientTls::testPlainServerHandshakeFailsInWords() {
  QTcpServer plain; // answers a ClientHello with text and hangs up, as a plain server would
  QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
  QObject::connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
    QTcpSocket* socket = plain.nextPendingConnection();
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
      socket->readAll();
      socket->write("HTTP/1.0 400 Bad Request\r\n\r\n");
      socket->disconnectFromHost();
    });
  });
  auto panel = openPanel(QStringLiteral("127.0.0.1:%1").arg(plain.serverPort()));
  setVerify(panel.get(), false);
  typeAndSend(panel.get(), QStringLiteral("hello"));
  QVERIFY(conversationHas(panel.get(), QStringLiteral("the TLS handshake failed")));
  QVERIFY(waitFor(
      [&] { return panel->connection()->state() == ClientConnection::State::Unconnected; }));
  QVERIFY2(conversationText(panel.get()).contains(QStringLiteral("1 message not sent")),
           qPrintable(conversationText(panel.get())));
}

void TestClientTls::testMissingCaFileInWords() {
  TlsEchoServer server;
  QVERIFY(server.listen());
  auto panel = openPanel(server.address());
  const QString missing = dir_.filePath(QStringLiteral("no-such-ca.pem"));
  typeInto(panel.get(), "tlsCaFileEdit", missing);
  typeAndSend(panel.get(), QStringLiteral("x"));
  QVERIFY(conversationHas(panel.get(),
                          QStringLiteral("CA bundle %1: no PEM certificate").arg(missing)));
  QCOMPARE(server.accepted(), 0);
}

void TestClientTls::testTlsOptionsSaved() {
  QSettings settings(dir_.filePath(QStringLiteral("client.ini")), QSettings::IniFormat);
  {
    auto panel = openPanel(QStringLiteral("127.0.0.1:4433"));
    setVerify(panel.get(), false);
    typeInto(panel.get(), "tlsServerNameEdit", QStringLiteral("localhost"));
    typeInto(panel.get(), "tlsAlpnEdit", QStringLiteral("h2, http/1.1"));
    typeInto(panel.get(), "tlsCaFileEdit", QStringLiteral("/tmp/ca.pem"));
    typeInto(panel.get(), "tlsClientCertificateEdit", QStringLiteral("/tmp/client.pem"));
    typeInto(panel.get(), "tlsClientKeyEdit", QStringLiteral("/tmp/client.key"));
    panel->saveSettings(settings);
  }
  ClientPanel panel(nullptr);
  panel.restoreSettings(settings);
  QCOMPARE(child<QComboBox>(&panel, "transportCombo")->currentData().toInt(),
           static_cast<int>(Transport::Tls));
  QVERIFY(!child<QCheckBox>(&panel, "tlsVerifyCheck")->isChecked());
  QCOMPARE(child<QLineEdit>(&panel, "tlsServerNameEdit")->text(), QStringLiteral("localhost"));
  QCOMPARE(child<QLineEdit>(&panel, "tlsAlpnEdit")->text(), QStringLiteral("h2, http/1.1"));
  QCOMPARE(child<QLineEdit>(&panel, "tlsCaFileEdit")->text(), QStringLiteral("/tmp/ca.pem"));
  QCOMPARE(child<QLineEdit>(&panel, "tlsClientCertificateEdit")->text(),
           QStringLiteral("/tmp/client.pem"));
  QCOMPARE(child<QLineEdit>(&panel, "tlsClientKeyEdit")->text(), QStringLiteral("/tmp/client.key"));
}

QTEST_MAIN(TestClientTls)
#include "TestClientTls.moc"
