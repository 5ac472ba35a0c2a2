// The console's security options, on real sockets: the allow-list and the connection cap
// (verify_request), the Unix socket file's mode and its removal on stop (only the file the
// server made), the all-interfaces marking in the servers table and the editor, the log's
// byte budget, CSV/JSONL export of hostile payloads, bad values for the new fields, and a
// hand-corrupted saved servers list.
#include "AllowList.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerEditorDialog.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "console_test_support.h"

#include <QComboBox>
#include <QFile>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>

#include <sys/stat.h>

using namespace ui_test;

class TestSecurity : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void allowListMatchesAddressesAndRanges();
  void allowListAcceptsOrRefuses_data();
  void allowListAcceptsOrRefuses();
  void connectionCapRefusesBeyondMax();
  void unixSocketFileGetsItsMode_data();
  void unixSocketFileGetsItsMode();
  void socketFileRemovedOnStopOnlyIfOurs();
  void allInterfacesAreMarked();
  void editorWarnsAboutAllInterfaces();
  void logKeepsWithinItsByteBudget();
  void csvExportNeutralisesFormulasAndControls();
  void newFieldsRoundTripAndBadValuesNameTheField();
  void corruptedSavedServersKeepTheGoodOnes();
  void unreadableSavedServersAreKept();

private:
  QTemporaryDir dir_;
  TemporarySettings settings_;
};

namespace {

/// Splits RFC 4180 CSV into rows of cells.
QList<QStringList> parseCsv(const QByteArray& csv) {
  QList<QStringList> rows;
  QStringList row;
  QString cell;
  bool quoted = false;
  const QString text = QString::fromUtf8(csv);
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text.at(i);
    if (quoted) {
      if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
        cell += c;
        ++i;
      } else if (c == QLatin1Char('"')) {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == QLatin1Char('"')) {
      quoted = true;
    } else if (c == QLatin1Char(',')) {
      row << cell;
      cell.clear();
    } else if (c == QLatin1Char('\r') && i + 1 < text.size() &&
               text.at(i + 1) == QLatin1Char('\n')) {
      row << cell;
      cell.clear();
      rows << row;
      row.clear();
      ++i;
    } else {
      cell += c;
    }
  }
  return rows;
}

/// Sends `line`, then returns the echo; empty when the server closed the connection instead
/// (an end of stream, or a reset since our bytes were still unread).
std::string replyOrNothing(Socket& socket, const std::string& line) {
  try {
    socket.sendall(line);
    return recvExactly(socket, line.size());
  } catch (const socketserver::SocketError&) {
    return {};
  }
}

int addAndStart(ServerManager& manager, const ServerSpec& spec) {
  const int id = manager.add(spec);
  return startAndWait(manager, id) ? id : 0;
}

} // namespace

void TestSecurity::initTestCase() {
  QVERIFY(dir_.isValid());
  QVERIFY(settings_.install()); // the windows save their state: never in the person's
}

void TestSecurity::allowListMatchesAddressesAndRanges() {
  QString error;
  const auto list = AllowList::parse(
      AllowList::split(QStringLiteral("10.0.0.0/8, 192.168.1.7 ::1/128 fe80::/10")), &error);
  QVERIFY2(list, qPrintable(error));
  QVERIFY(list->allows(Address("10.200.3.4", 1)));
  QVERIFY(list->allows(Address("192.168.1.7", 1)));
  QVERIFY(!list->allows(Address("192.168.1.8", 1)));
  QVERIFY(!list->allows(Address("11.0.0.1", 1)));
  QVERIFY(list->allows(Address("::1", 1)));
  QVERIFY(!list->allows(Address("::2", 1)));
  QVERIFY(list->allows(Address("fe80::1234", 1)));
  QVERIFY(!list->allows(Address("fec0::1", 1)));
  // A dual-stack socket sees IPv4 clients as mapped addresses: they match the IPv4 entries.
  QVERIFY(list->allows(Address("::ffff:10.1.2.3", 1)));
  QVERIFY(!list->allows(Address("::ffff:11.1.2.3", 1)));
  QVERIFY(AllowList::parse({})->allows(Address("8.8.8.8", 53)));

  QVERIFY(!AllowList::parse({QStringLiteral("10.0.0.0/33")}, &error));
  QVERIFY2(error.contains(QLatin1String("10.0.0.0/33")) && error.contains(QLatin1String("32")),
           qPrintable(error));
  QVERIFY(!AllowList::parse({QStringLiteral("localhost")}, &error));
  QVERIFY2(error.startsWith(QLatin1String("allow:")) && error.contains(QLatin1String("localhost")),
           qPrintable(error));
  QVERIFY(!AllowList::parse({QStringLiteral("::1/129")}, &error));
  QVERIFY2(error.contains(QLatin1String("128")), qPrintable(error));
}

