// The console's language outside the window: --help and the headless mode speak the language
// the window speaks (the console's setting, else the system's), while what programs read —
// `--headless --json` — stays in the source language. The real binary, in a home of its own.
#include "console_process.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>

using namespace ui_test;

namespace {

/// Columns a terminal gives `line`: CJK characters take two.
qsizetype columns(const QString& line) {
  qsizetype count = 0;
  for (const QChar c : line)
    count += c.unicode() >= 0x2E80 ? 2 : 1;
  return count;
}

/// The console's --help in `home`.
QString helpIn(const ConsoleHome& home) {
  Console console({QStringLiteral("--help")}, home);
  if (!console.waitForExit() || console.process.exitCode() != 0) {
    qWarning().noquote() << console.diagnostics();
    return {};
  }
  return QString::fromUtf8(console.out);
}

/// The answer the headless mode gives an unknown command, its whole output line.
QString unknownCommandAnswer(const ConsoleHome& home, const QString& socketPath, bool json) {
  QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--commands"),
                        QStringLiteral("--serve"), QStringLiteral("unix://") + socketPath};
  if (json)
    arguments << QStringLiteral("--json");
  Console console(arguments, home);
  console.process.write("bogus\n");
  const QRegularExpression answer(QStringLiteral("^(\\{\"answer\".*|error .*)$"),
                                  QRegularExpression::MultilineOption);
  QRegularExpressionMatch match;
  if (!console.waitForOutput(answer, &match)) {
    qWarning().noquote() << console.diagnostics();
    return {};
  }
  console.signal(SIGTERM);
  if (!console.waitForExit() || console.process.exitCode() != 0)
    qWarning().noquote() << "did not stop cleanly:" << console.diagnostics();
  return match.captured(1);
}

} // namespace

class TestCommandLineLanguage : public QObject {
  Q_OBJECT

private slots:
  void helpSpeaksTheSavedLanguage();
  void usageErrorsSpeakTheSavedLanguage();
  void helpFollowsTheSystemUnlessASettingSaysOtherwise();
  void helpFitsEightyColumns_data();
  void helpFitsEightyColumns();
  void jsonStaysInTheSourceLanguage();
};

void TestCommandLineLanguage::helpSpeaksTheSavedLanguage() {
  ConsoleHome home; // an English system
  QVERIFY(home.isValid());
  home.settings()->setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));
  const QString help = helpIn(home);
  // The SPEC help, the --commands description and the COMMANDS block, all in Chinese.
  for (const char* expected : {"启动、停止并监视套接字服务器", "无窗口模式", "从标准输入读取命令",
                               "COMMANDS（使用 --commands", "关闭一个连接", "示例："})
    QVERIFY2(help.contains(QString::fromUtf8(expected)), qPrintable(help));
  for (const char* english : {"Read commands from stdin", "close a connection", "Examples:"})
    QVERIFY2(!help.contains(QLatin1String(english)), qPrintable(help));
}

void TestCommandLineLanguage::usageErrorsSpeakTheSavedLanguage() {
  ConsoleHome home;
  QVERIFY(home.isValid());
  home.settings()->setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));
  for (const QString& wrong : {QStringLiteral("--bogus"), QStringLiteral("stray")}) {
    Console console({wrong}, home);
    QVERIFY2(console.waitForExit(), qPrintable(console.diagnostics()));
    QCOMPARE(console.process.exitCode(), 2);
    QVERIFY2(QString::fromUtf8(console.err).contains(QStringLiteral("（见 --help）")),
             qPrintable(console.diagnostics()));
  }
}

void TestCommandLineLanguage::helpFollowsTheSystemUnlessASettingSaysOtherwise() {
  ConsoleHome chineseDesktop(QStringLiteral("zh_CN.UTF-8"));
  QVERIFY(chineseDesktop.isValid());
  QVERIFY(helpIn(chineseDesktop).contains(QStringLiteral("从标准输入读取命令")));
  chineseDesktop.settings()->setValue(QStringLiteral("ui/language"), QStringLiteral("en"));
  const QString english = helpIn(chineseDesktop);
  QVERIFY2(english.contains(QLatin1String("Read commands from stdin")), qPrintable(english));
}

void TestCommandLineLanguage::helpFitsEightyColumns_data() {
  QTest::addColumn<QString>("locale");
  QTest::newRow("English") << QStringLiteral("C.UTF-8");
  QTest::newRow("Chinese") << QStringLiteral("zh_CN.UTF-8");
}

void TestCommandLineLanguage::helpFitsEightyColumns() {
  QFETCH(QString, locale);
  ConsoleHome home(locale);
  QVERIFY(home.isValid());
  const QStringList lines = helpIn(home).split(QLatin1Char('\n'));
  // The console's own text, from the description to Qt's list of options (which Qt wraps).
  const auto heading = std::find_if(lines.cbegin(), lines.cend(), [](const QString& line) {
    return line == QStringLiteral("选项：") || line == QLatin1String("Options:");
  });
  const qsizetype optionsHeading = heading - lines.cbegin();
  QVERIFY2(optionsHeading > 10, qPrintable(lines.join(QLatin1Char('\n'))));
  // A single word wider than that (a usage such as handler=echo|upper|...) stays whole.
  for (qsizetype i = 1; i < optionsHeading; ++i)
    QVERIFY2(columns(lines[i]) <= 80 || !lines[i].trimmed().contains(QLatin1Char(' ')),
             qPrintable(QStringLiteral("%1 columns: %2").arg(columns(lines[i])).arg(lines[i])));
}

void TestCommandLineLanguage::jsonStaysInTheSourceLanguage() {
  ConsoleHome home;
  QTemporaryDir sockets;
  QVERIFY(home.isValid() && sockets.isValid());
  home.settings()->setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));

  const QString text =
      unknownCommandAnswer(home, sockets.filePath(QStringLiteral("t.sock")), false);
  QVERIFY2(text.startsWith(QStringLiteral("error 未知命令“bogus”")), qPrintable(text));

  const QString line = unknownCommandAnswer(home, sockets.filePath(QStringLiteral("j.sock")), true);
  const QJsonObject answer = QJsonDocument::fromJson(line.toUtf8()).object();
  QCOMPARE(answer.value(QStringLiteral("answer")).toString(),
           QStringLiteral("error unknown command 'bogus': use list, send, sendhex, broadcast, "
                          "kick or help"));
}

QTEST_GUILESS_MAIN(TestCommandLineLanguage)
#include "TestCommandLineLanguage.moc"
