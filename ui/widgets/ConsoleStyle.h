// ConsoleStyle: how the console shows a state or a moment, wherever it shows it (table cells,
// labels, the sparkline), so that a failure is the same red in every panel.
#pragma once

#include <QColor>
#include <QDateTime>
#include <QString>

namespace ConsoleStyle {

/// Failed servers, handler errors, refused requests, invalid input.
inline QColor problemColor() { return {0xc0, 0x1c, 0x28}; }
/// Finished rows, still shown a while.
inline QColor fadedColor() { return {0x80, 0x80, 0x80}; }
/// A listening server; bytes sent.
inline QColor healthyColor() { return {0x1a, 0x7f, 0x37}; }
/// Bytes received; the request rate.
inline QColor trafficColor() { return {0x1c, 0x71, 0xd8}; }
/// A server's own events (started, stopped, notices), dropped rows.
inline QColor noticeColor() { return {0x98, 0x6a, 0x00}; }
/// A server open to every network interface.
inline QColor exposureColor() { return {0xc6, 0x46, 0x00}; }
/// A server with clients waiting in its backlog that it does not take.
inline QColor waitingColor() { return {0xb5, 0x4a, 0x00}; }

/// A style sheet that colours a label's text.
inline QString textColorSheet(const QColor& color) {
  return QStringLiteral("color: %1;").arg(color.name());
}

/// The time of day, to the millisecond, as rows and replies show it.
inline QString clockText(const QDateTime& time) {
  return time.toString(QStringLiteral("HH:mm:ss.zzz"));
}
inline QString clockText(qint64 msecsSinceEpoch) {
  return clockText(QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch));
}

} // namespace ConsoleStyle
