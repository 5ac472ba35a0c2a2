// ClientPanel: the test client panel driven as a user drives it (keys and clicks on its child
// widgets, found by object name) against real servers run by ServerManager on 127.0.0.1:0
// and on Unix paths in a QTemporaryDir. Every wait has a deadline; nothing sleeps.
#include "console_test_support.h"

#include "ClientConnection.h"
#include "ClientPanel.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include <memory>
#include <vector>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Handler = ServerSpec::Handler;
using Transport = ServerSpec::Kind;
using Mode = ClientPanel::MessageMode;
using Ending = ClientPanel::LineEnding;

namespace {

template <class T> T* child(QWidget* panel, const char* name) {
  T* widget = panel->findChild<T*>(QString::fromLatin1(name));
  if (!widget)
    qFatal("no child widget named %s", name);
  return widget;
}

QString repliesText(QWidget* panel) {
  return child<QPlainTextEdit>(panel, "repliesView")->toPlainText();
}
QString statusText(QWidget* panel) { return child<QLabel>(panel, "statusLabel")->text(); }

/// Chooses `transport` in the combo, as a user would.
void chooseTransport(QWidget* panel, Transport transport) {
  auto* combo = child<QComboBox>(panel, "transportCombo");
  combo->setCurrentIndex(combo->findData(static_cast<int>(transport)));
}
void chooseCombo(QWidget* panel, const char* name, int data) {
  auto* combo = child<QComboBox>(panel, name);
  combo->setCurrentIndex(combo->findData(data));
}
void typeInto(QWidget* panel, const char* name, const QString& text) {
  QWidget* widget = child<QWidget>(panel, name);
  if (auto* line = qobject_cast<QLineEdit*>(widget))
    line->clear();
  else if (auto* plain = qobject_cast<QPlainTextEdit*>(widget))
    plain->clear();
  QTest::keyClicks(widget, text);
}
/// With CLIENT_PANEL_SCREENSHOTS=DIR set, saves the panel as DIR/<name>.png at the width of
/// a dock (to look at; the suite checks nothing in it).
void maybeGrab(QWidget* panel, const QString& name, QSize size = QSize(460, 820)) {
  const QString dir = qEnvironmentVariable("CLIENT_PANEL_SCREENSHOTS");
  if (dir.isEmpty())
    return;
  const QSize old = panel->size();
  panel->resize(size);
  QVERIFY(panel->grab().save(dir + QLatin1Char('/') + name + QLatin1String(".png")));
  panel->resize(old);
}

void click(QWidget* panel, const char* name) {
  auto* button = child<QPushButton>(panel, name);
  QVERIFY2(button->isEnabled(), name);
  QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestClientPanel : public QObject {
  Q_OBJECT

private slots:
  void init();
  void cleanup();

  void testEncodeMessage_data();
  void testEncodeMessage();
  void testNormalizeTarget_data();
  void testNormalizeTarget();

  void testTcpPickedServerConnectSendReplyWithRtt();
  void testUdpSendReply();
  void testUnixStreamSendReply();
  void testUnixDatagramSendReplyAndPathRemoved();
  void testRepeatGetsNRepliesAndStopStops();
  void testBadHexRefusedAndNothingSent();
  void testBadAddressRefused();
  void testConnectionRefusedInWords();
  void testNoSuchPathInWords();
  void testUnixConnectionRefusedInWords();
  void testUdpPortUnreachableInWords();
  void testHistoryReloadsAndResends();
  void testReplyFormatSwitchesToHex();
  void testCtrlReturnSends();
  void testServerListFollowsManager();
  void testConnectTimeoutInWords();
  void testSettingsRoundTrip();

private:
  /// Adds and starts a server of `kind` with `handler`; returns its listening address.
  QString startServer(Kind kind, Handler handler, const QString& file = QStringLiteral("s.sock"));

  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<ServerManager> manager_;
  std::unique_ptr<EventRecorder> recorder_;
  std::unique_ptr<ClientPanel> panel_;
  int lastServerId_ = 0;
};

void TestClientPanel::init() {
  dir_ = std::make_unique<QTemporaryDir>();
  QVERIFY(dir_->isValid());
  manager_ = std::make_unique<ServerManager>();
  recorder_ = std::make_unique<EventRecorder>(*manager_);
  panel_ = std::make_unique<ClientPanel>(manager_.get());
  panel_->resize(460, 820);
  panel_->show();
}

void TestClientPanel::cleanup() {
  panel_.reset();
  recorder_.reset();
  manager_.reset();
  dir_.reset();
}

QString TestClientPanel::startServer(Kind kind, Handler handler, const QString& file) {
  ServerSpec spec = specFor(kind, *dir_, file);
  spec.handler = handler;
  lastServerId_ = manager_->add(spec);
  if (!startAndWait(*manager_, lastServerId_))
    return {};
  return manager_->find(lastServerId_)->listeningAddress;
}

// ---- Pure functions ----

void TestClientPanel::testEncodeMessage_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("ending");
  QTest::addColumn<QByteArray>("expected");
  QTest::addColumn<QString>("errorPart"); // empty: must succeed

  const int text = static_cast<int>(Mode::Text);
  const int hex = static_cast<int>(Mode::Hex);
  const int none = static_cast<int>(Ending::None);
  QTest::newRow("plain") << "hello" << text << none << QByteArray("hello") << "";
  QTest::newRow("escapes") << "a\\n\\r\\t\\\\b" << text << none << QByteArray("a\n\r\t\\b") << "";
  QTest::newRow("hex escape") << "\\x41\\x00\\xff" << text << none << QByteArray("A\0\xff", 3)
                              << "";
  QTest::newRow("utf8") << QString::fromUtf8("é") << text << none << QByteArray("\xc3\xa9") << "";
  QTest::newRow("LF") << "hi" << text << static_cast<int>(Ending::Lf) << QByteArray("hi\n") << "";
  QTest::newRow("CRLF") << "hi" << text << static_cast<int>(Ending::CrLf) << QByteArray("hi\r\n")
                        << "";
  QTest::newRow("unknown escape") << "ab\\q" << text << none << QByteArray() << "position 3";
  QTest::newRow("short \\x") << "\\x4" << text << none << QByteArray() << "two hex digits";
  QTest::newRow("lone backslash") << "ab\\" << text << none << QByteArray() << "backslash";
  QTest::newRow("hex") << "68 69 0a" << hex << none << QByteArray("hi\n") << "";
  QTest::newRow("hex compact") << "6869" << hex << static_cast<int>(Ending::CrLf)
                               << QByteArray("hi\r\n") << "";
  QTest::newRow("hex bad digit") << "68 6g" << hex << none << QByteArray() << "position 4";
  QTest::newRow("hex odd") << "68 6" << hex << none << QByteArray() << "odd";
}

void TestClientPanel::testEncodeMessage() {
  QFETCH(QString, text);
  QFETCH(int, mode);
  QFETCH(int, ending);
  QFETCH(QByteArray, expected);
  QFETCH(QString, errorPart);
  QString error;
  const auto bytes = ClientPanel::encodeMessage(text, static_cast<Mode>(mode),
                                                static_cast<Ending>(ending), &error);
  if (errorPart.isEmpty()) {
    QVERIFY2(bytes.has_value(), qPrintable(error));
    QCOMPARE(*bytes, expected);
  } else {
    QVERIFY(!bytes.has_value());
    QVERIFY2(error.contains(errorPart), qPrintable(error));
  }
}

void TestClientPanel::testNormalizeTarget_data() {
  QTest::addColumn<int>("transport");
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("expected"); // empty: refused
  QTest::addColumn<QString>("errorPart");

  const int tcp = static_cast<int>(Transport::Tcp);
  const int udp = static_cast<int>(Transport::Udp);
  const int unixStream = static_cast<int>(Transport::UnixStream);
  QTest::newRow("v4") << tcp << " 127.0.0.1:9999 "
                      << "127.0.0.1:9999"
                      << "";
  QTest::newRow("name") << udp << "localhost:53"
                        << "localhost:53"
                        << "";
  QTest::newRow("v6") << tcp << "[::1]:80"
                      << "[::1]:80"
                      << "";
  QTest::newRow("port alone") << tcp << "9999"
                              << "127.0.0.1:9999"
                              << "";
  QTest::newRow(":port") << tcp << ":9999"
                         << "127.0.0.1:9999"
                         << "";
  QTest::newRow("path") << unixStream << "/tmp/x.sock"
                        << "/tmp/x.sock"
                        << "";
  QTest::newRow("unix url") << unixStream << "unix:///tmp/x.sock"
                            << "/tmp/x.sock"
                            << "";
  QTest::newRow("empty") << tcp << ""
                         << ""
                         << "host:port";
  QTest::newRow("port too big") << tcp << "127.0.0.1:99999"
                                << ""
                                << "1 to 65535";
  QTest::newRow("port zero") << udp << "127.0.0.1:0"
                             << ""
                             << "1 to 65535";
  QTest::newRow("port missing") << tcp << "127.0.0.1:"
                                << ""
                                << "port is missing";
  QTest::newRow("v6 unbracketed") << tcp << "::1:80"
                                  << ""
                                  << "brackets";
  QTest::newRow("bad v6") << tcp << "[zz]:80"
                          << ""
                          << "not an IPv6";
  QTest::newRow("bad host") << tcp << "a b:80"
                            << ""
                            << "not a host";
  QTest::newRow("empty path") << unixStream << ""
                              << ""
                              << "path";
  QTest::newRow("long path") << unixStream << "/" + QString(200, QLatin1Char('p')) << ""
                             << "at most";
}

void TestClientPanel::testNormalizeTarget() {
  QFETCH(int, transport);
  QFETCH(QString, text);
  QFETCH(QString, expected);
  QFETCH(QString, errorPart);
  QString error;
  const QString normal =
      ClientConnection::normalizeTarget(static_cast<Transport>(transport), text, &error);
  QCOMPARE(normal, expected);
  if (!errorPart.isEmpty())
    QVERIFY2(error.contains(errorPart), qPrintable(error));
}

// ---- Against real servers ----

void TestClientPanel::testTcpPickedServerConnectSendReplyWithRtt() {
  const QString address = startServer(Kind::Tcp, Handler::Upper);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();

  // The running server is offered; picking it fills in the transport and address.
  auto* servers = child<QComboBox>(panel, "serverCombo");
  QTRY_VERIFY_WITH_TIMEOUT(servers->isEnabled() && servers->count() == 2, DEADLINE_MS);
  QVERIFY(servers->itemText(1).contains(address));
  chooseTransport(panel, Transport::Udp); // picking must switch it back
  servers->setFocus();
  QTest::keyClick(servers, Qt::Key_Down);
  QCOMPARE(child<QLineEdit>(panel, "targetEdit")->text(), address);
  QCOMPARE(child<QComboBox>(panel, "transportCombo")->currentData().toInt(),
           static_cast<int>(Transport::Tcp));

  auto* state = child<QLabel>(panel, "stateLabel");
  QVERIFY(state->text().contains(QLatin1String("unconnected")));
  click(panel, "connectButton");
  QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QLatin1String("connected to")), DEADLINE_MS);
  QVERIFY(!child<QPushButton>(panel, "connectButton")->isEnabled());
  QVERIFY(child<QPushButton>(panel, "disconnectButton")->isEnabled());

  chooseCombo(panel, "lineEndingCombo", static_cast<int>(Ending::Lf));
  typeInto(panel, "messageEdit", QStringLiteral("hello"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(repliesText(panel).contains(QLatin1String("HELLO\\n")), DEADLINE_MS);
  QCOMPARE(panel_->replyCount(), 1);
  QVERIFY2(repliesText(panel).contains(QRegularExpression(
               QStringLiteral(R"(\d\d:\d\d:\d\d\.\d\d\d  rtt \d+\.\d\d ms  6 B  HELLO\\n)"))),
           qPrintable(repliesText(panel)));
  QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 1);

  maybeGrab(panel, QStringLiteral("tcp-connected"));
  maybeGrab(panel, QStringLiteral("tcp-connected-narrow"), QSize(400, 600));

  click(panel, "disconnectButton");
  QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QLatin1String("unconnected")), DEADLINE_MS);
  QVERIFY(child<QPushButton>(panel, "connectButton")->isEnabled());
}

