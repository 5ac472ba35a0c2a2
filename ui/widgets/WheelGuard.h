// WheelGuard: the mouse wheel scrolls a panel, not the fields it passes over. A spin box or a
// combo box takes the wheel only while the person is in it (it has the focus); otherwise the
// wheel goes on to the scroll area or view around it, as if the field were not there.
//
//   WheelGuard::protect(panel);   // once the panel's fields exist
//
// protect() gives each QAbstractSpinBox and QComboBox under `root` (root included) the focus
// policy Qt::StrongFocus, so that the wheel no longer focuses it, and one shared event filter
// that passes its wheel events on while it has no focus. Fields created later are not covered:
// call it again for them. Thread rule: widgets; GUI thread only.
#pragma once

class QWidget;

namespace WheelGuard {

/// Guards every spin box and combo box under `root` (and `root` itself, if it is one).
void protect(QWidget* root);

/// Guards one field, whatever its kind.
void protectField(QWidget* field);

} // namespace WheelGuard
