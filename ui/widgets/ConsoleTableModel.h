// ConsoleTableModel: what the console's tables (servers, connections, log) have in common. A
// table has no children, and its columns are fixed: each model lists its column titles (and
// header tooltips) once, in Column order, and says only how many rows it has and what a cell
// shows.
//
//   class LogModel : public ConsoleTableModel {
//     LogModel(...) : ConsoleTableModel(columnHeaders(), parent) {}
//     int rowTotal() const override { return static_cast<int>(rows_.size()); }
//     QVariant data(const QModelIndex& index, int role) const override;
//   };
//
// Titles are source texts (QT_TR_NOOP in the model's own member function), translated in the
// model's context when a view asks, so a language switched at run time shows at once.
//
// Thread rule: GUI thread only, as any model a view shows.
#pragma once

#include <QAbstractTableModel>

#include <span>

class ConsoleTableModel : public QAbstractTableModel {
  Q_OBJECT

public:
  struct ColumnHeader {
    const char* title = nullptr;   ///< untranslated
    const char* toolTip = nullptr; ///< untranslated; nullptr: none
  };

  int rowCount(const QModelIndex& parent = {}) const final;
  int columnCount(const QModelIndex& parent = {}) const final;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const final;

protected:
  /// `headers` must outlive the model (a static array).
  ConsoleTableModel(std::span<const ColumnHeader> headers, QObject* parent);

  /// The number of rows. Must be overridden.
  virtual int rowTotal() const = 0;

  /// Tells the views that every cell of rows `first` to `last` changed.
  void rowsChanged(int first, int last);
  /// Tells the views that `column` changed in every row (nothing when there are no rows).
  void columnChanged(int column);

private:
  std::span<const ColumnHeader> headers_;
};
