#include "AllowList.h"

#include <socketserver/address.hpp>

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace {

constexpr std::array<std::uint8_t, 12> v4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool isV4Mapped(const std::uint8_t* bytes) {
  return std::equal(v4MappedPrefix.begin(), v4MappedPrefix.end(), bytes);
}

bool prefixMatches(const std::uint8_t* a, const std::uint8_t* b, int prefix) {
  const int whole = prefix / 8;
  if (std::memcmp(a, b, static_cast<std::size_t>(whole)) != 0)
    return false;
  const int rest = prefix % 8;
  if (rest == 0)
    return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

} // namespace

QStringList AllowList::split(const QString& text) {
  static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
  return text.split(separators, Qt::SkipEmptyParts);
}

std::optional<AllowList> AllowList::parse(const QStringList& entries, QString* error) {
  AllowList list;
  for (const QString& raw : entries) {
    const QString entry = raw.trimmed();
    const auto fail = [&](const QString& why) -> std::optional<AllowList> {
      if (error)
        *error = tr("allow: '%1': %2").arg(entry, why);
      return std::nullopt;
    };
    if (entry.isEmpty())
      continue;
    const qsizetype slash = entry.indexOf(QLatin1Char('/'));
    QString host = slash < 0 ? entry : entry.left(slash);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
      host = host.mid(1, host.size() - 2);
    Network network{};
    const QByteArray hostBytes = host.toLatin1();
    if (::inet_pton(AF_INET, hostBytes.constData(), network.bytes.data()) == 1) {
      network.family = AF_INET;
    } else if (::inet_pton(AF_INET6, hostBytes.constData(), network.bytes.data()) == 1) {
      network.family = AF_INET6;
    } else {
      return fail(tr("not an IPv4 or IPv6 address or CIDR range (as in 10.0.0.0/8 or "
                     "::1/128)"));
    }
    const int maxPrefix = network.family == AF_INET ? 32 : 128;
    network.prefix = maxPrefix;
    if (slash >= 0) {
      const QString prefixText = entry.mid(slash + 1);
      bool ok = !prefixText.isEmpty() &&
                std::all_of(prefixText.begin(), prefixText.end(),
                            [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
      const int prefix = ok ? prefixText.toInt(&ok) : -1;
      if (!ok || prefix > maxPrefix)
        return fail(network.family == AF_INET
                        ? tr("the prefix length must be a number from 0 to 32 for IPv4")
                        : tr("the prefix length must be a number from 0 to 128 for IPv6"));
      network.prefix = prefix;
    }
    if (network.family == AF_INET6 && network.prefix >= 96 && isV4Mapped(network.bytes.data())) {
      std::memmove(network.bytes.data(), network.bytes.data() + 12, 4);
      network.family = AF_INET;
      network.prefix -= 96;
    }
    list.networks_.push_back(network);
  }
  return list;
}

bool AllowList::allows(const socketserver::Address& client) const {
  if (networks_.empty() || !client.is_ip())
    return true;
  std::array<std::uint8_t, 16> bytes{};
  int family = client.family();
  if (family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, client.data(), sizeof in);
    std::memcpy(bytes.data(), &in.sin_addr, 4);
  } else {
    sockaddr_in6 in6{};
    std::memcpy(&in6, client.data(), sizeof in6);
    std::memcpy(bytes.data(), &in6.sin6_addr, 16);
    if (isV4Mapped(bytes.data())) {
      std::memmove(bytes.data(), bytes.data() + 12, 4);
      family = AF_INET;
    }
  }
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& network) {
    return network.family == family &&
           prefixMatches(network.bytes.data(), bytes.data(), network.prefix);
  });
}
