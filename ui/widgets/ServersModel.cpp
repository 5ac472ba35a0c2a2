#include "ServersModel.h"

#include "ConsoleStyle.h"
#include "ServerEntry.h"
#include "ServerManager.h"

#include <QApplication>
#include <QBrush>
#include <QLocale>
#include <QStyle>

ServersModel::ServersModel(ServerManager* manager, QObject* parent)
    : ConsoleTableModel(columnHeaders(), parent), manager_(manager) {
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

std::span<const ConsoleTableModel::ColumnHeader> ServersModel::columnHeaders() {
  static constexpr ColumnHeader headers[] = {
      {QT_TR_NOOP("Name")},
      {QT_TR_NOOP("Kind")},
      {QT_TR_NOOP("Address"),
       QT_TR_NOOP("The configured address, or the real one while listening")},
      {QT_TR_NOOP("Model")},
      {QT_TR_NOOP("Handler")},
      {QT_TR_NOOP("State")},
      {QT_TR_NOOP("Active"),
       QT_TR_NOOP("Connections open now (datagram servers: datagrams being handled)")},
      {QT_TR_NOOP("Connections"),
       QT_TR_NOOP("Connections accepted since the server started (datagram servers: datagrams "
                  "received). The connections table counts each one's messages.")},
      {QT_TR_NOOP("In"), QT_TR_NOOP("Bytes received from clients")},
      {QT_TR_NOOP("Out"), QT_TR_NOOP("Bytes sent to clients")},
      {QT_TR_NOOP("Connections/s"),
       QT_TR_NOOP("Connections accepted (datagram servers: datagrams received) per second, last "
                  "60 seconds")}};
  static_assert(std::size(headers) == ColumnCount);
  return headers;
}

int ServersModel::rowTotal() const { return manager_ ? manager_->count() : 0; }

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

QStringList ServersModel::widestByteTexts() {
  QStringList texts;
  for (quint64 unit = 1; unit <= (quint64{1} << 40); unit <<= 10)
    texts << formatBytes(unit * 1024 - 1);
  return texts;
}

void ServersModel::rowChanged(int id) {
  const int row = rowOf(id);
  if (row >= 0)
    rowsChanged(row, row);
}

QVariant ServersModel::data(const QModelIndex& index, int role) const {
  const ServerEntry* entry = entryAt(index.row());
  if (!entry)
    return {};
  switch (role) {
  case ServerIdRole:
    return entry->id;
  case Qt::DisplayRole:
    return displayText(*entry, index.column());
  case Qt::ToolTipRole:
    return toolTip(*entry, index.column());
  case Qt::DecorationRole:
    if (marksExposure(*entry, index.column()) || marksWaiting(*entry, index.column()))
      return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (marksPending(*entry, index.column()))
      return QApplication::style()->standardIcon(QStyle::SP_BrowserReload);
    return {};
  case AllInterfacesRole:
    return marksExposure(*entry, index.column());
  case WaitingRole:
    return entry->waiting;
  case Qt::ForegroundRole:
    return foreground(*entry, index.column());
  case Qt::TextAlignmentRole:
    if (index.column() >= Active && index.column() <= BytesOut)
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  default:
    return {};
  }
}

bool ServersModel::marksExposure(const ServerEntry& entry, int column) {
  return column == Address && entry.spec.bindsAllInterfaces();
}

bool ServersModel::marksWaiting(const ServerEntry& entry, int column) {
  return column == State && entry.state == ServerEntry::State::Listening && entry.waiting > 0;
}

bool ServersModel::marksPending(const ServerEntry& entry, int column) {
  return column == State && entry.isRunning() && !entry.pendingChanges().isEmpty();
}

QVariant ServersModel::displayText(const ServerEntry& entry, int column) {
  const ServerSpec& spec = entry.spec;
  switch (column) {
  case Name:
    return spec.displayName();
  case Kind:
    return ServerSpec::kindLabel(spec.kind);
  case Address:
    return entry.listeningAddress.isEmpty() ? spec.effectiveAddress() : entry.listeningAddress;
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
    return entry.statusText();
  case Active:
    return QLocale().toString(entry.counters.active());
  case Connections:
    return QLocale().toString(entry.counters.requests);
  case BytesIn:
    return formatBytes(entry.counters.bytesIn);
  case BytesOut:
    return formatBytes(entry.counters.bytesOut);
  default:
    return {};
  }
}

QVariant ServersModel::toolTip(const ServerEntry& entry, int column) {
  switch (column) {
  case Address:
    return addressToolTip(entry);
  case Handler:
    return ServerSpec::handlerDescription(entry.spec.handler);
  case State: {
    QString tip = entry.statusText();
    if (marksWaiting(entry, column))
      tip += QLatin1String("\n\n") + entry.waitingExplanation();
    if (marksPending(entry, column))
      tip += QLatin1String("\n\n") + entry.pendingExplanation();
    return tip;
  }
  case Rate: {
    const quint32 last = entry.requestRates.isEmpty() ? 0 : entry.requestRates.constLast();
    return tr("Connections accepted (datagram servers: datagrams received) per second over the "
              "last minute; now %1/s")
        .arg(last);
  }
  default:
    return entry.spec.toUrl();
  }
}

QString ServersModel::addressToolTip(const ServerEntry& entry) {
  const ServerSpec& spec = entry.spec;
  QString tip =
      tr("Configured: %1\nListening: %2")
          .arg(spec.effectiveAddress(),
               entry.listeningAddress.isEmpty() ? tr("(not listening)") : entry.listeningAddress);
  if (spec.bindsAllInterfaces())
    tip = allInterfacesWarning() + QLatin1String("\n\n") + tip;
  if (!spec.allow.isEmpty())
    tip += QLatin1Char('\n') + tr("Allowed clients: %1").arg(spec.allow.join(QLatin1String(", ")));
  if (spec.maxConnections > 0)
    tip += QLatin1Char('\n') +
           tr("At most %1 connections at once (datagram servers: datagrams being handled)")
               .arg(spec.maxConnections);
  if (ServerSpec::isUnix(spec.kind))
    tip +=
        QLatin1Char('\n') + tr("Socket file mode: %1").arg(ServerSpec::modeText(spec.socketMode));
  return tip;
}

QVariant ServersModel::foreground(const ServerEntry& entry, int column) {
  if (marksExposure(entry, column))
    return QBrush(ConsoleStyle::exposureColor());
  if (marksWaiting(entry, column))
    return QBrush(ConsoleStyle::waitingColor());
  if (column == State && entry.state == ServerEntry::State::Failed)
    return QBrush(ConsoleStyle::problemColor());
  if (column == State && entry.state == ServerEntry::State::Listening)
    return QBrush(ConsoleStyle::healthyColor());
  return {};
}

QString ServersModel::allInterfacesWarning() {
  return tr("Listening on every network interface: other machines can connect. Bind to "
            "127.0.0.1 unless that is what you want, or limit the clients with an allow-list.");
}
