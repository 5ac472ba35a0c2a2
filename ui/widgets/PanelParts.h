// PanelParts: the pieces every panel of the main window is built from, made one way so that the
// panels look and behave alike — an action with its shortcut in the tool tip, a panel tool bar,
// a table of rows, columns sized in characters, a spin box, and a tool bar stacked over a table.
//
//   auto* start = PanelParts::makeAction(this, QStringLiteral("startAction"), tr("&Start"),
//                                        tr("Start the selected server"),
//                                        QKeySequence(Qt::Key_F5), QStyle::SP_MediaPlay);
//   QTableView* view = PanelParts::makeTable(this, QStringLiteral("serversView"));
//   const std::pair<int, int> widths[] = {{0, 24}, {1, 10}}; // (column, characters)
//   PanelParts::resizeColumns(view->horizontalHeader(), fontMetrics(), widths);
//   PanelParts::fitColumnToTexts(view, 1, {ServersModel::formatBytes(1023)});
//
// Internal to the widgets layer. Thread rule: widgets; GUI thread only.
#pragma once

#include <QKeySequence>
#include <QString>
#include <QStringList>
#include <QStyle>

#include <span>
#include <utility>

class QAction;
class QFontMetrics;
class QHeaderView;
class QObject;
class QSpinBox;
class QTableView;
class QToolBar;
class QWidget;

namespace PanelParts {

/// An action named `name`; with a `key`, the tool tip names the shortcut. A "(&P)" mnemonic,
/// as translations write it, is left out of the text a tool bar button shows.
QAction* makeAction(QObject* parent, const QString& name, const QString& text, const QString& tip,
                    const QKeySequence& key = {},
                    QStyle::StandardPixmap icon = QStyle::SP_CustomBase);

/// A read-only table of whole rows, one selected at a time, headers left-aligned.
QTableView* makeTable(QWidget* parent, const QString& name);

/// A panel's own tool bar: small icons with their text beside them.
QToolBar* makeToolBar(QWidget* parent, const QString& title, const QString& name);

/// A spin box named `name` over [minimum, maximum], showing `suffix`, explained by `tip`.
QSpinBox* makeSpin(QWidget* parent, const QString& name, int minimum, int maximum,
                   const QString& suffix, const QString& tip);

/// Sets each (column, characters) pair's width, counted in characters of Latin text, and never
/// narrower than the column's header shows whole (in the language the console speaks).
void resizeColumns(QHeaderView* header, const QFontMetrics& metrics,
                   std::span<const std::pair<int, int>> widths);

/// Widens `column` of `view`, where needed, so that each of `samples` shows whole: the widest
/// texts its cells can hold (a number of bytes, an age), in the language the console speaks.
void fitColumnToTexts(QTableView* view, int column, const QStringList& samples);

/// The width of a clock time ("00:00:00.000") in a column.
int timeColumnWidth(const QFontMetrics& metrics);

/// Lays `panel` out as its tool bar over its table.
void stackToolBarOverTable(QWidget* panel, QToolBar* toolBar, QWidget* table);

} // namespace PanelParts
