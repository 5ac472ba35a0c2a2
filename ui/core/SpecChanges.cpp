#include "SpecChanges.h"

#include "ByteText.h"

#include <QLocale>

#include <functional>

namespace {

/// "host", "port" of an IP address as the spec shows it; nullopt for a path or a typo.
std::optional<std::pair<QString, QString>> hostAndPort(const ServerSpec& spec) {
  if (ServerSpec::isUnix(spec.kind))
    return std::nullopt;
  const QString address = spec.effectiveAddress();
  const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
  if (colon < 0)
    return std::nullopt;
  return std::pair{address.left(colon), address.mid(colon + 1)};
}

QString onOff(bool on) { return on ? SpecChanges::tr("on") : SpecChanges::tr("off"); }

} // namespace

QList<SpecChanges::Change> SpecChanges::between(const ServerSpec& a, const ServerSpec& b) {
  using S = ServerSpec;
  QList<Change> changes;
  // One field: its word, and how the console shows a spec's value of it.
  const auto compare = [&](const QString& field, const std::function<QString(const S&)>& show) {
    const QString before = show(a);
    const QString after = show(b);
    if (before != after)
      changes.append({field, before, after});
  };
  const auto uses = [&](S::Handler handler) {
    return a.handler == handler || b.handler == handler;
  };
  compare(tr("kind"), [](const S& s) { return S::kindLabel(s.kind); });
  const auto ipA = hostAndPort(a);
  const auto ipB = hostAndPort(b);
  if (ipA && ipB && ipA->first == ipB->first) {
    if (ipA->second != ipB->second)
      changes.append({tr("port"), ipA->second, ipB->second});
  } else {
    compare(tr("address"), [](const S& s) { return s.effectiveAddress(); });
  }
  compare(tr("model"), [](const S& s) { return S::modelLabel(s.model); });
  if (a.model == S::Model::ThreadPool && b.model == S::Model::ThreadPool)
    compare(tr("thread pool"),
            [](const S& s) { return tr("%1 threads, queue %2").arg(s.poolSize).arg(s.poolQueue); });
  compare(tr("handler"), [](const S& s) { return S::handlerLabel(s.handler); });
  if (uses(S::Handler::FixedReply))
    compare(tr("fixed reply"), [](const S& s) { return ByteText::toEscaped(s.fixedReply); });
  if (uses(S::Handler::Rules) && !(a.rules == b.rules)) {
    const auto count = [](const S& s) {
      return tr("%n rule(s)", nullptr, static_cast<int>(s.rules.rules.size()));
    };
    const QString after = count(b);
    changes.append(
        {tr("reply rules"), count(a), after == count(a) ? tr("%1, edited").arg(after) : after});
  }
  compare(tr("one request per connection"), [](const S& s) { return onOff(s.oncePerConnection); });
  compare(tr("address reuse"), [](const S& s) { return onOff(s.allowReuseAddress); });
  compare(tr("backlog"), [](const S& s) { return QLocale().toString(s.backlog); });
  compare(tr("request timeout"), [](const S& s) { return QLocale().toString(s.requestTimeout); });
  compare(tr("max packet size"), [](const S& s) { return QLocale().toString(s.maxPacketSize); });
  compare(tr("daemon threads"), [](const S& s) { return onOff(s.daemonThreads); });
  compare(tr("block on close"), [](const S& s) { return onOff(s.blockOnClose); });
  compare(tr("allowed clients"), [](const S& s) { return s.allow.join(QLatin1String(", ")); });
  compare(tr("max connections"), [](const S& s) { return QLocale().toString(s.maxConnections); });
  compare(tr("socket file mode"), [](const S& s) { return S::modeText(s.socketMode); });
  compare(tr("multicast groups"),
          [](const S& s) { return s.multicastGroups.join(QLatin1String(", ")); });
  compare(tr("multicast interface"), [](const S& s) { return s.multicastInterface; });
  compare(tr("broadcast"), [](const S& s) { return onOff(s.allowBroadcast); });
  return changes;
}

QString SpecChanges::fieldList(const QList<Change>& changes) {
  QStringList fields;
  for (const Change& change : changes)
    fields << change.field;
  return fields.join(tr(", "));
}
