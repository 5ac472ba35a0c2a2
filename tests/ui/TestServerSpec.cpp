// ServerSpec (SPEC URLs, JSON, validation), ServerProfile, ByteText and ConsoleEvent's
// formats: values only, no sockets.
#include "ByteText.h"
#include "ConsoleEvent.h"
#include "ServerProfile.h"
#include "ServerSpec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;

namespace QTest {
template <> inline char* toString(const ServerSpec& spec) {
  return qstrdup(QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact).constData());
}
} // namespace QTest

class TestServerSpec : public QObject {
  Q_OBJECT

private slots:
  void testFromUrl();
  void testUrlRoundTrip_data();
  void testUrlRoundTrip();
  void testCanonicalUrl_data();
  void testCanonicalUrl();
  void testBadUrl_data();
  void testBadUrl();
  void testJsonRoundTrip();
  void testBadJson_data();
  void testBadJson();
  void testValidation_data();
  void testValidation();
  void testEffectiveAddressAndDisplayName();
  void testNames();
  void testProfileFile();
  void testBadProfile_data();
  void testBadProfile();
  void testStarterProfile();
  void testRulesFromFile();
  void testBadRules_data();
  void testBadRules();
  void testRulesAndOnceInJson();
  void testByteTextRoundTrip();
  void testByteTextErrors();
  void testEventFormats();
};

void TestServerSpec::testFromUrl() {
  QString error;
  auto spec = ServerSpec::fromUrl(
      QStringLiteral("tcp://127.0.0.1:9999?mode=threading&handler=upper"), &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->kind, Kind::Tcp);
  QCOMPARE(spec->address, QStringLiteral("127.0.0.1:9999"));
  QCOMPARE(spec->model, Model::Threading);
  QCOMPARE(spec->handler, Handler::Upper);

  spec = ServerSpec::fromUrl(QStringLiteral("udp://[::1]:0?handler=echo"), &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->kind, Kind::Udp);
  QCOMPARE(spec->address, QStringLiteral("[::1]:0"));
  QCOMPARE(spec->handler, Handler::Echo);

  spec = ServerSpec::fromUrl(QStringLiteral("unix:///tmp/s.sock"), &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->kind, Kind::UnixStream);
  QCOMPARE(spec->address, QStringLiteral("/tmp/s.sock"));
  QCOMPARE(spec->model, Model::Sync);

  spec = ServerSpec::fromUrl(QStringLiteral("unixdgram:///tmp/d.sock"), &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->kind, Kind::UnixDatagram);
  QCOMPARE(spec->address, QStringLiteral("/tmp/d.sock"));

  // Every option at once; the default host; reply= implies the fixed handler, pool= the pool.
  spec = ServerSpec::fromUrl(
      QStringLiteral("tcp://:8089?pool=5&queue=10&reply=hello%20world%0A&reuse=1&backlog=50"
                     "&timeout=2.5&maxpacket=1500&daemon=yes&blockonclose=off&name=My%20server"),
      &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->address, QStringLiteral("127.0.0.1:8089"));
  QCOMPARE(spec->model, Model::ThreadPool);
  QCOMPARE(spec->poolSize, 5);
  QCOMPARE(spec->poolQueue, 10);
  QCOMPARE(spec->handler, Handler::FixedReply);
  QCOMPARE(spec->fixedReply, QByteArray("hello world\n"));
  QCOMPARE(spec->allowReuseAddress, true);
  QCOMPARE(spec->backlog, 50);
  QCOMPARE(spec->requestTimeout, 2.5);
  QCOMPARE(spec->maxPacketSize, 1500);
  QCOMPARE(spec->daemonThreads, true);
  QCOMPARE(spec->blockOnClose, false);
  QCOMPARE(spec->name, QStringLiteral("My server"));

  spec = ServerSpec::fromUrl(QStringLiteral("udp://127.0.0.1:0?replyhex=00ff0a"), &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->fixedReply, QByteArray("\x00\xff\n", 3));
  // A trailing slash as a browser writes it, and spellings people use.
  spec = ServerSpec::fromUrl(
      QStringLiteral("TCP://127.0.0.1:80/?mode=ThreadPool&handler=TimeOfDay"), &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->model, Model::ThreadPool);
  QCOMPARE(spec->handler, Handler::TimeOfDay);
}

