// The request log as a person reads it, driven through the main window's widgets (offscreen)
// with rows from real UDP echo servers on 127.0.0.1: the filter's regular expression anchors
// to one field (payload, peer or any), a message about a bad expression goes when it is fixed,
// the detail pane shows a selected row's payload whole (text, hex + ASCII with offsets) and
// copies it in five forms (checked on the clipboard), the "rows dropped" notice leaves the
// tool bar's Keep and Capture in view at 1280 px in English and Chinese, and the export
// writes the rows, payload form and event words the view shows.
//
// With SOCKETSERVER_SCREENSHOT_DIR set, `screenshot` saves the window with the log full and a
// row in the detail pane there, at 1280x800 and 1920x1080 (SOCKETSERVER_SCREENSHOT_LANGUAGE=
// zh_CN: in Chinese); tests/ui/screenshot-log-detail.sh runs it for docs/.
#include "ByteFormats.h"
#include "ByteText.h"
#include "LogFilterModel.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerProfile.h"
#include "Translations.h"
#include "console_test_support.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <memory>

using namespace ui_test;

namespace {

// Every byte a literal must escape: NUL, both quotes, backslash, newline, UTF-8 (é) and a
// byte that is not UTF-8 (ff) followed by a hex digit, then enough to need a second dump line.
const QByteArray kAwkward = QByteArray("q\0\"'\\\n\xc3\xa9\xff", 9) + "70123456789ABCDEF";

} // namespace

class TestLogDetail : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void cleanup();
  void regexAnchorsToThePayload();
  void filterFieldChoosesWhatMatches();
  void invalidExpressionMessageGoesWhenFixed();
  void detailPaneShowsTheWholePayload();
  void detailPaneCopiesFiveForms();
  void detailPaneSaysWhenTheCaptureCapCut();
  void byteFormatsEdgeCases();
  void droppedNoticeLeavesKeepAndCaptureInView_data();
  void droppedNoticeLeavesKeepAndCaptureInView();
  void exportWritesWhatTheViewShows();
  void screenshot();

private:
  std::unique_ptr<MainWindow> openWindow();
  /// openWindow() with a UDP echo server "alpha" listening on 127.0.0.1, its id in `id`;
  /// nullptr when either fails.
  std::unique_ptr<MainWindow> openServingWindow(int* id);
  /// A UDP client of server `id`.
  static Socket clientOf(MainWindow& window, int id);
  /// Datagrams, a JSON line and an HTTP request to the starter servers (for the screenshots).
  static void playSampleTraffic(const ServerManager& manager);
  /// Sends `payload` from `client` to server `id` and waits for the echo.
  static bool echo(MainWindow& window, int id, Socket& client, const QByteArray& payload);
  /// The row the log view shows for the received `payload`, -1 when there is none.
  static int shownRowOf(MainWindow& window, const QByteArray& payload);
  /// Shows the rows whose `field` matches `text` (as a regular expression when `regex`).
  static void filterBy(MainWindow& window, LogFilterModel::Field field, const QString& text,
                       bool regex);
  template <class T> static T* child(MainWindow& window, const char* name) {
    return window.findChild<T*>(QLatin1String(name));
  }

  QTemporaryDir settingsDir_;
  QTemporaryDir files_;
};

void TestLogDetail::initTestCase() {
  QVERIFY(settingsDir_.isValid());
  QVERIFY(files_.isValid());
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServerTest"));
  QCoreApplication::setApplicationName(QStringLiteral("TestLogDetail"));
}

void TestLogDetail::init() { QSettings().clear(); }

void TestLogDetail::cleanup() { Translations::install(QLocale(QLocale::English)); }

std::unique_ptr<MainWindow> TestLogDetail::openWindow() {
  auto window = std::make_unique<MainWindow>();
  window->manager()->removeAll();
  window->resize(1280, 800);
  window->show();
  if (!QTest::qWaitForWindowExposed(window.get()))
    return nullptr;
  return window;
}