void TestClientPanel::testUdpSendReply() {
  const QString address = startServer(Kind::Udp, Handler::Upper);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  QVERIFY(!child<QPushButton>(panel, "connectButton")->isVisible());
  QVERIFY(child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("datagram")));
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("ping\\x01"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(repliesText(panel).contains(QLatin1String("PING\\x01")), DEADLINE_MS);
  QVERIFY(repliesText(panel).contains(QLatin1String("rtt ")));
}

void TestClientPanel::testUnixStreamSendReply() {
  const QString address = startServer(Kind::UnixStream, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::UnixStream);
  typeInto(panel, "targetEdit", address);
  // Send without Connect: the panel connects first.
  typeInto(panel, "messageEdit", QStringLiteral("over unix"));
  chooseCombo(panel, "lineEndingCombo", static_cast<int>(Ending::CrLf));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(repliesText(panel).contains(QLatin1String("over unix\\r\\n")),
                           DEADLINE_MS);
  QVERIFY(child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("connected to")));

  // The server going away is shown.
  QVERIFY(stopAndWait(*manager_, lastServerId_));
  QTRY_VERIFY_WITH_TIMEOUT(
      child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("unconnected")),
      DEADLINE_MS);
  QVERIFY(repliesText(panel).contains(QLatin1String("server closed the connection")));
}