void TestServerSpec::testUrlRoundTrip_data() {
  QTest::addColumn<ServerSpec>("spec");
  ServerSpec plain;
  QTest::newRow("defaults") << plain;
  for (const Kind kind : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
    for (const Model model : {Model::Sync, Model::Threading, Model::Forking, Model::ThreadPool}) {
      ServerSpec spec;
      spec.kind = kind;
      spec.model = model;
      spec.address = ServerSpec::isUnix(kind) ? QStringLiteral("/tmp/a dir/s?#&%.sock")
                                              : QStringLiteral("[::1]:4242");
      spec.handler = ServerSpec::isStream(kind) ? Handler::Welcome : Handler::ThreadName;
      if (model == Model::ThreadPool) {
        spec.poolSize = 3;
        spec.poolQueue = 0;
      }
      const QByteArray name =
          (ServerSpec::kindName(kind) + QLatin1Char('/') + ServerSpec::modelName(model)).toLatin1();
      QTest::newRow(name.constData()) << spec;
    }
  }
  ServerSpec everything;
  everything.name = QStringLiteral("Ünïcode & friends = 100%");
  everything.address = QStringLiteral("localhost:1");
  everything.handler = Handler::FixedReply;
  everything.fixedReply = QByteArray("a+b=c&d\r\n");
  everything.allowReuseAddress = true;
  everything.backlog = 0;
  everything.requestTimeout = 0.125;
  everything.maxPacketSize = 65535;
  everything.daemonThreads = true;
  everything.blockOnClose = false;
  QTest::newRow("every option") << everything;
  ServerSpec rules;
  rules.handler = Handler::Rules;
  rules.oncePerConnection = true;
  rules.rules = *ReplyRuleSet::fromJson(
      QJsonDocument::fromJson(
          "{\"framing\": \"delimiter:\\\\r\\\\n\", \"rules\": [{\"match\": \"regex\", "
          "\"pattern\": \"^(\\\\w+) 100%&x=1 #$\", \"reply\": [\"$1 {counter}\", \"+\"], "
          "\"delayMs\": 5, \"close\": true}], \"default\": \"01 ff\", "
          "\"defaultFormat\": \"hex\"}")
          .object());
  QTest::newRow("rules inline, once") << rules;
  ServerSpec binary = everything;
  binary.fixedReply = QByteArray("\xff\xfe\x00", 3);
  QTest::newRow("binary reply") << binary;
  // Found by tests/fuzz: a '%' in the host (an IPv6 scope id) was read back as a percent
  // escape, or as an arg() placeholder.
  ServerSpec scoped;
  scoped.address = QStringLiteral("[fe80::1%10]:80");
  QTest::newRow("IPv6 scope id") << scoped;
  ServerSpec multicast;
  multicast.kind = Kind::Udp;
  multicast.address = QStringLiteral("0.0.0.0:5000");
  multicast.multicastGroups = {QStringLiteral("239.1.2.3"), QStringLiteral("239.1.2.4")};
  multicast.multicastInterface = QStringLiteral("lo");
  multicast.allowBroadcast = true;
  QTest::newRow("multicast groups, broadcast") << multicast;
  ServerSpec multicast6 = multicast;
  multicast6.address = QStringLiteral("[::]:5000");
  multicast6.multicastGroups = {QStringLiteral("ff02::1:3")};
  multicast6.multicastInterface = QStringLiteral("127.0.0.1"); // an interface by its address
  multicast6.allowBroadcast = false;
  QTest::newRow("IPv6 multicast group") << multicast6;
}

void TestServerSpec::testUrlRoundTrip() {
  QFETCH(ServerSpec, spec);
  QVERIFY2(spec.isValid(), qPrintable(spec.validationError()));
  const QString url = spec.toUrl();
  QString error;
  const auto back = ServerSpec::fromUrl(url, &error);
  QVERIFY2(back, qPrintable(url + QLatin1String(": ") + error));
  QCOMPARE(*back, spec);
  QCOMPARE(back->toUrl(), url);
}

void TestServerSpec::testCanonicalUrl_data() {
  QTest::addColumn<QString>("input");
  QTest::addColumn<QString>("canonical");
  QTest::newRow("issue example") << "tcp://127.0.0.1:9999?mode=threading&handler=upper"
                                 << "tcp://127.0.0.1:9999?mode=threading&handler=upper";
  QTest::newRow("ipv6") << "udp://[::1]:0?handler=echo"
                        << "udp://[::1]:0";
  QTest::newRow("unix") << "unix:///tmp/s.sock"
                        << "unix:///tmp/s.sock";
  QTest::newRow("unixdgram") << "unixdgram:///tmp/d.sock"
                             << "unixdgram:///tmp/d.sock";
  QTest::newRow("default host") << "tcp://:9999"
                                << "tcp://127.0.0.1:9999";
  QTest::newRow("port only") << "udp://53"
                             << "udp://127.0.0.1:53";
  QTest::newRow("pool implied") << "tcp://127.0.0.1:1?pool=5"
                                << "tcp://127.0.0.1:1?mode=pool&pool=5";
  QTest::newRow("fixed implied") << "tcp://127.0.0.1:1?reply=hi"
                                 << "tcp://127.0.0.1:1?handler=fixed&reply=hi";
  QTest::newRow("defaults dropped") << "tcp://127.0.0.1:1?mode=sync&handler=echo&backlog=5&reuse=0"
                                    << "tcp://127.0.0.1:1";
  QTest::newRow("issue multicast") << "udp://0.0.0.0:5000?join=239.1.2.3&iface=lo"
                                   << "udp://0.0.0.0:5000?join=239.1.2.3&iface=lo";
  QTest::newRow("issue multicast IPv6") << "udp://[::]:5000?join=ff02::1:3&iface=lo"
                                        << "udp://[::]:5000?join=ff02::1:3&iface=lo";
  QTest::newRow("several groups") << "udp://0.0.0.0:5000?join=239.1.2.3,%20239.1.2.4&broadcast=1"
                                  << "udp://0.0.0.0:5000?join=239.1.2.3,239.1.2.4&broadcast=1";
  QTest::newRow("system's interface") << "udp://0.0.0.0:5000?join=239.1.2.3&broadcast=0"
                                      << "udp://0.0.0.0:5000?join=239.1.2.3";
}

void TestServerSpec::testCanonicalUrl() {
  QFETCH(QString, input);
  QFETCH(QString, canonical);
  QString error;
  const auto spec = ServerSpec::fromUrl(input, &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->toUrl(), canonical);
}