std::unique_ptr<MainWindow> TestLogDetail::openServingWindow(int* id) {
  auto window = openWindow();
  if (!window)
    return nullptr;
  ServerSpec spec;
  spec.name = QStringLiteral("alpha");
  spec.kind = ServerSpec::Kind::Udp;
  spec.address = QStringLiteral("127.0.0.1:0");
  *id = window->manager()->add(spec);
  return startAndWait(*window->manager(), *id) ? std::move(window) : nullptr;
}

Socket TestLogDetail::clientOf(MainWindow& window, int id) {
  return datagramClient(Address(window.manager()->find(id)->listeningAddress.toStdString()));
}

bool TestLogDetail::echo(MainWindow& window, int id, Socket& client, const QByteArray& payload) {
  const Address server(window.manager()->find(id)->listeningAddress.toStdString());
  client.sendto(payload.toStdString(), server);
  if (client.recvfrom(65536).first != payload.toStdString())
    return false;
  return waitFor([&] { return shownRowOf(window, payload) >= 0; });
}

int TestLogDetail::shownRowOf(MainWindow& window, const QByteArray& payload) {
  const LogFilterModel* filter = window.logFilter();
  for (int row = 0; row < filter->rowCount(); ++row) {
    const ConsoleEvent& e =
        window.logModel()->rowAt(filter->mapToSource(filter->index(row, 0)).row()).event;
    if (e.kind == ConsoleEvent::Kind::Received && e.payload == payload)
      return row;
  }
  return -1;
}

void TestLogDetail::filterBy(MainWindow& window, LogFilterModel::Field field, const QString& text,
                             bool regex) {
  auto* fieldCombo = child<QComboBox>(window, "filterFieldCombo");
  QVERIFY(fieldCombo);
  const int index = fieldCombo->findData(static_cast<int>(field));
  QVERIFY(index >= 0);
  fieldCombo->setCurrentIndex(index);
  child<QCheckBox>(window, "regexCheck")->setChecked(regex);
  auto* edit = child<QLineEdit>(window, "filterEdit");
  edit->clear();
  QTest::keyClicks(edit, text);
}

