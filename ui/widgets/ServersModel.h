// The servers table: one row per ServerManager entry, in the manager's order. The model only
// reads the manager; the panel's actions call the manager and the rows follow its signals.
#pragma once

#include "ConsoleTableModel.h"

#include <QPointer>
#include <QStringList>

class ServerManager;
struct ServerEntry;

class ServersModel : public ConsoleTableModel {
  Q_OBJECT

public:
  enum Column {
    Name,
    Kind,
    Address,
    Model,
    Handler,
    State,
    Active,
    Connections,
    BytesIn,
    BytesOut,
    Rate,
    ColumnCount
  };
  /// AllInterfacesRole: true on a row whose server binds every interface (0.0.0.0 or ::),
  /// which the Address column marks with a warning icon, colour and tooltip.
  /// WaitingRole: how many clients wait in the server's backlog (ServerEntry::waiting); the
  /// State column shows them with a warning icon, colour and a tooltip that says why.
  /// A running server edited since it started shows its running values; its State cell says
  /// which changes wait for a restart (icon, text, tooltip with both values).
  enum Role { ServerIdRole = Qt::UserRole + 1, AllInterfacesRole, WaitingRole };

  explicit ServersModel(ServerManager* manager, QObject* parent = nullptr);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  /// The entry shown in `row`, nullptr when out of range.
  const ServerEntry* entryAt(int row) const;
  int idAt(int row) const;
  int rowOf(int id) const;

  static QString formatBytes(quint64 bytes);
  /// The widest texts formatBytes() writes (a count just under each unit), to size columns by.
  static QStringList widestByteTexts();
  /// What binding every interface means, for tooltips and the editor (translated).
  static QString allInterfacesWarning();

protected:
  int rowTotal() const override;

private:
  static std::span<const ColumnHeader> columnHeaders();
  static QVariant displayText(const ServerEntry& entry, int column);
  static QVariant toolTip(const ServerEntry& entry, int column);
  /// The Address column's tooltip: configured and real address, exposure and access limits.
  static QString addressToolTip(const ServerEntry& entry);
  static QVariant foreground(const ServerEntry& entry, int column);
  /// True for the Address cell of a server that binds every interface.
  static bool marksExposure(const ServerEntry& entry, int column);
  /// True for the State cell of a server with clients waiting in its backlog.
  static bool marksWaiting(const ServerEntry& entry, int column);
  /// True for the State cell of a running server with an edit waiting for its restart.
  static bool marksPending(const ServerEntry& entry, int column);

  void rowChanged(int id);

  QPointer<ServerManager> manager_;
};