void TestClientPanel::testUnixDatagramSendReplyAndPathRemoved() {
  const QString address = startServer(Kind::UnixDatagram, Handler::Upper, QStringLiteral("d.sock"));
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::UnixDatagram);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("datagram"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(repliesText(panel).contains(QLatin1String("DATAGRAM")), DEADLINE_MS);
  const QString own = panel_->connection()->localDatagramPath();
  QVERIFY(!own.isEmpty());
  QVERIFY(QFile::exists(own));

  // A second datagram uses the same socket; switching transport removes its path.
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 2, DEADLINE_MS);
  QCOMPARE(panel_->connection()->localDatagramPath(), own);
  chooseTransport(panel, Transport::Udp);
  QVERIFY(!QFile::exists(own));

  // And so does destroying the panel.
  chooseTransport(panel, Transport::UnixDatagram);
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 3, DEADLINE_MS);
  const QString second = panel_->connection()->localDatagramPath();
  QVERIFY(QFile::exists(second));
  panel_.reset();
  QVERIFY(!QFile::exists(second));
}

void TestClientPanel::testRepeatGetsNRepliesAndStopStops() {
  const QString address = startServer(Kind::Udp, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("tick"));
  auto* count = child<QSpinBox>(panel, "repeatCountSpin");
  auto* interval = child<QSpinBox>(panel, "repeatIntervalSpin");
  auto* progress = child<QProgressBar>(panel, "repeatProgress");
  count->setValue(5);
  interval->setValue(5);
  click(panel, "repeatButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 5, DEADLINE_MS);
  QCOMPARE(progress->value(), 5);
  QCOMPARE(progress->maximum(), 5);
  QVERIFY(!child<QPushButton>(panel, "stopButton")->isEnabled());
  QVERIFY(child<QPushButton>(panel, "sendButton")->isEnabled());

  // A long run, stopped after a few.
  click(panel, "clearRepliesButton");
  count->setValue(count->maximum());
  interval->setValue(20);
  click(panel, "repeatButton");
  QVERIFY(!child<QPushButton>(panel, "sendButton")->isEnabled());
  QTRY_VERIFY_WITH_TIMEOUT(panel_->replyCount() >= 3, DEADLINE_MS);
  click(panel, "stopButton");
  const int sent = progress->value();
  QVERIFY(sent < count->maximum());
  QVERIFY(statusText(panel).contains(QLatin1String("Stopped after")));
  maybeGrab(panel, QStringLiteral("repeat-stopped"));
  // Every datagram sent is answered, and then nothing more is sent: one more single send
  // gets exactly one more reply while the progress stays where Stop left it.
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), sent, DEADLINE_MS);
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), sent + 1, DEADLINE_MS);
  QCOMPARE(progress->value(), sent);
  QTRY_COMPARE_WITH_TIMEOUT(recorder_->count(lastServerId_, ConsoleEvent::Kind::Received),
                            5 + sent + 1, DEADLINE_MS);
}