void TestLogDetail::regexAnchorsToThePayload() {
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  Socket client = clientOf(*window, id);
  for (const QByteArray& payload : {QByteArray("abc"), QByteArray("xabcx"), QByteArray("abc\n")})
    QVERIFY(echo(*window, id, client, payload));

  // ^ and $ anchor to the payload alone: "abc" (received and echoed), not "xabcx" or "abc\n".
  for (const LogFilterModel::Field field :
       {LogFilterModel::Field::Any, LogFilterModel::Field::Payload}) {
    filterBy(*window, field, QStringLiteral("^abc$"), true);
    QCOMPARE(window->logFilter()->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
      QCOMPARE(window->logFilter()->index(row, LogModel::Payload).data().toString(),
               QStringLiteral("abc"));
  }
  // The payload as the column shows it: the newline is the escape \n there.
  filterBy(*window, LogFilterModel::Field::Payload, QStringLiteral("^abc\\\\n$"), true);
  QCOMPARE(window->logFilter()->rowCount(), 2);
  QCOMPARE(shownRowOf(*window, "abc\n"), 0);
}

void TestLogDetail::filterFieldChoosesWhatMatches() {
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  Socket first = clientOf(*window, id);
  Socket second = clientOf(*window, id);
  QVERIFY(echo(*window, id, first, "abc"));
  QVERIFY(echo(*window, id, second, "xabcx"));
  // The client socket is bound to any address; the server sees it from 127.0.0.1.
  const QString firstPeer = QStringLiteral("127.0.0.1:%1").arg(first.getsockname().port());
  const int all = 1 + 2 * 4; // started, then opened, received, sent, closed a datagram
  QTRY_COMPARE_WITH_TIMEOUT(window->logFilter()->rowCount(), all, DEADLINE_MS);

  using F = LogFilterModel::Field;
  filterBy(*window, F::Payload, QStringLiteral("abc"), false);
  QCOMPARE(window->logFilter()->rowCount(), 4); // received and sent, twice
  filterBy(*window, F::Peer, QStringLiteral("abc"), false);
  QCOMPARE(window->logFilter()->rowCount(), 0);

  // The peer: every row of the first client's datagram, none of the second's.
  filterBy(*window, F::Peer,
           QStringLiteral("^") + QRegularExpression::escape(firstPeer) + QStringLiteral("$"), true);
  QCOMPARE(window->logFilter()->rowCount(), 4);
  for (int row = 0; row < 4; ++row)
    QVERIFY(window->logFilter()->index(row, LogModel::Peer).data().toString().endsWith(firstPeer));
  filterBy(*window, F::Payload, firstPeer, false);
  QCOMPARE(window->logFilter()->rowCount(), 0);

  // Any field: the server's name is one, matched on its own (anchored).
  filterBy(*window, F::Any, QStringLiteral("^alpha$"), true);
  QCOMPARE(window->logFilter()->rowCount(), all);
  filterBy(*window, F::Payload, QStringLiteral("alpha"), false);
  QCOMPARE(window->logFilter()->rowCount(), 0);
}

void TestLogDetail::invalidExpressionMessageGoesWhenFixed() {
  auto window = openWindow();
  QVERIFY(window);
  auto* edit = child<QLineEdit>(*window, "filterEdit");
  const QString usualTip = edit->toolTip();
  auto* error = child<QLabel>(*window, "filterErrorLabel");
  QVERIFY(error);
  QVERIFY(error->isHidden());

  filterBy(*window, LogFilterModel::Field::Any, QStringLiteral("(("), true);
  QVERIFY(error->isVisible());
  QVERIFY2(error->toolTip().contains(QLatin1String("Invalid regular expression")),
           qPrintable(error->toolTip()));
  QCOMPARE(edit->toolTip(), error->toolTip());

  // Fixed: the message, its red and its tool tip go, here and in the status bar.
  QTest::keyClicks(edit, QStringLiteral("a))"));
  QCOMPARE(edit->text(), QStringLiteral("((a))"));
  QVERIFY(error->isHidden());
  QCOMPARE(edit->toolTip(), usualTip);
  QVERIFY(edit->styleSheet().isEmpty());
  QVERIFY(!window->statusBar()->currentMessage().contains(QLatin1String("Invalid")));

  // Leaving regular expressions also makes the text valid.
  edit->setText(QStringLiteral("(("));
  QVERIFY(error->isVisible());
  child<QCheckBox>(*window, "regexCheck")->setChecked(false);
  QVERIFY(error->isHidden());
  QCOMPARE(edit->toolTip(), usualTip);
}

void TestLogDetail::detailPaneShowsTheWholePayload() {
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  Socket client = clientOf(*window, id);
  QVERIFY(echo(*window, id, client, kAwkward));

  auto* text = child<QPlainTextEdit>(*window, "detailTextView");
  auto* hex = child<QPlainTextEdit>(*window, "detailHexView");
  QVERIFY(text && hex);
  QVERIFY(text->isVisible() && hex->isVisible());
  window->logView()->selectRow(shownRowOf(*window, kAwkward));

  // The escaped text, with a line break after each \n so that lines read as lines.
  QCOMPARE(text->toPlainText(), QStringLiteral("q\\0\"'\\\\\\n\n") + QChar(0xe9) +
                                    QStringLiteral("\\xff70123456789ABCDEF"));
  // Offsets, sixteen bytes a line in two groups of eight, and the ASCII column.
  QCOMPARE(hex->toPlainText(),
           QStringLiteral("00000000  71 00 22 27 5c 0a c3 a9  ff 37 30 31 32 33 34 35  "
                          "|q.\"'\\....7012345|\n"
                          "00000010  36 37 38 39 41 42 43 44  45 46 ") +
               QString(qsizetype{6} * 3, QLatin1Char(' ')) + QStringLiteral(" |6789ABCDEF|"));
  auto* summary = child<QLabel>(*window, "detailSummaryLabel");
  QVERIFY(summary && child<QLabel>(*window, "detailCutLabel"));
  QVERIFY2(summary->text().contains(QLatin1String("26 bytes")), qPrintable(summary->text()));
  QVERIFY(child<QLabel>(*window, "detailCutLabel")->isHidden());

  // A row without a payload shows its detail; no selection shows neither.
  filterBy(*window, LogFilterModel::Field::Any, QStringLiteral("started"), false);
  QCOMPARE(window->logFilter()->rowCount(), 1);
  window->logView()->selectRow(0);
  QCOMPARE(text->toPlainText(), window->manager()->find(id)->listeningAddress);
  QVERIFY(hex->toPlainText().isEmpty());
  window->logView()->clearSelection();
  QVERIFY(text->toPlainText().isEmpty());
}

void TestLogDetail::detailPaneCopiesFiveForms() {
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  Socket client = clientOf(*window, id);
  QVERIFY(echo(*window, id, client, kAwkward));
  window->logView()->selectRow(shownRowOf(*window, kAwkward));

  const std::pair<const char*, QString> forms[] = {
      {"copyTextAction",
       QStringLiteral("q\\0\"'\\\\\\n") + QChar(0xe9) + QStringLiteral("\\xff70123456789ABCDEF")},
      {"copyHexAction", QStringLiteral("71 00 22 27 5c 0a c3 a9 ff 37 30 31 32 33 34 35 36 37 38 "
                                       "39 41 42 43 44 45 46")},
      // \xff then "7": a new literal, or the compiler would read \xff7.
      {"copyCStringAction",
       QStringLiteral("\"q\\x00\\\"'\\\\\\n\\xc3\\xa9\\xff\" \"70123456789ABCDEF\"")},
      {"copyCArrayAction",
       QStringLiteral("{0x71, 0x00, 0x22, 0x27, 0x5c, 0x0a, 0xc3, 0xa9, 0xff, 0x37, 0x30, 0x31, "
                      "0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x44, "
                      "0x45, 0x46}")},
      {"copyPythonAction",
       QStringLiteral("b'q\\x00\"\\'\\\\\\n\\xc3\\xa9\\xff70123456789ABCDEF'")}};
  QClipboard* clipboard = QApplication::clipboard();
  for (const auto& [name, expected] : forms) {
    clipboard->clear();
    QAction* copy = child<QAction>(*window, name);
    QVERIFY2(copy, name);
    QVERIFY2(copy->isEnabled(), name);
    copy->trigger();
    QCOMPARE(clipboard->text(), expected);
    QVERIFY2(window->statusBar()->currentMessage().contains(QLatin1String("26 bytes")),
             qPrintable(window->statusBar()->currentMessage()));
  }
  // The text copy is what the test client's Text mode reads back as the same bytes.
  QCOMPARE(ByteText::fromEscaped(forms[0].second), std::optional<QByteArray>(kAwkward));

  // Nothing selected: nothing to copy.
  window->logView()->clearSelection();
  for (const auto& [name, expected] : forms)
    QVERIFY2(!child<QAction>(*window, name)->isEnabled(), name);
}

void TestLogDetail::detailPaneSaysWhenTheCaptureCapCut() {
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  child<QSpinBox>(*window, "payloadCapSpin")->setValue(8);
  Socket client = clientOf(*window, id);
  const QByteArray whole = "0123456789abcdefghij";
  QVERIFY(echo(*window, id, client, whole.left(8)));
  window->logView()->selectRow(shownRowOf(*window, whole.left(8)));
  auto* cut = child<QLabel>(*window, "detailCutLabel");
  QVERIFY(cut);
  QVERIFY(cut->isHidden()); // 8 bytes captured whole

  const Address server(window->manager()->find(id)->listeningAddress.toStdString());
  client.sendto(whole.toStdString(), server);
  QCOMPARE(client.recvfrom(4096).first, whole.toStdString());
  int row = -1;
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        for (int r = 0; r < window->logFilter()->rowCount(); ++r)
          if (window->logFilter()->index(r, LogModel::Size).data().toString() ==
              QLatin1String("20"))
            row = r;
        return row >= 0;
      }(),
      DEADLINE_MS);
  window->logView()->selectRow(row);
  QVERIFY(cut->isVisible());
  QVERIFY2(cut->text().contains(QLatin1String("8 of 20 bytes")), qPrintable(cut->text()));
  QCOMPARE(child<QPlainTextEdit>(*window, "detailTextView")->toPlainText(),
           QStringLiteral("01234567"));
}

