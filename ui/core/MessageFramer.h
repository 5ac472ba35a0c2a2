// MessageFramer: cuts a stream's bytes into the messages a reply rule sees — each chunk as it
// arrives, each line, a fixed length, or up to a delimiter. Datagrams need none: each one is
// a message.
//
//   MessageFramer framer(*Framing::parse("line"));
//   framer.feed("PING 1\r\nPI");   // -> {"PING 1"}   (the terminator is not part of it)
//   framer.feed("NG 2\n");         // -> {"PING 2"}
//
// A peer that never sends the end of a message cannot grow the buffer without bound: past
// maxMessageBytes, what has been buffered is handed over as a message of its own.
// Not thread safe: one framer per connection.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

/// How a stream is cut into messages; the rules file's "framing" value.
struct Framing {
  Q_DECLARE_TR_FUNCTIONS(Framing)

public:
  enum class Kind { Chunk, Line, Length, Delimiter };

  Kind kind = Kind::Line;
  int length = 0;       ///< Length: bytes per message (1 .. maxMessageBytes)
  QByteArray delimiter; ///< Delimiter: what ends a message (not part of it)

  /// "chunk", "line", "length:N", "delimiter:TEXT" (escapes allowed, as in \r\n) or
  /// "delimiterHex:HEX". nullopt with `error` in words when it is none of them.
  static std::optional<Framing> parse(const QString& text, QString* error = nullptr);
  /// The text parse() reads back (a delimiter is written as delimiterHex when it has bytes
  /// that text would show as \xNN escapes).
  QString toString() const;
  bool operator==(const Framing& other) const = default;
};

class MessageFramer {
public:
  /// The most bytes one message may have; more is handed over in pieces of this size.
  static constexpr int maxMessageBytes = 64 * 1024;

  explicit MessageFramer(Framing framing) : framing_(std::move(framing)) {}

  /// Adds bytes that arrived; returns the messages they complete, oldest first.
  QList<QByteArray> feed(const QByteArray& data);
  /// Bytes received that do not make a whole message yet.
  const QByteArray& pending() const { return buffer_; }

private:
  QList<QByteArray> cutAtDelimiter(const QByteArray& delimiter, bool stripCarriageReturn);
  QList<QByteArray> cutFixedLength();

  Framing framing_;
  QByteArray buffer_;
};
