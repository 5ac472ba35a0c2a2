#include "ConversationView.h"

#include "ConversationDelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

ConversationView::ConversationView(QWidget* parent) : QListView(parent) {
  setItemDelegate(new ConversationDelegate(this));
  setResizeMode(QListView::Adjust); // heights depend on the width: measured again on resize
  setUniformItemSizes(false);
  setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setSelectionMode(QAbstractItemView::ExtendedSelection);
  setEditTriggers(QAbstractItemView::NoEditTriggers);

  copyAction_ = new QAction(tr("Copy"), this);
  copyAction_->setShortcut(QKeySequence::Copy);
  copyAction_->setShortcutContext(Qt::WidgetShortcut);
  copyAction_->setEnabled(false);
  connect(copyAction_, &QAction::triggered, this, &ConversationView::copySelection);
  addAction(copyAction_);
  setContextMenuPolicy(Qt::ActionsContextMenu);

  // At the bottom, a new entry (or a taller one) pulls the view down with it; scrolled up,
  // the view stays where the person is reading.
  QScrollBar* bar = verticalScrollBar();
  connect(bar, &QScrollBar::valueChanged, this,
          [this, bar](int value) { following_ = value >= bar->maximum(); });
  connect(bar, &QScrollBar::rangeChanged, this, [this] {
    if (following_)
      followNewest();
  });
}

void ConversationView::setModel(QAbstractItemModel* model) {
  QListView::setModel(model);
  if (!model)
    return;
  connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this] { copyAction_->setEnabled(selectionModel()->hasSelection()); });
  connect(model, &QAbstractItemModel::modelReset, this, [this] {
    following_ = true;
    copyAction_->setEnabled(false);
  });
}

void ConversationView::setPlaceholderText(const QString& text) {
  placeholder_ = text;
  viewport()->update();
}

void ConversationView::followNewest() {
  verticalScrollBar()->setValue(verticalScrollBar()->maximum());
  following_ = true;
}

void ConversationView::copySelection() {
  if (!model() || !selectionModel())
    return;
  QModelIndexList rows = selectionModel()->selectedIndexes();
  if (rows.isEmpty())
    return;
  std::sort(rows.begin(), rows.end(),
            [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  QStringList texts;
  for (const QModelIndex& row : rows)
    texts << row.data().toString();
  QApplication::clipboard()->setText(texts.join(QLatin1Char('\n')));
}

void ConversationView::keyPressEvent(QKeyEvent* event) {
  // QAbstractItemView would copy the current entry alone.
  if (event == QKeySequence::Copy) {
    copySelection();
    event->accept();
    return;
  }
  QListView::keyPressEvent(event);
}

void ConversationView::updateGeometries() {
  QListView::updateGeometries();
  const int top = viewportMargins().top();
  const int room = viewport()->height() + top;
  const bool empty = !model() || model()->rowCount() == 0; // the placeholder takes it all
  const int wanted = empty ? 0 : std::max(0, room - contentsSize().height());
  if (wanted != top)
    setViewportMargins(0, wanted, 0, 0); // lays out again, once: the width does not change
}

bool ConversationView::event(QEvent* event) {
  // The margin above a short conversation is this widget's, not the viewport's: it gets the
  // entries' background here (a scroll area leaves its own area unpainted).
  if (event->type() == QEvent::Paint && viewportMargins().top() > 0) {
    QPainter painter(this);
    const QRect inside = contentsRect();
    painter.fillRect(QRect(inside.left(), inside.top(), inside.width(), viewportMargins().top()),
                     palette().color(QPalette::Base));
  }
  return QListView::event(event);
}

bool ConversationView::viewportEvent(QEvent* event) {
  // A layout still pending would run inside this paint and move the viewport under the
  // painter: run it first, and paint once the viewport is where it goes.
  if (event->type() == QEvent::Paint) {
    const int top = viewportMargins().top();
    executeDelayedItemsLayout();
    if (viewportMargins().top() != top) {
      viewport()->update();
      return true;
    }
  }
  return QListView::viewportEvent(event);
}

void ConversationView::paintEvent(QPaintEvent* event) {
  QListView::paintEvent(event);
  if ((model() && model()->rowCount() > 0) || placeholder_.isEmpty())
    return;
  QPainter painter(viewport());
  painter.setPen(palette().color(QPalette::PlaceholderText));
  painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12),
                   Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
}
