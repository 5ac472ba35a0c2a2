// The headless mode, as a script runs it: the real binary in a QProcess. It serves, prints
// "serving on <address>", logs each event (text or JSON Lines), exits 0 on SIGTERM/SIGINT
// after a clean stop, 1 when every server failed, 2 on a bad SPEC or usage.
#include "ServerProfile.h"
#include "console_process.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>

#include <csignal>

using namespace ui_test;

class TestHeadless : public QObject {
  Q_OBJECT

private slots:
  void testServesLogsAndStopsOnSigterm();
  void testJsonLinesAndSigint();
  void testCtrlCReachingForkedChildrenStopsCleanly();
  void testProfile();
  void testBadSpecExits2_data();
  void testBadSpecExits2();
  void testEveryServerFailedExits1();
  void testRulesFile();
  void testBadRuleExits2();
  void testHelpDocumentsSpec();
  void testCommandsOnStdin();
  void testCommandsRefuseAnOverlongLine();
};

void TestHeadless::testServesLogsAndStopsOnSigterm() {
  Console console({QStringLiteral("--headless"), QStringLiteral("--serve"),
                   QStringLiteral("tcp://127.0.0.1:0?handler=upper")});
  const QString address = console.waitForServing(QStringLiteral("127\\.0\\.0\\.1:\\d+"));
  QVERIFY2(!address.isEmpty(), qPrintable(console.diagnostics()));
  QVERIFY(address.section(QLatin1Char(':'), -1).toInt() > 0);
  {
    Socket client = connectStream(address);
    client.sendall("hello\n");
    QCOMPARE(bytes(recvExactly(client, 6)), QByteArray("HELLO\n"));
  }
  QVERIFY2(console.waitForOutput(QRegularExpression(QStringLiteral(" finished \\S+ completed\n"))),
           qPrintable(console.diagnostics()));
  const QString log = QString::fromUtf8(console.out);
  QVERIFY2(log.contains(
               QRegularExpression(QStringLiteral("\\[tcp 127\\.0\\.0\\.1:\\d+\\] #1 received "
                                                 "127\\.0\\.0\\.1:\\d+ 6 bytes \"hello\\\\n\""))),
           qPrintable(log));
  QVERIFY2(log.contains(QLatin1String("6 bytes \"HELLO\\n\"")), qPrintable(log));
  QVERIFY2(log.contains(QLatin1String("#1 opened")), qPrintable(log));

  console.signal(SIGTERM);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(console.process.exitCode(), 0);
  QVERIFY2(QString::fromUtf8(console.out).contains(QLatin1String("] stopped")),
           qPrintable(console.diagnostics()));
}

void TestHeadless::testJsonLinesAndSigint() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("json.sock"));
  Console console(
      {QStringLiteral("--headless"), QStringLiteral("--json"), QStringLiteral("--serve"),
       QStringLiteral("unix://%1?mode=threading&handler=threadname&name=names").arg(path)});
  QVERIFY2(console.waitForOutput(QRegularExpression(QStringLiteral("\"event\":\"started\""))),
           qPrintable(console.diagnostics()));
  QVERIFY2(console.err.contains("serving on " + path.toUtf8()), qPrintable(console.diagnostics()));
  {
    Socket client = connectStream(path);
    client.sendall("hi\n");
    QVERIFY(recvUntil(client, "\n").ends_with(": hi\n"));
  }
  QVERIFY2(console.waitForOutput(QRegularExpression(QStringLiteral("\"event\":\"finished\""))),
           qPrintable(console.diagnostics()));
  console.signal(SIGINT);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 0);
  QVERIFY2(!QFileInfo::exists(path), "the socket file is removed on exit");

  QStringList events;
  for (const QByteArray& line : console.out.split('\n')) {
    if (line.isEmpty())
      continue;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    QVERIFY2(document.isObject(),
             qPrintable(QString::fromUtf8(line) + QLatin1String(": ") + error.errorString()));
    const QJsonObject object = document.object();
    QCOMPARE(object.value(QLatin1String("server")).toString(), QStringLiteral("names"));
    events << object.value(QLatin1String("event")).toString();
    if (events.last() == QLatin1String("sent"))
      QVERIFY(object.value(QLatin1String("payload")).toString().endsWith(QLatin1String(": hi\n")));
  }
  QCOMPARE(events, QStringList({QStringLiteral("started"), QStringLiteral("opened"),
                                QStringLiteral("received"), QStringLiteral("sent"),
                                QStringLiteral("finished"), QStringLiteral("stopped")}));
}

