// LanguageMenu: View → Language, the choice of the console's language (follow the system,
// or one of Translations::availableLanguages()), saved in the settings. A choice applies from
// the next start, and the menu says so (a note under the languages; the window's status bar
// repeats it on languageChosen()).
//
// Why not at once: Qt can switch translators live (QEvent::LanguageChange), but every widget
// must then set each of its strings again. The panels, dialogs and editors set theirs once, as
// they are built (some 360 tr() calls in ui/widgets), and much of what the window shows was
// translated before it became data — the starter servers' names, the log's rows and error
// texts, column widths measured in the language. A live switch would leave those in the old
// language beside the new one; a restart shows one language throughout.
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
