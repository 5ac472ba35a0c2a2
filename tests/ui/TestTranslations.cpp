// The Simplified Chinese translation, checked on the real widgets (offscreen): the main
// window, its docks (test client included), the server editor and the About box are built
// once in English and once in zh_CN, and every visible string is walked — titles, menus and
// actions, labels, buttons, check boxes, group boxes, combo items, placeholders, spin box
// suffixes, tab texts, tool tips, table headers and the servers table's label columns. A
// string with Latin letters must differ from its English twin (it was translated) unless the
// short allow-list below says why it is the same in both languages. A string left out of tr()
// is the same in both, so it fails; checkerCatchesAStringNotWrappedInTr() proves the walk does.
// SOCKETSERVER_DUMP_WALK=1 prints the main window's walk (where | English | Chinese) for review.
#include "ClientPanel.h"
#include "ConnectionsModel.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "ServerEditorDialog.h"
#include "ServerManager.h"
#include "ServerProfile.h"
#include "ServersModel.h"
#include "Translations.h"
#include "console_test_support.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolBar>
#include <QXmlStreamReader>
#include <QtTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace {

/// One visible string: where it was found, and its text.
struct Shown {
  QString where;
  QString text;
};
using Walk = QList<Shown>;

/// The same in English and in Chinese, on purpose. Whole strings only, each with its reason.
const std::pair<const char*, const char*> kSameInBothLanguages[] = {
    {"TCP", "protocol name"},
    {"UDP", "protocol name"},
    {"TLS", "protocol name"},
    {"English", "the language menu names each language in itself"},
    {"LF (\\n)", "line-ending names and their escapes"},
    {"CRLF (\\r\\n)", "line-ending names and their escapes"},
    {"127.0.0.1:9999", "example address (placeholder)"},
    {"/tmp/server.sock", "example socket path (placeholder)"},
    {"/path/to/server.sock", "example socket path (placeholder)"},
};

/// The machine's network interface names ("lo", "eth0") are data the interface choosers list,
/// not words: the same in every language.
bool isInterfaceName(const QString& text) {
  return QNetworkInterface::interfaceFromName(text).isValid();
}

bool sameOnPurpose(const QString& text) {
  return std::any_of(std::begin(kSameInBothLanguages), std::end(kSameInBothLanguages),
                     [&](const auto& entry) { return text == QLatin1String(entry.first); });
}

/// What a reader sees: rich text without its tags, mnemonics without their '&'.
QString plain(const QString& text) {
  QString shown =
      Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
  shown.replace(QLatin1String("&&"), QLatin1String("\x01"));
  shown.remove(QLatin1Char('&'));
  shown.replace(QLatin1Char('\x01'), QLatin1Char('&'));
  return shown.trimmed();
}

bool hasLatinLetters(const QString& text) {
  static const QRegularExpression latin(QStringLiteral("[A-Za-z]"));
  return text.contains(latin);
}

QString nameOf(const QObject* object) {
  const QString name = object->objectName();
  return QLatin1String(object->metaObject()->className()) +
         (name.isEmpty() ? QString() : QLatin1Char('#') + name);
}

void add(Walk& walk, const QObject* object, const char* what, const QString& text) {
  if (!plain(text).isEmpty())
    walk.append({nameOf(object) + QLatin1Char('.') + QLatin1String(what), text});
}

void walkAction(Walk& walk, const QAction* action) {
  if (action->isSeparator())
    return;
  add(walk, action, "text", action->text());
  add(walk, action, "toolTip", action->toolTip());
  add(walk, action, "statusTip", action->statusTip());
}