void TestHeadless::testCtrlCReachingForkedChildrenStopsCleanly() {
  Console console({QStringLiteral("--headless"), QStringLiteral("--serve"),
                   QStringLiteral("tcp://127.0.0.1:0?mode=forking")},
                  true);
  const QString address = console.waitForServing();
  QVERIFY2(!address.isEmpty(), qPrintable(console.diagnostics()));
  Socket client = connectStream(address);
  client.sendall("x");
  QCOMPARE(bytes(recvExactly(client, 1)), QByteArray("x")); // a child is serving it now
  console.signalGroup(SIGINT); // what a terminal's Ctrl-C does: the console and its children
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 0);        // one signal heard, not two ("exit at once")
  QCOMPARE(bytes(recvAll(client)), QByteArray()); // the client saw its connection close
  const QString log = QString::fromUtf8(console.out);
  QVERIFY2(log.contains(QLatin1String("#1 finished 127.0.0.1:")) &&
               log.contains(QLatin1String(" completed")),
           qPrintable(console.diagnostics()));
}

void TestHeadless::testProfile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  ServerSpec tcp;
  tcp.name = QStringLiteral("tcp-one");
  ServerSpec udp;
  udp.kind = ServerSpec::Kind::Udp;
  udp.handler = ServerSpec::Handler::TimeOfDay;
  const QString profile = dir.filePath(QStringLiteral("profile.json"));
  QVERIFY(ServerProfile::save(profile, {tcp, udp}));
  Console console({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
  QVERIFY2(console.waitForOutput(
               QRegularExpression(QStringLiteral("serving on [^\n]*\n[^\n]*serving on"),
                                  QRegularExpression::DotMatchesEverythingOption)),
           qPrintable(console.diagnostics()));
  console.signal(SIGTERM);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 0);
  QCOMPARE(console.out.count("] stopped"), qsizetype(2));
}

void TestHeadless::testBadSpecExits2_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("message");
  QTest::newRow("bad mode") << QStringList{QStringLiteral("--headless"), QStringLiteral("--serve"),
                                           QStringLiteral("tcp://127.0.0.1:0?mode=thredding")}
                            << "bad --serve SPEC 'tcp://127.0.0.1:0?mode=thredding': option 'mode'";
  QTest::newRow("bad kind") << QStringList{QStringLiteral("--headless"), QStringLiteral("--serve"),
                                           QStringLiteral("sctp://127.0.0.1:1")}
                            << "unknown server kind 'sctp'";
  QTest::newRow("second bad") << QStringList{QStringLiteral("--headless"),
                                             QStringLiteral("--serve"), QStringLiteral("udp://:0"),
                                             QStringLiteral("--serve"),
                                             QStringLiteral("udp://:0?handler=welcome")}
                              << "needs a connection";
  QTest::newRow("nothing to serve") << QStringList{QStringLiteral("--headless")}
                                    << "needs at least one --serve SPEC or --profile FILE";
  QTest::newRow("missing profile")
      << QStringList{QStringLiteral("--headless"), QStringLiteral("--profile"),
                     QStringLiteral("/nonexistent/p.json")}
      << "cannot read /nonexistent/p.json";
  QTest::newRow("serve without headless")
      << QStringList{QStringLiteral("--serve"), QStringLiteral("tcp://:0")} << "need --headless";
  // A Unix socket path must be absolute: unix://relative.sock would bind wherever the
  // console happens to be started from.
  QTest::newRow("relative unix path")
      << QStringList{QStringLiteral("--headless"), QStringLiteral("--serve"),
                     QStringLiteral("unix://relative.sock?handler=echo")}
      << "'relative.sock' is a relative path";
  QTest::newRow("host:port as unix path")
      << QStringList{QStringLiteral("--headless"), QStringLiteral("--serve"),
                     QStringLiteral("unixdgram://127.0.0.1:0")}
      << "'127.0.0.1:0' is a relative path";
  QTest::newRow("not a multicast group")
      << QStringList{QStringLiteral("--headless"), QStringLiteral("--serve"),
                     QStringLiteral("udp://0.0.0.0:0?join=10.1.2.3&iface=lo")}
      << "join: '10.1.2.3' is not a multicast address";
  QTest::newRow("no such interface")
      << QStringList{QStringLiteral("--headless"), QStringLiteral("--serve"),
                     QStringLiteral("udp://[::]:0?join=ff02::1:3&iface=nosuch0")}
      << "iface: this machine has no interface 'nosuch0'";
  QTest::newRow("unknown option") << QStringList{QStringLiteral("--headless"),
                                                 QStringLiteral("--bogus")}
                                  << "Unknown option 'bogus'";
}