void TestSecurity::allowListAcceptsOrRefuses_data() {
  QTest::addColumn<ServerSpec::Kind>("kind");
  QTest::addColumn<QString>("address");
  QTest::addColumn<QString>("allow");
  QTest::addColumn<bool>("accepted");
  QTest::newRow("tcp ::1 only, client 127.0.0.1") << ServerSpec::Kind::Tcp << "127.0.0.1:0"
                                                  << "::1" << false;
  QTest::newRow("tcp 127.0.0.0/8") << ServerSpec::Kind::Tcp << "127.0.0.1:0"
                                   << "127.0.0.0/8" << true;
  QTest::newRow("tcp 127.0.0.1 exactly") << ServerSpec::Kind::Tcp << "127.0.0.1:0"
                                         << "10.0.0.0/8, 127.0.0.1" << true;
  QTest::newRow("tcp6 ::1/128") << ServerSpec::Kind::Tcp << "[::1]:0"
                                << "::1/128" << true;
  QTest::newRow("tcp6 127.0.0.1 only, client ::1") << ServerSpec::Kind::Tcp << "[::1]:0"
                                                   << "127.0.0.1" << false;
  QTest::newRow("udp ::1 only, client 127.0.0.1") << ServerSpec::Kind::Udp << "127.0.0.1:0"
                                                  << "::1" << false;
  QTest::newRow("udp 127.0.0.0/8") << ServerSpec::Kind::Udp << "127.0.0.1:0"
                                   << "127.0.0.0/8" << true;
}

void TestSecurity::allowListAcceptsOrRefuses() {
  QFETCH(ServerSpec::Kind, kind);
  QFETCH(QString, address);
  QFETCH(QString, allow);
  QFETCH(bool, accepted);
  ServerManager manager;
  EventRecorder recorder(manager);
  ServerSpec spec;
  spec.kind = kind;
  spec.address = address;
  spec.allow = AllowList::split(allow);
  QVERIFY2(spec.isValid(), qPrintable(spec.validationError()));
  const int id = manager.add(spec);
  if (!startAndWait(manager, id)) {
    if (address.startsWith(QLatin1Char('[')))
      QSKIP("no IPv6 loopback here");
    QFAIL(qPrintable(manager.find(id)->failureReason));
  }
  const Address server(manager.find(id)->listeningAddress.toStdString());

  if (kind == ServerSpec::Kind::Tcp) {
    Socket client = connectStream(manager.find(id)->listeningAddress);
    QCOMPARE(replyOrNothing(client, "hello\n"), accepted ? std::string("hello\n") : std::string());
  } else {
    Socket client = datagramClient(server);
    client.sendto("hello", server);
    if (accepted)
      QCOMPARE(client.recv(64), std::string("hello"));
  }
  const auto outcome =
      accepted ? ConsoleEvent::Outcome::Completed : ConsoleEvent::Outcome::Rejected;
  QVERIFY(waitFor([&] { return recorder.outcomes(id, outcome) == 1; }));
  bool noticed = false;
  for (const ConsoleEvent& e : recorder.events)
    noticed = noticed || (e.kind == ConsoleEvent::Kind::Notice &&
                          e.text.contains(QLatin1String("not in the allow-list")));
  QCOMPARE(noticed, !accepted);
  QVERIFY(stopAndWait(manager, id));
}

