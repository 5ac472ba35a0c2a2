#include "WheelGuard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

namespace {

// One filter for every guarded field of the application: it keeps no state.
class UnfocusedWheelFilter : public QObject {
public:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() != QEvent::Wheel)
      return false;
    const auto* field = qobject_cast<QWidget*>(watched);
    if (!field || field->hasFocus())
      return false;
    // Ignored and handled: the field never sees it, and QApplication offers a wheel event from
    // the mouse to the parents next, up to the scroll area that scrolls.
    event->ignore();
    return true;
  }
};

UnfocusedWheelFilter* filter() {
  static UnfocusedWheelFilter instance;
  return &instance;
}

bool takesWheel(const QWidget* widget) {
  return qobject_cast<const QAbstractSpinBox*>(widget) || qobject_cast<const QComboBox*>(widget);
}

} // namespace

namespace WheelGuard {

void protectField(QWidget* field) {
  // Qt::WheelFocus, the default of both kinds, would focus the field under the wheel first.
  field->setFocusPolicy(Qt::StrongFocus);
  field->removeEventFilter(filter()); // at most once
  field->installEventFilter(filter());
}

void protect(QWidget* root) {
  if (takesWheel(root))
    protectField(root);
  for (QWidget* widget : root->findChildren<QWidget*>())
    if (takesWheel(widget))
      protectField(widget);
}

} // namespace WheelGuard
