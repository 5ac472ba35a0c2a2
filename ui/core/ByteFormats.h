// ByteFormats: a byte string written out whole, for reading (a hex dump with offsets and an
// ASCII column) or for pasting into a program (a C string or array, a Python bytes literal).
// The request log's detail pane shows and copies a payload with these; ByteText holds the
// two forms a person also types back (escaped text, hex).
//
//   hexDump(bytes)      00000000  68 65 6c 6c 6f 0a  (padding)  |hello.|   (for "hello\n")
//   cString(bytes)      "a\x01" "b"      (for the bytes 61 01 62: split before the hex digit)
//   cArray(bytes)       {0x61, 0x01, 0x62}
//   pythonBytes(bytes)  b'a\x01b'
//
// Each literal, compiled or evaluated, gives back exactly the bytes. Thread safe (no state).
#pragma once

#include <QByteArray>
#include <QString>

namespace ByteFormats {

/// The bytes per line of hexDump() unless told otherwise (as `hexdump -C` and `xxd` write).
inline constexpr int defaultBytesPerLine = 16;

/// How hexDump() lays its lines out.
enum class HexLayout {
  /// `hexdump -C`: an 8-digit offset, an extra space after each group of eight bytes, the ASCII
  /// between bars, every line (the last padded) ending with '\n'. For the request log's pane.
  HexdumpC,
  /// For a narrow column: a 4-digit offset (more only past 64 KiB), no groups or bars, lines
  /// joined by '\n'; a dump of one line is not padded. For the test client's conversation.
  Compact,
};

/// A hex dump, one line per `bytesPerLine` bytes (at least 1): the offset in hex, the bytes in
/// hex, then the bytes 0x20-0x7e as themselves and any other byte as '.'; "" for no bytes.
QString hexDump(const QByteArray& bytes, int bytesPerLine = defaultBytesPerLine,
                HexLayout layout = HexLayout::HexdumpC);

/// A C (and C++) string literal of exactly these bytes, on one line: printable ASCII as itself,
/// \" \\ \n \r \t, every other byte as \xNN. A hex digit right after \xNN would be read as
/// part of that escape, so the literal is split there ("\x01" "a"); "??" is written "?\?" so
/// that no trigraph forms. The compiler's terminating NUL is not part of the bytes.
QString cString(const QByteArray& bytes);

/// A C array initialiser: "{0x68, 0x69}"; "{}" for no bytes.
QString cArray(const QByteArray& bytes);

/// A Python bytes literal, always in single quotes: printable ASCII as itself, \' \\ \n \r \t,
/// every other byte as \xNN. eval() of it equals the bytes.
QString pythonBytes(const QByteArray& bytes);

} // namespace ByteFormats
