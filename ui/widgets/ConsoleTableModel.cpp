#include "ConsoleTableModel.h"

#include <QCoreApplication>

ConsoleTableModel::ConsoleTableModel(std::span<const ColumnHeader> headers, QObject* parent)
    : QAbstractTableModel(parent), headers_(headers) {}

int ConsoleTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : rowTotal();
}

int ConsoleTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(headers_.size());
}

QVariant ConsoleTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
    return {};
  const ColumnHeader& header = headers_[static_cast<std::size_t>(section)];
  // The derived class's name: the context its QT_TR_NOOP texts were extracted in.
  const char* context = metaObject()->className();
  if (role == Qt::DisplayRole)
    return QCoreApplication::translate(context, header.title);
  if (role == Qt::ToolTipRole && header.toolTip)
    return QCoreApplication::translate(context, header.toolTip);
  return {};
}

void ConsoleTableModel::rowsChanged(int first, int last) {
  emit dataChanged(index(first, 0), index(last, columnCount() - 1));
}

void ConsoleTableModel::columnChanged(int column) {
  if (rowCount() > 0)
    emit dataChanged(index(0, column), index(rowCount() - 1, column));
}