void TestServerSpec::testBadUrl_data() {
  QTest::addColumn<QString>("url");
  QTest::addColumn<QString>("message");
  QTest::newRow("empty") << ""
                         << "is not a SPEC";
  QTest::newRow("no scheme") << "127.0.0.1:9999"
                             << "expected KIND://ADDRESS";
  QTest::newRow("unknown kind") << "sctp://127.0.0.1:1"
                                << "unknown server kind 'sctp'";
  QTest::newRow("no address") << "tcp://"
                              << "needs host:port";
  QTest::newRow("no unix path") << "unix://"
                                << "needs a socket path";
  QTest::newRow("no port") << "tcp://localhost"
                           << "'localhost' has no port";
  QTest::newRow("empty port") << "tcp://127.0.0.1:"
                              << "has no port";
  QTest::newRow("bad port") << "tcp://127.0.0.1:99999"
                            << "port '99999' is not a number from 0 to 65535";
  QTest::newRow("bare ipv6") << "udp://::1:80"
                             << "IPv6 address in brackets";
  QTest::newRow("bad mode")
      << "tcp://127.0.0.1:0?mode=thredding"
      << "option 'mode': expected sync, threading, forking, pool, event, got 'thredding'";
  QTest::newRow("bad handler") << "tcp://127.0.0.1:0?handler=nope"
                               << "option 'handler'";
  QTest::newRow("unknown option") << "tcp://127.0.0.1:0?colour=red"
                                  << "unknown option 'colour'";
  QTest::newRow("no value") << "tcp://127.0.0.1:0?reuse"
                            << "option 'reuse' needs a value";
  QTest::newRow("twice") << "tcp://127.0.0.1:0?backlog=1&backlog=2"
                         << "option 'backlog' is given twice";
  QTest::newRow("bad bool") << "tcp://127.0.0.1:0?reuse=maybe"
                            << "option 'reuse': expected 1 or 0";
  QTest::newRow("pool zero") << "tcp://127.0.0.1:0?pool=0"
                             << "option 'pool': expected a whole number from 1 to 1024";
  QTest::newRow("pool vs mode") << "tcp://127.0.0.1:0?mode=threading&pool=4"
                                << "pool= and queue= go with mode=pool";
  QTest::newRow("reply vs handler") << "tcp://127.0.0.1:0?handler=echo&reply=x"
                                    << "go with handler=fixed";
  QTest::newRow("both replies") << "tcp://127.0.0.1:0?reply=x&replyhex=78"
                                << "not both";
  QTest::newRow("bad hex") << "tcp://127.0.0.1:0?replyhex=7"
                           << "option 'replyhex': odd number of hex digits";
  QTest::newRow("fixed without reply") << "tcp://127.0.0.1:0?handler=fixed"
                                       << "fixed reply: empty";
  QTest::newRow("negative timeout") << "tcp://127.0.0.1:0?timeout=-1"
                                    << "option 'timeout': expected seconds";
  QTest::newRow("welcome on udp") << "udp://127.0.0.1:0?handler=welcome"
                                  << "the welcome handler needs a connection";
  QTest::newRow("http on unixdgram") << "unixdgram:///tmp/x?handler=http"
                                     << "the http handler needs a connection";
  QTest::newRow("long path") << QStringLiteral("unix:///") + QString(200, QLatin1Char('x'))
                             << "the limit is 107";
  QTest::newRow("relative path") << "unix://run/s.sock"
                                 << "address: 'run/s.sock' is a relative path; a Unix socket "
                                    "needs an absolute path";
  // Found by tests/fuzz: bytes that are not UTF-8 would have become another path or name.
  QTest::newRow("path not UTF-8") << "unix:///tmp/%FF.sock"
                                  << "address: '/tmp/%FF.sock' is not UTF-8 once percent-decoded";
  QTest::newRow("join unicast") << "udp://0.0.0.0:1?join=10.0.0.1"
                                << "join: '10.0.0.1' is not a multicast address";
  QTest::newRow("join a name") << "udp://0.0.0.0:1?join=mdns.local"
                               << "join: 'mdns.local' is not a multicast address";
  QTest::newRow("join IPv6 on IPv4") << "udp://0.0.0.0:1?join=ff02::1:3"
                                     << "join: group ff02::1:3 is IPv6 but the server's address "
                                        "0.0.0.0 is IPv4";
  QTest::newRow("join IPv4 on IPv6") << "udp://[::]:1?join=239.1.2.3"
                                     << "join: group 239.1.2.3 is IPv4 but the server's address "
                                        ":: is IPv6";
  QTest::newRow("join on tcp") << "tcp://0.0.0.0:1?join=239.1.2.3"
                               << "join: multicast groups are for udp servers, not tcp";
  QTest::newRow("broadcast on unixdgram") << "unixdgram:///tmp/x?broadcast=1"
                                          << "broadcast: allow_broadcast is for udp servers";
  QTest::newRow("no such interface") << "udp://0.0.0.0:1?join=239.1.2.3&iface=nosuch0"
                                     << "iface: this machine has no interface 'nosuch0' (it has: ";
  QTest::newRow("interface without groups") << "udp://0.0.0.0:1?iface=lo"
                                            << "iface= is the interface multicast groups are "
                                               "joined on: give the groups too";
  QTest::newRow("join twice") << "udp://0.0.0.0:1?join=239.1.2.3&join=239.1.2.4"
                              << "option 'join' is given twice";
  QTest::newRow("name not UTF-8") << "tcp://:1?name=a%C3"
                                  << "option 'name': expected UTF-8 text once percent-decoded";
}

void TestServerSpec::testBadUrl() {
  QFETCH(QString, url);
  QFETCH(QString, message);
  QString error;
  QVERIFY(!ServerSpec::fromUrl(url, &error));
  QVERIFY2(error.contains(message), qPrintable(error));
}

void TestServerSpec::testJsonRoundTrip() {
  QList<ServerSpec> specs = ServerProfile::starterProfile();
  ServerSpec binary;
  binary.kind = Kind::UnixDatagram;
  binary.address = QStringLiteral("/run/x.sock");
  binary.handler = Handler::FixedReply;
  binary.fixedReply = QByteArray("\x00\x01\xff", 3);
  binary.requestTimeout = 0.5;
  specs << binary;
  ServerSpec multicast;
  multicast.kind = Kind::Udp;
  multicast.address = QStringLiteral("[::]:5000");
  multicast.multicastGroups = {QStringLiteral("ff02::1:3"), QStringLiteral("ff05::1:3")};
  multicast.multicastInterface = QStringLiteral("lo");
  specs << multicast;
  for (const ServerSpec& spec : std::as_const(specs)) {
    // Through text, as a profile file or QSettings stores it.
    const QByteArray text = QJsonDocument(spec.toJson()).toJson();
    QString error;
    const auto back = ServerSpec::fromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, spec);
  }
  QVERIFY(binary.toJson().contains(QLatin1String("replyHex")));
  // Missing optional fields take their defaults.
  QJsonObject minimal{{QStringLiteral("kind"), QStringLiteral("udp")},
                      {QStringLiteral("address"), QStringLiteral(":7")}};
  QString error;
  const auto spec = ServerSpec::fromJson(minimal, &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->kind, Kind::Udp);
  QCOMPARE(spec->backlog, 5);
}

