// ClientPanel: the test client panel driven as a user drives it (keys and clicks on its child
// widgets, found by object name) against real servers run by ServerManager on 127.0.0.1:0
// and on Unix paths in a QTemporaryDir. Every wait has a deadline; nothing sleeps.
#include "console_test_support.h"
#include "widget_test_support.h"

#include "ClientConnection.h"
#include "ClientPanel.h"
#include "ConversationModel.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QWheelEvent>

#include <memory>
#include <vector>

using namespace ui_test;
using Kind = ServerSpec::Kind;
using Handler = ServerSpec::Handler;
using Transport = ServerSpec::Kind;
using Mode = ClientPanel::MessageMode;
using Ending = ClientPanel::LineEnding;

namespace {

QAbstractItemView* conversation(QWidget* panel) {
  return child<QAbstractItemView>(panel, "conversationView");
}
/// The conversation's entries, oldest first, as they are copied (header line, then the bytes).
QStringList conversationRows(QWidget* panel) {
  const QAbstractItemModel* model = conversation(panel)->model();
  QStringList rows;
  for (int row = 0; row < model->rowCount(); ++row)
    rows << model->index(row, 0).data().toString();
  return rows;
}
/// What kind each entry is ("sent", "received", "notice", "error", "dropped"), oldest first.
QStringList conversationKinds(QWidget* panel) {
  const QAbstractItemModel* model = conversation(panel)->model();
  QStringList kinds;
  for (int row = 0; row < model->rowCount(); ++row)
    kinds << model->index(row, 0).data(Qt::UserRole).toString();
  return kinds;
}
/// The newest entry of the conversation ("" when it is empty).
QString lastEntry(QWidget* panel) {
  const QStringList rows = conversationRows(panel);
  return rows.isEmpty() ? QString() : rows.constLast();
}

/// Chooses `transport` in the combo, as a user would.
void chooseTransport(QWidget* panel, Transport transport) {
  auto* combo = child<QComboBox>(panel, "transportCombo");
  combo->setCurrentIndex(combo->findData(static_cast<int>(transport)));
}
void chooseCombo(QWidget* panel, const char* name, int data) {
  auto* combo = child<QComboBox>(panel, name);
  combo->setCurrentIndex(combo->findData(data));
}
/// With CLIENT_PANEL_SCREENSHOTS=DIR set, saves the panel as DIR/<name>.png at the width of
/// a dock (to look at; the suite checks nothing in it).
void maybeGrab(QWidget* panel, const QString& name, QSize size = QSize(460, 820)) {
  const QString dir = qEnvironmentVariable("CLIENT_PANEL_SCREENSHOTS");
  if (dir.isEmpty())
    return;
  const QSize old = panel->size();
  panel->resize(size);
  QCoreApplication::processEvents(); // the layouts the resize asks for
  QVERIFY(panel->grab().save(dir + QLatin1Char('/') + name + QLatin1String(".png")));
  panel->resize(old);
}

/// The entries of one kind, oldest first.
QStringList entriesOf(QWidget* panel, const QString& kind) {
  const QStringList rows = conversationRows(panel);
  const QStringList kinds = conversationKinds(panel);
  QStringList found;
  for (int i = 0; i < rows.size(); ++i)
    if (kinds.at(i) == kind)
      found << rows.at(i);
  return found;
}

/// One notch of the mouse wheel over `widget`, delivered as Qt delivers one from a mouse: to the
/// widget, then up its parents while it is ignored (QApplication only propagates spontaneous
/// wheel events, which a test cannot make). Returns the widget that took it, or nullptr.
QWidget* wheelOver(QWidget* widget, int notches = -1) {
  const QPoint global = widget->mapToGlobal(widget->rect().center());
  for (QWidget* target = widget; target;
       target = target->isWindow() ? nullptr : target->parentWidget()) {
    QWheelEvent event(QPointF(target->mapFromGlobal(global)), QPointF(global), QPoint(),
                      QPoint(0, 120 * notches), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                      false);
    QApplication::sendEvent(target, &event);
    if (event.isAccepted())
      return target;
  }
  return nullptr;
}

void click(QWidget* panel, const char* name) {
  auto* button = child<QAbstractButton>(panel, name);
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
  void testMulticastGroupCollectsEveryAnswer();
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

  void testConversationInOrderWithRtt();
  void testConversationFollowsNewestUnlessScrolledUp();
  void testCopyEntries();
  void testModeSwitchConvertsTextAndHex();
  void testTypedAddressSelectsRunningServer();
  void testServerListPopupFitsItsItems();
  void testWheelOverUnfocusedFieldsScrollsThePanel();
  void testConversationCapDropsOldestWithNote();
  void testConversationShowsAFloodInBatches();
  void testMessageFieldGrowsWithItsLines();

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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("HELLO\\n")),
                           DEADLINE_MS);
  QCOMPARE(panel_->replyCount(), 1);
  QVERIFY2(lastEntry(panel).contains(QRegularExpression(QStringLiteral(
               R"(^\d\d:\d\d:\d\d\.\d\d\d  ← received 6 B · rtt \d+\.\d\d ms\nHELLO\\n$)"))),
           qPrintable(lastEntry(panel)));
  QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 1);

  maybeGrab(panel, QStringLiteral("tcp-connected"));
  maybeGrab(panel, QStringLiteral("tcp-connected-narrow"), QSize(400, 600));

  click(panel, "disconnectButton");
  QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QLatin1String("unconnected")), DEADLINE_MS);
  QVERIFY(child<QPushButton>(panel, "connectButton")->isEnabled());
}