void TestSecurity::connectionCapRefusesBeyondMax() {
  ServerManager manager;
  EventRecorder recorder(manager);
  ServerSpec spec;
  spec.model = ServerSpec::Model::Threading;
  spec.maxConnections = 2;
  const int id = addAndStart(manager, spec);
  QVERIFY(id);
  const QString address = manager.find(id)->listeningAddress;

  Socket first = connectStream(address);
  Socket second = connectStream(address);
  QCOMPARE(replyOrNothing(first, "one\n"), std::string("one\n"));
  QCOMPARE(replyOrNothing(second, "two\n"), std::string("two\n"));

  Socket third = connectStream(address);
  QCOMPARE(replyOrNothing(third, "three\n"), std::string());
  QVERIFY(waitFor([&] { return recorder.outcomes(id, ConsoleEvent::Outcome::Rejected) == 1; }));
  const ConsoleEvent* notice = recorder.last(id, ConsoleEvent::Kind::Notice);
  QVERIFY(notice);
  QVERIFY2(notice->text.contains(QLatin1String("2 connections open (max 2)")),
           qPrintable(notice->text));

  // One leaves: once its request has finished, there is room again.
  first.close();
  QVERIFY(waitFor([&] { return recorder.outcomes(id, ConsoleEvent::Outcome::Completed) == 1; }));
  Socket fourth = connectStream(address);
  QCOMPARE(replyOrNothing(fourth, "four\n"), std::string("four\n"));
  QCOMPARE(recorder.outcomes(id, ConsoleEvent::Outcome::Rejected), 1);
  QVERIFY(stopAndWait(manager, id));
}

void TestSecurity::unixSocketFileGetsItsMode_data() {
  QTest::addColumn<ServerSpec::Kind>("kind");
  QTest::addColumn<int>("mode");
  QTest::newRow("stream default 0600") << ServerSpec::Kind::UnixStream << 0600;
  QTest::newRow("stream 0660") << ServerSpec::Kind::UnixStream << 0660;
  QTest::newRow("datagram 0640") << ServerSpec::Kind::UnixDatagram << 0640;
}

void TestSecurity::unixSocketFileGetsItsMode() {
  QFETCH(ServerSpec::Kind, kind);
  QFETCH(int, mode);
  ServerManager manager;
  ServerSpec spec = specFor(kind, dir_, QStringLiteral("mode-%1.sock").arg(mode, 0, 8));
  if (mode != 0600)
    spec.socketMode = mode;
  QCOMPARE(ServerSpec{}.socketMode, 0600);
  const int id = addAndStart(manager, spec);
  QVERIFY(id);
  const QByteArray path = QFile::encodeName(spec.address);
  struct stat info {};
  QCOMPARE(::stat(path.constData(), &info), 0);
  QVERIFY(S_ISSOCK(info.st_mode));
  QCOMPARE(static_cast<int>(info.st_mode & 07777), mode);
  QVERIFY(stopAndWait(manager, id));
  QVERIFY(waitFor([&] { return !QFile::exists(spec.address); }));
}

void TestSecurity::socketFileRemovedOnStopOnlyIfOurs() {
  ServerManager manager;
  const ServerSpec spec = specFor(ServerSpec::Kind::UnixStream, dir_, QStringLiteral("ours.sock"));
  const int id = addAndStart(manager, spec);
  QVERIFY(id);
  QVERIFY(QFile::exists(spec.address));

  // Someone replaces the socket file with a socket of their own while the server runs.
  QVERIFY(QFile::remove(spec.address));
  Socket other(AF_UNIX, SOCK_STREAM);
  other.bind(Address::unix_path(QFile::encodeName(spec.address).toStdString()));
  QVERIFY(stopAndWait(manager, id));
  QVERIFY2(QFile::exists(spec.address), "the other program's socket file was removed");

  // A path already taken: the start fails and the file that was there stays.
  const int second = manager.add(spec);
  QVERIFY(!startAndWait(manager, second));
  QVERIFY(QFile::exists(spec.address));
  other.close();
  QVERIFY(QFile::remove(spec.address));

  // And with nobody interfering, the server's own file goes on stop.
  QVERIFY(startAndWait(manager, second));
  QVERIFY(QFile::exists(spec.address));
  QVERIFY(stopAndWait(manager, second));
  QVERIFY(!QFile::exists(spec.address));
}

