#include "ConsoleCertificate.h"

#include "SelfSignedCertificate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QSaveFile>
#include <QSettings>

#include <utility>

namespace {

QMutex& lock() {
  static QMutex mutex;
  return mutex;
}

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

// Writes `bytes` to `path` through a new file of mode `permissions` renamed over it: no
// reader sees half a file, and a key is never readable by others, even for a moment.
bool writeWhole(const QString& path, const QByteArray& bytes, QFileDevice::Permissions permissions,
                QString* error) {
  const QString temporary = path + QStringLiteral(".new");
  QFile::remove(temporary);
  QFile file(temporary);
  if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions) ||
      file.write(bytes) != bytes.size() || !file.flush()) {
    setError(error,
             ConsoleCertificate::tr("cannot write %1: %2").arg(temporary, file.errorString()));
    file.remove();
    return false;
  }
  file.close();
  QFile::remove(path);
  if (!QFile::rename(temporary, path)) {
    setError(error, ConsoleCertificate::tr("cannot replace %1").arg(path));
    QFile::remove(temporary);
    return false;
  }
  return true;
}

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.read(qint64{1024} * 1024) : QByteArray();
}

} // namespace

ConsoleCertificate::ConsoleCertificate(QString directory) : directory_(std::move(directory)) {}

QString ConsoleCertificate::defaultDirectory() {
  return QFileInfo(QSettings().fileName()).absolutePath();
}

QString ConsoleCertificate::certificatePath() const {
  return QDir(directory_).filePath(QStringLiteral("console-certificate.pem"));
}

QString ConsoleCertificate::keyPath() const {
  return QDir(directory_).filePath(QStringLiteral("console-key.pem"));
}

bool ConsoleCertificate::ensure(QString* error) const {
  const QMutexLocker locked(&lock());
  if (QFileInfo::exists(certificatePath()) && QFileInfo::exists(keyPath()))
    return true;
  return make(error);
}

bool ConsoleCertificate::regenerate(QString* error) const {
  const QMutexLocker locked(&lock());
  return make(error);
}

bool ConsoleCertificate::make(QString* error) const {
  if (!QDir().mkpath(directory_)) {
    setError(error, tr("cannot create the directory %1").arg(directory_));
    return false;
  }
  const auto made = SelfSignedCertificate::make(QStringLiteral("localhost"), validDays, error);
  if (!made)
    return false;
  // The key first: a certificate is never there without its key.
  return writeWhole(keyPath(), made->keyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner,
                    error) &&
         writeWhole(certificatePath(), made->certificatePem,
                    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                        QFileDevice::ReadOther,
                    error);
}

QString ConsoleCertificate::fingerprint() const {
  return SelfSignedCertificate::fingerprint(readAll(certificatePath()));
}

bool ConsoleCertificate::exportTo(const QString& path, QString* error) const {
  const QByteArray pem = readAll(certificatePath());
  if (SelfSignedCertificate::fingerprint(pem).isEmpty()) {
    setError(error, tr("there is no certificate to export yet"));
    return false;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(pem) != pem.size() || !file.commit()) {
    setError(error, tr("cannot write %1: %2").arg(path, file.errorString()));
    return false;
  }
  return true;
}