void TestLogDetail::byteFormatsEdgeCases() {
  QCOMPARE(ByteFormats::hexDump({}), QString());
  QCOMPARE(ByteFormats::cString({}), QStringLiteral("\"\""));
  QCOMPARE(ByteFormats::cArray({}), QStringLiteral("{}"));
  QCOMPARE(ByteFormats::pythonBytes({}), QStringLiteral("b''"));
  // A hex digit after \xNN starts a new literal; other characters do not need to.
  QCOMPARE(ByteFormats::cString(QByteArray::fromHex("01610167014601")), // 01 a 01 g 01 F 01
           QStringLiteral("\"\\x01\" \"a\\x01g\\x01\" \"F\\x01\""));
  // No trigraph: "??=" is "#" to an old C compiler.
  QCOMPARE(ByteFormats::cString(QByteArray("a?") + "?=b???"), // split: no trigraph here either
           QStringLiteral("\"a?\\?=b?\\?\\?\""));
  QCOMPARE(ByteFormats::cString("tab\tcr\r"), QStringLiteral("\"tab\\tcr\\r\""));
  QCOMPARE(ByteFormats::pythonBytes("\"\x7f\x80"), QStringLiteral("b'\"\\x7f\\x80'"));
  // Narrower lines keep their groups of eight and pad the last line's hex.
  QCOMPARE(ByteFormats::hexDump("abcdefghij", 4), QStringLiteral("00000000  61 62 63 64  |abcd|\n"
                                                                 "00000004  65 66 67 68  |efgh|\n"
                                                                 "00000008  69 6a        |ij|\n"));
  // The conversation's compact layout: short offsets, no groups or bars, no padding on one line.
  using ByteFormats::HexLayout;
  QCOMPARE(ByteFormats::hexDump("hi\t", 16, HexLayout::Compact),
           QStringLiteral("0000  68 69 09  hi."));
  QCOMPARE(ByteFormats::hexDump("abcdefghij", 8, HexLayout::Compact),
           QStringLiteral("0000  61 62 63 64 65 66 67 68  abcdefgh\n"
                          "0008  69 6a                    ij")); // the ASCII lines up
  QCOMPARE(ByteFormats::hexDump(QByteArray(0x10001, 'x'), 16, HexLayout::Compact).left(6),
           QStringLiteral("00000 "));
}