void TestSecurity::allInterfacesAreMarked() {
  ServerManager manager;
  ServersModel model(&manager);
  const QStringList exposed = {QStringLiteral("0.0.0.0:0"), QStringLiteral("[::]:0"),
                               QStringLiteral("[0:0::0]:9999")};
  const QStringList local = {QStringLiteral("127.0.0.1:0"), QStringLiteral(":0"),
                             QStringLiteral("[::1]:0"), QStringLiteral("10.1.2.3:80")};
  for (const QString& address : exposed + local) {
    ServerSpec spec;
    spec.address = address;
    manager.add(spec);
  }
  ServerSpec unix;
  unix.kind = ServerSpec::Kind::UnixStream;
  unix.address = dir_.filePath(QStringLiteral("marked.sock"));
  manager.add(unix);

  for (int row = 0; row < model.rowCount(); ++row) {
    const QModelIndex address = model.index(row, ServersModel::Address);
    const bool expected = row < exposed.size();
    QCOMPARE(model.data(address, ServersModel::AllInterfacesRole).toBool(), expected);
    const QVariant icon = model.data(address, Qt::DecorationRole);
    QCOMPARE(icon.isValid() && !icon.value<QIcon>().isNull(), expected);
    QCOMPARE(model.data(address, Qt::ToolTipRole)
                 .toString()
                 .contains(QLatin1String("every network interface")),
             expected);
    QCOMPARE(model.data(address, Qt::ForegroundRole).isValid(), expected);
  }
}

void TestSecurity::editorWarnsAboutAllInterfaces() {
  ServerEditorDialog dialog;
  auto* warning = dialog.findChild<QLabel*>(QStringLiteral("exposureLabel"));
  auto* address = dialog.findChild<QLineEdit*>(QStringLiteral("addressEdit"));
  auto* allow = dialog.findChild<QLineEdit*>(QStringLiteral("allowEdit"));
  auto* mode = dialog.findChild<QLineEdit*>(QStringLiteral("socketModeEdit"));
  auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("kindCombo"));
  if (!warning || !address || !allow || !mode || !kind)
    QFAIL("a field of the editor is missing");
  QVERIFY(warning->isHidden());
  address->setText(QStringLiteral("0.0.0.0:9999"));
  QVERIFY(!warning->isHidden());
  address->setText(QStringLiteral("[::]:9999"));
  QVERIFY(!warning->isHidden());
  address->setText(QStringLiteral("127.0.0.1:9999"));
  QVERIFY(warning->isHidden());

  allow->setText(QStringLiteral("127.0.0.1, 10.0.0.0/99"));
  QString error;
  QVERIFY(!dialog.currentSpec(&error));
  QVERIFY2(error.contains(QLatin1String("allow")) && error.contains(QLatin1String("10.0.0.0/99")),
           qPrintable(error));
  allow->setText(QStringLiteral("127.0.0.1, 10.0.0.0/8"));
  auto spec = dialog.currentSpec(&error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->allow, QStringList({QStringLiteral("127.0.0.1"), QStringLiteral("10.0.0.0/8")}));

  // Unix: the allow-list does not apply (disabled, said in its placeholder); the mode does.
  kind->setCurrentIndex(kind->findData(static_cast<int>(ServerSpec::Kind::UnixStream)));
  QVERIFY(!allow->isEnabled());
  QVERIFY(allow->text().isEmpty()); // so that the placeholder saying why is what shows
  QVERIFY(allow->placeholderText().contains(QLatin1String("Unix")));
  QVERIFY(mode->isEnabled());
  address->setText(dir_.filePath(QStringLiteral("editor.sock")));
  mode->setText(QStringLiteral("0660"));
  spec = dialog.currentSpec(&error);
  QVERIFY2(spec, qPrintable(error));
  QCOMPARE(spec->socketMode, 0660);
  QVERIFY(spec->allow.isEmpty());
  // Back to TCP: the list typed before is still there.
  kind->setCurrentIndex(kind->findData(static_cast<int>(ServerSpec::Kind::Tcp)));
  QCOMPARE(allow->text(), QStringLiteral("127.0.0.1, 10.0.0.0/8"));
}