/// Every visible string of `root` and its children, in a stable order (the widget tree's).
Walk walkWidgets(QWidget* root) {
  Walk walk;
  QList<QWidget*> widgets{root};
  widgets += root->findChildren<QWidget*>();
  for (QWidget* w : std::as_const(widgets)) {
    if (w->isWindow())
      add(walk, w, "windowTitle", w->windowTitle());
    add(walk, w, "toolTip", w->toolTip());
    add(walk, w, "statusTip", w->statusTip());
    add(walk, w, "whatsThis", w->whatsThis());
    for (const QAction* action : w->actions())
      walkAction(walk, action);
    if (auto* label = qobject_cast<QLabel*>(w))
      add(walk, w, "text", label->text());
    if (auto* button = qobject_cast<QAbstractButton*>(w))
      add(walk, w, "text", button->text());
    if (auto* box = qobject_cast<QGroupBox*>(w))
      add(walk, w, "title", box->title());
    if (auto* dock = qobject_cast<QDockWidget*>(w))
      add(walk, w, "windowTitle", dock->windowTitle());
    if (auto* toolBar = qobject_cast<QToolBar*>(w))
      add(walk, w, "windowTitle", toolBar->windowTitle());
    if (auto* menu = qobject_cast<QMenu*>(w))
      add(walk, w, "title", menu->title());
    if (auto* edit = qobject_cast<QLineEdit*>(w))
      add(walk, w, "placeholderText", edit->placeholderText());
    if (auto* edit = qobject_cast<QPlainTextEdit*>(w))
      add(walk, w, "placeholderText", edit->placeholderText());
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(w))
      add(walk, w, "specialValueText", spin->specialValueText());
    if (auto* spin = qobject_cast<QSpinBox*>(w)) {
      add(walk, w, "prefix", spin->prefix());
      add(walk, w, "suffix", spin->suffix());
    }
    if (auto* progress = qobject_cast<QProgressBar*>(w))
      add(walk, w, "format", progress->format());
    if (auto* combo = qobject_cast<QComboBox*>(w)) {
      for (int i = 0; i < combo->count(); ++i) {
        if (!isInterfaceName(combo->itemText(i)))
          add(walk, w, "item", combo->itemText(i));
        add(walk, w, "itemToolTip", combo->itemData(i, Qt::ToolTipRole).toString());
      }
    }
    if (auto* tabs = qobject_cast<QTabBar*>(w)) {
      for (int i = 0; i < tabs->count(); ++i) {
        add(walk, w, "tabText", tabs->tabText(i));
        add(walk, w, "tabToolTip", tabs->tabToolTip(i));
      }
    }
    if (auto* table = qobject_cast<QTableView*>(w)) {
      const QAbstractItemModel* model = table->model();
      for (int c = 0; c < model->columnCount(); ++c) {
        add(walk, w, "header", model->headerData(c, Qt::Horizontal).toString());
        add(walk, w, "headerToolTip",
            model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
      }
    }
  }
  return walk;
}

/// The servers table's label columns (kind, model, handler, state) for every row: words the
/// console writes, unlike the names and addresses next to them.
Walk walkServerLabels(const MainWindow& window) {
  Walk walk;
  const ServersModel* model = window.serversModel();
  for (int row = 0; row < model->rowCount(); ++row) {
    for (int column :
         {ServersModel::Kind, ServersModel::Model, ServersModel::Handler, ServersModel::State}) {
      const QModelIndex index = model->index(row, column);
      add(walk, model, "cell", model->data(index).toString());
      add(walk, model, "cellToolTip", model->data(index, Qt::ToolTipRole).toString());
    }
  }
  return walk;
}

/// The strings of `english` and `chinese` (the same walk in both languages) left in English.
QStringList untranslated(const Walk& english, const Walk& chinese) {
  QStringList problems;
  if (english.size() != chinese.size()) {
    problems << QStringLiteral("the walks differ in length: %1 English, %2 Chinese strings")
                    .arg(english.size())
                    .arg(chinese.size());
    return problems;
  }
  for (qsizetype i = 0; i < english.size(); ++i) {
    const QString zh = plain(chinese[i].text);
    if (hasLatinLetters(zh) && zh == plain(english[i].text) && !sameOnPurpose(zh))
      problems << chinese[i].where + QStringLiteral(": \"") + zh + QLatin1Char('"');
  }
  return problems;
}

/// Runs `interact` on the next modal dialog once it shows, then closes it; for exec()'d boxes.
void onNextModal(const std::function<void(QWidget*)>& interact) {
  auto* poll = new QTimer(qApp);
  QObject::connect(poll, &QTimer::timeout, qApp, [poll, interact] {
    if (QWidget* modal = QApplication::activeModalWidget()) {
      poll->deleteLater();
      interact(modal);
      modal->close();
    }
  });
  poll->start(10);
}