// Two UDP servers on one port, joined to one group on lo, each answering its own name: one
// datagram from the panel to the group brings both answers, each with its sender.
void TestClientPanel::testMulticastGroupCollectsEveryAnswer() {
  const QString group = QStringLiteral("239.255.77.9");
  int port = 0;
  for (const char* name : {"first", "second"}) {
    ServerSpec spec;
    spec.kind = Kind::Udp;
    spec.address = QStringLiteral("0.0.0.0:%1").arg(port);
    spec.allowReuseAddress = true;
    spec.handler = Handler::FixedReply;
    spec.fixedReply = name;
    spec.multicastGroups = {group};
    spec.multicastInterface = QStringLiteral("lo");
    lastServerId_ = manager_->add(spec);
    QVERIFY2(startAndWait(*manager_, lastServerId_),
             qPrintable(manager_->find(lastServerId_)->statusText()));
    port = manager_->find(lastServerId_)->listeningAddress.section(QLatin1Char(':'), -1).toInt();
  }
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  auto* interfaces = child<QComboBox>(panel, "multicastInterfaceCombo");
  QVERIFY(interfaces->isVisible()); // the multicast row is shown for UDP
  interfaces->setCurrentIndex(interfaces->findData(QStringLiteral("lo")));
  QVERIFY(interfaces->currentIndex() > 0);
  typeInto(panel, "targetEdit", QStringLiteral("%1:%2").arg(group).arg(port));
  typeInto(panel, "messageEdit", QStringLiteral("who is there?"));
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 2, DEADLINE_MS);
  const QString text = conversationText(panel);
  const QString from =
      QStringLiteral(R"(← received \d B from [0-9.]+:%1 · rtt [0-9.]+ ms\n)").arg(port);
  for (const char* name : {"first", "second"})
    QVERIFY2(text.contains(QRegularExpression(from + QLatin1String(name))), qPrintable(text));
  QVERIFY2(!text.contains(QLatin1String("error")), qPrintable(text));
  chooseTransport(panel, Transport::Tcp);
  QVERIFY(!interfaces->isVisible());
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("PING\\x01")),
                           DEADLINE_MS);
  QVERIFY(conversationText(panel).contains(QLatin1String("rtt ")));
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("over unix\\r\\n")),
                           DEADLINE_MS);
  QVERIFY(child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("connected to")));

  // The server going away is shown.
  QVERIFY(stopAndWait(*manager_, lastServerId_));
  QTRY_VERIFY_WITH_TIMEOUT(
      child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("unconnected")),
      DEADLINE_MS);
  QVERIFY(conversationText(panel).contains(QLatin1String("server closed the connection")));
}