void TestSecurity::logKeepsWithinItsByteBudget() {
  LogModel log(nullptr);
  const auto received = [](int n, int size) {
    QVector<ConsoleEvent> events;
    for (int i = 0; i < n; ++i) {
      ConsoleEvent e;
      e.kind = ConsoleEvent::Kind::Received;
      e.requestId = static_cast<quint64>(i) + 1;
      e.payload = QByteArray(size, 'x');
      e.size = size;
      events << e;
    }
    return events;
  };
  const qint64 each = MemoryBudget::costOf(received(1, 1000).first());
  log.setByteBudget(10 * each);
  log.append(received(100, 1000));
  QCOMPARE(log.rowCount(), 10);
  QVERIFY(log.heldBytes() <= 10 * each);
  QCOMPARE(log.rowAt(log.rowCount() - 1).event.requestId, quint64{100});
  QCOMPARE(log.droppedCount(), quint64{90});

  // While paused, the waiting events are held to the same budget.
  log.setPaused(true);
  log.append(received(50, 1000));
  log.append(received(50, 1000));
  QVERIFY(log.pendingCount() <= 10);
  log.setPaused(false);
  QCOMPARE(log.rowCount(), 10);
  QVERIFY(log.heldBytes() <= 10 * each);

  // One event larger than the budget is still shown, alone.
  log.append(received(1, 50000));
  QCOMPARE(log.rowCount(), 1);
  QCOMPARE(log.heldBytes(), MemoryBudget::costOf(received(1, 50000).first()));
  log.clear();
  QCOMPARE(log.heldBytes(), qint64{0});
}

void TestSecurity::csvExportNeutralisesFormulasAndControls() {
  ServerManager manager;
  ServerSpec spec;
  spec.name = QStringLiteral("@SUM(A1:A9)");
  const int id = manager.add(spec);
  LogModel log(&manager);
  const QByteArray formula = "=HYPERLINK(\"http://example.com/x\",\"click\")";
  const QByteArray controls = QByteArray("a\tb\x01", 4) + "\r\n-c\x7f";
  QVector<ConsoleEvent> events;
  for (const QByteArray& payload : {formula, controls}) {
    ConsoleEvent e;
    e.serverId = id;
    e.requestId = 1;
    e.kind = ConsoleEvent::Kind::Received;
    e.peer = QStringLiteral("127.0.0.1:5555");
    e.payload = payload;
    e.size = payload.size();
    events << e;
  }
  ConsoleEvent notice;
  notice.serverId = id;
  notice.kind = ConsoleEvent::Kind::Notice;
  notice.text = QStringLiteral("+cmd|' /C calc'!A0\nsecond line\x1b[31m");
  events << notice;
  log.append(events);
  QCOMPARE(log.rowCount(), 3);

  const QByteArray csv = log.toCsv({0, 1, 2});
  const QList<QStringList> rows = parseCsv(csv);
  QCOMPARE(rows.size(), 4); // header + 3: no control character split a row
  for (const QStringList& row : rows) {
    QCOMPARE(row.size(), 7);
    for (const QString& cell : row) {
      QVERIFY2(cell.isEmpty() || !QStringLiteral("=+-@\t\r").contains(cell.front()),
               qPrintable(cell));
      for (const QChar c : cell)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(cell));
    }
  }
  QCOMPARE(rows.at(1).at(1), QStringLiteral("'@SUM(A1:A9)"));
  QCOMPARE(rows.at(1).at(6), QStringLiteral("'") + QString::fromLatin1(formula));
  QVERIFY2(rows.at(2).at(6).startsWith(QLatin1String("a\\tb\\x01\\r\\n-c")),
           qPrintable(rows.at(2).at(6)));
  QCOMPARE(rows.at(3).at(6), QStringLiteral("'+cmd|' /C calc'!A0\\nsecond line\\x1b[31m"));

  // JSON Lines: one line per row, the text exact once decoded.
  const QList<QByteArray> lines = log.toJsonLines({0, 1, 2}).split('\n');
  QCOMPARE(lines.size(), 4);
  QVERIFY(lines.last().isEmpty());
  for (int i = 0; i < 3; ++i) {
    for (const char c : lines.at(i))
      QVERIFY(static_cast<unsigned char>(c) >= 0x20);
    QVERIFY(QJsonDocument::fromJson(lines.at(i)).isObject());
  }
  QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QLatin1String("text")).toString(),
           notice.text);
}