void TestServerSpec::testBadJson_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("message");
  QTest::newRow("kind missing") << R"({"address": ":1"})"
                                << "field 'kind' is missing";
  QTest::newRow("address missing") << R"({"kind": "tcp"})"
                                   << "field 'address' is missing";
  QTest::newRow("bad kind") << R"({"kind": "tpc", "address": ":1"})"
                            << "field 'kind': expected tcp, udp, unix, unixdgram, tls, got \"tpc\"";
  QTest::newRow("kind not string") << R"({"kind": 1, "address": ":1"})"
                                   << "field 'kind': expected a string, got 1";
  QTest::newRow("bad model") << R"({"kind": "tcp", "address": ":1", "model": "fork-ish"})"
                             << "field 'model'";
  QTest::newRow("bad handler") << R"({"kind": "tcp", "address": ":1", "handler": true})"
                               << "field 'handler': expected a string, got true";
  QTest::newRow("backlog text")
      << R"({"kind": "tcp", "address": ":1", "backlog": "many"})"
      << "field 'backlog': expected a whole number from 0 to 65535, got \"many\"";
  QTest::newRow("backlog fraction") << R"({"kind": "tcp", "address": ":1", "backlog": 1.5})"
                                    << "field 'backlog'";
  QTest::newRow("pool too big")
      << R"({"kind": "tcp", "address": ":1", "poolSize": 5000})"
      << "field 'poolSize': expected a whole number from 1 to 1024, got 5000";
  QTest::newRow("bool as number") << R"({"kind": "tcp", "address": ":1", "allowReuseAddress": 1})"
                                  << "field 'allowReuseAddress': expected true or false, got 1";
  QTest::newRow("timeout") << R"({"kind": "tcp", "address": ":1", "requestTimeout": -2})"
                           << "field 'requestTimeout'";
  QTest::newRow("unknown field") << R"({"kind": "tcp", "address": ":1", "colour": "red"})"
                                 << "unknown field 'colour'";
  QTest::newRow("both replies")
      << R"({"kind": "tcp", "address": ":1", "reply": "a", "replyHex": "61"})"
      << "both given";
  QTest::newRow("bad hex") << R"({"kind": "tcp", "address": ":1", "replyHex": "zz"})"
                           << "field 'replyHex': 'z' at position 0 is not a hex digit";
  QTest::newRow("groups not a list")
      << R"({"kind": "udp", "address": "0.0.0.0:1", "multicastGroups": 239})"
      << "field 'multicastGroups': expected a list of multicast group addresses as strings";
  QTest::newRow("group not multicast")
      << R"({"kind": "udp", "address": "0.0.0.0:1", "multicastGroups": ["1.2.3.4"]})"
      << "join: '1.2.3.4' is not a multicast address";
  QTest::newRow("bad address") << R"({"kind": "tcp", "address": "nowhere"})"
                               << "address: 'nowhere' has no port";
  // Found by tests/fuzz: half a surrogate pair has no UTF-8 form, so the path or name would
  // silently change; the message quotes it as it is written in the file.
  QTest::newRow("lone surrogate in the path")
      << R"({"kind": "unix", "address": "/tmp/\ud800.sock"})"
      << R"(field 'address': expected text without unpaired \ud800-\udfff escapes, got "/tmp/\ud800.sock")";
  QTest::newRow("lone surrogate in a field name")
      << R"({"kind": "tcp", "address": ":1", "n\ud800me": "x"})"
      << R"(unknown field 'n\ud800me')";
  QTest::newRow("lone surrogate in the kind")
      << R"({"kind": "\udc00", "address": ":1"})"
      << R"(field 'kind': expected text without unpaired \ud800-\udfff escapes, got "\udc00")";
}

void TestServerSpec::testBadJson() {
  QFETCH(QString, json);
  QFETCH(QString, message);
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &parseError);
  QVERIFY2(document.isObject(), qPrintable(parseError.errorString()));
  QString error;
  QVERIFY(!ServerSpec::fromJson(document.object(), &error));
  QVERIFY2(error.contains(message), qPrintable(error));
}

void TestServerSpec::testValidation_data() {
  QTest::addColumn<ServerSpec>("spec");
  QTest::addColumn<QString>("message");
  ServerSpec spec;
  spec.address = QString();
  QTest::newRow("empty address") << spec << "address: empty";
  spec = {};
  spec.kind = Kind::UnixStream;
  spec.address = QString();
  QTest::newRow("empty path") << spec << "expected a socket path";
  spec = {};
  spec.model = Model::ThreadPool;
  spec.poolSize = 0;
  QTest::newRow("pool size") << spec << "pool size: 0 is out of range (1 to 1024)";
  spec = {};
  spec.poolSize = 0; // does not matter outside the pool model
  QTest::newRow("pool size unused") << spec << "";
  spec = {};
  spec.backlog = -1;
  QTest::newRow("backlog") << spec << "backlog: -1 is out of range";
  spec = {};
  spec.maxPacketSize = 0;
  QTest::newRow("max packet") << spec << "max packet size: 0 is out of range";
  spec = {};
  spec.address = QStringLiteral("exa mple:1");
  QTest::newRow("space in host") << spec << "is not a host name or IP address";
}

