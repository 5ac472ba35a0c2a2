#include "LanguageMenu.h"

#include "Translations.h"

#include <QActionGroup>

LanguageMenu::LanguageMenu(QWidget* parent) : QMenu(tr("&Language"), parent) {
  setObjectName(QStringLiteral("languageMenu"));
  auto* group = new QActionGroup(this);
  const QString saved = Translations::savedChoice();
  const auto add = [&](const QString& choice, const QString& text) {
    QAction* action = addAction(text);
    action->setObjectName(QStringLiteral("languageAction_") + choice);
    action->setData(choice);
    action->setCheckable(true);
    action->setChecked(choice == saved);
    action->setStatusTip(tr("Use this language from the next start"));
    group->addAction(action);
  };
  add(QString::fromLatin1(Translations::systemChoice), tr("Follow the &system"));
  addSeparator();
  for (const QString& language : Translations::availableLanguages())
    add(language, Translations::nativeName(language));
  addSeparator();
  QAction* note = addAction(tr("Applies when the console is started again"));
  note->setObjectName(QStringLiteral("languageRestartNote"));
  note->setEnabled(false); // a note, not a command

  connect(group, &QActionGroup::triggered, this, [this](QAction* action) {
    const QString choice = action->data().toString();
    if (choice == Translations::savedChoice())
      return;
    Translations::saveChoice(choice);
    emit languageChosen(choice);
  });
}
