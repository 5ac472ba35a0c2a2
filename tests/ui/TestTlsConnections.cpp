// TLS connections as the console shows them, and client certificates end to end: the
// connections table's TLS column (version and cipher; empty for a plain connection) and the
// handshake's facts in the row's tool tip, over real connections of the client panel to console
// servers; a server with verify=1 and a CA of the test's refusing the panel without a
// certificate (the log says why, in words) and taking one the CA signed (the subject in the log
// and in the table); client certificate files that cannot be used refused in words before
// anything is sent (offscreen).
//
// With SOCKETSERVER_TLS_SCREENSHOTS=<dir> set (and SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN for
// Chinese), `screenshots` saves the window, its connections table and its client panel with a
// client certificate, mid-conversation with a verify=1 server, as tls-*.png in <dir>.
#include "console_test_support.h"
#include "tls_test_support.h"
#include "widget_test_support.h"

#include "ClientConnection.h"
#include "ClientPanel.h"
#include "ConnectionsModel.h"
#include "ConnectionsPanel.h"
#include "ConsoleCertificate.h"
#include "MainWindow.h"
#include "TlsTrust.h"
#include "Translations.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QTableView>

#include <algorithm>
#include <memory>

using namespace ui_test;
using Use = SelfSignedCertificate::Use;

namespace {

ServerSpec upperSpec(ServerSpec::Kind kind) {
  ServerSpec spec;
  spec.kind = kind;
  spec.address = QStringLiteral("127.0.0.1:0");
  spec.model = ServerSpec::Model::Threading;
  spec.handler = ServerSpec::Handler::Upper;
  return spec;
}

/// The text `role` of the table's cell in `column` for server `serverId`'s newest row.
QString cell(QTableView* view, int serverId, int column, int role = Qt::DisplayRole) {
  const QAbstractItemModel* model = view->model();
  for (int row = model->rowCount() - 1; row >= 0; --row)
    if (model->index(row, 0).data(ConnectionsModel::ServerIdRole).toInt() == serverId)
      return model->index(row, column).data(role).toString();
  return {};
}

/// How many of server `id`'s requests have finished.
qsizetype finishedCount(const EventRecorder& recorder, int id) {
  return std::count_if(recorder.events.cbegin(), recorder.events.cend(),
                       [id](const ConsoleEvent& e) {
                         return e.serverId == id && e.kind == ConsoleEvent::Kind::Finished;
                       });
}

/// The Notice of server `id`'s latest TLS handshake, or nullptr.
const ConsoleEvent* handshakeOf(const EventRecorder& recorder, int id) {
  const ConsoleEvent* found = nullptr;
  for (const ConsoleEvent& event : recorder.events)
    if (event.serverId == id && event.kind == ConsoleEvent::Kind::Notice && event.tls)
      found = &event;
  return found;
}

} // namespace

class TestTlsConnections : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init() { TlsTrust::forgetAll(); }
  void testTableShowsTlsFactsAndNothingForPlain();
  void testVerifyingServerRefusesNoCertificateAndTakesTheCasOwn();
  void testUnusableClientCertificateFilesRefusedInWords_data();
  void testUnusableClientCertificateFilesRefusedInWords();
  void screenshots();

private:
  /// A client panel on TLS to `address`, trusting the console's own certificate, server
  /// name localhost.
  std::unique_ptr<ClientPanel> panelFor(const QString& address);
  /// Sets `panel` to TLS on `address`, trusting the console's certificate, name localhost.
  void aimAt(ClientPanel* panel, const QString& address) const;
  QString file(const QString& name, const QByteArray& bytes);

  TemporarySettings settings_;
  QTemporaryDir dir_;
  QString consoleCa_;
  std::optional<SelfSignedCertificate> ca_;
  std::optional<SelfSignedCertificate> client_;
};

void TestTlsConnections::initTestCase() {
  QVERIFY(settings_.install());
  QVERIFY(dir_.isValid());
  QVERIFY(ServerSpec::tlsServersBuiltIn());
  consoleCa_ = dir_.filePath(QStringLiteral("console.pem"));
  QString error;
  QVERIFY2(ConsoleCertificate().ensure(&error), qPrintable(error));
  QVERIFY(ConsoleCertificate().exportTo(consoleCa_));
  ca_ = SelfSignedCertificate::make(QStringLiteral("Test Client CA"), 1, Use::Authority, &error);
  QVERIFY2(ca_, qPrintable(error));
  client_ =
      SelfSignedCertificate::issue(QStringLiteral("panel client"), 1, Use::Client, *ca_, &error);
  QVERIFY2(client_, qPrintable(error));
}