void TestSecurity::newFieldsRoundTripAndBadValuesNameTheField() {
  ServerSpec tcp;
  tcp.address = QStringLiteral("0.0.0.0:9999");
  tcp.allow = {QStringLiteral("127.0.0.1"), QStringLiteral("10.0.0.0/8"),
               QStringLiteral("::1/128")};
  tcp.maxConnections = 64;
  ServerSpec unix;
  unix.kind = ServerSpec::Kind::UnixStream;
  unix.address = QStringLiteral("/tmp/x.sock");
  unix.socketMode = 0660;
  unix.maxConnections = 3;
  for (const ServerSpec& spec : {tcp, unix}) {
    QString error;
    const auto fromUrl = ServerSpec::fromUrl(spec.toUrl(), &error);
    QVERIFY2(fromUrl, qPrintable(error));
    QCOMPARE(*fromUrl, spec);
    const auto fromJson = ServerSpec::fromJson(spec.toJson(), &error);
    QVERIFY2(fromJson, qPrintable(error));
    QCOMPARE(*fromJson, spec);
  }
  QVERIFY(unix.toUrl().contains(QLatin1String("perm=0660")));
  QCOMPARE(ServerSpec::fromUrl(QStringLiteral("unix:///tmp/x.sock?sockmode=640"))->socketMode,
           0640);

  const struct {
    const char* url;
    const char* mustSay;
  } badUrls[] = {
      {"tcp://127.0.0.1:0?allow=10.0.0.0/33", "allow: '10.0.0.0/33'"},
      {"tcp://127.0.0.1:0?allow=127.0.0.1,nohost", "allow: 'nohost'"},
      {"tcp://127.0.0.1:0?maxconn=-1", "option 'maxconn'"},
      {"tcp://127.0.0.1:0?maxconn=lots", "option 'maxconn'"},
      {"unix:///tmp/x.sock?perm=0999", "option 'perm'"},
      {"unix:///tmp/x.sock?perm=01777", "option 'perm'"},
      {"unix:///tmp/x.sock?perm=0600&sockmode=0600", "once"},
      {"unix:///tmp/x.sock?allow=127.0.0.1", "allow: not applicable to Unix sockets"},
      {"tcp://127.0.0.1:0?perm=0600", "option 'perm'"},
  };
  for (const auto& bad : badUrls) {
    QString error;
    QVERIFY2(!ServerSpec::fromUrl(QString::fromLatin1(bad.url), &error), bad.url);
    QVERIFY2(error.contains(QLatin1String(bad.mustSay)), qPrintable(bad.url + (" -> " + error)));
  }

  const struct {
    const char* json;
    const char* mustSay;
  } badJson[] = {
      {R"({"kind":"tcp","address":"127.0.0.1:0","allow":[1]})", "field 'allow'"},
      {R"({"kind":"tcp","address":"127.0.0.1:0","allow":{"a":1}})", "field 'allow'"},
      {R"({"kind":"tcp","address":"127.0.0.1:0","allow":["1.2.3.4/40"]})", "allow: '1.2.3.4/40'"},
      {R"({"kind":"tcp","address":"127.0.0.1:0","maxConnections":"many"})",
       "field 'maxConnections'"},
      {R"({"kind":"tcp","address":"127.0.0.1:0","maxConnections":-5})", "field 'maxConnections'"},
      {R"({"kind":"unix","address":"/tmp/x","socketMode":600})", "field 'socketMode'"},
      {R"({"kind":"unix","address":"/tmp/x","socketMode":"0800"})", "field 'socketMode'"},
  };
  for (const auto& bad : badJson) {
    QString error;
    const QJsonObject object = QJsonDocument::fromJson(bad.json).object();
    QVERIFY2(!ServerSpec::fromJson(object, &error), bad.json);
    QVERIFY2(error.contains(QLatin1String(bad.mustSay)), qPrintable(bad.json + (" -> " + error)));
  }
  // A hand-written comma-separated string is read as the list it means.
  const auto handWritten = ServerSpec::fromJson(
      QJsonDocument::fromJson(R"({"kind":"tcp","address":":0","allow":"127.0.0.1, ::1"})")
          .object());
  QVERIFY(handWritten);
  QCOMPARE(handWritten->allow, QStringList({QStringLiteral("127.0.0.1"), QStringLiteral("::1")}));
}

