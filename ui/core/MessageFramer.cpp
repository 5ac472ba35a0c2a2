#include "MessageFramer.h"

#include "ByteText.h"

namespace {

const QLatin1String lengthPrefix("length:");
const QLatin1String delimiterPrefix("delimiter:");
const QLatin1String delimiterHexPrefix("delimiterHex:");

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

} // namespace

std::optional<Framing> Framing::parse(const QString& text, QString* error) {
  Framing framing;
  if (text == QLatin1String("chunk")) {
    framing.kind = Kind::Chunk;
  } else if (text == QLatin1String("line")) {
    framing.kind = Kind::Line;
  } else if (text.startsWith(lengthPrefix)) {
    bool ok = false;
    framing.kind = Kind::Length;
    framing.length = text.mid(lengthPrefix.size()).toInt(&ok);
    if (!ok || framing.length < 1 || framing.length > MessageFramer::maxMessageBytes) {
      setError(error, tr("framing '%1': the length must be a number from 1 to %2")
                          .arg(text)
                          .arg(MessageFramer::maxMessageBytes));
      return std::nullopt;
    }
  } else if (text.startsWith(delimiterPrefix) || text.startsWith(delimiterHexPrefix)) {
    const bool hex = text.startsWith(delimiterHexPrefix);
    const QString value = text.mid(hex ? delimiterHexPrefix.size() : delimiterPrefix.size());
    QString why;
    const auto bytes = hex ? ByteText::fromHex(value, &why) : ByteText::fromEscaped(value, &why);
    if (!bytes || bytes->isEmpty()) {
      setError(error, tr("framing '%1': %2").arg(text, bytes ? tr("the delimiter is empty") : why));
      return std::nullopt;
    }
    framing.kind = Kind::Delimiter;
    framing.delimiter = *bytes;
  } else {
    setError(error, tr("framing '%1' is not one of chunk, line, length:N, delimiter:TEXT, "
                       "delimiterHex:HEX")
                        .arg(text));
    return std::nullopt;
  }
  return framing;
}

QString Framing::toString() const {
  switch (kind) {
  case Kind::Chunk:
    return QStringLiteral("chunk");
  case Kind::Line:
    return QStringLiteral("line");
  case Kind::Length:
    return lengthPrefix + QString::number(length);
  case Kind::Delimiter:
    if (!ByteText::toEscaped(delimiter).contains(QLatin1String("\\x")))
      return delimiterPrefix + ByteText::toEscaped(delimiter);
    return delimiterHexPrefix + ByteText::toHex(delimiter, 0);
  }
  return {};
}

QList<QByteArray> MessageFramer::feed(const QByteArray& data) {
  if (framing_.kind == Framing::Kind::Chunk)
    return data.isEmpty() ? QList<QByteArray>{} : QList<QByteArray>{data};
  buffer_ += data;
  QList<QByteArray> messages;
  switch (framing_.kind) {
  case Framing::Kind::Line:
    messages = cutAtDelimiter(QByteArrayLiteral("\n"), true);
    break;
  case Framing::Kind::Delimiter:
    messages = cutAtDelimiter(framing_.delimiter, false);
    break;
  case Framing::Kind::Length:
  case Framing::Kind::Chunk:
    messages = cutFixedLength();
    break;
  }
  // A message that never ends is handed over in pieces rather than buffered without bound.
  while (buffer_.size() >= maxMessageBytes) {
    messages << buffer_.left(maxMessageBytes);
    buffer_.remove(0, maxMessageBytes);
  }
  return messages;
}

QList<QByteArray> MessageFramer::cutAtDelimiter(const QByteArray& delimiter,
                                                bool stripCarriageReturn) {
  QList<QByteArray> messages;
  qsizetype start = 0;
  for (qsizetype end; (end = buffer_.indexOf(delimiter, start)) >= 0;) {
    QByteArray message = buffer_.mid(start, end - start);
    if (stripCarriageReturn && message.endsWith('\r'))
      message.chop(1);
    messages << message;
    start = end + delimiter.size();
  }
  buffer_.remove(0, start);
  return messages;
}

QList<QByteArray> MessageFramer::cutFixedLength() {
  QList<QByteArray> messages;
  const qsizetype length = framing_.length;
  qsizetype start = 0;
  for (; buffer_.size() - start >= length; start += length)
    messages << buffer_.mid(start, length);
  buffer_.remove(0, start);
  return messages;
}
