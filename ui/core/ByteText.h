// Bytes shown to a person and typed back: escaped text or hex. Used by the request log
// (payloads), the headless log lines, the fixed-reply handler and the test client.
//
//   ByteText::toEscaped("hi\r\n\x01")        -> "hi\\r\\n\\x01"
//   ByteText::fromEscaped("hi\\r\\n", &err)  -> "hi\r\n"
//   ByteText::toHex("hi")                     -> "68 69"
//   ByteText::fromHex("68 69", &err)          -> "hi"
//
// Escaped text keeps printable UTF-8 as it is and writes everything else as an escape, so any
// byte string survives toEscaped() -> fromEscaped() unchanged. Thread safe (no state).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

class ByteText {
  Q_DECLARE_TR_FUNCTIONS(ByteText)
public:
  ByteText() = delete;

  /// Printable UTF-8 as is; \n \r \t \0 \\ as escapes; any other byte as \xNN.
  static QString toEscaped(const QByteArray& bytes);
  /// The inverse of toEscaped(): text (UTF-8) with \n \r \t \0 \\ \" \' \xNN escapes.
  /// nullopt and `error` set ("unknown escape \q at position 3") when it cannot be read.
  static std::optional<QByteArray> fromEscaped(const QString& text, QString* error = nullptr);

  /// Lower-case hex, bytes separated by `separator` (none when it is null): "68 69".
  static QString toHex(const QByteArray& bytes, char separator = ' ');
  /// Hex digits in pairs; spaces, tabs, newlines, ':' and '-' between bytes and a leading
  /// "0x" are ignored. nullopt and `error` set when a character is not hex or a digit is odd.
  static std::optional<QByteArray> fromHex(const QString& text, QString* error = nullptr);

  /// True when the bytes are valid UTF-8 (then QString::fromUtf8() loses nothing).
  static bool isUtf8(const QByteArray& bytes);
  /// The text with each unpaired UTF-16 surrogate (JSON allows "\ud800" alone) written as
  /// that escape, for error messages that quote it: they then print whole characters.
  static QString escapeLoneSurrogates(const QString& text);
};