void TestClientPanel::testBadHexRefusedAndNothingSent() {
  const QString address = startServer(Kind::Udp, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  chooseCombo(panel, "modeCombo", static_cast<int>(Mode::Hex));
  typeInto(panel, "messageEdit", QStringLiteral("68 6g"));
  click(panel, "sendButton");
  QVERIFY2(statusText(panel).contains(QLatin1String("Not sent")), qPrintable(statusText(panel)));
  QVERIFY(statusText(panel).contains(QLatin1String("'g' at position 4 is not a hex digit")));
  QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 0);
  // Repeat refuses it too.
  click(panel, "repeatButton");
  QVERIFY(statusText(panel).contains(QLatin1String("Not sent")));
  QCOMPARE(child<QProgressBar>(panel, "repeatProgress")->value(), 0);
  maybeGrab(panel, QStringLiteral("bad-hex"), QSize(420, 700));

  // Good hex goes; the server saw that datagram and no other.
  typeInto(panel, "messageEdit", QStringLiteral("68 69"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(panel_->replyCount() == 1, DEADLINE_MS);
  QVERIFY(repliesText(panel).contains(QLatin1String("  hi")));
  QTRY_COMPARE_WITH_TIMEOUT(recorder_->count(lastServerId_, ConsoleEvent::Kind::Received), 1,
                            DEADLINE_MS);
  QCOMPARE(recorder_->bytes(lastServerId_, ConsoleEvent::Kind::Received), 2);
}

void TestClientPanel::testBadAddressRefused() {
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Tcp);
  typeInto(panel, "targetEdit", QStringLiteral("127.0.0.1:99999"));
  typeInto(panel, "messageEdit", QStringLiteral("x"));
  click(panel, "sendButton");
  QVERIFY2(statusText(panel).contains(QLatin1String("Bad address")), qPrintable(statusText(panel)));
  QVERIFY(statusText(panel).contains(QLatin1String("1 to 65535")));
  QVERIFY(!panel_->connection()->hasTarget());
  QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 0);

  typeInto(panel, "targetEdit", QStringLiteral("::1:80"));
  click(panel, "connectButton");
  QVERIFY(statusText(panel).contains(QLatin1String("brackets")));
  QVERIFY(child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("unconnected")));
}