void TestServerSpec::testValidation() {
  QFETCH(ServerSpec, spec);
  QFETCH(QString, message);
  const QString error = spec.validationError();
  if (message.isEmpty())
    QVERIFY2(error.isEmpty(), qPrintable(error));
  else
    QVERIFY2(error.contains(message), qPrintable(error));
  QCOMPARE(spec.isValid(), message.isEmpty());
}

void TestServerSpec::testEffectiveAddressAndDisplayName() {
  ServerSpec spec;
  spec.address = QStringLiteral("9999");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("127.0.0.1:9999"));
  spec.address = QStringLiteral(":0");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("127.0.0.1:0"));
  spec.address = QStringLiteral(" [::]:80 ");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("[::]:80"));
  spec.address = QStringLiteral("[fe80::1%1]:80");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("[fe80::1%1]:80"));
  spec.address = QStringLiteral("0.0.0.0:80");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("0.0.0.0:80"));
  QCOMPARE(spec.displayName(), QStringLiteral("TCP 0.0.0.0:80"));
  spec.name = QStringLiteral(" web ");
  QCOMPARE(spec.displayName(), QStringLiteral("web"));
  spec.kind = Kind::UnixDatagram;
  spec.address = QStringLiteral("/run/s.sock");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("/run/s.sock"));
  QVERIFY(spec.isValid());
  // A relative path would bind wherever the console was started from: refused.
  spec.address = QStringLiteral("relative.sock");
  QCOMPARE(spec.effectiveAddress(), QStringLiteral("relative.sock"));
  QVERIFY2(spec.validationError().contains(QLatin1String("'relative.sock' is a relative path")),
           qPrintable(spec.validationError()));
}

void TestServerSpec::testNames() {
  for (const Kind k : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
    QCOMPARE(ServerSpec::kindFromName(ServerSpec::kindName(k)), std::optional(k));
    QVERIFY(!ServerSpec::kindLabel(k).isEmpty());
  }
  for (const Model m : {Model::Sync, Model::Threading, Model::Forking, Model::ThreadPool}) {
    QCOMPARE(ServerSpec::modelFromName(ServerSpec::modelName(m)), std::optional(m));
    QVERIFY(!ServerSpec::modelLabel(m).isEmpty());
  }
  for (const Handler h : {Handler::Echo, Handler::Upper, Handler::ThreadName, Handler::Welcome,
                          Handler::Discard, Handler::FixedReply, Handler::TimeOfDay,
                          Handler::HttpHello, Handler::Rules, Handler::Manual}) {
    QCOMPARE(ServerSpec::handlerFromName(ServerSpec::handlerName(h)), std::optional(h));
    QVERIFY(!ServerSpec::handlerLabel(h).isEmpty());
    QVERIFY(!ServerSpec::handlerDescription(h).isEmpty());
  }
  QVERIFY(!ServerSpec::handlerSupports(Handler::Welcome, Kind::Udp));
  QVERIFY(!ServerSpec::handlerSupports(Handler::HttpHello, Kind::UnixDatagram));
  QVERIFY(ServerSpec::handlerSupports(Handler::TimeOfDay, Kind::Udp));
  QCOMPARE(ServerSpec::handlerName(Handler::Rules), QStringLiteral("rules"));
  QCOMPARE(ServerSpec::handlerName(Handler::Manual), QStringLiteral("manual"));
  QCOMPARE(ServerSpec::handlerLabel(Handler::Rules), QStringLiteral("Reply rules"));
  QCOMPARE(ServerSpec::handlerLabel(Handler::Manual), QStringLiteral("Manual (answer by hand)"));
  for (const Kind k : {Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDatagram}) {
    QVERIFY(ServerSpec::handlerSupports(Handler::Rules, k));
    QVERIFY(ServerSpec::handlerSupports(Handler::Manual, k));
  }
  QVERIFY(ServerSpec::onceApplies(Handler::Rules, Kind::Tcp));
  QVERIFY(ServerSpec::onceApplies(Handler::Upper, Kind::UnixStream));
  QVERIFY(!ServerSpec::onceApplies(Handler::Upper, Kind::Udp));
  QVERIFY(!ServerSpec::onceApplies(Handler::Manual, Kind::Tcp));
  QVERIFY(!ServerSpec::onceApplies(Handler::HttpHello, Kind::Tcp));
}

void TestServerSpec::testProfileFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("profile.json"));
  const QList<ServerSpec> specs = ServerProfile::starterProfile();
  QString error;
  QVERIFY2(ServerProfile::save(path, specs, &error), qPrintable(error));
  const auto loaded = ServerProfile::load(path, &error);
  QVERIFY2(loaded, qPrintable(error));
  QCOMPARE(*loaded, specs);
  // A bare array is read too.
  const QByteArray array = R"([{"kind": "unix", "address": "/tmp/x.sock", "handler": "upper"}])";
  const auto fromArray = ServerProfile::fromJson(array, &error);
  QVERIFY2(fromArray, qPrintable(error));
  QCOMPARE(fromArray->size(), 1);
  QCOMPARE(fromArray->first().handler, Handler::Upper);
  QVERIFY(!ServerProfile::load(dir.filePath(QStringLiteral("missing.json")), &error));
  QVERIFY2(error.contains(QLatin1String("missing.json")), qPrintable(error));
  QVERIFY(!ServerProfile::save(dir.filePath(QStringLiteral("no/such/dir/p.json")), specs, &error));
  QVERIFY2(error.contains(QLatin1String("cannot write")), qPrintable(error));
}