void TestHeadless::testBadSpecExits2() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, message);
  Console console(arguments);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(console.process.exitCode(), 2);
  QVERIFY2(QString::fromUtf8(console.err).contains(message), qPrintable(console.diagnostics()));
  QVERIFY2(console.out.isEmpty(), qPrintable(console.diagnostics()));
}

void TestHeadless::testEveryServerFailedExits1() {
  Socket occupant(AF_INET, SOCK_STREAM);
  occupant.bind(Address("127.0.0.1:0"));
  occupant.listen(1);
  const QString taken = QString::fromStdString(occupant.getsockname().to_string());
  Console console(
      {QStringLiteral("--headless"), QStringLiteral("--serve"), QStringLiteral("tcp://") + taken});
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 1);
  QVERIFY2(
      QString::fromUtf8(console.err).contains(QStringLiteral("cannot serve tcp://%1: ").arg(taken)),
      qPrintable(console.diagnostics()));
  QVERIFY2(QString::fromUtf8(console.err).contains(QLatin1String("already in use")),
           qPrintable(console.diagnostics()));
  QVERIFY2(QString::fromUtf8(console.out).contains(QLatin1String(" failed ")),
           qPrintable(console.diagnostics()));
}

void TestHeadless::testHelpDocumentsSpec() {
  Console console({QStringLiteral("--help")});
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 0);
  const QString help = QString::fromUtf8(console.out);
  for (const char* expected :
       {"--headless", "--serve <SPEC>", "--profile <FILE>", "--json", "KIND://ADDRESS", "unixdgram",
        "mode=sync|threading|forking|pool",
        "handler=echo|upper|threadname|welcome|discard|fixed|time|http",
        "tcp://127.0.0.1:9999?mode=threading&handler=upper", "udp://[::1]:0?handler=echo",
        "SIGINT/SIGTERM", "|rules|manual", "rules=FILE", "once=1", "join=GROUP,GROUP",
        "iface=NAME|ADDR", "broadcast=1"})
    QVERIFY2(help.contains(QLatin1String(expected)), expected);
}

namespace {

QString writeRulesFile(const QTemporaryDir& dir, const QByteArray& json) {
  const QString path = dir.filePath(QStringLiteral("rules.json"));
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
    return {};
  return path;
}

} // namespace

void TestHeadless::testRulesFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString rules =
      writeRulesFile(dir, "{\"framing\": \"line\", \"rules\": [{\"match\": \"regex\", \"pattern\": "
                          "\"^PING (\\\\d+)$\", \"reply\": \"PONG $1 {counter}\\\\n\"}], "
                          "\"default\": \"unknown: {message}\\\\n\"}");
  QVERIFY(!rules.isEmpty());
  Console console({QStringLiteral("--headless"), QStringLiteral("--serve"),
                   QStringLiteral("tcp://127.0.0.1:0?handler=rules&rules=") + rules});
  const QString address = console.waitForServing();
  QVERIFY2(!address.isEmpty(), qPrintable(console.diagnostics()));
  Socket client = connectStream(address);
  client.sendall("PING 5\r\nhello\n");
  QCOMPARE(bytes(recvUntil(client, "hello\n")), QByteArray("PONG 5 1\nunknown: hello\n"));
  client.close();
  QVERIFY2(console.waitForOutput(QRegularExpression(QStringLiteral(" finished \\S+ completed\n"))),
           qPrintable(console.diagnostics()));
  console.signal(SIGTERM);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 0);
}