void TestClientPanel::testConnectionRefusedInWords() {
  // A port that was free a moment ago: bound, then closed.
  int port = 0;
  {
    Socket probe(AF_INET, SOCK_STREAM);
    probe.bind(Address("127.0.0.1:0"));
    port = probe.getsockname().port();
  }
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Tcp);
  typeInto(panel, "targetEdit", QStringLiteral("127.0.0.1:%1").arg(port));
  click(panel, "connectButton");
  QTRY_VERIFY_WITH_TIMEOUT(statusText(panel).contains(QLatin1String("connection refused")),
                           DEADLINE_MS);
  QVERIFY(statusText(panel).contains(QString::number(port)));
  QTRY_VERIFY_WITH_TIMEOUT(
      child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("unconnected")),
      DEADLINE_MS);
  QVERIFY(child<QPushButton>(panel, "connectButton")->isEnabled());
}

void TestClientPanel::testNoSuchPathInWords() {
  QWidget* panel = panel_.get();
  const QString missing = dir_->filePath(QStringLiteral("missing.sock"));
  chooseTransport(panel, Transport::UnixStream);
  typeInto(panel, "targetEdit", missing);
  click(panel, "connectButton");
  QTRY_VERIFY_WITH_TIMEOUT(statusText(panel).contains(QLatin1String("no such path")), DEADLINE_MS);
  QVERIFY(statusText(panel).contains(missing));

  chooseTransport(panel, Transport::UnixDatagram);
  typeInto(panel, "messageEdit", QStringLiteral("x"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(statusText(panel).contains(QLatin1String("no such path")), DEADLINE_MS);
  QVERIFY(repliesText(panel).contains(QLatin1String("no such path")));
  maybeGrab(panel, QStringLiteral("unix-datagram-no-such-path"), QSize(420, 700));
}

void TestClientPanel::testUnixConnectionRefusedInWords() {
  // Socket files with nobody behind them: a stream socket bound but not listening, and a
  // datagram socket's file left after it closed.
  const QString stream = dir_->filePath(QStringLiteral("idle.sock"));
  const QString datagram = dir_->filePath(QStringLiteral("gone.sock"));
  Socket idle(AF_UNIX, SOCK_STREAM);
  idle.bind(Address::unix_path(stream.toStdString()));
  {
    Socket gone(AF_UNIX, SOCK_DGRAM);
    gone.bind(Address::unix_path(datagram.toStdString()));
  }
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::UnixStream);
  typeInto(panel, "targetEdit", stream);
  click(panel, "connectButton");
  QTRY_VERIFY_WITH_TIMEOUT(statusText(panel).contains(QLatin1String("connection refused")),
                           DEADLINE_MS);

  chooseTransport(panel, Transport::UnixDatagram);
  typeInto(panel, "targetEdit", datagram);
  typeInto(panel, "messageEdit", QStringLiteral("x"));
  click(panel, "sendButton");
  QVERIFY2(statusText(panel).contains(QLatin1String("connection refused: no server is bound")),
           qPrintable(statusText(panel)));
}

void TestClientPanel::testUdpPortUnreachableInWords() {
  int port = 0;
  {
    Socket probe(AF_INET, SOCK_DGRAM);
    probe.bind(Address("127.0.0.1:0"));
    port = probe.getsockname().port();
  }
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", QStringLiteral("127.0.0.1:%1").arg(port));
  typeInto(panel, "messageEdit", QStringLiteral("anyone?"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(statusText(panel).contains(QLatin1String("connection refused")),
                           DEADLINE_MS);
  QVERIFY(statusText(panel).contains(QLatin1String("port unreachable")));
}

void TestClientPanel::testHistoryReloadsAndResends() {
  const QString address = startServer(Kind::Udp, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("first"));
  click(panel, "sendButton");
  chooseCombo(panel, "modeCombo", static_cast<int>(Mode::Hex));
  typeInto(panel, "messageEdit", QStringLiteral("73 65 63"));
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 2, DEADLINE_MS);

  auto* history = child<QListWidget>(panel, "historyList");
  QCOMPARE(history->count(), 2);
  QVERIFY(history->item(0)->text().contains(QLatin1String("73 65 63"))); // newest first

  // Click loads the older text message with its mode.
  QListWidgetItem* older = history->item(1);
  const QPoint at = history->visualItemRect(older).center();
  QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, at);
  QCOMPARE(child<QPlainTextEdit>(panel, "messageEdit")->toPlainText(), QStringLiteral("first"));
  QCOMPARE(child<QComboBox>(panel, "modeCombo")->currentData().toInt(),
           static_cast<int>(Mode::Text));

  // Double-click sends it again; it moves to the top, without a duplicate.
  QTest::mouseDClick(history->viewport(), Qt::LeftButton, {}, at);
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 3, DEADLINE_MS);
  QCOMPARE(history->count(), 2);
  QCOMPARE(history->item(0)->text(), QStringLiteral("first"));

  // History is bounded.
  for (int i = 0; i < ClientPanel::maxHistory + 5; ++i) {
    typeInto(panel, "messageEdit", QStringLiteral("m%1").arg(i));
    click(panel, "sendButton");
  }
  QCOMPARE(history->count(), ClientPanel::maxHistory);
}

