// MessageConversion: a message as typed, rewritten for the other mode of the message editor —
// escaped text to hex ("hi\n" -> "68 69 0a") and hex back to escaped text when the bytes are
// text (UTF-8 without control characters other than tab, line feed and carriage return).
// What cannot be converted is left as it is, with the reason.
//
//   QString why;
//   if (auto hex = MessageConversion::toHex(QStringLiteral("hi\\n"), &why)) ...
//   if (auto text = MessageConversion::toText(QStringLiteral("41 ff"), &why)) ...
//     // nullopt; why = "Kept as hex: byte ff at offset 1 is not text"
//
// Thread safe (no state).
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace MessageConversion {

/// The offset of the first byte that makes `bytes` not text, or -1 when they are text.
qsizetype firstNonTextByte(const QByteArray& bytes);

/// Escaped text as hex; nullopt, with `why` ("Kept as text: ..."), when an escape is bad.
std::optional<QString> toHex(const QString& text, QString* why = nullptr);

/// Hex as escaped text; nullopt, with `why` ("Kept as hex: ..."), when the hex cannot be read
/// or its bytes are not text.
std::optional<QString> toText(const QString& hex, QString* why = nullptr);

} // namespace MessageConversion