void TestServerSpec::testBadProfile_data() {
  QTest::addColumn<QByteArray>("json");
  QTest::addColumn<QString>("message");
  QTest::newRow("not json") << QByteArray("{servers: [") << "not valid JSON";
  QTest::newRow("no servers") << QByteArray(R"({"version": 1})") << "field 'servers' is missing";
  QTest::newRow("future") << QByteArray(R"({"version": 9, "servers": []})")
                          << "profile version 9 is not supported";
  QTest::newRow("other format") << QByteArray(R"({"format": "x", "servers": []})")
                                << "not a console profile";
  QTest::newRow("second bad")
      << QByteArray(
             R"({"servers": [{"kind": "tcp", "address": ":1"}, {"kind": "tpc", "address": ":2"}]})")
      << "server 2: field 'kind'";
  QTest::newRow("not object") << QByteArray(R"([1])") << "server 1: expected an object";
  // Found by tests/fuzz: text quoted from the file keeps half a surrogate pair as its escape.
  QTest::newRow("lone surrogate in the format")
      << QByteArray(R"({"format": "x\udc00", "servers": []})")
      << R"(not a console profile: field 'format' is "x\udc00")";
  QTest::newRow("lone surrogate in the version")
      << QByteArray(R"({"version": "\ud800", "servers": []})")
      << R"(profile version \ud800 is not supported)";
  QTest::newRow("placeholder in the version")
      << QByteArray(R"({"version": "%0", "servers": []})")
      << "profile version %0 is not supported (this console reads version 1)";
}

void TestServerSpec::testBadProfile() {
  QFETCH(QByteArray, json);
  QFETCH(QString, message);
  QString error;
  QVERIFY(!ServerProfile::fromJson(json, &error));
  QVERIFY2(error.contains(message), qPrintable(error));
}

void TestServerSpec::testStarterProfile() {
  const QList<ServerSpec> specs = ServerProfile::starterProfile();
  QCOMPARE(specs.size(), 6);
  for (const ServerSpec& spec : specs)
    QVERIFY2(spec.isValid(), qPrintable(spec.name + QLatin1String(": ") + spec.validationError()));
  QCOMPARE(
      specs[0].toUrl(),
      QStringLiteral("tcp://127.0.0.1:9999?name=TCP%20upper-case%20echo&handler=upper&once=1"));
  QVERIFY(specs[0].oncePerConnection); // the reference's first server: read once, reply, close
  for (const ServerSpec& spec : specs.mid(1))
    QVERIFY2(!spec.oncePerConnection, qPrintable(spec.name));
  QCOMPARE(specs[1].kind, Kind::Udp);
  QCOMPARE(specs[1].address, QStringLiteral("127.0.0.1:9999"));
  QCOMPARE(specs[1].handler, Handler::Upper);
  QCOMPARE(specs[2].model, Model::Threading);
  QCOMPARE(specs[2].handler, Handler::ThreadName);
  QCOMPARE(specs[2].address, QStringLiteral("127.0.0.1:9998"));
  QCOMPARE(specs[3].handler, Handler::Welcome);
  QCOMPARE(specs[3].address, QStringLiteral("127.0.0.1:9997"));
  QCOMPARE(specs[4].model, Model::ThreadPool);
  QCOMPARE(specs[4].poolSize, 5);
  QCOMPARE(specs[4].address, QStringLiteral("127.0.0.1:8089"));
  QCOMPARE(specs[5].handler, Handler::HttpHello);
  QCOMPARE(specs[5].address, QStringLiteral("127.0.0.1:8000"));
}

void TestServerSpec::testRulesFromFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  // The issue's example file, as a person writes it.
  const QString path = dir.filePath(QStringLiteral("rules file.json"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("{\"framing\": \"line\",\n \"rules\": [\n"
             "  {\"match\": \"regex\", \"pattern\": \"^PING (\\\\d+)$\", \"reply\": "
             "\"PONG $1 {counter}\\\\n\"},\n"
             "  {\"match\": \"hex\", \"pattern\": \"01 03 00 00 00 01\", \"reply\": "
             "\"01 03 02 00 2A\", \"replyFormat\": \"hex\"},\n"
             "  {\"match\": \"contains\", \"pattern\": \"bye\", \"reply\": \"see you\\\\n\", "
             "\"close\": true, \"delayMs\": 0}],\n"
             " \"default\": \"unknown: {message}\\\\n\"}\n");
  file.close();
  QString error;
  const QString url = QStringLiteral("tcp://127.0.0.1:0?rules=") +
                      QString::fromLatin1(QUrl::toPercentEncoding(path, "/")) +
                      QStringLiteral("&once=1");
  const auto spec = ServerSpec::fromUrl(url, &error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->handler, Handler::Rules); // rules= implies it
  QVERIFY(spec->oncePerConnection);
  QCOMPARE(spec->rules.rules.size(), 3);
  QCOMPARE(spec->rules.framing.kind, Framing::Kind::Line);
  QVERIFY(spec->rules.defaultReply);
  // toUrl() carries the rules inline: the SPEC stands alone, and reads back the same.
  const QString written = spec->toUrl();
  QVERIFY2(written.contains(QLatin1String("handler=rules&rules={")), qPrintable(written));
  QVERIFY2(written.endsWith(QLatin1String("&once=1")), qPrintable(written));
  QVERIFY(QFile::remove(path));
  const auto back = ServerSpec::fromUrl(written, &error);
  QVERIFY2(back, qPrintable(written + QLatin1String(": ") + error));
  QCOMPARE(*back, *spec);
  QCOMPARE(back->toUrl(), written);
  // handler=rules without rules: no rules, no default (answers nothing); valid.
  const auto empty = ServerSpec::fromUrl(QStringLiteral("udp://:0?handler=rules"), &error);
  QVERIFY2(empty, qPrintable(error));
  QCOMPARE(empty->rules, ReplyRuleSet{});
  QCOMPARE(empty->toUrl(), QStringLiteral("udp://127.0.0.1:0?handler=rules"));
}

void TestServerSpec::testBadRules_data() {
  QTest::addColumn<QByteArray>("file"); // written to FILE in a fresh directory; empty: none
  QTest::addColumn<QString>("options");
  QTest::addColumn<QString>("message");
  QTest::newRow("missing file") << QByteArray() << "rules=FILE"
                                << "option 'rules': cannot read FILE: ";
  QTest::newRow("a directory") << QByteArray() << "rules=DIR"
                               << "option 'rules': cannot read DIR: not a regular file";
  QTest::newRow("bad JSON") << QByteArray("{\"rules\": [") << "rules=FILE"
                            << "rules file FILE: not valid JSON: ";
  QTest::newRow("not an object") << QByteArray("[]") << "rules=FILE"
                                 << "rules file FILE: expected a JSON object";
  QTest::newRow("bad regex")
      << QByteArray("{\"rules\": [{\"pattern\": \"a\"}, {\"match\": \"regex\", "
                    "\"pattern\": \"(\"}]}")
      << "rules=FILE"
      << "rules file FILE: rule 2: pattern: invalid regular expression at offset 1";
  QTest::newRow("unknown placeholder")
      << QByteArray("{\"rules\": [{\"pattern\": \"a\", \"reply\": \"{nope}\"}]}") << "rules=FILE"
      << "rules file FILE: rule 1: reply: unknown placeholder {nope}";
  QTest::newRow("bad hex") << QByteArray("{\"rules\": [{\"match\": \"hex\", \"pattern\": "
                                         "\"0g\"}]}")
                           << "rules=FILE"
                           << "rules file FILE: rule 1: pattern: ";
  QTest::newRow("inline") << QByteArray() << "rules={\"framing\": \"length:0\"}"
                          << "option 'rules': framing 'length:0'";
  QTest::newRow("other handler") << QByteArray("{}") << "rules=FILE&handler=upper"
                                 << "rules= goes with handler=rules, not handler=upper";
}

void TestServerSpec::testBadRules() {
  QFETCH(QByteArray, file);
  QFETCH(QString, options);
  QFETCH(QString, message);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("rules.json"));
  if (!file.isEmpty()) {
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(file);
  }
  options.replace(QLatin1String("FILE"), path).replace(QLatin1String("DIR"), dir.path());
  message.replace(QLatin1String("FILE"), path).replace(QLatin1String("DIR"), dir.path());
  QString error;
  QVERIFY(!ServerSpec::fromUrl(QStringLiteral("tcp://127.0.0.1:0?") + options, &error));
  QVERIFY2(error.contains(message), qPrintable(error));
}