void TestClientPanel::testUnixDatagramSendReplyAndPathRemoved() {
  const QString address = startServer(Kind::UnixDatagram, Handler::Upper, QStringLiteral("d.sock"));
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::UnixDatagram);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("datagram"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("DATAGRAM")),
                           DEADLINE_MS);
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
  click(panel, "clearButton");
  count->setValue(count->maximum());
  interval->setValue(20);
  click(panel, "repeatButton");
  QVERIFY(!child<QPushButton>(panel, "sendButton")->isEnabled());
  QTRY_VERIFY_WITH_TIMEOUT(panel_->replyCount() >= 3, DEADLINE_MS);
  click(panel, "stopButton");
  const int sent = progress->value();
  QVERIFY(sent < count->maximum());
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("Stopped after")),
                           DEADLINE_MS);
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
  // Said in the conversation, where the reply would have come.
  QCOMPARE(conversationKinds(panel), QStringList{QStringLiteral("error")});
  QVERIFY2(lastEntry(panel).contains(QLatin1String("Not sent")), qPrintable(lastEntry(panel)));
  QVERIFY(lastEntry(panel).contains(QLatin1String("'g' at position 4 is not a hex digit")));
  QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 0);
  // Repeat refuses it too.
  click(panel, "repeatButton");
  QCOMPARE(conversationKinds(panel),
           (QStringList{QStringLiteral("error"), QStringLiteral("error")}));
  QVERIFY(lastEntry(panel).contains(QLatin1String("Not sent")));
  QCOMPARE(child<QProgressBar>(panel, "repeatProgress")->value(), 0);
  maybeGrab(panel, QStringLiteral("bad-hex"), QSize(420, 700));

  // Good hex goes; the server saw that datagram and no other.
  typeInto(panel, "messageEdit", QStringLiteral("68 69"));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(panel_->replyCount() == 1, DEADLINE_MS);
  QVERIFY2(lastEntry(panel).contains(QRegularExpression(QStringLiteral("received 2 B .*\nhi$"))),
           qPrintable(lastEntry(panel)));
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
  QVERIFY2(conversationText(panel).contains(QLatin1String("Bad address")),
           qPrintable(conversationText(panel)));
  QVERIFY(conversationText(panel).contains(QLatin1String("1 to 65535")));
  QVERIFY(!panel_->connection()->hasTarget());
  QCOMPARE(child<QListWidget>(panel, "historyList")->count(), 0);

  typeInto(panel, "targetEdit", QStringLiteral("::1:80"));
  click(panel, "connectButton");
  QVERIFY(conversationText(panel).contains(QLatin1String("brackets")));
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("connection refused")),
                           DEADLINE_MS);
  QVERIFY(conversationText(panel).contains(QString::number(port)));
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("no such path")),
                           DEADLINE_MS);
  QVERIFY(conversationText(panel).contains(missing));
  QTRY_VERIFY_WITH_TIMEOUT(
      child<QLabel>(panel, "stateLabel")->text().contains(QLatin1String("unconnected")),
      DEADLINE_MS);
  QVERIFY(child<QPushButton>(panel, "connectButton")->isEnabled());

  chooseTransport(panel, Transport::UnixDatagram);
  typeInto(panel, "messageEdit", QStringLiteral("x"));
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(conversationKinds(panel),
                            (QStringList{QStringLiteral("error"), QStringLiteral("error")}),
                            DEADLINE_MS);
  QVERIFY2(lastEntry(panel).contains(QLatin1String("no such path")), qPrintable(lastEntry(panel)));
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("connection refused")),
                           DEADLINE_MS);

  chooseTransport(panel, Transport::UnixDatagram);
  typeInto(panel, "targetEdit", datagram);
  typeInto(panel, "messageEdit", QStringLiteral("x"));
  click(panel, "sendButton");
  QVERIFY2(
      conversationText(panel).contains(QLatin1String("connection refused: no server is bound")),
      qPrintable(conversationText(panel)));
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("connection refused")),
                           DEADLINE_MS);
  QVERIFY(conversationText(panel).contains(QLatin1String("port unreachable")));
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
  // The history is the conversation's neighbour tab.
  auto* tabs = child<QTabWidget>(panel, "conversationTabs");
  tabs->setCurrentWidget(history);
  QVERIFY(history->isVisible());

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
  QVERIFY(conversation(panel)->isVisible()); // a send shows the conversation again
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("hi\\t")), DEADLINE_MS);
  click(panel, "hexButton");
  // Hex with offsets and the ASCII column, for what was sent and what came back.
  QVERIFY2(lastEntry(panel).contains(QLatin1String("\n0000  68 69 09  hi.")),
           qPrintable(lastEntry(panel)));
  QVERIFY(conversationRows(panel).constFirst().contains(QLatin1String("\n0000  68 69 09  hi.")));
  maybeGrab(panel, QStringLiteral("udp-hex-replies"));
  click(panel, "hexButton");
  QVERIFY(conversationText(panel).contains(QLatin1String("hi\\t")));
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("KEYS")), DEADLINE_MS);
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
  QTRY_VERIFY_WITH_TIMEOUT(conversationText(panel).contains(QLatin1String("timed out")),
                           DEADLINE_MS);
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

