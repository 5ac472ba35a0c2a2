#include "MessageConversion.h"

#include "ByteText.h"

#include <QCoreApplication>

namespace {

bool isControl(unsigned char byte) {
  return (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7f;
}

// The length of the UTF-8 sequence that starts at `at`, or 0 when none starts there (a stray
// continuation byte, an overlong form, a surrogate, past U+10FFFF, or a cut sequence).
int utf8Length(const QByteArray& bytes, qsizetype at) {
  const auto lead = static_cast<unsigned char>(bytes.at(at));
  int length = 0;
  unsigned char low = 0x80; // the bounds of the second byte, which rule out the bad forms
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    low = lead == 0xe0 ? 0xa0 : 0x80;
    high = lead == 0xed ? 0x9f : 0xbf;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    low = lead == 0xf0 ? 0x90 : 0x80;
    high = lead == 0xf4 ? 0x8f : 0xbf;
  } else {
    return 0;
  }
  if (at + length > bytes.size())
    return 0;
  for (int i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(bytes.at(at + i));
    if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xbf))
      return 0;
  }
  return length;
}

} // namespace

namespace MessageConversion {

qsizetype firstNonTextByte(const QByteArray& bytes) {
  for (qsizetype at = 0; at < bytes.size();) {
    const auto byte = static_cast<unsigned char>(bytes.at(at));
    if (byte < 0x80) {
      if (isControl(byte))
        return at;
      ++at;
      continue;
    }
    const int length = utf8Length(bytes, at);
    if (length == 0)
      return at;
    at += length;
  }
  return -1;
}

std::optional<QString> toHex(const QString& text, QString* why) {
  QString error;
  const std::optional<QByteArray> bytes = ByteText::fromEscaped(text, &error);
  if (!bytes) {
    if (why)
      *why = QCoreApplication::translate("MessageConversion", "Kept as text: bad escape: %1")
                 .arg(error);
    return std::nullopt;
  }
  return ByteText::toHex(*bytes);
}

std::optional<QString> toText(const QString& hex, QString* why) {
  QString error;
  const std::optional<QByteArray> bytes = ByteText::fromHex(hex, &error);
  if (!bytes) {
    if (why)
      *why =
          QCoreApplication::translate("MessageConversion", "Kept as hex: bad hex: %1").arg(error);
    return std::nullopt;
  }
  if (const qsizetype at = firstNonTextByte(*bytes); at >= 0) {
    if (why)
      *why = QCoreApplication::translate("MessageConversion",
                                         "Kept as hex: byte %1 at offset %2 is not text")
                 .arg(ByteText::toHex(bytes->mid(at, 1)))
                 .arg(at);
    return std::nullopt;
  }
  return ByteText::toEscaped(*bytes);
}

} // namespace MessageConversion