void TestServerSpec::testRulesAndOnceInJson() {
  ServerSpec spec;
  spec.handler = Handler::Rules;
  spec.oncePerConnection = true;
  spec.rules = *ReplyRuleSet::fromJson(
      QJsonDocument::fromJson("{\"framing\": \"length:4\", \"rules\": [{\"match\": "
                              "\"startsWith\", \"pattern\": \"ab\", \"reply\": \"{hex}\"}]}")
          .object());
  const QJsonObject json = spec.toJson();
  // The field holds exactly a rules file's object: a profile and a rules file carry the same.
  QCOMPARE(json.value(QLatin1String("rules")).toObject(), spec.rules.toJson());
  QCOMPARE(json.value(QLatin1String("oncePerConnection")).toBool(), true);
  QString error;
  const auto back =
      ServerSpec::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object(), &error);
  QVERIFY2(back, qPrintable(error));
  QCOMPARE(*back, spec);
  // No rules: no field, so profiles without rules are written as before.
  QVERIFY(!ServerSpec().toJson().contains(QLatin1String("rules")));
  // A bad rule in a profile is refused with its number.
  QJsonObject bad = json;
  bad[QLatin1String("rules")] =
      QJsonObject{{QStringLiteral("rules"),
                   QJsonArray{QJsonObject{{QStringLiteral("match"), QStringLiteral("regex")},
                                          {QStringLiteral("pattern"), QStringLiteral("x")},
                                          {QStringLiteral("reply"), QStringLiteral("$3")}}}}};
  QVERIFY(!ServerSpec::fromJson(bad, &error));
  QVERIFY2(error.startsWith(QLatin1String("field 'rules': rule 1: reply: $3")), qPrintable(error));
  bad[QLatin1String("rules")] = QStringLiteral("rules.json");
  QVERIFY(!ServerSpec::fromJson(bad, &error));
  QVERIFY2(error.startsWith(QLatin1String("field 'rules': expected a rules object")),
           qPrintable(error));
  bad[QLatin1String("rules")] = json.value(QLatin1String("rules"));
  bad[QLatin1String("oncePerConnection")] = 1;
  QVERIFY(!ServerSpec::fromJson(bad, &error));
  QVERIFY2(error.contains(QLatin1String("field 'oncePerConnection': expected true or false")),
           qPrintable(error));

  // Validation: a rule set built by hand (the editor's table) that a file could not hold.
  ServerSpec handBuilt = spec;
  handBuilt.rules.rules[0].delayMs = -5;
  QVERIFY2(handBuilt.validationError().startsWith(
               QLatin1String("rules: rule 1: delayMs: must be from 0 to 600000")),
           qPrintable(handBuilt.validationError()));
  handBuilt.handler = Handler::Echo; // kept, as a fixed reply is, but not in use
  QVERIFY(handBuilt.isValid());
  // An event-driven datagram server has no timers: a delayed rule is refused there.
  ServerSpec eventUdp = spec;
  eventUdp.kind = Kind::Udp;
  eventUdp.model = Model::Event;
  eventUdp.rules.rules[0].delayMs = 100;
  QVERIFY2(eventUdp.validationError().startsWith(QLatin1String("rules: rule 1 waits 100 ms")),
           qPrintable(eventUdp.validationError()));
  eventUdp.model = Model::Threading;
  QVERIFY2(eventUdp.isValid(), qPrintable(eventUdp.validationError()));
}