void TestLogDetail::droppedNoticeLeavesKeepAndCaptureInView_data() {
  QTest::addColumn<QString>("language");
  QTest::newRow("en") << QStringLiteral("en");
  QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestLogDetail::droppedNoticeLeavesKeepAndCaptureInView() {
  QFETCH(QString, language);
  QCOMPARE(Translations::install(QLocale(language)), language != QLatin1String("en"));
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  QCOMPARE(window->size(), QSize(1280, 800));
  auto* capacity = child<QSpinBox>(*window, "capacitySpin");
  capacity->setValue(capacity->minimum()); // 100 rows
  Socket client = clientOf(*window, id);
  for (int i = 0; i < 40; ++i) // 4 rows a datagram: 160 rows into a log of 100
    QVERIFY(echo(*window, id, client, QByteArray::number(i)));
  auto* dropped = child<QLabel>(*window, "droppedLabel");
  QTRY_VERIFY_WITH_TIMEOUT(dropped->isVisible(), DEADLINE_MS);
  QVERIFY(window->logModel()->droppedCount() > 0);
  QVERIFY2(dropped->toolTip().contains(QLocale().toString(window->logModel()->droppedCount())),
           qPrintable(dropped->toolTip()));

  auto* toolBar = child<QToolBar>(*window, "logToolBar");
  auto* overflow = toolBar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
  QVERIFY(overflow);
  QVERIFY(!overflow->isVisible());
  for (const char* name : {"keepLabel", "capacitySpin", "captureLabel", "payloadCapSpin"}) {
    auto* widget = toolBar->findChild<QWidget*>(QLatin1String(name));
    QVERIFY2(widget && widget->isVisible(), name);
    const QRect inBar(widget->mapTo(toolBar, QPoint(0, 0)), widget->size());
    QVERIFY2(toolBar->rect().contains(inBar), name);
  }
  // The notice itself is inside the panel, not cut off at its edge.
  QWidget* panel = window->centralWidget();
  QVERIFY(panel->rect().contains(QRect(dropped->mapTo(panel, QPoint(0, 0)), dropped->size())));
}

void TestLogDetail::exportWritesWhatTheViewShows() {
  int id = 0;
  auto window = openServingWindow(&id);
  QVERIFY(window);
  Socket client = clientOf(*window, id);
  for (const QByteArray& payload : {QByteArray("one"), QByteArray("two\x01"), QByteArray("three")})
    QVERIFY(echo(*window, id, client, payload));
  QTRY_COMPARE_WITH_TIMEOUT(window->logModel()->rowCount(), 13, DEADLINE_MS);
  // With Hex on, the filter too reads the payload in hex, as the view shows it: "t" is 74.
  window->findChild<QAction*>(QStringLiteral("hexAction"))->setChecked(true);
  filterBy(*window, LogFilterModel::Field::Payload, QStringLiteral("^74 "), true);
  QCOMPARE(window->logFilter()->rowCount(), 4); // two and three, received and sent

  // Through the real dialog, whose message says which rows and which payload form.
  const QString csvPath = files_.filePath(QStringLiteral("shown.csv"));
  QTimer::singleShot(0, this, [&] {
    for (QWidget* top : QApplication::topLevelWidgets())
      if (auto* dialog = qobject_cast<QFileDialog*>(top); dialog && dialog->isVisible()) {
        dialog->selectFile(csvPath);
        static_cast<QDialog*>(dialog)->accept(); // QDialog's public slot: Save
      }
  });
  window->findChild<QAction*>(QStringLiteral("exportAction"))->trigger();
  const QString said = window->statusBar()->currentMessage();
  QVERIFY2(said.contains(QLatin1String("4 of 13 rows")) && said.contains(QLatin1String("hex")),
           qPrintable(said));

  QFile csv(csvPath);
  QVERIFY(csv.open(QIODevice::ReadOnly));
  QList<QByteArray> lines = csv.readAll().split('\n');
  QCOMPARE(lines.takeLast(), QByteArray());
  QCOMPARE(lines.size(), 1 + 4);
  QCOMPARE(lines.at(0), QByteArray("time,server,request,peer,event,size,payload_hex\r"));
  for (int row = 0; row < 4; ++row) {
    const QList<QByteArray> cells = lines.at(row + 1).chopped(1).split(',');
    QCOMPARE(cells.size(), 7);
    QCOMPARE(QString::fromUtf8(cells.at(4)),
             window->logFilter()->index(row, LogModel::Event).data().toString());
    QCOMPARE(QString::fromUtf8(cells.at(6)),
             window->logFilter()->index(row, LogModel::Payload).data().toString());
  }
  QCOMPARE(lines.at(1).chopped(1).split(',').at(6), QByteArray("74 77 6f 01"));

  // JSON Lines: the same rows, hex, and the window's word for each event beside its token.
  const QString jsonPath = files_.filePath(QStringLiteral("shown.jsonl"));
  QString error;
  QVERIFY2(window->exportLog(jsonPath, MainWindow::ExportFormat::JsonLines, &error),
           qPrintable(error));
  QFile jsonl(jsonPath);
  QVERIFY(jsonl.open(QIODevice::ReadOnly));
  const QList<QByteArray> records = jsonl.readAll().trimmed().split('\n');
  QCOMPARE(records.size(), 4);
  for (int row = 0; row < 4; ++row) {
    const QJsonObject record = QJsonDocument::fromJson(records.at(row)).object();
    QCOMPARE(record.value(QLatin1String("label")).toString(),
             window->logFilter()->index(row, LogModel::Event).data().toString());
    QVERIFY(!record.contains(QLatin1String("payload")));
    QVERIFY(record.contains(QLatin1String("payloadHex")));
  }
  QCOMPARE(QJsonDocument::fromJson(records.at(2)).object().value(QLatin1String("payloadHex")),
           QJsonValue(QStringLiteral("7468726565")));
}

void TestLogDetail::playSampleTraffic(const ServerManager& manager) {
  // Rows of the starter profile: 1 UDP upper-case echo, 4 thread-pool echo, 5 HTTP hello.
  const Address udpServer(manager.at(1).listeningAddress.toStdString());
  Socket udp = datagramClient(udpServer);
  for (int i = 0; i < 30; ++i) {
    udp.sendto("tick " + std::to_string(i), udpServer);
    udp.recvfrom(4096);
  }
  std::string binary = "\x01\x02 binary \xff\xfe";
  binary += '\0';
  udp.sendto(binary, udpServer);
  udp.recvfrom(4096);
  Socket pool = connectStream(manager.at(4).listeningAddress);
  pool.sendall("{\"cmd\": \"status\", \"id\": 7}\n");
  recvUntil(pool, "\n");
  Socket http = connectStream(manager.at(5).listeningAddress);
  http.sendall("GET /status HTTP/1.0\r\nHost: localhost\r\nUser-Agent: curl/8.5.0\r\n\r\n");
  recvAll(http);
}

void TestLogDetail::screenshot() {
  const QString dir = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_DIR");
  if (dir.isEmpty())
    QSKIP("set SOCKETSERVER_SCREENSHOT_DIR=<dir> to save screenshots of the log's detail pane");
  const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
  if (!language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  auto window = openWindow();
  QVERIFY(window);
  ServerManager& manager = *window->manager();
  // The starter servers, on ports of their own so that nothing else running is disturbed.
  for (ServerSpec spec : ServerProfile::starterProfile()) {
    spec.address = QStringLiteral("127.0.0.1:0");
    QVERIFY(startAndWait(manager, manager.add(spec)));
  }
  child<QSpinBox>(*window, "capacitySpin")->setValue(100); // full soon: the notice shows
  playSampleTraffic(manager);
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        const LogModel* log = window->logModel();
        return log->rowCount() > 0 &&
               log->rowAt(log->rowCount() - 1).event.serverId == manager.at(5).id &&
               log->rowAt(log->rowCount() - 1).event.kind == ConsoleEvent::Kind::Finished;
      }(),
      DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(*window, "droppedLabel")->isVisible(), DEADLINE_MS);
  int request = -1;
  for (int row = 0; row < window->logFilter()->rowCount(); ++row)
    if (window->logFilter()
            ->index(row, LogModel::Payload)
            .data()
            .toString()
            .startsWith(QLatin1String("GET /status")))
      request = row;
  QVERIFY(request >= 0);
  window->logView()->selectRow(request);
  window->logView()->scrollToBottom();
  const QString prefix =
      language.isEmpty() ? QStringLiteral("log-detail") : QStringLiteral("log-detail-") + language;
  for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
    window->resize(size);
    QTRY_COMPARE(window->size(), size);
    // The views show or hide their scroll bars a moment after a resize: wait for that.
    for (const char* name : {"detailTextView", "detailHexView"}) {
      const QScrollBar* bar = child<QPlainTextEdit>(*window, name)->verticalScrollBar();
      QTRY_COMPARE(bar->isVisible(), bar->maximum() > 0);
    }
    const QString file =
        QStringLiteral("%1/%2-%3x%4.png").arg(dir, prefix).arg(size.width()).arg(size.height());
    QVERIFY(window->grab().save(file));
    qInfo() << "saved" << file;
  }
  // A bad expression on the status line, for a look (not for docs/): next to it, in /tmp.
  filterBy(*window, LogFilterModel::Field::Payload, QStringLiteral("^GET (/"), true);
  QVERIFY(child<QLabel>(*window, "filterErrorLabel")->isVisible());
  window->resize(1280, 800);
  QTRY_COMPARE(window->size(), QSize(1280, 800));
  QVERIFY(window->centralWidget()->grab().save(
      QDir::temp().filePath(prefix + QStringLiteral("-filter-error.png"))));
}

QTEST_MAIN(TestLogDetail)
#include "TestLogDetail.moc"
