#include "SparklineDelegate.h"

#include "ConsoleStyle.h"
#include "ServerEntry.h"
#include "ServersModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

SparklineDelegate::SparklineDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
  QStyleOptionViewItem opt = option;
  initStyleOption(&opt, index);
  const QWidget* widget = option.widget;
  QStyle* style = widget ? widget->style() : QApplication::style();
  style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

  const auto* model = qobject_cast<const ServersModel*>(index.model());
  const ServerEntry* entry = model ? model->entryAt(index.row()) : nullptr;
  if (!entry || entry->requestRates.isEmpty())
    return;
  const QVector<quint32>& rates = entry->requestRates;
  const quint32 peak = std::max<quint32>(1, *std::max_element(rates.cbegin(), rates.cend()));
  const QRectF area = QRectF(option.rect).adjusted(4, 4, -40, -4);
  if (area.width() < 8 || area.height() < 4)
    return;
  const int historyLength = ServerEntry::rateHistoryLength;
  const double step = area.width() / (historyLength - 1);
  const int offset = historyLength - static_cast<int>(rates.size());
  QPainterPath path;
  for (int i = 0; i < rates.size(); ++i) {
    const double x = area.left() + (offset + i) * step;
    const double y = area.bottom() - area.height() * rates.at(i) / peak;
    if (i == 0)
      path.moveTo(x, y);
    else
      path.lineTo(x, y);
  }
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  const bool selected = option.state & QStyle::State_Selected;
  // The minute's baseline, so a young server's few seconds read as the right end of a chart.
  QColor base = selected ? option.palette.highlightedText().color() : option.palette.mid().color();
  base.setAlphaF(0.6f);
  painter->setPen(QPen(base, 1));
  painter->drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()));
  QColor line = selected ? option.palette.highlightedText().color() : ConsoleStyle::trafficColor();
  painter->setPen(QPen(line, 1.5));
  painter->drawPath(path);
  painter->setPen(selected ? option.palette.highlightedText().color()
                           : option.palette.text().color());
  const QRectF label = QRectF(option.rect).adjusted(option.rect.width() - 38, 0, -2, 0);
  painter->drawText(label, Qt::AlignRight | Qt::AlignVCenter, QString::number(rates.constLast()));
  painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option,
                                  const QModelIndex& index) const {
  QSize size = QStyledItemDelegate::sizeHint(option, index);
  size.setWidth(std::max(size.width(), 140));
  return size;
}
