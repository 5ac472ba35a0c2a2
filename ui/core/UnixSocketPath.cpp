#include "UnixSocketPath.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>

namespace UnixSocketPath {

QString directory() {
  const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
  const QFileInfo info(runtime);
  if (!runtime.isEmpty() && info.isAbsolute() && info.isDir() && info.isWritable())
    return QDir::cleanPath(runtime);
  return QDir::tempPath();
}

QString suggestion() {
  const QDir dir(directory());
  QString path;
  // 24 random bits: a collision with a file already there is rare, and checked for.
  do {
    const quint32 tag = QRandomGenerator::global()->bounded(0x1000000U);
    path = dir.filePath(QStringLiteral("socketserver-%1.sock").arg(tag, 6, 16, QLatin1Char('0')));
  } while (QFileInfo::exists(path));
  return path;
}

} // namespace UnixSocketPath
