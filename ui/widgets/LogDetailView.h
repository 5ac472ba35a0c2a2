// LogDetailView: the pane under the request log that shows the selected row whole. Above, the
// row in words (event, server, connection, time, size) and, when the capture cap cut the
// payload, how much of it was kept; below, the payload as escaped text (a line break after
// each \n) beside a hex dump with offsets and an ASCII column. "Copy as" puts the payload on
// the clipboard as escaped text (the test client's Text mode reads it back as the same bytes),
// hex, a C string literal, a C array or a Python bytes literal (see ByteFormats).
//
//   auto* detail = new LogDetailView(logModel, this);
//   detail->showRow(sourceRow);   // a row of logModel; -1 shows nothing
//
// Object names: detailSummaryLabel, detailCutLabel, detailTextView, detailHexView,
// detailCopyButton; actions copyTextAction, copyHexAction, copyCStringAction, copyCArrayAction,
// copyPythonAction (disabled while there is nothing to copy).
//
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ConsoleEvent.h"

#include <QList>
#include <QWidget>

#include <optional>

class ElidedLabel;
class LogModel;
class QAction;
class QLabel;
class QPlainTextEdit;
class QToolButton;

class LogDetailView : public QWidget {
  Q_OBJECT

public:
  /// `log` outlives the view.
  explicit LogDetailView(LogModel* log, QWidget* parent = nullptr);

  /// Shows row `sourceRow` of the log (-1, or a row that is not there: nothing). Showing the
  /// row already shown again does nothing, so that a flood of new rows costs nothing here.
  void showRow(int sourceRow);
  /// The copy actions, in the order of the "Copy as" menu.
  QList<QAction*> copyActions() const { return copyActions_; }

signals:
  /// A message for the status bar, shown for `timeoutMs`.
  void message(const QString& text, int timeoutMs);

private:
  enum class Form { Text, Hex, CString, CArray, Python };

  void createCopyActions();
  QLayout* createHeader();
  void createViews();
  void showContents(int sourceRow);
  void showNothing();
  void copy(Form form);
  QString copied(Form form) const;

  LogModel* log_;
  std::optional<ConsoleEvent> event_; // a copy: the row may leave the log while shown
  ElidedLabel* summaryLabel_ = nullptr;
  QLabel* cutLabel_ = nullptr;
  QPlainTextEdit* textView_ = nullptr;
  QPlainTextEdit* hexView_ = nullptr;
  QToolButton* copyButton_ = nullptr;
  QList<QAction*> copyActions_;
};