QString TestTlsConnections::file(const QString& name, const QByteArray& bytes) {
  QString path = dir_.filePath(name);
  if (!writeFile(path, bytes))
    qFatal("cannot write %s", qPrintable(path));
  return path;
}

std::unique_ptr<ClientPanel> TestTlsConnections::panelFor(const QString& address) {
  auto panel = std::make_unique<ClientPanel>(nullptr);
  panel->show();
  aimAt(panel.get(), address);
  return panel;
}

void TestTlsConnections::aimAt(ClientPanel* panel, const QString& address) const {
  auto* combo = child<QComboBox>(panel, "transportCombo");
  combo->setCurrentIndex(combo->findData(static_cast<int>(ServerSpec::Kind::Tls)));
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "tlsCaFileEdit", consoleCa_);
  typeInto(panel, "tlsServerNameEdit", QStringLiteral("localhost"));
}

void TestTlsConnections::testTableShowsTlsFactsAndNothingForPlain() {
  ServerManager manager;
  ConnectionsModel model(&manager);
  ConnectionsPanel table(&manager, &model);
  table.show();
  auto* view = child<QTableView>(&table, "connectionsView");
  const int tls = manager.add(upperSpec(ServerSpec::Kind::Tls));
  const int plain = manager.add(upperSpec(ServerSpec::Kind::Tcp));
  QVERIFY2(startAndWait(manager, tls), qPrintable(manager.find(tls)->statusText()));
  QVERIFY(startAndWait(manager, plain));

  QVERIFY(view->isColumnHidden(ConnectionsModel::Tls)); // nothing encrypted to show yet

  auto panel = panelFor(manager.find(tls)->listeningAddress);
  typeAndSend(panel.get(), QStringLiteral("secret"));
  QVERIFY2(
      waitFor([&] { return conversationText(panel.get()).contains(QStringLiteral("SECRET")); }),
      qPrintable(conversationText(panel.get())));
  Socket socket = connectStream(manager.find(plain)->listeningAddress);
  socket.sendall("open\n");
  QCOMPARE(recvExactly(socket, 5), std::string("OPEN\n"));

  QVERIFY(waitFor([&] { return !cell(view, tls, ConnectionsModel::Tls).isEmpty(); }));
  QVERIFY(!view->isColumnHidden(ConnectionsModel::Tls));
  const QString column = cell(view, tls, ConnectionsModel::Tls);
  QVERIFY2(column.startsWith(QStringLiteral("TLSv1.3, TLS_")), qPrintable(column));
  QCOMPARE(view->model()->headerData(ConnectionsModel::Tls, Qt::Horizontal).toString(),
           QStringLiteral("TLS"));
  const QString tip = cell(view, tls, ConnectionsModel::Peer, Qt::ToolTipRole);
  for (const QString& fact :
       {QStringLiteral("TLS version: TLSv1.3"), QStringLiteral("Cipher: TLS_"),
        QStringLiteral("ALPN: none"), QStringLiteral("Server name (SNI): localhost"),
        QStringLiteral("Client certificate: none")})
    QVERIFY2(tip.contains(fact), qPrintable(tip));

  QVERIFY(waitFor([&] { return !cell(view, plain, ConnectionsModel::Peer).isEmpty(); }));
  QCOMPARE(cell(view, plain, ConnectionsModel::Tls), QString());
  QVERIFY(
      !cell(view, plain, ConnectionsModel::Peer, Qt::ToolTipRole).contains(QStringLiteral("TLS")));
  socket.close();
  panel.reset();
  QVERIFY(stopAndWait(manager, tls));
  QVERIFY(stopAndWait(manager, plain));
}