/// Where `view`'s columns cut what they show: a header's text, or the text of a cell — of
/// every row, and of `samples`, the widest each column can show — in the columns not in
/// `freeText` (names and payloads a person types, which the view elides).
QStringList cutColumns(const QTableView* view, const QList<int>& freeText,
                       const QHash<int, QStringList>& samples = {}) {
  QStringList cut;
  const QHeaderView* header = view->horizontalHeader();
  const QAbstractItemModel* model = view->model();
  const QFontMetrics metrics = view->fontMetrics();
  // What the item delegate and the grid leave of a section for its text.
  const int margin =
      2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1) + 1;
  for (int c = 0; c < model->columnCount(); ++c) {
    if (header->isSectionHidden(c)) // the connections' TLS column while none is encrypted
      continue;
    const int width = header->sectionSize(c);
    const QString name = model->headerData(c, Qt::Horizontal).toString();
    if (width < header->sectionSizeHint(c))
      cut << QStringLiteral("%1: header %2 px wide in %3 px")
                 .arg(name)
                 .arg(header->sectionSizeHint(c))
                 .arg(width);
    if (freeText.contains(c))
      continue;
    QStringList texts = samples.value(c);
    for (int r = 0; r < model->rowCount(); ++r)
      texts << model->data(model->index(r, c)).toString();
    for (const QString& text : std::as_const(texts)) {
      if (metrics.horizontalAdvance(text) + margin > width)
        cut << QStringLiteral("%1: \"%2\" %3 px wide in %4 px")
                   .arg(name, text)
                   .arg(metrics.horizontalAdvance(text) + margin)
                   .arg(width);
    }
  }
  return cut;
}

} // namespace

class TestTranslations : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void init();
  void chineseIsEmbeddedAndLoads();
  void englishNeedsNoTranslator();
  void languageChoiceIsSavedAndRead();
  void languageMenuSavesTheChoice();
  void mainWindowIsTranslated();
  void serverEditorIsTranslated();
  void aboutBoxIsTranslated();
  void checkerCatchesAStringNotWrappedInTr();
  void starterServersAreNamedInTheLanguage();
  void columnsFitTheirHeadersAndContent_data();
  void columnsFitTheirHeadersAndContent();
  void translationFileIsFinished();

private:
  static QLocale chinese() { return QLocale(QLocale::Chinese, QLocale::China); }
  static QLocale english() { return QLocale(QLocale::English, QLocale::UnitedStates); }
  /// The walk of a new main window (and the extras `more` adds) in `locale`.
  Walk walkMainWindow(const QLocale& locale,
                      const std::function<void(MainWindow&, Walk&)>& more = {});

  ui_test::TemporarySettings settings_;
  bool qtHasChinese_ = false;
};

void TestTranslations::initTestCase() {
  QVERIFY(settings_.install()); // the windows save their state: never in the person's
  // Qt's own strings (the dialog's OK / Cancel) come from the distribution's Qt translations
  // (Debian: qt6-translations-l10n); the console's do not depend on them.
  qtHasChinese_ = QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                                QStringLiteral("/qtbase_zh_CN.qm"));
  if (!qtHasChinese_)
    qWarning("qtbase_zh_CN.qm is not installed: Qt's standard buttons are not checked");
}

void TestTranslations::init() {
  QSettings().clear();
  Translations::install(english());
}

void TestTranslations::chineseIsEmbeddedAndLoads() {
  QVERIFY(QFile::exists(QStringLiteral(":/i18n/socketserver_zh_CN.qm")));
  QVERIFY(Translations::install(chinese()));
  QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("文件(&F)"));
  QCOMPARE(QCoreApplication::translate("ServerSpec", "Thread pool"), QStringLiteral("线程池"));
  QCOMPARE(QLocale().language(), QLocale::Chinese);
  // A system locale written with its script, as desktops report it, finds the same file.
  QVERIFY(Translations::install(QLocale(QStringLiteral("zh_Hans_CN"))));
  QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("文件(&F)"));
  if (qtHasChinese_)
    QVERIFY(QCoreApplication::translate("QPlatformTheme", "Cancel") != QLatin1String("Cancel"));
}

