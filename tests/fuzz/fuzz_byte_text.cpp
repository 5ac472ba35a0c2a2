// Fuzzes ByteText, the escaped-text and hex forms of payloads that people read in the log and
// type into the client panel and the fixed-reply field. Properties:
//   - any bytes survive toEscaped -> fromEscaped and toHex -> fromHex (each separator);
//   - isUtf8(bytes) is true exactly when QString::fromUtf8 loses nothing;
//   - typed text (the input read as UTF-8) either parses, and then its canonical form parses
//     to the same bytes, or fails with a message that says where (a position) or what, in
//     whole characters (never half of a surrogate pair);
//   - hex never yields more bytes than it has digit pairs.
#include "fuzz_check.h"

#include "ByteText.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

std::string show(const QString& text) { return "'" + text.toStdString() + "'"; }
std::string show(const QByteArray& bytes) { return "hex " + bytes.toHex(' ').toStdString(); }

void checkBytesRoundTrip(const QByteArray& bytes) {
  const QString escaped = ByteText::toEscaped(bytes);
  QString error;
  const auto unescaped = ByteText::fromEscaped(escaped, &error);
  fuzz_check(unescaped.has_value(), show(bytes) + " escaped as " + show(escaped) +
                                        " does not read back: " + error.toStdString());
  fuzz_check(*unescaped == bytes,
             show(bytes) + " escaped as " + show(escaped) + " reads back as " + show(*unescaped));

  for (const char separator : {' ', ':', '\0'}) {
    const QString hex = ByteText::toHex(bytes, separator);
    const auto decoded = ByteText::fromHex(hex, &error);
    fuzz_check(decoded.has_value(), show(bytes) + " as hex " + show(hex) +
                                        " does not read back: " + error.toStdString());
    fuzz_check(*decoded == bytes,
               show(bytes) + " as hex " + show(hex) + " reads back as " + show(*decoded));
  }

  const bool lossless = QString::fromUtf8(bytes).toUtf8() == bytes;
  fuzz_check(ByteText::isUtf8(bytes) == lossless,
             show(bytes) + ": isUtf8 says " + (lossless ? "no" : "yes") +
                 " but the UTF-8 round trip says the opposite");
}

void checkTypedEscapes(const QString& text) {
  QString error;
  const auto bytes = ByteText::fromEscaped(text, &error);
  if (!bytes) {
    fuzz_check(!error.isEmpty(), "no error message for " + show(text));
    fuzz_check(error.isValidUtf16(), "half a character in the error for " + show(text));
    fuzz_check(error.contains(QLatin1String("position")) ||
                   error.contains(QLatin1String("backslash")),
               "the error for " + show(text) + " does not say where: " + error.toStdString());
    return;
  }
  // No escape makes more than one byte, and plain text is at most 3 UTF-8 bytes per unit.
  fuzz_check(bytes->size() <= 3 * text.size(), show(text) + " grew to " + show(*bytes));
  const QString canonical = ByteText::toEscaped(*bytes);
  const auto again = ByteText::fromEscaped(canonical, &error);
  fuzz_check(again && *again == *bytes,
             show(text) + " -> " + show(*bytes) + " -> " + show(canonical) + " changed");
}

void checkTypedHex(const QString& text) {
  QString error;
  const auto bytes = ByteText::fromHex(text, &error);
  if (!bytes) {
    fuzz_check(!error.isEmpty(), "no error message for hex " + show(text));
    fuzz_check(error.isValidUtf16(), "half a character in the error for hex " + show(text));
    fuzz_check(error.contains(QLatin1String("position")) ||
                   error.contains(QLatin1String("odd number")),
               "the error for hex " + show(text) + " does not say where: " + error.toStdString());
    return;
  }
  fuzz_check(2 * bytes->size() <= text.size(), "hex " + show(text) + " gave " + show(*bytes));
  const auto again = ByteText::fromHex(ByteText::toHex(*bytes), &error);
  fuzz_check(again && *again == *bytes, "hex " + show(text) + " does not round trip");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  checkBytesRoundTrip(bytes);
  const QString text = QString::fromUtf8(bytes);
  checkTypedEscapes(text);
  checkTypedHex(text);
  return 0;
}
