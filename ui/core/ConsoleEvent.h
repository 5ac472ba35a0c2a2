// ConsoleEvent: one thing that happened on a server, as the console records it — compact,
// copyable, and made on engine threads by EventBridge. The request log shows one row per
// event; the connections table and the counters are derived from them.
//
// Payloads are capped by the bridge (EventBridge::setPayloadCap): `payload` holds at most the
// cap, `size` always the real number of bytes that crossed the socket.
#pragma once

#include <socketserver/observer.hpp>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

struct ConsoleEvent {
  Q_GADGET

public:
  enum class Kind : quint8 {
    Started,  ///< serving began; text = the bound address
    Stopped,  ///< serving ended normally
    Failed,   ///< the server could not start or stopped on an error; text = the reason
    Opened,   ///< a connection was accepted or a datagram arrived; peer = the client
    Received, ///< bytes from the client (direction in)
    Sent,     ///< bytes to the client (direction out)
    Finished, ///< the request ended; outcome says how, text = error detail
    Notice,   ///< worth a line in the log: truncated datagram, kicked connection, ...
    /// bytes a person sent to the client by hand (ServerManager::sendTo); counted like Sent
    SentByHand,
    /// a hand send that failed; text = why, in words (peer gone, not reading, cannot reach)
    SendFailed,
  };
  Q_ENUM(Kind)

  /// How a request ended: the engine's own enum (the observer reports it), not a copy.
  using Outcome = socketserver::RequestOutcome;

  qint64 timestampMs = 0; ///< milliseconds since the Unix epoch (QDateTime::fromMSecsSinceEpoch)
  int serverId = 0;       ///< ServerManager's id of the server
  /// The request: unique in the whole console (RequestIds), 0 for server-wide events. A
  /// datagram server's events carry their peer's id (RecentPeers): one per conversation.
  quint64 requestId = 0;
  Kind kind = Kind::Notice;
  std::optional<Outcome> outcome; ///< Finished only; empty on every other kind
  QString peer;       ///< the client ("127.0.0.1:50312", "/tmp/c.sock"; "" unnamed or n/a)
  QByteArray payload; ///< Received / Sent: the first bytes, at most the bridge's payload cap
  qint64 size = 0;    ///< Received / Sent: bytes that crossed the socket
  QString text;       ///< Started: address; Failed: reason; Finished: detail; Notice: message
  /// The Notice of a TLS handshake (EventBridge::on_tls_handshake) carries its facts, for the
  /// connections table; null on every other event. Shared: copying an event stays cheap.
  std::shared_ptr<const socketserver::TlsHandshakeInfo> tls;

  bool payloadTruncated() const { return payload.size() < size; }
  bool isTraffic() const {
    return kind == Kind::Received || kind == Kind::Sent || kind == Kind::SentByHand;
  }

  /// "started", "stopped", "failed", "opened", "received", "sent", "finished", "notice",
  /// "sent by you", "send failed": the log line's word for the kind.
  static QString kindName(Kind kind);
  /// The JSON "event" value: kindName() for most kinds, but one word each for the hand
  /// sends ("sentByHand", "sendFailed"), so that a script can match it as a token.
  static QString jsonName(Kind kind);
  /// "completed", "error", "rejected", "overloaded"; "" when there is none.
  static QString outcomeName(std::optional<Outcome> outcome);

  /// One JSON Lines record: {"time": ISO-8601 with ms, "ms", "serverId", "server", "request",
  /// "event", "peer", "size", "payload" (text, when valid UTF-8) or "payloadHex",
  /// "truncated", "outcome", "text"}. Fields that do not apply are left out.
  QJsonObject toJson(const QString& serverName = {}) const;
  /// One human-readable log line: "2025-11-23T20:04:05.123 [upper] #3 received
  /// 127.0.0.1:50312 6 bytes "hello\n"" (payload escaped, see ByteText::toEscaped).
  QString toLogLine(const QString& serverName = {}) const;
};

Q_DECLARE_METATYPE(ConsoleEvent)