void TestTranslations::englishNeedsNoTranslator() {
  QVERIFY(Translations::install(chinese()));
  QVERIFY(!Translations::install(english()));
  // The Chinese translators are gone, not merely shadowed.
  QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&File"));
  // A language the console does not ship falls back to the English source.
  QVERIFY(!Translations::install(QLocale(QLocale::Swahili, QLocale::Kenya)));
  QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&File"));
}

void TestTranslations::languageChoiceIsSavedAndRead() {
  QCOMPARE(Translations::savedChoice(), QStringLiteral("system"));
  QCOMPARE(Translations::localeFor(QStringLiteral("system")), QLocale::system());
  Translations::saveChoice(QStringLiteral("zh_CN"));
  QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
  QCOMPARE(Translations::savedChoice(), QStringLiteral("zh_CN"));
  QCOMPARE(Translations::localeFor(Translations::savedChoice()).language(), QLocale::Chinese);
  QCOMPARE(Translations::localeFor(QStringLiteral("en")).language(), QLocale::English);
  // A hand-edited or future value is not trusted: the system's language is used.
  QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("tlh"));
  QCOMPARE(Translations::savedChoice(), QStringLiteral("system"));
}

void TestTranslations::languageMenuSavesTheChoice() {
  MainWindow window;
  auto* menu = window.findChild<QMenu*>(QStringLiteral("languageMenu"));
  QVERIFY(menu);
  auto* system = menu->findChild<QAction*>(QStringLiteral("languageAction_system"));
  auto* zh = menu->findChild<QAction*>(QStringLiteral("languageAction_zh_CN"));
  if (!system || !zh)
    QFAIL("no language actions");
  QVERIFY(system->isChecked());
  QCOMPARE(zh->text(), QStringLiteral("简体中文"));
  // The menu itself says that a choice waits for the next start.
  auto* note = menu->findChild<QAction*>(QStringLiteral("languageRestartNote"));
  QVERIFY(note && !note->isEnabled());
  QVERIFY(note->text().contains(QLatin1String("started again")));
  QVERIFY(menu->actions().contains(note));
  zh->trigger();
  QVERIFY(zh->isChecked());
  QCOMPARE(Translations::savedChoice(), QStringLiteral("zh_CN"));
  QVERIFY(!window.statusBar()->currentMessage().isEmpty()); // "applies after a restart"
  // A new window (the next start) shows the saved choice checked.
  MainWindow next;
  QVERIFY(next.findChild<QAction*>(QStringLiteral("languageAction_zh_CN"))->isChecked());
}

Walk TestTranslations::walkMainWindow(const QLocale& locale,
                                      const std::function<void(MainWindow&, Walk&)>& more) {
  QSettings().clear();
  Translations::install(locale);
  MainWindow window; // the starter profile's servers, so the tables and combos have rows
  window.show();
  if (!QTest::qWaitForWindowExposed(&window))
    return {};
  Walk walk = walkWidgets(&window);
  walk += walkServerLabels(window);
  if (more)
    more(window, walk);
  return walk;
}