void TestTlsConnections::testVerifyingServerRefusesNoCertificateAndTakesTheCasOwn() {
  ServerManager manager;
  EventRecorder recorder(manager);
  ConnectionsModel model(&manager);
  ConnectionsPanel table(&manager, &model);
  table.show();
  auto* view = child<QTableView>(&table, "connectionsView");
  ServerSpec spec = upperSpec(ServerSpec::Kind::Tls);
  spec.tlsCa = file(QStringLiteral("client-ca.pem"), ca_->certificatePem);
  spec.tlsVerifyClients = true;
  const int id = manager.add(spec);
  QVERIFY2(startAndWait(manager, id), qPrintable(manager.find(id)->statusText()));

  // No certificate: the server ends the handshake, and the log says why.
  auto panel = panelFor(manager.find(id)->listeningAddress);
  typeAndSend(panel.get(), QStringLiteral("anonymous"));
  QVERIFY(waitFor([&] {
    const ConsoleEvent* finished = recorder.last(id, ConsoleEvent::Kind::Finished);
    return finished != nullptr;
  }));
  const ConsoleEvent refused = *recorder.last(id, ConsoleEvent::Kind::Finished); // a copy
  QCOMPARE(refused.outcome, std::optional(ConsoleEvent::Outcome::Error));
  QVERIFY2(refused.text.contains(
               QStringLiteral("the client sent no certificate, and this server requires one")),
           qPrintable(refused.text));
  QVERIFY(!handshakeOf(recorder, id));
  QVERIFY(waitFor([&] {
    return cell(view, id, ConnectionsModel::Peer, Qt::ToolTipRole).contains(refused.text);
  }));
  QCOMPARE(cell(view, id, ConnectionsModel::Tls), QString());
  QVERIFY2(waitFor([&] {
             return conversationText(panel.get())
                 .contains(QStringLiteral("the server requires a client certificate"));
           }),
           qPrintable(conversationText(panel.get())));
  QVERIFY(!conversationText(panel.get()).contains(QStringLiteral("ANONYMOUS")));

  // A certificate the CA did not sign (its key in the same file): refused too, in words on
  // both sides.
  const auto stranger = SelfSignedCertificate::make(QStringLiteral("stranger"), 1, Use::Client);
  QVERIFY(stranger);
  typeInto(panel.get(), "tlsClientCertificateEdit",
           file(QStringLiteral("stranger.pem"), stranger->certificatePem + stranger->keyPem));
  typeAndSend(panel.get(), QStringLiteral("stranger"));
  QVERIFY(waitFor([&] { return finishedCount(recorder, id) == 2; }));
  const QString unverified = recorder.last(id, ConsoleEvent::Kind::Finished)->text;
  QVERIFY2(unverified.contains(QStringLiteral("the client's certificate failed verification")),
           qPrintable(unverified));
  QVERIFY2(waitFor([&] {
             return conversationText(panel.get())
                 .contains(QStringLiteral("the server did not accept the client certificate"));
           }),
           qPrintable(conversationText(panel.get())));
  QVERIFY(!handshakeOf(recorder, id));

  // The CA's client certificate, its key in a file of its own: served, the subject shown.
  typeInto(panel.get(), "tlsClientCertificateEdit",
           file(QStringLiteral("client.pem"), client_->certificatePem));
  typeInto(panel.get(), "tlsClientKeyEdit", file(QStringLiteral("client.key"), client_->keyPem));
  typeAndSend(panel.get(), QStringLiteral("known"));
  QVERIFY2(waitFor([&] { return conversationText(panel.get()).contains(QStringLiteral("KNOWN")); }),
           qPrintable(conversationText(panel.get())));
  QVERIFY(waitFor([&] { return handshakeOf(recorder, id) != nullptr; }));
  const ConsoleEvent* handshake = handshakeOf(recorder, id);
  QVERIFY2(handshake->text.contains(
               QStringLiteral("client certificate O=SocketServer Console,CN=panel client")),
           qPrintable(handshake->text));
  QVERIFY(waitFor([&] {
    return cell(view, id, ConnectionsModel::Peer, Qt::ToolTipRole)
        .contains(QStringLiteral("Client certificate: O=SocketServer Console,CN=panel client"));
  }));
  QVERIFY(cell(view, id, ConnectionsModel::Tls).startsWith(QStringLiteral("TLSv1.3")));
  panel.reset();
  QVERIFY(stopAndWait(manager, id));
}