// ---- The conversation ----

void TestClientPanel::testConversationInOrderWithRtt() {
  const QString address = startServer(Kind::Tcp, Handler::Upper);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Tcp);
  typeInto(panel, "targetEdit", address);
  chooseCombo(panel, "lineEndingCombo", static_cast<int>(Ending::Lf));
  // Send before connecting: the send is shown when it goes, after "connected".
  typeInto(panel, "messageEdit", QStringLiteral("hello"));
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(entriesOf(panel, QStringLiteral("received")).size(), 1, DEADLINE_MS);

  // A bad port, then a refused connection: each where it happened, after the reply.
  typeInto(panel, "targetEdit", QStringLiteral("127.0.0.1:99999"));
  click(panel, "sendButton");
  auto* target = child<QLineEdit>(panel, "targetEdit");
  QVERIFY2(target->toolTip().contains(QLatin1String("1 to 65535")), qPrintable(target->toolTip()));
  int port = 0;
  {
    Socket probe(AF_INET, SOCK_STREAM);
    probe.bind(Address("127.0.0.1:0"));
    port = probe.getsockname().port();
  }
  typeInto(panel, "targetEdit", QStringLiteral("127.0.0.1:%1").arg(port));
  QVERIFY(target->toolTip().isEmpty() || !target->toolTip().contains(QLatin1String("65535")));
  click(panel, "sendButton");
  QTRY_VERIFY_WITH_TIMEOUT(lastEntry(panel).contains(QLatin1String("not sent")), DEADLINE_MS);

  const QStringList kinds = conversationKinds(panel);
  const QStringList rows = conversationRows(panel);
  const QStringList expected = {"notice", "sent", "received", "error", "notice", "error", "error"};
  QCOMPARE(kinds, expected);
  QVERIFY2(rows.at(0).contains(QLatin1String("connected to ") + address), qPrintable(rows.at(0)));
  QVERIFY2(rows.at(1).contains(QRegularExpression(
               QStringLiteral(R"(^\d\d:\d\d:\d\d\.\d\d\d  → sent 6 B\nhello\\n$)"))),
           qPrintable(rows.at(1)));
  QVERIFY2(rows.at(2).contains(QRegularExpression(QStringLiteral(
               R"(^\d\d:\d\d:\d\d\.\d\d\d  ← received 6 B · rtt \d+\.\d\d ms\nHELLO\\n$)"))),
           qPrintable(rows.at(2)));
  QVERIFY2(rows.at(3).contains(QLatin1String("Bad address")) &&
               rows.at(3).contains(QLatin1String("1 to 65535")),
           qPrintable(rows.at(3)));
  QVERIFY2(rows.at(4).contains(QLatin1String("closed the connection to ") + address),
           qPrintable(rows.at(4)));
  QVERIFY2(rows.at(5).contains(QLatin1String("connection refused")) &&
               rows.at(5).contains(QString::number(port)),
           qPrintable(rows.at(5)));
  QVERIFY2(rows.at(6).contains(QLatin1String("1 message not sent")), qPrintable(rows.at(6)));
  QCOMPARE(panel_->replyCount(), 1);
}

void TestClientPanel::testConversationFollowsNewestUnlessScrolledUp() {
  const QString address = startServer(Kind::Udp, Handler::Echo);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("line"));
  child<QSpinBox>(panel, "repeatCountSpin")->setValue(20);
  child<QSpinBox>(panel, "repeatIntervalSpin")->setValue(0);
  click(panel, "repeatButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 20, DEADLINE_MS);
  QAbstractItemView* view = conversation(panel);
  QScrollBar* bar = view->verticalScrollBar();
  QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0, DEADLINE_MS);
  const auto newestShown = [&] {
    const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
    return view->viewport()->rect().contains(view->visualRect(last));
  };
  QTRY_VERIFY_WITH_TIMEOUT(newestShown(), DEADLINE_MS);

  // Scrolled up to read: new entries do not pull the view down.
  bar->setValue(0);
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 21, DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0, DEADLINE_MS);
  QCoreApplication::processEvents();
  QCOMPARE(bar->value(), 0);
  QVERIFY(!newestShown());
  // Back at the bottom, it follows again.
  bar->setValue(bar->maximum());
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 22, DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(newestShown(), DEADLINE_MS);

  // Clear empties it.
  click(panel, "clearButton");
  QCOMPARE(view->model()->rowCount(), 0);
  QCOMPARE(panel_->replyCount(), 0);
}

