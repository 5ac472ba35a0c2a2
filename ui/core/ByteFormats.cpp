#include "ByteFormats.h"

#include <algorithm>

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

} // namespace

namespace ByteFormats {

QString hexDump(const QByteArray& bytes, int bytesPerLine) {
  bytesPerLine = std::max(1, bytesPerLine);
  QString out;
  const qsizetype lines = (bytes.size() + bytesPerLine - 1) / bytesPerLine;
  out.reserve(lines * (14 + 4 * bytesPerLine + bytesPerLine / 8));
  for (qsizetype start = 0; start < bytes.size(); start += bytesPerLine) {
    out += QStringLiteral("%1  ").arg(start, 8, 16, QLatin1Char('0'));
    QString ascii;
    for (int i = 0; i < bytesPerLine; ++i) {
      if (start + i < bytes.size()) {
        const auto byte = static_cast<unsigned char>(bytes.at(start + i));
        appendHexByte(out, byte);
        ascii += isPrintableAscii(byte) ? QLatin1Char(static_cast<char>(byte)) : QLatin1Char('.');
      } else {
        out += QLatin1String("  ");
      }
      out += QLatin1Char(' ');
      if (i % 8 == 7 && i + 1 < bytesPerLine)
        out += QLatin1Char(' '); // groups of eight, as hexdump -C
    }
    out += QLatin1String(" |") + ascii + QLatin1String("|\n");
  }
  return out;
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
