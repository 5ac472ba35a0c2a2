#include "MulticastSpec.h"

#include <QHostAddress>
#include <QNetworkInterface>

namespace {

QString familyName(QAbstractSocket::NetworkLayerProtocol protocol) {
  return protocol == QAbstractSocket::IPv6Protocol ? QStringLiteral("IPv6")
                                                   : QStringLiteral("IPv4");
}

} // namespace

bool MulticastSpec::isGroup(const QString& address) {
  const QHostAddress parsed(address.trimmed());
  return !parsed.isNull() && parsed.isMulticast();
}

QString MulticastSpec::groupsError(const QStringList& groups, const QString& serverHost) {
  const QHostAddress server(serverHost.isEmpty() ? QStringLiteral("127.0.0.1") : serverHost);
  for (const QString& group : groups) {
    const QHostAddress parsed(group);
    if (parsed.isNull() || !parsed.isMulticast())
      return tr("join: '%1' is not a multicast address (IPv4 224.0.0.0/4 as 239.1.2.3, IPv6 "
                "ff00::/8 as ff02::1:3)")
          .arg(group);
    if (!server.isNull() && server.protocol() != parsed.protocol())
      return tr("join: group %1 is %2 but the server's address %3 is %4; serve on %5 (%2) to "
                "join it")
          .arg(group, familyName(parsed.protocol()), serverHost, familyName(server.protocol()),
               parsed.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[::]")
                                                                  : QStringLiteral("0.0.0.0"));
  }
  return {};
}

QString MulticastSpec::interfaceError(const QString& interface) {
  if (interface.isEmpty() || QNetworkInterface::interfaceFromName(interface).isValid())
    return {};
  const QHostAddress address(interface);
  if (!address.isNull() && QNetworkInterface::allAddresses().contains(address))
    return {};
  return tr("iface: this machine has no interface '%1' (it has: %2)")
      .arg(interface, interfaceNames().join(QLatin1String(", ")));
}

QStringList MulticastSpec::interfaceNames() {
  QStringList names;
  for (const QNetworkInterface& interface : QNetworkInterface::allInterfaces())
    if (interface.flags().testFlag(QNetworkInterface::CanMulticast) ||
        interface.type() == QNetworkInterface::Loopback)
      names << interface.name();
  return names;
}