void TestServerSpec::testByteTextRoundTrip() {
  QCOMPARE(ByteText::toEscaped(QByteArray("hi\r\n\t\\ é\x01\x7f\xff", 12)),
           QStringLiteral("hi\\r\\n\\t\\\\ é\\x01\\x7f\\xff"));
  QCOMPARE(ByteText::toHex("hi"), QStringLiteral("68 69"));
  QCOMPARE(ByteText::fromHex(QStringLiteral("0x68 69:0a-FF")),
           std::optional(QByteArray("hi\n\xff")));
  QCOMPARE(ByteText::fromEscaped(QStringLiteral("a\\x41\\0\\\"")),
           std::optional(QByteArray("aA\0\"", 4)));
  auto* random = QRandomGenerator::global();
  for (int round = 0; round < 200; ++round) {
    QByteArray bytes(static_cast<qsizetype>(random->bounded(64)), '\0');
    for (char& c : bytes)
      c = static_cast<char>(random->bounded(256));
    QCOMPARE(ByteText::fromEscaped(ByteText::toEscaped(bytes)), std::optional(bytes));
    QCOMPARE(ByteText::fromHex(ByteText::toHex(bytes)), std::optional(bytes));
    QCOMPARE(ByteText::fromHex(ByteText::toHex(bytes, 0)), std::optional(bytes));
  }
  QVERIFY(ByteText::isUtf8("héllo"));
  QVERIFY(!ByteText::isUtf8(QByteArray("\xc3\x28")));
  QVERIFY(!ByteText::isUtf8(QByteArray("\xed\xa0\x80"))); // a surrogate
}

void TestServerSpec::testByteTextErrors() {
  QString error;
  QVERIFY(!ByteText::fromEscaped(QStringLiteral("bad \\q"), &error));
  QVERIFY2(error.contains(QLatin1String("unknown escape \\q at position 5")), qPrintable(error));
  QVERIFY(!ByteText::fromEscaped(QStringLiteral("\\x4"), &error));
  QVERIFY2(error.contains(QLatin1String("two hex digits")), qPrintable(error));
  QVERIFY(!ByteText::fromEscaped(QStringLiteral("end\\"), &error));
  QVERIFY2(error.contains(QLatin1String("lone backslash")), qPrintable(error));
  QVERIFY(!ByteText::fromHex(QStringLiteral("6 8"), &error));
  QVERIFY2(error.contains(QLatin1String("hex digit missing")), qPrintable(error));
  QVERIFY(!ByteText::fromHex(QStringLiteral("6g"), &error));
  QVERIFY2(error.contains(QLatin1String("'g' at position 1 is not a hex digit")),
           qPrintable(error));
  // Found by tests/fuzz: positions count from the text as typed (leading blanks and "0x"
  // included), and a character outside the BMP is named whole, not as half a surrogate pair.
  QVERIFY(!ByteText::fromHex(QStringLiteral("  0x68 6g"), &error));
  QVERIFY2(error.contains(QLatin1String("'g' at position 8 is not a hex digit")),
           qPrintable(error));
  const QString emoji = QString::fromUtf8("\xf0\x9f\x98\x80");
  QVERIFY(!ByteText::fromHex(QStringLiteral("68 ") + emoji, &error));
  QVERIFY2(error.isValidUtf16(), qPrintable(error));
  QVERIFY2(error.contains(QStringLiteral("'%1' at position 3").arg(emoji)), qPrintable(error));
  QVERIFY(!ByteText::fromEscaped(QStringLiteral("a\\") + emoji, &error));
  QVERIFY2(error.isValidUtf16(), qPrintable(error));
  QVERIFY2(error.contains(QStringLiteral("unknown escape \\%1 at position 2").arg(emoji)),
           qPrintable(error));
}

void TestServerSpec::testEventFormats() {
  ConsoleEvent event;
  event.timestampMs = 1700000000123;
  event.serverId = 3;
  event.requestId = 7;
  event.kind = ConsoleEvent::Kind::Received;
  event.peer = QStringLiteral("127.0.0.1:5000");
  event.payload = QByteArray("hel");
  event.size = 6;
  const QString line = event.toLogLine(QStringLiteral("upper"));
  QVERIFY2(
      line.endsWith(QLatin1String(".123 [upper] #7 received 127.0.0.1:5000 6 bytes \"hel\"...")),
      qPrintable(line));
  QJsonObject json = event.toJson(QStringLiteral("upper"));
  QCOMPARE(json.value(QLatin1String("event")).toString(), QStringLiteral("received"));
  QCOMPARE(json.value(QLatin1String("server")).toString(), QStringLiteral("upper"));
  QCOMPARE(json.value(QLatin1String("request")).toInteger(), 7);
  QCOMPARE(json.value(QLatin1String("size")).toInteger(), 6);
  QCOMPARE(json.value(QLatin1String("payload")).toString(), QStringLiteral("hel"));
  QCOMPARE(json.value(QLatin1String("truncated")).toBool(), true);
  QCOMPARE(json.value(QLatin1String("ms")).toInteger(), 1700000000123);
  event.payload = QByteArray("\xff");
  event.size = 1;
  json = event.toJson();
  QCOMPARE(json.value(QLatin1String("payloadHex")).toString(), QStringLiteral("ff"));
  QVERIFY(!json.contains(QLatin1String("truncated")));

  ConsoleEvent finished;
  finished.kind = ConsoleEvent::Kind::Finished;
  finished.requestId = 2;
  finished.outcome = ConsoleEvent::Outcome::Error;
  finished.text = QStringLiteral("recv: timed out");
  QVERIFY2(finished.toLogLine(QStringLiteral("s"))
               .endsWith(QLatin1String("[s] #2 finished error: recv: timed out")),
           qPrintable(finished.toLogLine(QStringLiteral("s"))));
  QCOMPARE(finished.toJson().value(QLatin1String("outcome")).toString(), QStringLiteral("error"));
}

QTEST_GUILESS_MAIN(TestServerSpec)
#include "TestServerSpec.moc"