void TestClientPanel::testCopyEntries() {
  const QString address = startServer(Kind::Udp, Handler::Upper);
  QVERIFY(!address.isEmpty());
  QWidget* panel = panel_.get();
  chooseTransport(panel, Transport::Udp);
  typeInto(panel, "targetEdit", address);
  typeInto(panel, "messageEdit", QStringLiteral("copy me"));
  click(panel, "sendButton");
  QTRY_COMPARE_WITH_TIMEOUT(panel_->replyCount(), 1, DEADLINE_MS);
  QAbstractItemView* view = conversation(panel);
  const int replyRow =
      static_cast<int>(conversationKinds(panel).indexOf(QStringLiteral("received")));
  QVERIFY(replyRow >= 0);
  const QModelIndex reply = view->model()->index(replyRow, 0);
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(reply).center());
  view->setFocus();
  QApplication::clipboard()->clear();
  QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
  QCOMPARE(QApplication::clipboard()->text(), reply.data().toString());
  QVERIFY(QApplication::clipboard()->text().endsWith(QLatin1String("\nCOPY ME")));
  // The Copy button copies the selection too.
  QApplication::clipboard()->clear();
  click(panel, "copyButton");
  QCOMPARE(QApplication::clipboard()->text(), reply.data().toString());
}

void TestClientPanel::testModeSwitchConvertsTextAndHex() {
  QWidget* panel = panel_.get();
  auto* mode = child<QComboBox>(panel, "modeCombo");
  auto* editor = child<QPlainTextEdit>(panel, "messageEdit");
  const auto pickMode = [&](Mode wanted) { // with the keyboard, as a person does
    mode->setFocus();
    QTest::keyClick(mode, wanted == Mode::Hex ? Qt::Key_Down : Qt::Key_Up);
    QCOMPARE(mode->currentData().toInt(), static_cast<int>(wanted));
  };
  editor->setPlainText(QStringLiteral("hi é\\n")); // keyClicks() types ASCII only
  pickMode(Mode::Hex);
  QCOMPARE(editor->toPlainText(), QStringLiteral("68 69 20 c3 a9 0a"));
  pickMode(Mode::Text);
  QCOMPARE(editor->toPlainText(), QStringLiteral("hi é\\n"));

  // Bytes that are not text stay hex, and the panel says why.
  pickMode(Mode::Hex);
  typeInto(panel, "messageEdit", QStringLiteral("41 ff 00"));
  mode->setFocus();
  QTest::keyClick(mode, Qt::Key_Up);
  QCOMPARE(mode->currentData().toInt(), static_cast<int>(Mode::Hex));
  QCOMPARE(editor->toPlainText(), QStringLiteral("41 ff 00"));
  QVERIFY2(lastEntry(panel).contains(QLatin1String("Kept as hex")) &&
               lastEntry(panel).contains(QLatin1String("offset 1")),
           qPrintable(lastEntry(panel)));
  // So does hex that cannot be read.
  typeInto(panel, "messageEdit", QStringLiteral("41 4"));
  QTest::keyClick(mode, Qt::Key_Up);
  QCOMPARE(mode->currentData().toInt(), static_cast<int>(Mode::Hex));
  QCOMPARE(editor->toPlainText(), QStringLiteral("41 4"));
  QVERIFY2(lastEntry(panel).contains(QLatin1String("odd")), qPrintable(lastEntry(panel)));

  // And text with a bad escape stays text.
  typeInto(panel, "messageEdit", QStringLiteral("41"));
  QTest::keyClick(mode, Qt::Key_Up);
  typeInto(panel, "messageEdit", QStringLiteral("ab\\q"));
  mode->setFocus();
  QTest::keyClick(mode, Qt::Key_Down);
  QCOMPARE(mode->currentData().toInt(), static_cast<int>(Mode::Text));
  QCOMPARE(editor->toPlainText(), QStringLiteral("ab\\q"));
  QVERIFY2(lastEntry(panel).contains(QLatin1String("Kept as text")), qPrintable(lastEntry(panel)));
}

