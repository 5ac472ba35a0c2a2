#include "PanelParts.h"

#include <QAction>
#include <QApplication>
#include <QFontMetrics>
#include <QHeaderView>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace PanelParts {

namespace {

// Column widths are counted in characters of the Latin text the tables mostly hold (addresses,
// numbers, times). averageCharWidth() alone does not do: under a Chinese locale the first font
// is a CJK one, whose average is that of its full-width glyphs, and every column would be twice
// too wide; the measured Latin width caps it.
int latinCharWidth(const QFontMetrics& metrics) {
  const QString sample = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
  const int measured =
      (metrics.horizontalAdvance(sample) + int(sample.size()) - 1) / int(sample.size());
  return std::min(metrics.averageCharWidth(), measured);
}

} // namespace

QAction* makeAction(QObject* parent, const QString& name, const QString& text, const QString& tip,
                    const QKeySequence& key, QStyle::StandardPixmap icon) {
  auto* action = new QAction(text, parent);
  action->setObjectName(name);
  if (!key.isEmpty()) {
    action->setShortcut(key);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
  } else {
    action->setToolTip(tip);
  }
  action->setStatusTip(tip);
  // Toolbar buttons show iconText(), which Qt derives by dropping the '&' alone: a Chinese
  // "暂停(&P)" would read "暂停(P)" there. Drop the whole "(&P)", as the translations write it.
  static const QRegularExpression bracketedMnemonic(QStringLiteral("\\s*\\(&[^&]\\)"));
  if (text.contains(bracketedMnemonic))
    action->setIconText(QString(text).remove(bracketedMnemonic));
  if (icon != QStyle::SP_CustomBase)
    action->setIcon(QApplication::style()->standardIcon(icon));
  return action;
}

QTableView* makeTable(QWidget* parent, const QString& name) {
  auto* view = new QTableView(parent);
  view->setObjectName(name);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->setAlternatingRowColors(true);
  view->setWordWrap(false);
  view->setTextElideMode(Qt::ElideRight);
  view->verticalHeader()->hide();
  view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
  view->horizontalHeader()->setHighlightSections(false);
  view->horizontalHeader()->setStretchLastSection(true);
  view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  return view;
}

QToolBar* makeToolBar(QWidget* parent, const QString& title, const QString& name) {
  auto* toolBar = new QToolBar(title, parent);
  toolBar->setObjectName(name);
  toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar->setIconSize(QSize(16, 16));
  return toolBar;
}

QSpinBox* makeSpin(QWidget* parent, const QString& name, int minimum, int maximum,
                   const QString& suffix, const QString& tip) {
  auto* spin = new QSpinBox(parent);
  spin->setObjectName(name);
  spin->setRange(minimum, maximum);
  spin->setSuffix(suffix);
  spin->setToolTip(tip);
  return spin;
}

void resizeColumns(QHeaderView* header, const QFontMetrics& metrics,
                   std::span<const std::pair<int, int>> widths) {
  const int w = latinCharWidth(metrics);
  // A header is measured: the Chinese words are wider than the Latin characters counted for
  // the cells, and the English words of some headers longer than their numbers.
  for (const auto& [column, chars] : widths)
    header->resizeSection(column, std::max(chars * w + 12, header->sectionSizeHint(column)));
}

void fitColumnToTexts(QTableView* view, int column, const QStringList& samples) {
  const QFontMetrics metrics = view->fontMetrics();
  // The item delegate's text margins (the style's focus frame margin and a pixel, each side),
  // the grid line, and two pixels for the text layout's rounding.
  const int margin =
      2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1) + 3;
  int width = view->horizontalHeader()->sectionSize(column);
  for (const QString& text : samples)
    width = std::max(width, metrics.horizontalAdvance(text) + margin);
  view->horizontalHeader()->resizeSection(column, width);
}

int timeColumnWidth(const QFontMetrics& metrics) {
  return metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16;
}

void stackToolBarOverTable(QWidget* panel, QToolBar* toolBar, QWidget* table) {
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 0, 4, 4);
  layout->setSpacing(2);
  layout->addWidget(toolBar);
  layout->addWidget(table);
}

} // namespace PanelParts
