// AllowList: which client addresses a server accepts — a list of IPv4 and IPv6 addresses and
// CIDR ranges, as the console's `allow` option gives them. ServerFactory's servers consult it
// in verify_request(); ServerSpec uses parse() to validate the option.
//
//   QString error;
//   const auto list = AllowList::parse({"127.0.0.0/8", "::1"}, &error);
//   if (!list) { ... error: "allow: '10.0.0.0/40': the prefix must be 0 to 32 for IPv4" }
//   list->allows(socketserver::Address("127.0.0.5", 4000));   // true
//
// An empty list allows everyone. A client seen as an IPv4-mapped IPv6 address
// (::ffff:10.1.2.3, from a dual-stack socket) is matched as the IPv4 address it is, and an
// entry written that way is read as IPv4, so one entry covers both forms.
// A value type; allows() is const and thread safe.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace socketserver {
class Address;
}

class AllowList {
  Q_DECLARE_TR_FUNCTIONS(AllowList)
public:
  /// Reads entries like "10.0.0.0/8", "127.0.0.1", "::1/128", "[fe80::]/10". nullopt with
  /// `error` naming the entry that is not an address or a range.
  static std::optional<AllowList> parse(const QStringList& entries, QString* error = nullptr);
  /// Splits what a person typed ("127.0.0.1, 10.0.0.0/8 ::1") into entries.
  static QStringList split(const QString& text);

  bool isEmpty() const { return networks_.empty(); }
  /// True when the list is empty or `client` is in one of its ranges. Unix and unnamed
  /// addresses are allowed (an allow-list is for IP peers).
  bool allows(const socketserver::Address& client) const;

private:
  struct Network {
    int family;                         // AF_INET or AF_INET6
    std::array<std::uint8_t, 16> bytes; // network order; IPv4 uses the first 4
    int prefix;                         // leading bits that must match
  };
  std::vector<Network> networks_;
};