void TestClientPanel::testTypedAddressSelectsRunningServer() {
  const QString tcp = startServer(Kind::Tcp, Handler::Echo);
  const int tcpId = lastServerId_;
  const QString unixPath = startServer(Kind::UnixStream, Handler::Echo, QStringLiteral("u.sock"));
  const int unixId = lastServerId_;
  QVERIFY(!tcp.isEmpty() && !unixPath.isEmpty());
  QWidget* panel = panel_.get();
  auto* servers = child<QComboBox>(panel, "serverCombo");
  QTRY_COMPARE_WITH_TIMEOUT(servers->count(), 3, DEADLINE_MS);
  chooseTransport(panel, Transport::Tcp);

  typeInto(panel, "targetEdit", tcp);
  QCOMPARE(servers->currentData().toInt(), tcpId);
  // The port alone means 127.0.0.1, and so the same server.
  typeInto(panel, "targetEdit", tcp.section(QLatin1Char(':'), -1));
  QCOMPARE(servers->currentData().toInt(), tcpId);
  // A path is a Unix server's: it is selected, and the transport follows it.
  typeInto(panel, "targetEdit", unixPath);
  QCOMPARE(servers->currentData().toInt(), unixId);
  QCOMPARE(child<QComboBox>(panel, "transportCombo")->currentData().toInt(),
           static_cast<int>(Transport::UnixStream));
  // Anything else selects none.
  typeInto(panel, "targetEdit", dir_->filePath(QStringLiteral("other.sock")));
  QCOMPARE(servers->currentIndex(), 0);
}

void TestClientPanel::testServerListPopupFitsItsItems() {
  ServerSpec spec = specFor(Kind::Tcp, *dir_, {});
  spec.name = QStringLiteral("An echo server with a rather long name, to see it whole");
  spec.handler = Handler::Echo;
  const int id = manager_->add(spec);
  QVERIFY(startAndWait(*manager_, id));
  QWidget* panel = panel_.get();
  panel->resize(360, 700); // the width of the window's dock
  auto* servers = child<QComboBox>(panel, "serverCombo");
  QTRY_COMPARE_WITH_TIMEOUT(servers->count(), 2, DEADLINE_MS);
  const QString text = servers->itemText(1);
  QVERIFY(text.contains(spec.name));
  // The closed list shows the address first, so that what is cut is the name's end.
  QVERIFY2(text.startsWith(QLatin1String("TCP ") + manager_->find(id)->listeningAddress),
           qPrintable(text));
  servers->showPopup();
  QAbstractItemView* list = servers->view();
  QTRY_VERIFY_WITH_TIMEOUT(list->isVisible(), DEADLINE_MS);
  // Wider than the closed box, and on the screen whole.
  QVERIFY(list->window()->width() > servers->width());
  QVERIFY2(servers->screen()->availableGeometry().contains(list->window()->geometry()),
           qPrintable(QStringLiteral("%1,%2 %3x%4")
                          .arg(list->window()->x())
                          .arg(list->window()->y())
                          .arg(list->window()->width())
                          .arg(list->window()->height())));
  const int needed = list->fontMetrics().horizontalAdvance(text);
  QVERIFY2(list->visualRect(list->model()->index(1, 0)).width() >= needed,
           qPrintable(QStringLiteral("%1 < %2")
                          .arg(list->visualRect(list->model()->index(1, 0)).width())
                          .arg(needed)));
  servers->hidePopup();
}

void TestClientPanel::testWheelOverUnfocusedFieldsScrollsThePanel() {
  // The panel in a scroll area shorter than it, as in a small window.
  panel_->hide();
  QScrollArea scroll;
  scroll.setWidgetResizable(true);
  ClientPanel* panel = panel_.release();
  scroll.setWidget(panel);
  scroll.resize(380, 260);
  scroll.show();
  QVERIFY(QTest::qWaitForWindowExposed(&scroll));
  QScrollBar* bar = scroll.verticalScrollBar();
  QVERIFY(bar->maximum() > 0);
  bar->setValue(bar->maximum() / 2);
  auto* count = child<QSpinBox>(panel, "repeatCountSpin");
  auto* mode = child<QComboBox>(panel, "modeCombo");
  child<QWidget>(panel, "messageEdit")->setFocus();

  for (QWidget* field : {static_cast<QWidget*>(count), static_cast<QWidget*>(mode)}) {
    const int value = count->value();
    const int index = mode->currentIndex();
    const int scrolled = bar->value();
    QWidget* taker = wheelOver(field, field == count ? 1 : -1);
    QCOMPARE(count->value(), value);
    QCOMPARE(mode->currentIndex(), index);
    QVERIFY(!field->hasFocus());
    QCOMPARE(taker, scroll.viewport()); // the panel scrolled instead
    QVERIFY(bar->value() != scrolled);
  }
  // A field the person is in still takes the wheel.
  scroll.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&scroll));
  count->setFocus();
  QVERIFY(count->hasFocus());
  const int value = count->value();
  QCOMPARE(wheelOver(count), static_cast<QWidget*>(count));
  QCOMPARE(count->value(), value - 1);
}

