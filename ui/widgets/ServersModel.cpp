#include "ServersModel.h"

#include "ServerEntry.h"
#include "ServerManager.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QStyle>

ServersModel::ServersModel(ServerManager* manager, QObject* parent)
    : QAbstractTableModel(parent), manager_(manager) {
  // The manager has already added the entry when it says so: the rows are announced after the
  // fact, which views accept because nothing asked for the row in between (same thread).
  connect(manager, &ServerManager::serverAdded, this, [this](int id) {
    const int row = rowOf(id);
    beginInsertRows({}, row, row);
    endInsertRows();
  });
  connect(manager, &ServerManager::serverAboutToBeRemoved, this, [this](int id) {
    const int row = rowOf(id);
    beginRemoveRows({}, row, row);
  });
  connect(manager, &ServerManager::serverRemoved, this, [this](int) { endRemoveRows(); });
  connect(manager, &ServerManager::serverChanged, this, &ServersModel::rowChanged);
  connect(manager, &ServerManager::countersChanged, this, &ServersModel::rowChanged);
}

int ServersModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !manager_ ? 0 : manager_->count();
}

int ServersModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

const ServerEntry* ServersModel::entryAt(int row) const {
  if (!manager_ || row < 0 || row >= manager_->count())
    return nullptr;
  return &manager_->at(row);
}

int ServersModel::idAt(int row) const {
  const ServerEntry* entry = entryAt(row);
  return entry ? entry->id : 0;
}

int ServersModel::rowOf(int id) const { return manager_ ? manager_->indexOf(id) : -1; }

QString ServersModel::formatBytes(quint64 bytes) {
  return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1,
                                     QLocale::DataSizeTraditionalFormat);
}

void ServersModel::rowChanged(int id) {
  const int row = rowOf(id);
  if (row >= 0)
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QVariant ServersModel::data(const QModelIndex& index, int role) const {
  const ServerEntry* entry = entryAt(index.row());
  if (!entry)
    return {};
  const ServerSpec& spec = entry->spec;
  if (role == ServerIdRole)
    return entry->id;
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
    case Name:
      return spec.displayName();
    case Kind:
      return ServerSpec::kindLabel(spec.kind);
    case Address:
      return entry->listeningAddress.isEmpty() ? spec.effectiveAddress() : entry->listeningAddress;
    case Model:
      return spec.model == ServerSpec::Model::ThreadPool
                 ? tr("%1 (%2/%3)")
                       .arg(ServerSpec::modelLabel(spec.model))
                       .arg(spec.poolSize)
                       .arg(spec.poolQueue)
                 : ServerSpec::modelLabel(spec.model);
    case Handler:
      return ServerSpec::handlerLabel(spec.handler);
    case State:
      return entry->statusText();
    case Active:
      return QLocale().toString(entry->counters.active());
    case Requests:
      return QLocale().toString(entry->counters.requests);
    case BytesIn:
      return formatBytes(entry->counters.bytesIn);
    case BytesOut:
      return formatBytes(entry->counters.bytesOut);
    default:
      return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (index.column()) {
    case Address: {
      QString tip = tr("Configured: %1\nListening: %2")
                        .arg(spec.effectiveAddress(), entry->listeningAddress.isEmpty()
                                                          ? tr("(not listening)")
                                                          : entry->listeningAddress);
      if (spec.bindsAllInterfaces())
        tip = allInterfacesWarning() + QLatin1String("\n\n") + tip;
      if (!spec.allow.isEmpty())
        tip +=
            QLatin1Char('\n') + tr("Allowed clients: %1").arg(spec.allow.join(QLatin1String(", ")));
      if (spec.maxConnections > 0)
        tip += QLatin1Char('\n') + tr("At most %1 requests at once").arg(spec.maxConnections);
      if (ServerSpec::isUnix(spec.kind))
        tip += QLatin1Char('\n') +
               tr("Socket file mode: %1").arg(ServerSpec::modeText(spec.socketMode));
      return tip;
    }
    case Handler:
      return ServerSpec::handlerDescription(spec.handler);
    case State:
      return entry->statusText();
    case Rate: {
      const quint32 last = entry->requestRates.isEmpty() ? 0 : entry->requestRates.constLast();
      return tr("Requests per second over the last minute (now: %1/s)").arg(last);
    }
    default:
      return spec.toUrl();
    }
  }
  if (index.column() == Address && spec.bindsAllInterfaces()) {
    if (role == Qt::DecorationRole)
      return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (role == Qt::ForegroundRole)
      return QBrush(QColor(0xc6, 0x46, 0x00));
    if (role == AllInterfacesRole)
      return true;
  }
  if (role == AllInterfacesRole)
    return false;
  if (role == Qt::ForegroundRole && index.column() == State) {
    if (entry->state == ServerEntry::State::Failed)
      return QBrush(QColor(0xc0, 0x1c, 0x28));
    if (entry->state == ServerEntry::State::Listening)
      return QBrush(QColor(0x1a, 0x7f, 0x37));
  }
  if (role == Qt::TextAlignmentRole && index.column() >= Active && index.column() <= BytesOut)
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QString ServersModel::allInterfacesWarning() {
  return tr("Listening on every network interface: other machines can connect. Bind to "
            "127.0.0.1 unless that is what you want, or limit the clients with an allow-list.");
}

QVariant ServersModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal)
    return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
    case Name:
      return tr("Name");
    case Kind:
      return tr("Kind");
    case Address:
      return tr("Address");
    case Model:
      return tr("Model");
    case Handler:
      return tr("Handler");
    case State:
      return tr("State");
    case Active:
      return tr("Active");
    case Requests:
      return tr("Requests");
    case BytesIn:
      return tr("In");
    case BytesOut:
      return tr("Out");
    case Rate:
      return tr("Requests/s");
    default:
      return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
    case Address:
      return tr("The configured address, or the real one while listening");
    case Active:
      return tr("Open connections (stream) or requests in progress (datagram)");
    case Requests:
      return tr("Connections accepted or datagrams received since start");
    case BytesIn:
      return tr("Bytes received from clients");
    case BytesOut:
      return tr("Bytes sent to clients");
    case Rate:
      return tr("Requests per second, last 60 seconds");
    default:
      return {};
    }
  }
  return {};
}
