// ElidingLabel: one line of text that never asks for more width than it is given. It takes what
// its layout can spare and ends in "…" when its text does not fit, so that a long notice beside
// other widgets cannot push them aside (or, in a tool bar's row, into its overflow menu).
//
//   auto* notice = new ElidingLabel(this);
//   notice->setFullText(tr("1,234 oldest rows dropped"));   // not setText()
//   notice->setToolTip(tr("… the whole explanation …"));    // the caller's, if any
//
// Internal to the widgets layer. Thread rule: a widget; GUI thread only.
#pragma once

#include <QLabel>

class ElidingLabel : public QLabel {
  Q_OBJECT

public:
  explicit ElidingLabel(QWidget* parent = nullptr);

  /// The text to show, cut to the label's width with "…" at the end when it does not fit.
  void setFullText(const QString& text);
  QString fullText() const { return full_; }
  bool isElided() const { return text() != full_; }

  QSize minimumSizeHint() const override;

protected:
  void resizeEvent(QResizeEvent* event) override;

private:
  void elide();

  QString full_;
};