void TestClientPanel::testConversationCapDropsOldestWithNote() {
  ConversationModel model(nullptr, 5);
  for (int i = 0; i < 8; ++i)
    model.addReceived(QByteArray::number(i), 0.5);
  // The five newest, under one note that counts what went.
  QCOMPARE(model.rowCount(), 6);
  QCOMPARE(model.index(0, 0).data(Qt::UserRole).toString(), QStringLiteral("dropped"));
  QVERIFY2(model.index(0, 0).data().toString().contains(QLatin1String("3 older entries dropped")),
           qPrintable(model.index(0, 0).data().toString()));
  for (int row = 1; row < 6; ++row)
    QVERIFY(model.index(row, 0).data().toString().endsWith(QString::number(row + 2)));
  model.addError(QStringLiteral("boom"));
  QCOMPARE(model.rowCount(), 6);
  QVERIFY(model.index(0, 0).data().toString().contains(QLatin1String("4 older entries dropped")));
  QVERIFY(model.index(5, 0).data().toString().endsWith(QStringLiteral("✖ boom")));
  model.clear();
  QCOMPARE(model.rowCount(), 0);
  model.addNotice(QStringLiteral("again"));
  QCOMPARE(model.rowCount(), 1); // no note after a clear
}

void TestClientPanel::testConversationShowsAFloodInBatches() {
  ConversationModel model(nullptr, 100);
  int insertions = 0;
  connect(&model, &QAbstractItemModel::rowsInserted, this, [&] { ++insertions; });
  // A few at a time show at once; a flood waits for its batch, in order, with its own times.
  for (int i = 0; i < ConversationModel::burstSize; ++i)
    model.addReceived(QByteArray::number(i), 0.1);
  QCOMPARE(model.rowCount(), ConversationModel::burstSize);
  for (int i = ConversationModel::burstSize; i < 250; ++i)
    model.addReceived(QByteArray::number(i), 0.1);
  QCOMPARE(model.rowCount(), ConversationModel::burstSize);
  const int before = insertions;
  QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 101, DEADLINE_MS); // the cap and its note
  QVERIFY2(insertions - before <= 2, qPrintable(QString::number(insertions - before)));
  QVERIFY(model.index(0, 0).data().toString().contains(QLatin1String("150 older entries")));
  QVERIFY(model.index(100, 0).data().toString().endsWith(QLatin1String("\n249")));
  // flush() shows what waits at once; clear() forgets it.
  for (int i = 0; i < 40; ++i)
    model.addError(QStringLiteral("e%1").arg(i));
  model.flush();
  QVERIFY(model.index(100, 0).data().toString().endsWith(QLatin1String("e39")));
  for (int i = 0; i < 40; ++i)
    model.addNotice(QStringLiteral("n%1").arg(i));
  model.clear();
  model.flush();
  QCOMPARE(model.rowCount(), 0);
}

void TestClientPanel::testMessageFieldGrowsWithItsLines() {
  QWidget* panel = panel_.get();
  auto* field = child<QPlainTextEdit>(panel, "messageEdit");
  auto* view = conversation(panel);
  const int fieldBefore = field->height();
  const int viewBefore = view->height();
  field->setPlainText(QStringLiteral("one\ntwo\nthree\nfour"));
  QTRY_VERIFY_WITH_TIMEOUT(field->height() > fieldBefore, DEADLINE_MS);
  QVERIFY(view->height() < viewBefore); // the room came from the conversation
  field->setPlainText(QStringLiteral("one"));
  QTRY_COMPARE_WITH_TIMEOUT(field->height(), fieldBefore, DEADLINE_MS);
  QCOMPARE(view->height(), viewBefore);
}

QTEST_MAIN(TestClientPanel)
#include "TestClientPanel.moc"