void TestClientPanel::testReplyFormatSwitchesToHex() {
  const QString address = startServer(Kind::Udp, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("hi\\t"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(repliesText(panel).contains(QLatin1String("hi\\t")), DEADLINE_MS);
  chooseCombo(panel, "replyFormatCombo", static_cast<int>(Mode::Hex));
  QVERIFY2(repliesText(panel).contains(QLatin1String("68 69 09")), qPrintable(repliesText(panel)));
  maybeGrab(panel, QStringLiteral("udp-hex-replies"));
  chooseCombo(panel, "replyFormatCombo", static_cast<int>(Mode::Text));
  QVERIFY(repliesText(panel).contains(QLatin1String("hi\\t")));
}

void TestClientPanel::testCtrlReturnSends() {
  const QString address = startServer(Kind::Udp, Handler::Upper);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  panel->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(panel));
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  auto* editor = child<QPlainTextEdit>(panel, "messageEdit");
  typeInto(panel, "messageEdit", QStringLiteral("keys"));
  editor->setFocus();
  QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
  QTRY_VERIFY_WITH_TIMEOUT(repliesText(panel).contains(QLatin1String("KEYS")), DEADLINE_MS);
  QCOMPARE(editor->toPlainText(), QStringLiteral("keys")); // no newline typed
}

void TestClientPanel::testServerListFollowsManager() {
  auto* servers = child<QComboBox>(panel_.get(), "serverCombo");
  QVERIFY(!servers->isEnabled());
  maybeGrab(panel_.get(), QStringLiteral("empty"), QSize(420, 760));
  const QString address = startServer(Kind::Tcp, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QTRY_VERIFY_WITH_TIMEOUT(servers->isEnabled(), DEADLINE_MS);
  QCOMPARE(servers->count(), 2);
  QVERIFY(stopAndWait(*manager_, lastServerId_));
  QTRY_VERIFY_WITH_TIMEOUT(!servers->isEnabled(), DEADLINE_MS);
  QCOMPARE(servers->count(), 1);

  // Without a manager the panel works, with no list.
  ClientPanel alone(nullptr);
  QVERIFY(!child<QComboBox>(&alone, "serverCombo")->isEnabled());
}

void TestClientPanel::testConnectTimeoutInWords() {
  // A listener whose accept queue is full: Linux drops further SYNs, so a connection stays
  // "connecting" until the client gives up.
  Socket listener(AF_INET, SOCK_STREAM);
  listener.bind(Address("127.0.0.1:0"));
  listener.listen(0);
  const Address address = listener.getsockname();
  std::vector<Socket> fillers;
  bool full = false;
  for (int i = 0; i < 16 && !full; ++i) {
    try {
      fillers.push_back(Socket::create_connection(address, Seconds{0.3}));
    } catch (const socketserver::TimeoutError&) {
      full = true;
    }
  }
  if (!full)
    QSKIP("the kernel accepted every connection; no way to make one hang here");

  QWidget* panel = panel_.get();
  panel_->connection()->setConnectTimeout(300);
  chooseTransport(panel, Transport::Tcp);
  typeInto(panel, "targetEdit", QString::fromStdString(address.to_string()));
  click(panel, "connectButton");
  QVERIFY(child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("connecting")));
  QTRY_VERIFY_WITH_TIMEOUT(statusText(panel).contains(QLatin1String("timed out")), DEADLINE_MS);
  QVERIFY(child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("unconnected")));
  QVERIFY(child<QPushButton>(panel, "connectButton")->isEnabled());
}

