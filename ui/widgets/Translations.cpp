#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace {

const QString kSourceLanguage = QString::fromLatin1(Translations::sourceLanguage);

// Owned by the application (so they go with it); remembered to be replaced on a second call.
QPointer<QTranslator> consoleTranslator;
QPointer<QTranslator> qtTranslator;

void removeInstalled() {
  delete consoleTranslator; // a translator removes itself from the application when deleted
  delete qtTranslator;
}

QTranslator* loadTranslator(const QLocale& locale, const QString& name, const QString& directory) {
  auto* translator = new QTranslator(QCoreApplication::instance());
  // load(QLocale, ...) tries each of the locale's UI languages ("zh_CN", then "zh"...), so a
  // "zh-Hans-CN" system finds socketserver_zh_CN.qm as "zh_CN" would.
  if (translator->load(locale, name, QStringLiteral("_"), directory) &&
      QCoreApplication::installTranslator(translator))
    return translator;
  delete translator;
  return nullptr;
}

} // namespace

namespace Translations {

QStringList availableLanguages() { return {kSourceLanguage, QStringLiteral("zh_CN")}; }

QString nativeName(const QString& language) {
  if (language == QLatin1String("zh_CN"))
    return QStringLiteral("简体中文");
  if (language == kSourceLanguage)
    return QStringLiteral("English");
  return QLocale(language).nativeLanguageName();
}

QString savedChoice() {
  const QString choice = QSettings().value(QLatin1String(settingsKey)).toString();
  return availableLanguages().contains(choice) ? choice : QString::fromLatin1(systemChoice);
}

void saveChoice(const QString& choice) { QSettings().setValue(QLatin1String(settingsKey), choice); }

QLocale localeFor(const QString& choice) {
  if (!availableLanguages().contains(choice))
    return QLocale::system();
  // "en" means the source text, in US English conventions (what the strings were written in).
  return choice == kSourceLanguage ? QLocale(QLocale::English, QLocale::UnitedStates)
                                   : QLocale(choice);
}

bool install(const QLocale& locale) {
  Q_ASSERT(QCoreApplication::instance());
  removeInstalled();
  QLocale::setDefault(locale);
  if (locale.language() == QLocale::English || locale.language() == QLocale::C)
    return false;
  consoleTranslator =
      loadTranslator(locale, QStringLiteral("socketserver"), QStringLiteral(":/i18n"));
  qtTranslator = loadTranslator(locale, QStringLiteral("qtbase"),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath));
  return consoleTranslator;
}

} // namespace Translations
