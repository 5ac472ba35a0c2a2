#include "ByteFormats.h"

#include <algorithm>

#include <QStringList>

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

bool isPrintableAscii(unsigned char byte) { return byte >= 0x20 && byte <= 0x7e; }

bool isHexDigit(unsigned char byte) {
  return (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'f') ||
         (byte >= 'A' && byte <= 'F');
}

void appendHexByte(QString& out, unsigned char byte) {
  out += QLatin1Char(hexDigits[byte >> 4]);
  out += QLatin1Char(hexDigits[byte & 0x0f]);
}

// The escape both C and Python write for a line feed, carriage return or tab; null otherwise.
const char* controlEscape(unsigned char byte) {
  switch (byte) {
  case '\n':
    return "\\n";
  case '\r':
    return "\\r";
  case '\t':
    return "\\t";
  default:
    return nullptr;
  }
}

// Eight offset digits as hexdump -C writes; a compact dump starts at four, more only when the
// offsets need them (an entry past 64 KiB).
int offsetDigits(qsizetype size, ByteFormats::HexLayout layout) {
  if (layout == ByteFormats::HexLayout::HexdumpC)
    return 8;
  int digits = 4;
  while (digits < 16 && (qint64(1) << (4 * digits)) < size)
    ++digits;
  return digits;
}

// The bytes in hex, one space apart; `eightByteGroups` adds a second space after each eight.
QString hexColumn(const QByteArray& part, bool eightByteGroups) {
  QString out;
  for (qsizetype i = 0; i < part.size(); ++i) {
    if (i > 0)
      out += QLatin1Char(' ');
    if (eightByteGroups && i > 0 && i % 8 == 0)
      out += QLatin1Char(' ');
    appendHexByte(out, static_cast<unsigned char>(part.at(i)));
  }
  return out;
}

// The bytes 0x20-0x7e as themselves, any other as '.'.
QString asciiColumn(const QByteArray& part) {
  QString out;
  for (const char byte : part) {
    const auto value = static_cast<unsigned char>(byte);
    out += isPrintableAscii(value) ? QLatin1Char(byte) : QLatin1Char('.');
  }
  return out;
}

} // namespace

namespace ByteFormats {

QString hexDump(const QByteArray& bytes, int bytesPerLine, HexLayout layout) {
  bytesPerLine = std::max(1, bytesPerLine);
  const bool classic = layout == HexLayout::HexdumpC;
  const int digits = offsetDigits(bytes.size(), layout);
  // A compact dump of one short line has no column below it to line up with.
  const bool pad = classic || bytes.size() > bytesPerLine;
  const qsizetype hexWidth = 3 * bytesPerLine - 1 + (classic ? (bytesPerLine - 1) / 8 : 0);
  QStringList lines;
  for (qsizetype start = 0; start < bytes.size(); start += bytesPerLine) {
    const QByteArray part = bytes.mid(start, bytesPerLine);
    QString hex = hexColumn(part, classic);
    if (pad)
      hex = hex.leftJustified(hexWidth);
    const QString ascii = asciiColumn(part);
    lines << QStringLiteral("%1  %2  ").arg(start, digits, 16, QLatin1Char('0')).arg(hex) +
                 (classic ? QLatin1Char('|') + ascii + QLatin1Char('|') : ascii);
  }
  if (!classic || lines.isEmpty())
    return lines.join(QLatin1Char('\n'));
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString cString(const QByteArray& bytes) {
  QString out = QStringLiteral("\"");
  bool afterHexEscape = false;
  for (qsizetype i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes.at(i));
    const bool printable = isPrintableAscii(byte);
    // \x reads every hex digit that follows it: end the literal so the digit stands alone.
    if (afterHexEscape && printable && isHexDigit(byte))
      out += QLatin1String("\" \"");
    afterHexEscape = false;
    if (const char* escape = controlEscape(byte)) {
      out += QLatin1String(escape);
    } else if (byte == '"' || byte == '\\') {
      out += QLatin1Char('\\');
      out += QLatin1Char(static_cast<char>(byte));
    } else if (byte == '?' && i > 0 && bytes.at(i - 1) == '?') {
      out += QLatin1String("\\?"); // "??=" and friends are trigraphs in older C
    } else if (printable) {
      out += QLatin1Char(static_cast<char>(byte));
    } else {
      out += QLatin1String("\\x");
      appendHexByte(out, byte);
      afterHexEscape = true;
    }
  }
  return out + QLatin1Char('"');
}

QString cArray(const QByteArray& bytes) {
  QString out = QStringLiteral("{");
  out.reserve(2 + bytes.size() * 6);
  for (qsizetype i = 0; i < bytes.size(); ++i) {
    if (i)
      out += QLatin1String(", ");
    out += QLatin1String("0x");
    appendHexByte(out, static_cast<unsigned char>(bytes.at(i)));
  }
  return out + QLatin1Char('}');
}

QString pythonBytes(const QByteArray& bytes) {
  QString out = QStringLiteral("b'");
  out.reserve(3 + bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (const char* escape = controlEscape(byte)) {
      out += QLatin1String(escape);
    } else if (byte == '\'' || byte == '\\') {
      out += QLatin1Char('\\');
      out += QLatin1Char(c);
    } else if (isPrintableAscii(byte)) {
      out += QLatin1Char(c);
    } else {
      out += QLatin1String("\\x"); // always two digits in Python: no ambiguity
      appendHexByte(out, byte);
    }
  }
  return out + QLatin1Char('\'');
}

} // namespace ByteFormats
