#include "ByteText.h"

#include <QCoreApplication>

namespace {

// Length of the valid UTF-8 sequence starting at bytes[i], or 0 when there is none there
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short).
int utf8SequenceLength(const QByteArray& bytes, qsizetype i, char32_t* codePoint) {
  const auto byte = [&](qsizetype k) { return static_cast<unsigned char>(bytes.at(k)); };
  const unsigned char lead = byte(i);
  int length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if (lead < 0x80) {
    *codePoint = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > bytes.size())
    return 0;
  for (int k = 1; k < length; ++k) {
    const unsigned char next = byte(i + k);
    if ((next & 0xC0) != 0x80)
      return 0;
    value = (value << 6) | (next & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return 0;
  *codePoint = value;
  return length;
}

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

int hexValue(QChar c) {
  const char16_t u = c.unicode();
  if (u >= '0' && u <= '9')
    return u - '0';
  if (u >= 'a' && u <= 'f')
    return u - 'a' + 10;
  if (u >= 'A' && u <= 'F')
    return u - 'A' + 10;
  return -1;
}

// The whole character at text[i] for an error message: both halves of a surrogate pair (an
// emoji, say), where text.at(i) alone would print half a character.
QString characterAt(const QString& text, qsizetype i) {
  const bool pair =
      text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
  return text.mid(i, pair ? 2 : 1);
}

} // namespace

QString ByteText::toEscaped(const QByteArray& bytes) {
  QString text;
  text.reserve(bytes.size());
  for (qsizetype i = 0; i < bytes.size();) {
    const char c = bytes.at(i);
    switch (c) {
    case '\n':
      text += QLatin1String("\\n");
      ++i;
      continue;
    case '\r':
      text += QLatin1String("\\r");
      ++i;
      continue;
    case '\t':
      text += QLatin1String("\\t");
      ++i;
      continue;
    case '\0':
      text += QLatin1String("\\0");
      ++i;
      continue;
    case '\\':
      text += QLatin1String("\\\\");
      ++i;
      continue;
    default:
      break;
    }
    char32_t codePoint = 0;
    const int length = utf8SequenceLength(bytes, i, &codePoint);
    if (length > 0 && QChar::isPrint(codePoint)) {
      text += QString::fromUtf8(bytes.constData() + i, length);
      i += length;
    } else {
      text += QStringLiteral("\\x%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0'));
      ++i;
    }
  }
  return text;
}

std::optional<QByteArray> ByteText::fromEscaped(const QString& text, QString* error) {
  QByteArray bytes;
  bytes.reserve(text.size());
  QString plain; // runs of unescaped text, encoded as UTF-8 in one go
  const auto flushPlain = [&] {
    bytes += plain.toUtf8();
    plain.clear();
  };
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text.at(i);
    if (c != QLatin1Char('\\')) {
      plain += c;
      continue;
    }
    flushPlain();
    if (i + 1 >= text.size()) {
      setError(error, tr("a lone backslash at the end: write \\\\ for a backslash"));
      return std::nullopt;
    }
    const QChar e = text.at(++i);
    switch (e.unicode()) {
    case 'n':
      bytes += '\n';
      break;
    case 'r':
      bytes += '\r';
      break;
    case 't':
      bytes += '\t';
      break;
    case '0':
      bytes += '\0';
      break;
    case '\\':
    case '"':
    case '\'':
      bytes += static_cast<char>(e.unicode());
      break;
    case 'x': {
      const int high = i + 1 < text.size() ? hexValue(text.at(i + 1)) : -1;
      const int low = i + 2 < text.size() ? hexValue(text.at(i + 2)) : -1;
      if (high < 0 || low < 0) {
        setError(error, tr("\\x at position %1 needs two hex digits, as in \\x0a").arg(i));
        return std::nullopt;
      }
      bytes += static_cast<char>(high * 16 + low);
      i += 2;
      break;
    }
    default:
      setError(error, tr("unknown escape \\%1 at position %2 (known: \\n \\r \\t \\0 \\\\ "
                         "\\\" \\' \\xNN)")
                          .arg(characterAt(text, i))
                          .arg(i));
      return std::nullopt;
    }
  }
  flushPlain();
  return bytes;
}

QString ByteText::toHex(const QByteArray& bytes, char separator) {
  return QString::fromLatin1(separator ? bytes.toHex(separator) : bytes.toHex());
}

std::optional<QByteArray> ByteText::fromHex(const QString& text, QString* error) {
  // Positions in messages count from the start of the text as typed, leading blanks included.
  qsizetype start = 0;
  qsizetype end = text.size();
  while (start < end && text.at(start).isSpace())
    ++start;
  while (end > start && text.at(end - 1).isSpace())
    --end;
  if (QStringView(text)
          .sliced(start, end - start)
          .startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
    start += 2;
  QByteArray bytes;
  int pending = -1; // the high nibble waiting for its partner
  for (qsizetype i = start; i < end; ++i) {
    const QChar c = text.at(i);
    const int value = hexValue(c);
    if (value < 0) {
      const bool separator = c.isSpace() || c == QLatin1Char(':') || c == QLatin1Char('-');
      if (separator && pending < 0)
        continue;
      setError(error,
               separator
                   ? tr("hex digit missing before position %1: write bytes as "
                        "pairs of digits, as in 0a ff")
                         .arg(i)
                   : tr("'%1' at position %2 is not a hex digit").arg(characterAt(text, i)).arg(i));
      return std::nullopt;
    }
    if (pending < 0) {
      pending = value;
    } else {
      bytes += static_cast<char>(pending * 16 + value);
      pending = -1;
    }
  }
  if (pending >= 0) {
    setError(error, tr("odd number of hex digits: write bytes as pairs, as in 0a ff"));
    return std::nullopt;
  }
  return bytes;
}

bool ByteText::isUtf8(const QByteArray& bytes) {
  char32_t codePoint = 0;
  for (qsizetype i = 0; i < bytes.size();) {
    const int length = utf8SequenceLength(bytes, i, &codePoint);
    if (length == 0)
      return false;
    i += length;
  }
  return true;
}

QString ByteText::escapeLoneSurrogates(const QString& text) {
  QString out;
  out.reserve(text.size());
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
      out += c;
      out += text.at(++i);
    } else if (c.isSurrogate()) {
      out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
    } else {
      out += c;
    }
  }
  return out;
}
