// The headless console's TLS servers (issue 14): `--serve tls://127.0.0.1:0` with the
// console's own certificate, made on first use in the console's (temporary) home, talks to
// Python's ssl client that trusts that certificate (cafile=), and logs the handshake's facts
// and the plaintext; certificate files that cannot be used exit 2 with the reason in words.
#include "console_process.h"
#include "console_test_support.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>

using namespace ui_test;

class TestTlsHeadless : public QObject {
  Q_OBJECT

private slots:
  void testPythonSslClientTalksToOwnCertificate();
  void testUnusableCertificateExits2();
};

void TestTlsHeadless::testPythonSslClientTalksToOwnCertificate() {
  ConsoleHome home;
  QVERIFY(home.isValid());
  Console console({QStringLiteral("--headless"), QStringLiteral("--serve"),
                   QStringLiteral("tls://127.0.0.1:0?handler=upper")},
                  home);
  const QString address = console.waitForServing(QStringLiteral("127\\.0\\.0\\.1:\\d+"));
  QVERIFY2(!address.isEmpty(), qPrintable(console.diagnostics()));
  const QString certificate =
      QDir(home.path()).filePath(QStringLiteral(".config/SocketServer/console-certificate.pem"));
  QVERIFY2(QFile::exists(certificate), qPrintable(certificate));

  // Python's own verification: the default context, the console's certificate as the CA.
  QProcess python;
  python.start(QStringLiteral("python3"),
               {QStringLiteral("-c"),
                QStringLiteral("import socket, ssl, sys\n"
                               "context = ssl.create_default_context(cafile=sys.argv[1])\n"
                               "with socket.create_connection(('127.0.0.1', int(sys.argv[2])), "
                               "timeout=10) as raw:\n"
                               "    with context.wrap_socket(raw, server_hostname='localhost') "
                               "as tls:\n"
                               "        tls.sendall(b'hello tls\\n')\n"
                               "        reply = b''\n"
                               "        while not reply.endswith(b'\\n'):\n"
                               "            reply += tls.recv(100)\n"
                               "        print(tls.version(), reply.decode(), end='')\n"),
                certificate, address.section(QLatin1Char(':'), -1)});
  QVERIFY(python.waitForFinished(DEADLINE_MS));
  QCOMPARE(python.exitCode(), 0);
  QCOMPARE(QString::fromUtf8(python.readAllStandardOutput()),
           QStringLiteral("TLSv1.3 HELLO TLS\n"));

  QVERIFY2(console.waitForOutput(QRegularExpression(QStringLiteral(" finished \\S+ completed\n"))),
           qPrintable(console.diagnostics()));
  const QString log = QString::fromUtf8(console.out);
  QVERIFY2(log.contains(QStringLiteral("TLS handshake: TLSv1.3, cipher TLS_")), qPrintable(log));
  QVERIFY2(log.contains(QStringLiteral("SNI localhost")), qPrintable(log));
  QVERIFY2(log.contains(QStringLiteral("10 bytes \"hello tls\\n\"")), qPrintable(log));
  QVERIFY2(log.contains(QStringLiteral("10 bytes \"HELLO TLS\\n\"")), qPrintable(log));
}

void TestTlsHeadless::testUnusableCertificateExits2() {
  ConsoleHome home;
  const QString missing = QDir(home.path()).filePath(QStringLiteral("missing.pem"));
  Console console({QStringLiteral("--headless"), QStringLiteral("--serve"),
                   QStringLiteral("tls://127.0.0.1:0?cert=") + missing},
                  home);
  QVERIFY(console.waitForExit());
  QCOMPARE(console.process.exitCode(), 2);
  QVERIFY2(console.err.contains(missing.toUtf8()), qPrintable(console.diagnostics()));

  Console verifyWithoutCa({QStringLiteral("--headless"), QStringLiteral("--serve"),
                           QStringLiteral("tls://127.0.0.1:0?verify=1")},
                          home);
  QVERIFY(verifyWithoutCa.waitForExit());
  QCOMPARE(verifyWithoutCa.process.exitCode(), 2);
  QVERIFY2(verifyWithoutCa.err.contains("give it as ca=FILE"),
           qPrintable(verifyWithoutCa.diagnostics()));
}

QTEST_GUILESS_MAIN(TestTlsHeadless)
#include "TestTlsHeadless.moc"