void TestHeadless::testBadRuleExits2() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString rules =
      writeRulesFile(dir, "{\"rules\": [{\"pattern\": \"ok\"}, {\"match\": \"regex\", \"pattern\": "
                          "\"a(\"}]}");
  QVERIFY(!rules.isEmpty());
  Console console({QStringLiteral("--headless"), QStringLiteral("--serve"),
                   QStringLiteral("tcp://127.0.0.1:0?rules=") + rules});
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(console.process.exitCode(), 2);
  QVERIFY2(QString::fromUtf8(console.err)
               .contains(QStringLiteral("rules file %1: rule 2: pattern: invalid regular "
                                        "expression")
                             .arg(rules)),
           qPrintable(console.diagnostics()));
  QVERIFY2(console.out.isEmpty(), qPrintable(console.diagnostics()));
}

// Ids are one sequence for the whole console: a bare "#N" names a request whatever its server,
// and the ids `list` prints are the ones the log printed.
void TestHeadless::testCommandsOnStdin() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  Console console({QStringLiteral("--headless"), QStringLiteral("--commands"),
                   QStringLiteral("--serve"),
                   QStringLiteral("tcp://127.0.0.1:0?handler=discard&mode=threading&name=pusher"),
                   QStringLiteral("--serve"),
                   QStringLiteral("unixdgram://") + dir.filePath(QStringLiteral("d.sock")) +
                       QStringLiteral("?handler=discard&name=dgram")});
  const QString address = console.waitForServing(QStringLiteral("127\\.0\\.0\\.1:\\d+"));
  QVERIFY2(!address.isEmpty(), qPrintable(console.diagnostics()));
  QVERIFY2(!console.waitForServing(QStringLiteral("/\\S+")).isEmpty(),
           qPrintable(console.diagnostics()));
  Socket first = connectStream(address);
  Socket second = connectStream(address);
  first.settimeout(DEADLINE);
  second.settimeout(DEADLINE);
  const Address datagramServer(dir.filePath(QStringLiteral("d.sock")).toStdString());
  const QString peerPath = dir.filePath(QStringLiteral("p.sock"));
  Socket peer = datagramClient(datagramServer, peerPath.toStdString());
  peer.sendto("hi", datagramServer);
  // The id the log gives the request from `peerName` on `server`.
  const auto idOf = [&](const QString& server, const QString& peerName) -> QString {
    QRegularExpressionMatch opened;
    if (!console.waitForOutput(
            QRegularExpression(QStringLiteral("\\[%1\\] #(\\d+) opened %2\n")
                                   .arg(server, QRegularExpression::escape(peerName))),
            &opened))
      return {};
    return opened.captured(1);
  };
  const QString one =
      idOf(QStringLiteral("pusher"), QString::fromStdString(first.getsockname().to_string()));
  const QString two =
      idOf(QStringLiteral("pusher"), QString::fromStdString(second.getsockname().to_string()));
  const QString three = idOf(QStringLiteral("dgram"), peerPath);
  QVERIFY2(!one.isEmpty() && !two.isEmpty() && !three.isEmpty(), qPrintable(console.diagnostics()));
  QCOMPARE(QSet<QString>({one, two, three}).size(), 3); // unique across the two servers

  const auto command = [&](const QByteArray& line, const QString& answer) {
    console.process.write(line + '\n');
    return console.waitForOutput(
        QRegularExpression(QStringLiteral("^") + QRegularExpression::escape(answer),
                           QRegularExpression::MultilineOption));
  };
  QVERIFY2(command("list", QStringLiteral("ok 3 open")), qPrintable(console.diagnostics()));
  const QString out = QString::fromUtf8(console.out);
  QVERIFY2(out.contains(QStringLiteral("open [pusher] #%1 %2\n")
                            .arg(one, QString::fromStdString(first.getsockname().to_string()))),
           qPrintable(out));
  QVERIFY(out.contains(QStringLiteral("open [pusher] #%1 127.0.0.1:").arg(two)));
  QVERIFY(out.contains(QStringLiteral("open [dgram] #%1 %2\n").arg(three, peerPath)));

  // By the bare id (two servers: the id alone says which), as the log printed it.
  QVERIFY2(command("send #" + one.toLatin1() + " hello\\x21\\n",
                   QStringLiteral("ok queued 7 bytes for [pusher] #%1").arg(one)),
           qPrintable(console.diagnostics()));
  QCOMPARE(bytes(recvExactly(first, 7)), QByteArray("hello!\n"));
  QVERIFY2(console.waitForOutput(QRegularExpression(
               QStringLiteral("\\[pusher\\] #%1 sent by you 127\\.0\\.0\\.1:\\d+ 7 bytes "
                              "\"hello!\\\\n\"")
                   .arg(one))),
           qPrintable(console.diagnostics()));
  QVERIFY2(command("sendhex pusher#" + two.toLatin1() + " 68 65 78",
                   QStringLiteral("ok queued 3 bytes for [pusher] #%1").arg(two)),
           qPrintable(console.diagnostics()));
  QCOMPARE(bytes(recvExactly(second, 3)), QByteArray("hex"));
  QVERIFY2(command("send " + three.toLatin1() + " back",
                   QStringLiteral("ok queued 4 bytes for [dgram] #%1").arg(three)),
           qPrintable(console.diagnostics()));
  QCOMPARE(bytes(peer.recvfrom(100).first), QByteArray("back"));
  QVERIFY2(command("broadcast pusher all\\n",
                   QStringLiteral("ok queued 4 bytes for 2 connection(s) of [pusher]")),
           qPrintable(console.diagnostics()));
  QCOMPARE(bytes(recvExactly(first, 4)), QByteArray("all\n"));
  QCOMPARE(bytes(recvExactly(second, 4)), QByteArray("all\n"));
  QVERIFY2(command("kick [pusher] #" + two.toLatin1(),
                   QStringLiteral("ok closed [pusher] #%1").arg(two)),
           qPrintable(console.diagnostics()));
  QCOMPARE(second.recv(10), std::string()); // the server closed it

  // Mistakes are answered in words, and the runner goes on.
  QVERIFY2(command("frobnicate", QStringLiteral("error unknown command 'frobnicate'")),
           qPrintable(console.diagnostics()));
  QVERIFY2(command("send 999999 x",
                   QStringLiteral("error #999999 is neither an open connection nor a peer heard "
                                  "from in the last 60 s")),
           qPrintable(console.diagnostics()));
  QVERIFY2(command("send [nosuch] #1 x", QStringLiteral("error no server 'nosuch'")),
           qPrintable(console.diagnostics()));
  QVERIFY2(command("sendhex pusher#" + one.toLatin1() + " 6g", QStringLiteral("error bad hex: ")),
           qPrintable(console.diagnostics()));
  QVERIFY2(command("kick pusher#" + two.toLatin1(),
                   QStringLiteral("error [pusher] #%1 is not an open connection").arg(two)),
           qPrintable(console.diagnostics()));
  QVERIFY2(command("send [dgram] #" + one.toLatin1() + " x",
                   QStringLiteral("error #%1 is not a peer this server heard from").arg(one)),
           qPrintable(console.diagnostics()));

  // End of input: the servers keep serving until a signal.
  console.process.closeWriteChannel();
  first.sendall("still there\n");
  QVERIFY2(console.waitForOutput(QRegularExpression(QStringLiteral("12 bytes \"still there"))),
           qPrintable(console.diagnostics()));
  console.signal(SIGTERM);
  QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
  QCOMPARE(console.process.exitCode(), 0);
}

void TestHeadless::testCommandsRefuseAnOverlongLine() {
  Console console({QStringLiteral("--headless"), QStringLiteral("--commands"),
                   QStringLiteral("--serve"), QStringLiteral("udp://127.0.0.1:0?handler=echo")});
  QVERIFY2(!console.waitForServing().isEmpty(), qPrintable(console.diagnostics()));
  console.process.write(QByteArray(3 * 1024 * 1024, 'x'));
  console.process.write("\nlist\n");
  QVERIFY2(console.waitForOutput(QRegularExpression(
               QStringLiteral("^error line longer than 1048576 bytes: refused\nok 0 open\n"),
               QRegularExpression::MultilineOption)),
           qPrintable(console.diagnostics().left(2000)));
  console.signal(SIGTERM);
  QVERIFY(console.waitForExit());
  QCOMPARE(console.process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "TestHeadless.moc"
