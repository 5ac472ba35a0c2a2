#include "ConsoleEvent.h"

#include "ByteText.h"

#include <QDateTime>

namespace {

QString isoTime(qint64 ms) {
  return QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs);
}

} // namespace

QString ConsoleEvent::kindName(Kind kind) {
  switch (kind) {
  case Kind::Started:
    return QStringLiteral("started");
  case Kind::Stopped:
    return QStringLiteral("stopped");
  case Kind::Failed:
    return QStringLiteral("failed");
  case Kind::Opened:
    return QStringLiteral("opened");
  case Kind::Received:
    return QStringLiteral("received");
  case Kind::Sent:
    return QStringLiteral("sent");
  case Kind::Finished:
    return QStringLiteral("finished");
  case Kind::Notice:
    return QStringLiteral("notice");
  case Kind::SentByHand:
    return QStringLiteral("sent by you");
  case Kind::SendFailed:
    return QStringLiteral("send failed");
  }
  return {};
}

QString ConsoleEvent::jsonName(Kind kind) {
  switch (kind) {
  case Kind::SentByHand:
    return QStringLiteral("sentByHand");
  case Kind::SendFailed:
    return QStringLiteral("sendFailed");
  default:
    return kindName(kind);
  }
}

QString ConsoleEvent::outcomeName(std::optional<Outcome> outcome) {
  if (!outcome)
    return {};
  const std::string_view name = socketserver::to_string(*outcome);
  return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QJsonObject ConsoleEvent::toJson(const QString& serverName) const {
  QJsonObject json;
  json[QLatin1String("time")] = isoTime(timestampMs);
  json[QLatin1String("ms")] = timestampMs;
  json[QLatin1String("serverId")] = serverId;
  if (!serverName.isEmpty())
    json[QLatin1String("server")] = serverName;
  if (requestId != 0)
    json[QLatin1String("request")] = static_cast<qint64>(requestId);
  json[QLatin1String("event")] = jsonName(kind);
  if (!peer.isEmpty())
    json[QLatin1String("peer")] = peer;
  if (isTraffic()) {
    json[QLatin1String("size")] = size;
    if (ByteText::isUtf8(payload))
      json[QLatin1String("payload")] = QString::fromUtf8(payload);
    else
      json[QLatin1String("payloadHex")] = ByteText::toHex(payload, 0);
    if (payloadTruncated())
      json[QLatin1String("truncated")] = true;
  }
  if (outcome.has_value())
    json[QLatin1String("outcome")] = outcomeName(outcome);
  if (!text.isEmpty())
    json[QLatin1String("text")] = text;
  return json;
}

QString ConsoleEvent::toLogLine(const QString& serverName) const {
  QString line = isoTime(timestampMs);
  line +=
      QStringLiteral(" [%1]").arg(serverName.isEmpty() ? QString::number(serverId) : serverName);
  if (requestId != 0)
    line += QStringLiteral(" #%1").arg(requestId);
  line += QLatin1Char(' ') + kindName(kind);
  if (!peer.isEmpty())
    line += QLatin1Char(' ') + peer;
  if (isTraffic()) {
    line += QStringLiteral(" %1 bytes \"%2\"").arg(size).arg(ByteText::toEscaped(payload));
    if (payloadTruncated())
      line += QStringLiteral("...");
  }
  if (outcome.has_value())
    line += QLatin1Char(' ') + outcomeName(outcome);
  if (!text.isEmpty())
    line += (outcome.has_value() ? QStringLiteral(": ") : QStringLiteral(" ")) + text;
  return line;
}
