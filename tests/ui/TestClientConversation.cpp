// The test client as a person sees it in the main window, at the window's default size and
// dock layout: what was sent and what came back in view beside Send without scrolling, the
// conversation growing with the window, and Alt letters that each do one thing — in English
// and in Simplified Chinese. Real servers on 127.0.0.1:0; every wait has a deadline.
//
// With SOCKETSERVER_CONVERSATION_SCREENSHOTS=<dir> set, `screenshots` also saves the window
// mid-conversation at 1280x800 and 1920x1080 (tests/ui/screenshot-client.sh).
#include "ClientPanel.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "Translations.h"
#include "console_test_support.h"
#include "widget_test_support.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QWheelEvent>

#include <memory>

using namespace ui_test;

namespace {

/// The row of the newest entry of `kind` ("received", "error", ...), -1 when there is none.
int newestOf(QAbstractItemView* view, const QString& kind) {
  for (int row = view->model()->rowCount() - 1; row >= 0; --row)
    if (view->model()->index(row, 0).data(Qt::UserRole).toString() == kind)
      return row;
  return -1;
}

/// Why the rectangle `rect` of `widget` is not wholly on screen in its window, or "" when it
/// is: not clipped by any scroll area or dock on the way up, and inside the window.
QString hiddenPart(QWidget* widget, const QRect& rect) {
  if (!widget->isVisible())
    return QStringLiteral("the widget is hidden");
  const QRegion cut = QRegion(rect) - widget->visibleRegion();
  if (!cut.isEmpty())
    return QStringLiteral("%1 px² of it are clipped")
        .arg(cut.boundingRect().width() * cut.boundingRect().height());
  QWidget* window = widget->window();
  const QRect inWindow(widget->mapTo(window, rect.topLeft()), rect.size());
  if (!window->rect().contains(inWindow))
    return QStringLiteral("it lies outside the window");
  return {};
}

} // namespace

class TestClientConversation : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void cleanup();
  void replyAndErrorInViewBesideSend_data();
  void replyAndErrorInViewBesideSend();
  void mnemonicsUniqueInTheWindow_data();
  void mnemonicsUniqueInTheWindow();
  void wheelLeavesEveryUnfocusedFieldOfTheWindow();
  void screenshots();

private:
  std::unique_ptr<MainWindow> openWindow();
  /// Sends `message` to a new upper-case TCP echo server, then to a bad port; returns the
  /// server's address ("" on failure).
  QString haveConversation(MainWindow& window);

  QTemporaryDir settingsDir_;
};

void TestClientConversation::initTestCase() {
  QVERIFY(settingsDir_.isValid());
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
  QCoreApplication::setOrganizationName(QStringLiteral("SocketServerTest"));
  QCoreApplication::setApplicationName(QStringLiteral("TestClientConversation"));
}

void TestClientConversation::init() { QSettings().clear(); }

void TestClientConversation::cleanup() { Translations::install(QLocale(QLocale::English)); }

std::unique_ptr<MainWindow> TestClientConversation::openWindow() {
  auto window = std::make_unique<MainWindow>();
  window->manager()->removeAll();
  window->show();
  if (!QTest::qWaitForWindowExposed(window.get()))
    return nullptr;
  return window;
}

QString TestClientConversation::haveConversation(MainWindow& window) {
  ServerSpec spec;
  spec.name = QStringLiteral("TCP upper-case echo");
  spec.address = QStringLiteral("127.0.0.1:0");
  spec.handler = ServerSpec::Handler::Upper;
  spec.model = ServerSpec::Model::Threading;
  const int id = window.manager()->add(spec);
  if (!startAndWait(*window.manager(), id))
    return {};
  QString address = window.manager()->find(id)->listeningAddress;
  ClientPanel* panel = window.clientPanel();
  typeInto(panel, "targetEdit", address);
  auto* ending = child<QComboBox>(panel, "lineEndingCombo");
  ending->setCurrentIndex(ending->findData(static_cast<int>(MessageEditor::LineEnding::Lf)));
  typeInto(panel, "messageEdit", QStringLiteral("hello, server"));
  QTest::mouseClick(child<QPushButton>(panel, "sendButton"), Qt::LeftButton);
  if (!waitFor([&] { return panel->replyCount() == 1; }))
    return {};
  typeInto(panel, "targetEdit", QStringLiteral("127.0.0.1:99999"));
  QTest::mouseClick(child<QPushButton>(panel, "sendButton"), Qt::LeftButton);
  return address;
}