void TestSecurity::corruptedSavedServersKeepTheGoodOnes() {
  QSettings().clear();
  QJsonArray servers;
  ServerSpec good1;
  good1.name = QStringLiteral("first");
  ServerSpec good2;
  good2.name = QStringLiteral("third");
  good2.address = QStringLiteral("127.0.0.1:7");
  servers << good1.toJson();
  QJsonObject broken = good1.toJson();
  broken[QLatin1String("kind")] = QStringLiteral("tpc");
  servers << broken;
  servers << good2.toJson();
  servers << QJsonValue(42);
  QJsonObject root;
  root[QLatin1String("format")] = QStringLiteral("socketserver-console-profile");
  root[QLatin1String("version")] = 1;
  root[QLatin1String("servers")] = servers;
  const QByteArray saved = QJsonDocument(root).toJson();
  QSettings().setValue(QStringLiteral("servers/profile"), saved);

  MainWindow window;
  QCOMPARE(window.manager()->specs(), QList<ServerSpec>({good1, good2}));
  QStringList notices;
  for (int row = 0; row < window.logModel()->rowCount(); ++row)
    if (window.logModel()->rowAt(row).event.kind == ConsoleEvent::Kind::Notice)
      notices << window.logModel()->rowAt(row).event.text;
  QCOMPARE(notices.size(), 2);
  QVERIFY2(notices.at(0).contains(QLatin1String("server 2")) &&
               notices.at(0).contains(QLatin1String("field 'kind'")),
           qPrintable(notices.at(0)));
  QVERIFY2(notices.at(1).contains(QLatin1String("server 4")), qPrintable(notices.at(1)));
  QCOMPARE(QSettings().value(QStringLiteral("servers/unreadable")).toByteArray(), saved);
}

void TestSecurity::unreadableSavedServersAreKept() {
  QSettings().clear();
  const QByteArray saved = "{\"servers\": [ {\"kind\": \"tcp\", "; // cut short by hand
  QSettings().setValue(QStringLiteral("servers/profile"), saved);
  MainWindow window;
  QCOMPARE(window.manager()->specs(), ServerProfile::starterProfile());
  bool reported = false;
  for (int row = 0; row < window.logModel()->rowCount(); ++row) {
    const ConsoleEvent& e = window.logModel()->rowAt(row).event;
    reported = reported || (e.kind == ConsoleEvent::Kind::Notice &&
                            e.text.contains(QLatin1String("not valid JSON")) &&
                            e.text.contains(QLatin1String("servers/unreadable")));
  }
  QVERIFY(reported);
  QCOMPARE(QSettings().value(QStringLiteral("servers/unreadable")).toByteArray(), saved);
}

QTEST_MAIN(TestSecurity)
#include "TestSecurity.moc"
