#include "ElidingLabel.h"

#include <QResizeEvent>

#include <algorithm>

ElidingLabel::ElidingLabel(QWidget* parent) : QLabel(parent) {
  // Ignored: the layout gives the label the width left over, whatever its text's length.
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  setTextFormat(Qt::PlainText);
}

void ElidingLabel::setFullText(const QString& text) {
  full_ = text;
  elide();
}

QSize ElidingLabel::minimumSizeHint() const {
  return {fontMetrics().horizontalAdvance(QStringLiteral("…")), QLabel::minimumSizeHint().height()};
}

void ElidingLabel::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  elide();
}

void ElidingLabel::elide() {
  const int room = contentsRect().width();
  setText(fontMetrics().elidedText(full_, Qt::ElideRight, std::max(room, 0)));
}
