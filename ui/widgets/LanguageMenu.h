// LanguageMenu: View → Language, the choice of the console's language (follow the system,
// or one of Translations::availableLanguages()), saved in the settings. The translators are
// installed at startup only, so a choice applies from the next start; the window says so when
// it receives languageChosen().
#pragma once

#include <QMenu>

class LanguageMenu : public QMenu {
  Q_OBJECT

public:
  explicit LanguageMenu(QWidget* parent = nullptr);

signals:
  /// The user picked a different language; `choice` is saved already ("system", "en"...).
  void languageChosen(const QString& choice);
};
