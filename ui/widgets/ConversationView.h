// ConversationView: the list a ConversationModel is read in, newest at the bottom, like a chat:
// while the entries do not fill the view they sit at its bottom, next to what comes below it.
// It keeps the newest entry in view as entries arrive — unless the person has scrolled up to
// read, until they scroll back to the bottom. Entries are selected and copied (Ctrl+C, the
// context menu, copySelection()) as their display text, several at once in order; an empty
// conversation says what will appear there.
//
//   auto* view = new ConversationView(this);
//   view->setModel(model);                   // a ConversationModel
//   connect(clearButton, &QPushButton::clicked, model, &ConversationModel::clear);
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include <QListView>
#include <QString>

class QAction;

class ConversationView : public QListView {
  Q_OBJECT

public:
  explicit ConversationView(QWidget* parent = nullptr);

  /// Also follows the model's selection (Copy) and reset (following the newest again).
  void setModel(QAbstractItemModel* model) override;

  /// False while the person has scrolled away from the newest entry.
  bool isFollowing() const { return following_; }
  /// The text shown while the conversation is empty.
  void setPlaceholderText(const QString& text);
  /// The Copy action (Ctrl+C), enabled while entries are selected.
  QAction* copyAction() const { return copyAction_; }

public slots:
  /// Puts the selected entries' text on the clipboard, oldest first, one after another.
  void copySelection();

protected:
  bool event(QEvent* event) override;
  bool viewportEvent(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  /// Also keeps a short conversation at the bottom, with a top margin of the room it leaves.
  void updateGeometries() override;

private:
  void followNewest();

  QAction* copyAction_ = nullptr;
  QString placeholder_;
  bool following_ = true;
};
