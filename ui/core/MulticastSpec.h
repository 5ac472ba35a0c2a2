// MulticastSpec: the checks behind a UDP server's multicast options (ServerSpec's join= and
// iface=), shared by the SPEC parser, the server editor and the client panel, so that a group
// or an interface is refused in the same words everywhere, before anything is bound:
//
//   QString why = MulticastSpec::groupsError({"239.1.2.3", "10.0.0.1"}, "0.0.0.0");
//   // "join: '10.0.0.1' is not a multicast address (IPv4 224.0.0.0/4, IPv6 ff00::/8)"
//
// Interfaces are the machine's own (QNetworkInterface): a name, or one of their addresses.
// Thread safe (no state).
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class MulticastSpec {
  Q_DECLARE_TR_FUNCTIONS(MulticastSpec)

public:
  MulticastSpec() = delete;

  /// What is wrong with `groups` for a server on `serverHost` (a numeric address, a name, or
  /// empty for the default 127.0.0.1): a group that is not a multicast address, or of the other
  /// family than the server. Empty when they can be joined.
  static QString groupsError(const QStringList& groups, const QString& serverHost);
  /// What is wrong with `interface` (a name as "lo", or one of the machine's addresses);
  /// empty when the machine has it, or for "" (the system's choice).
  static QString interfaceError(const QString& interface);
  /// The machine's interfaces that can carry multicast (and lo), by name, for a chooser.
  static QStringList interfaceNames();
  /// True for an IPv4 224.0.0.0/4 or IPv6 ff00::/8 address.
  static bool isGroup(const QString& address);
};
