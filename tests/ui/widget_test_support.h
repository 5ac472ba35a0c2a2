// Internal header of the widget suites: finding a panel's widgets by object name and typing
// into them as a person does.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QString>
#include <QWidget>
#include <QtTest>

namespace ui_test {

/// The child of `parent` named `name`; the suite stops (qFatal) when there is none.
template <class T> T* child(QWidget* parent, const char* name) {
  T* widget = parent->findChild<T*>(QString::fromLatin1(name));
  if (!widget)
    qFatal("no child widget named %s", name);
  return widget;
}

/// Empties the line or text field `name` of `parent` and types `text` into it (ASCII only,
/// as QTest::keyClicks() types).
inline void typeInto(QWidget* parent, const char* name, const QString& text) {
  QWidget* widget = child<QWidget>(parent, name);
  if (auto* line = qobject_cast<QLineEdit*>(widget))
    line->clear();
  else if (auto* plain = qobject_cast<QPlainTextEdit*>(widget))
    plain->clear();
  QTest::keyClicks(widget, text);
}

/// Types `text` into the test client panel's message field and clicks Send, as a person does.
inline void typeAndSend(QWidget* panel, const QString& text) {
  typeInto(panel, "messageEdit", text);
  QTest::mouseClick(child<QAbstractButton>(panel, "sendButton"), Qt::LeftButton);
}

/// The test client panel's conversation: its entries, oldest first, as they are copied
/// (header line, then the bytes), one per line.
inline QString conversationText(QWidget* panel) {
  const QAbstractItemModel* model = child<QAbstractItemView>(panel, "conversationView")->model();
  QStringList rows;
  for (int row = 0; row < model->rowCount(); ++row)
    rows << model->index(row, 0).data().toString();
  return rows.join(QLatin1Char('\n'));
}

} // namespace ui_test