void TestTranslations::mainWindowIsTranslated() {
  const Walk en = walkMainWindow(english());
  const Walk zh = walkMainWindow(chinese());
  QVERIFY(en.size() > 200); // the walk reaches the docks, menus and tables
  // The test client's panel is part of the walk (the Chinese translator is still installed).
  const QString connect = ClientPanel::tr("Co&nnect");
  QCOMPARE(connect, QStringLiteral("连接(&N)"));
  QVERIFY(std::any_of(zh.cbegin(), zh.cend(), [&](const Shown& s) { return s.text == connect; }));
  if (qEnvironmentVariableIsSet("SOCKETSERVER_DUMP_WALK"))
    for (qsizetype i = 0; i < zh.size(); ++i)
      qInfo().noquote() << zh[i].where << "|" << en[i].text << "|" << zh[i].text;
  const QStringList problems = untranslated(en, zh);
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::serverEditorIsTranslated() {
  // Every kind, so that the placeholders and rows each kind shows are walked too.
  const auto walkEditor = [this](MainWindow& window, Walk& walk) {
    window.findChild<QAction*>(QStringLiteral("addAction"))->trigger();
    auto* dialog = window.findChild<ServerEditorDialog*>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto* kind = dialog->findChild<QComboBox*>(QStringLiteral("kindCombo"));
    QVERIFY(kind);
    for (int i = 0; i < kind->count(); ++i) {
      kind->setCurrentIndex(i);
      Walk editor = walkWidgets(dialog);
      if (!qtHasChinese_) {
        editor.removeIf([](const Shown& s) {
          return s.where.startsWith(QLatin1String("QPushButton")) &&
                 QStringList{"OK", "&OK", "Cancel", "&Cancel"}.contains(s.text);
        });
      }
      walk += editor;
    }
    dialog->reject();
  };
  const Walk en = walkMainWindow(english(), walkEditor);
  const Walk zh = walkMainWindow(chinese(), walkEditor);
  QVERIFY(en.size() > 30);
  const QStringList problems = untranslated(en, zh);
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::aboutBoxIsTranslated() {
  const auto walkAbout = [](MainWindow& window, Walk& walk) {
    QAction* about = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
      if (a->text().contains(QLatin1String("SocketServer")) && a->menu() == nullptr &&
          a->parent() && qobject_cast<QMenu*>(a->parent()))
        about = a;
    QVERIFY(about);
    bool seen = false;
    onNextModal([&](QWidget* box) {
      walk += walkWidgets(box);
      seen = qobject_cast<QMessageBox*>(box) != nullptr;
    });
    about->trigger(); // exec(): returns once onNextModal closed the box
    QVERIFY(seen);
  };
  const Walk en = walkMainWindow(english(), walkAbout);
  const Walk zh = walkMainWindow(chinese(), walkAbout);
  const QStringList problems = untranslated(en, zh);
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
  QVERIFY(std::any_of(zh.cbegin(), zh.cend(), [](const Shown& s) {
    return s.text.contains(QStringLiteral("测试客户端与它们通信"));
  }));
}

void TestTranslations::checkerCatchesAStringNotWrappedInTr() {
  // The mistake the walk exists to find: a visible string outside tr().
  const auto addForgottenLabel = [](MainWindow& window, Walk& walk) {
    auto* label = new QLabel(QStringLiteral("Listening sockets"), window.clientPanel());
    label->setToolTip(MainWindow::tr("Servers")); // translated: not reported
    walk += walkWidgets(label);
  };
  const Walk en = walkMainWindow(english(), addForgottenLabel);
  const Walk zh = walkMainWindow(chinese(), addForgottenLabel);
  const QStringList problems = untranslated(en, zh);
  QCOMPARE(problems.size(), 1);
  QVERIFY2(problems.constFirst().contains(QLatin1String("Listening sockets")),
           qPrintable(problems.constFirst()));
  // And a window whose walk lost a widget is reported, rather than compared out of step.
  QVERIFY(!untranslated(en, zh.mid(1)).isEmpty());
}

void TestTranslations::starterServersAreNamedInTheLanguage() {
  Translations::install(chinese());
  QStringList chineseNames;
  {
    MainWindow firstLaunch;
    for (const ServerSpec& spec : firstLaunch.manager()->specs())
      chineseNames << spec.name;
    QCOMPARE(chineseNames.constFirst(), QStringLiteral("TCP 大写回显"));
    for (const QString& name : std::as_const(chineseNames))
      QVERIFY2(!hasLatinLetters(name) ||
                   name.contains(QRegularExpression(QStringLiteral("\\p{Han}"))),
               qPrintable(name));
    // A name the person typed is theirs: it is kept as typed, whatever the language.
    ServerSpec typed = firstLaunch.manager()->specs().constFirst();
    typed.name = QStringLiteral("TCP upper-case echo");
    firstLaunch.manager()->add(typed);
    firstLaunch.saveSettings();
  }
  // The names are saved as shown: the next start, in English, translates none of them.
  Translations::install(english());
  MainWindow nextLaunch;
  QStringList names;
  for (const ServerSpec& spec : nextLaunch.manager()->specs())
    names << spec.name;
  QCOMPARE(names, chineseNames + QStringList{QStringLiteral("TCP upper-case echo")});
}

void TestTranslations::columnsFitTheirHeadersAndContent_data() {
  QTest::addColumn<QLocale>("locale");
  QTest::newRow("English") << english();
  QTest::newRow("Chinese") << chinese();
}

void TestTranslations::columnsFitTheirHeadersAndContent() {
  QFETCH(QLocale, locale);
  QSettings().clear();
  Translations::install(locale);
  MainWindow window;
  window.resize(1280, 800);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  // Rows to measure, more than the tables show at once: the starter servers and a starter
  // server on a free port, with clients connected and talked to.
  ServerManager& manager = *window.manager();
  ServerSpec spec = ServerProfile::starterProfile().at(2);
  spec.address = QStringLiteral("127.0.0.1:0");
  const int id = manager.add(spec);
  QVERIFY(ui_test::startAndWait(manager, id));
  for (const ServerSpec& starter : ServerProfile::starterProfile())
    manager.add(starter); // stopped copies: rows enough to scroll
  std::vector<ui_test::Socket> clients;
  for (int n = 0; n < 8; ++n) {
    clients.push_back(ui_test::connectStream(manager.find(id)->listeningAddress));
    clients.back().sendall("hello\n");
    QVERIFY(!clients.back().recv(4096).empty());
  }
  QTRY_COMPARE_WITH_TIMEOUT(window.connectionsModel()->rowCount(), 8, ui_test::DEADLINE_MS);
  QTRY_VERIFY_WITH_TIMEOUT(window.logModel()->rowCount() >= 24, ui_test::DEADLINE_MS);

  // The widest a number of bytes and an age can be, in this language.
  const QStringList bytes = ServersModel::widestByteTexts();
  const QStringList ages{ConnectionsModel::formatAge(99999900), ConnectionsModel::formatAge(0)};
  QStringList cut = cutColumns(window.serversView(),
                               {ServersModel::Name, ServersModel::State, ServersModel::Rate},
                               {{ServersModel::BytesIn, bytes}, {ServersModel::BytesOut, bytes}});
  cut += cutColumns(window.connectionsView(), {ConnectionsModel::Server, ConnectionsModel::State},
                    {{ConnectionsModel::Age, ages},
                     {ConnectionsModel::BytesIn, bytes},
                     {ConnectionsModel::BytesOut, bytes}});
  cut += cutColumns(window.logView(), {LogModel::Server, LogModel::Payload});
  QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
  // And they fit the window: the servers and connections tables, scrolled vertically, need no
  // sideways scrolling.
  for (const QTableView* view : {window.serversView(), window.connectionsView()}) {
    QTRY_VERIFY2_WITH_TIMEOUT(view->verticalScrollBar()->isVisible(),
                              qPrintable(view->objectName()), ui_test::DEADLINE_MS);
    QVERIFY2(view->horizontalScrollBar()->maximum() == 0,
             qPrintable(QStringLiteral("%1: %2 px too wide")
                            .arg(view->objectName())
                            .arg(view->horizontalScrollBar()->maximum())));
  }
}

void TestTranslations::translationFileIsFinished() {
  // Strings that are not on screen at startup (errors, states, events, --help and the headless
  // mode's messages) are checked here: lupdate has them all, and each has a finished
  // translation.
  QFile file(QStringLiteral(SOCKETSERVER_TS_FILE));
  QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
  QXmlStreamReader xml(&file);
  QString context;
  QStringList unfinished;
  int messages = 0;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement())
      continue;
    if (xml.name() == QLatin1String("name"))
      context = xml.readElementText();
    else if (xml.name() == QLatin1String("message"))
      ++messages;
    else if (xml.name() == QLatin1String("translation") &&
             xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished"))
      unfinished << context;
  }
  QVERIFY(!xml.hasError());
  QVERIFY(messages > 300);
  QVERIFY2(unfinished.isEmpty(),
           qPrintable(QStringLiteral("unfinished in: ") + unfinished.join(QLatin1String(", "))));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