void TestClientConversation::replyAndErrorInViewBesideSend_data() {
  QTest::addColumn<QString>("language");
  QTest::newRow("en") << QStringLiteral("en");
  QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestClientConversation::replyAndErrorInViewBesideSend() {
  QFETCH(QString, language);
  Translations::install(QLocale(language));
  auto window = openWindow();
  QVERIFY(window);
  QCOMPARE(window->size(), QSize(1280, 800));
  QVERIFY(!haveConversation(*window).isEmpty());
  ClientPanel* panel = window->clientPanel();
  auto* view = child<QAbstractItemView>(panel, "conversationView");
  auto* send = child<QPushButton>(panel, "sendButton");

  for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
    window->resize(size);
    QTRY_COMPARE_WITH_TIMEOUT(window->size(), size, DEADLINE_MS);
    QCoreApplication::processEvents();
    const QString at = QStringLiteral("%1x%2: ").arg(size.width()).arg(size.height());
    // The panel fits its dock: nothing to scroll to.
    auto* scroll = window->findChild<QScrollArea*>(QStringLiteral("clientScroll"));
    QVERIFY(scroll);
    QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
    QVERIFY2(hiddenPart(send, send->rect()).isEmpty(),
             qPrintable(at + QStringLiteral("Send: ") + hiddenPart(send, send->rect())));
    for (const QString& kind : {QStringLiteral("received"), QStringLiteral("error")}) {
      const int row = newestOf(view, kind);
      QVERIFY2(row >= 0, qPrintable(kind));
      QTRY_VERIFY_WITH_TIMEOUT(
          hiddenPart(view->viewport(), view->visualRect(view->model()->index(row, 0))).isEmpty(),
          DEADLINE_MS);
    }
    // The conversation takes most of what the window gives the panel.
    auto* dock = window->findChild<QDockWidget*>(QStringLiteral("clientDock"));
    const double share = double(view->height()) / dock->height();
    if (size.height() >= 1080)
      QVERIFY2(share > 0.5, qPrintable(at + QString::number(share)));
    else
      QVERIFY2(share > 0.25, qPrintable(at + QString::number(share)));
  }
}

void TestClientConversation::mnemonicsUniqueInTheWindow_data() {
  replyAndErrorInViewBesideSend_data();
}

void TestClientConversation::mnemonicsUniqueInTheWindow() {
  QFETCH(QString, language);
  Translations::install(QLocale(language));
  auto window = openWindow();
  QVERIFY(window);
  // Both message editors in the window at once: the connections panel's Send… part too.
  window->findChild<QAction*>(QStringLiteral("sendAction"))->trigger();

  QMultiMap<QKeySequence, QString> users;
  for (const QAction* menu : window->menuBar()->actions())
    users.insert(QKeySequence::mnemonic(menu->text()), QStringLiteral("menu ") + menu->text());
  for (const QLabel* label : window->findChildren<QLabel*>())
    if (label->buddy())
      users.insert(QKeySequence::mnemonic(label->text()), QStringLiteral("label ") + label->text());
  for (const QAbstractButton* button : window->findChildren<QAbstractButton*>())
    users.insert(QKeySequence::mnemonic(button->text()),
                 QStringLiteral("button ") + button->text());
  QStringList clashes;
  for (const QKeySequence& key : users.uniqueKeys())
    if (!key.isEmpty() && users.count(key) > 1)
      clashes << key.toString() + QStringLiteral(": ") +
                     users.values(key).join(QLatin1String(", "));
  QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1String("; "))));
  QVERIFY(users.size() > 20); // the walk found the window's labels and buttons
}

void TestClientConversation::wheelLeavesEveryUnfocusedFieldOfTheWindow() {
  auto window = openWindow();
  QVERIFY(window);
  window->findChild<QAction*>(QStringLiteral("sendAction"))->trigger();
  QList<QWidget*> fields;
  for (QAbstractSpinBox* spin : window->findChildren<QAbstractSpinBox*>())
    fields << spin;
  for (QComboBox* combo : window->findChildren<QComboBox*>())
    fields << combo;
  QVERIFY(fields.size() >= 8); // the log's, the connections panel's and the client's
  if (QWidget* focused = QApplication::focusWidget())
    focused->clearFocus(); // the person is in none of them
  for (QWidget* field : fields) {
    QVERIFY2(field->focusPolicy() == Qt::StrongFocus, qPrintable(field->objectName()));
    auto* spin = qobject_cast<QAbstractSpinBox*>(field);
    auto* combo = qobject_cast<QComboBox*>(field);
    const QString before = spin ? spin->text() : QString::number(combo->currentIndex());
    const QPoint centre = field->rect().center();
    for (const int delta : {120, -120}) {
      QWheelEvent wheel(centre, field->mapToGlobal(centre), QPoint(), QPoint(0, delta),
                        Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
      QApplication::sendEvent(field, &wheel);
      QVERIFY2(!wheel.isAccepted(), qPrintable(field->objectName())); // passed on
    }
    const QString after = spin ? spin->text() : QString::number(combo->currentIndex());
    QCOMPARE(after, before);
  }
}

void TestClientConversation::screenshots() {
  const QString dir = qEnvironmentVariable("SOCKETSERVER_CONVERSATION_SCREENSHOTS");
  if (dir.isEmpty())
    QSKIP("set SOCKETSERVER_CONVERSATION_SCREENSHOTS=<dir> to save the screenshots");
  const QString language = qEnvironmentVariable("SOCKETSERVER_SCREENSHOT_LANGUAGE");
  if (!language.isEmpty())
    QVERIFY(Translations::install(QLocale(language)));
  auto window = openWindow();
  QVERIFY(window);
  QVERIFY(!haveConversation(*window).isEmpty());
  // The log and the servers table have caught up with the conversation.
  QTRY_VERIFY_WITH_TIMEOUT(window->logModel()->rowCount() >= 4, DEADLINE_MS);
  const QString suffix = language.isEmpty() ? QString() : QLatin1Char('-') + language;
  for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
    window->resize(size);
    QTRY_COMPARE_WITH_TIMEOUT(window->size(), size, DEADLINE_MS);
    QCoreApplication::processEvents();
    const QString file = QStringLiteral("%1/client-conversation%2-%3x%4.png")
                             .arg(dir, suffix)
                             .arg(size.width())
                             .arg(size.height());
    QVERIFY(window->grab().save(file));
  }
}

QTEST_MAIN(TestClientConversation)
#include "TestClientConversation.moc"
