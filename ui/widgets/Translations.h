// Translations: which language the console speaks, and loading it. The console's own strings
// are compiled from resources/translations/*.ts by lrelease at build time and embedded under
// ":/i18n/"; Qt's own (standard dialogs, context menus) come from Qt's translations directory
// when the distribution ships them (Debian: qt6-translations-l10n).
//
// The choice is a setting ("ui/language": "system", "en" or "zh_CN"); "system" follows
// QLocale::system(). main() applies it once, right after creating its application, so that
// --help, the headless mode's messages and the window all speak it:
//
//   QCoreApplication app(argc, argv);   // or QApplication
//   Translations::install(Translations::localeFor(Translations::savedChoice()));
//
// What programs read stays in the source language: `--headless --json` reinstalls English,
// and the Qt-free engine formats its error texts in English. A new choice applies at the next
// start (see LanguageMenu for why).
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

namespace Translations {

/// The settings key of the language choice.
inline constexpr char settingsKey[] = "ui/language";
/// Choice values: follow the system, or one of availableLanguages().
inline constexpr char systemChoice[] = "system";
/// The language the strings are written in, which needs no translator.
inline constexpr char sourceLanguage[] = "en";

/// The languages the console ships, as locale names: "en" (the source language) and "zh_CN".
QStringList availableLanguages();

/// The language's own name, for the language menu ("English", "简体中文"); never translated,
/// so that people can find their language whatever the console speaks now.
QString nativeName(const QString& language);

/// The saved choice (QSettings, the application's scope): "system" when unset or unknown.
QString savedChoice();
void saveChoice(const QString& choice);

/// The locale a choice means: QLocale::system() for "system", else the named language.
QLocale localeFor(const QString& choice);

/// Installs the console's and Qt's translators for `locale` on the running
/// QCoreApplication, replacing those a previous call installed, and makes `locale` the
/// default QLocale. Returns true when the console's own translation was loaded (false for
/// English, which needs none, and for languages the console does not ship).
bool install(const QLocale& locale);

} // namespace Translations