void TestTlsConnections::testUnusableClientCertificateFilesRefusedInWords_data() {
  QTest::addColumn<QString>("certificate");
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("words");
  const auto other = SelfSignedCertificate::make(QStringLiteral("other"), 1, Use::Client);
  QVERIFY(other);
  const QString missing = dir_.filePath(QStringLiteral("missing.pem"));
  const QString garbage = file(QStringLiteral("garbage.pem"), "not a certificate\n");
  const QString certificate = file(QStringLiteral("bad-client.pem"), client_->certificatePem);
  const QString otherKey = file(QStringLiteral("other.key"), other->keyPem);
  const QString key = file(QStringLiteral("bad-client.key"), client_->keyPem);
  QTest::newRow("missing certificate")
      << missing << key << QStringLiteral("client certificate %1 cannot be read").arg(missing);
  QTest::newRow("not a certificate")
      << garbage << key
      << QStringLiteral("client certificate %1: no PEM certificate could be read").arg(garbage);
  QTest::newRow("no key beside it")
      << certificate << QString()
      << QStringLiteral("client key %1: no unencrypted PEM private key").arg(certificate);
  QTest::newRow("another certificate's key")
      << certificate << otherKey
      << QStringLiteral("client key %1 is not the key of the certificate in %2")
             .arg(otherKey, certificate);
  QTest::newRow("key without certificate")
      << QString() << key
      << QStringLiteral("client key %1: the certificate it belongs to is not given").arg(key);
}

void TestTlsConnections::testUnusableClientCertificateFilesRefusedInWords() {
  QFETCH(QString, certificate);
  QFETCH(QString, key);
  QFETCH(QString, words);
  TlsEchoServer server;
  QVERIFY(server.listen());
  auto panel = panelFor(server.address());
  typeInto(panel.get(), "tlsClientCertificateEdit", certificate);
  typeInto(panel.get(), "tlsClientKeyEdit", key);
  typeAndSend(panel.get(), QStringLiteral("x"));
  QVERIFY2(waitFor([&] { return conversationText(panel.get()).contains(words); }),
           qPrintable(conversationText(panel.get())));
  QCOMPARE(server.accepted(), 0);
}

void TestTlsConnections::screenshots() {
  const QString dir = qEnvironmentVariable("SOCKETSERVER_TLS_SCREENSHOTS");
  if (dir.isEmpty())
    QSKIP("set SOCKETSERVER_TLS_SCREENSHOTS=<dir> to save the screenshots");
  const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
  if (!language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  MainWindow window;
  window.manager()->removeAll();
  window.resize(1600, 1000);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  ServerSpec spec = upperSpec(ServerSpec::Kind::Tls);
  spec.name = QStringLiteral("TLS verify=1");
  spec.tlsCa = file(QStringLiteral("shot-ca.pem"), ca_->certificatePem);
  spec.tlsVerifyClients = true;
  const int id = window.manager()->add(spec);
  QVERIFY(startAndWait(*window.manager(), id));
  ClientPanel* panel = window.clientPanel();
  aimAt(panel, window.manager()->find(id)->listeningAddress);
  typeInto(panel, "tlsClientCertificateEdit",
           file(QStringLiteral("shot-client.pem"), client_->certificatePem));
  typeInto(panel, "tlsClientKeyEdit", file(QStringLiteral("shot-client.key"), client_->keyPem));
  typeAndSend(panel, QStringLiteral("hello"));
  QVERIFY(waitFor([&] { return conversationText(panel).contains(QStringLiteral("HELLO")); }));
  QTableView* view = window.connectionsView();
  QVERIFY(waitFor([&] { return !cell(view, id, ConnectionsModel::Tls).isEmpty(); }));
  const QString suffix = language.isEmpty() ? QString() : QLatin1Char('-') + language;
  QVERIFY(window.grab().save(dir + QStringLiteral("/tls-window%1.png").arg(suffix)));
  QVERIFY(view->grab().save(dir + QStringLiteral("/tls-connections%1.png").arg(suffix)));
  QVERIFY(panel->grab().save(dir + QStringLiteral("/tls-client-panel%1.png").arg(suffix)));
  qInfo().noquote() << cell(view, id, ConnectionsModel::Peer, Qt::ToolTipRole);
  window.manager()->stop(id);
  Translations::install(QLocale(QLocale::English));
}

QTEST_MAIN(TestTlsConnections)
#include "TestTlsConnections.moc"