void TestClientPanel::testSettingsRoundTrip() {
  const QString file = dir_->filePath(QStringLiteral("client.ini"));
  {
    QWidget* panel = panel_.get();
    chooseTransport(panel, Transport::UnixDatagram);
    typeInto(panel, "targetEdit", dir_->filePath(QStringLiteral("nobody.sock")));
    chooseCombo(panel, "lineEndingCombo", static_cast<int>(Ending::CrLf));
    child<QSpinBox>(panel, "repeatCountSpin")->setValue(7);
    child<QSpinBox>(panel, "repeatIntervalSpin")->setValue(250);
    for (const char* text : {"one", "two"}) {
      typeInto(panel, "messageEdit", QString::fromLatin1(text));
      click(panel, "sendButton"); // refused: no such path, so not in the history
    }
    QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 0);
    // Messages that went out are the history: send to a live server.
    const QString address = startServer(Kind::UnixDatagram, Handler::Echo, QStringLiteral("e"));
    QVERIFY(!address.isEmpty());
    typeInto(panel, "targetEdit", address);
    for (const char* text : {"one", "two"}) {
      typeInto(panel, "messageEdit", QString::fromLatin1(text));
      click(panel, "sendButton");
    }
    QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 2);
    QSettings settings(file, QSettings::IniFormat);
    panel_->saveSettings(settings);
  }
  ClientPanel restored(nullptr);
  QSettings settings(file, QSettings::IniFormat);
  restored.restoreSettings(settings);
  QCOMPARE(child<QComboBox>(&restored, "transportCombo")->currentData().toInt(),
           static_cast<int>(Transport::UnixDatagram));
  QCOMPARE(child<QComboBox>(&restored, "lineEndingCombo")->currentData().toInt(),
           static_cast<int>(Ending::CrLf));
  QCOMPARE(child<QSpinBox>(&restored, "repeatCountSpin")->value(), 7);
  QCOMPARE(child<QSpinBox>(&restored, "repeatIntervalSpin")->value(), 250);
  auto* history = child<QListWidget>(&restored, "historyList");
  QCOMPARE(history->count(), 2);
  QVERIFY(history->item(0)->text().startsWith(QLatin1String("two")));
  QVERIFY(history->item(1)->text().startsWith(QLatin1String("one")));
  QVERIFY(child<QPlainTextEdit>(&restored, "messageEdit")->toPlainText().isEmpty());
}

QTEST_MAIN(TestClientPanel)
#include "TestClientPanel.moc"
