// Draws ServersModel's Rate column: the last minute of requests per second as a small line.
#pragma once

#include <QStyledItemDelegate>

class SparklineDelegate : public QStyledItemDelegate {
  Q_OBJECT

public:
  explicit SparklineDelegate(QObject* parent = nullptr);

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
