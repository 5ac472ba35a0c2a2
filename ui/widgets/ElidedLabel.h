// ElidedLabel: a one-line label that fits any width — text that does not fit ends in "…",
// and the whole text is its tool tip. Unlike a word-wrapped QLabel it has no height-for-width,
// so a scroll area around the panel lays the panel out at its minimum height, not at its
// preferred one.
//
//   auto* state = new ElidedLabel(this);
//   state->setText(tr("connected to %1").arg(target));   // text() stays whole
//   state->setToolTip(tr("… a longer explanation …"));   // after setText(), to replace it
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include <QLabel>

class ElidedLabel : public QLabel {
  Q_OBJECT

public:
  explicit ElidedLabel(QWidget* parent = nullptr);

  /// Sets the text and the tool tip that shows it whole (a later setToolTip() replaces it).
  void setText(const QString& text);
  /// Room for a few characters and the ellipsis: the layout may make it that narrow.
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;
};
