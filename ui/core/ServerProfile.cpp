#include "ServerProfile.h"

#include "ByteText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

const QLatin1String formatName("socketserver-console-profile");
constexpr int formatVersion = 1;

} // namespace

QByteArray ServerProfile::toJson(const QList<ServerSpec>& servers) {
  QJsonArray array;
  for (const ServerSpec& spec : servers)
    array.append(spec.toJson());
  QJsonObject root;
  root[QLatin1String("format")] = formatName;
  root[QLatin1String("version")] = formatVersion;
  root[QLatin1String("servers")] = array;
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<QList<ServerSpec>> ServerProfile::fromJson(const QByteArray& json, QString* error) {
  return read(json, nullptr, error);
}

std::optional<QList<ServerSpec>>
ServerProfile::fromJsonKeepingGood(const QByteArray& json, QStringList* problems, QString* error) {
  QStringList found;
  auto specs = read(json, &found, error);
  if (problems)
    *problems = found;
  return specs;
}

// With `problems`, a bad server is noted there and skipped; without, it fails the whole read.
std::optional<QList<ServerSpec>> ServerProfile::read(const QByteArray& json, QStringList* problems,
                                                     QString* error) {
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
  if (document.isNull()) {
    setError(
        error,
        tr("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    return std::nullopt;
  }
  QJsonArray array;
  if (document.isArray()) {
    array = document.array();
  } else {
    const QJsonObject root = document.object();
    const QJsonValue format = root.value(QLatin1String("format"));
    if (!format.isUndefined() && format.toString() != formatName) {
      setError(error, tr("not a console profile: field 'format' is \"%1\", expected \"%2\"")
                          .arg(ByteText::escapeLoneSurrogates(format.toString()), formatName));
      return std::nullopt;
    }
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isUndefined() && version.toInt(-1) != formatVersion) {
      setError(error, tr("profile version %1 is not supported (this console reads version %2)")
                          .arg(ByteText::escapeLoneSurrogates(version.toVariant().toString()),
                               QString::number(formatVersion))); // one arg(): "%0" is text
      return std::nullopt;
    }
    const QJsonValue servers = root.value(QLatin1String("servers"));
    if (!servers.isArray()) {
      setError(error, tr("field 'servers' is missing or not an array of servers"));
      return std::nullopt;
    }
    array = servers.toArray();
  }
  QList<ServerSpec> specs;
  for (qsizetype i = 0; i < array.size(); ++i) {
    QString problem;
    std::optional<ServerSpec> spec;
    if (!array.at(i).isObject()) {
      problem = tr("server %1: expected an object").arg(i + 1);
    } else {
      QString specError;
      spec = ServerSpec::fromJson(array.at(i).toObject(), &specError);
      if (!spec)
        problem = tr("server %1: %2").arg(i + 1).arg(specError);
    }
    if (!spec) {
      if (!problems) {
        setError(error, problem);
        return std::nullopt;
      }
      *problems << problem;
      continue;
    }
    specs << *spec;
  }
  return specs;
}

bool ServerProfile::save(const QString& path, const QList<ServerSpec>& servers, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    setError(error, tr("cannot write %1: %2").arg(path, file.errorString()));
    return false;
  }
  file.write(toJson(servers));
  if (!file.commit()) {
    setError(error, tr("cannot write %1: %2").arg(path, file.errorString()));
    return false;
  }
  return true;
}

std::optional<QList<ServerSpec>> ServerProfile::load(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    setError(error, tr("cannot read %1: %2").arg(path, file.errorString()));
    return std::nullopt;
  }
  QString problem;
  auto specs = fromJson(file.readAll(), &problem);
  if (!specs)
    setError(error, tr("%1: %2").arg(path, problem));
  return specs;
}

QList<ServerSpec> ServerProfile::starterProfile() {
  QList<ServerSpec> specs;
  const auto make = [](const QString& name, ServerSpec::Kind kind, const char* address,
                       ServerSpec::Model model, ServerSpec::Handler handler) {
    ServerSpec spec;
    spec.name = name;
    spec.kind = kind;
    spec.address = QString::fromLatin1(address);
    spec.model = model;
    spec.handler = handler;
    return spec;
  };
  using K = ServerSpec::Kind;
  using M = ServerSpec::Model;
  using H = ServerSpec::Handler;
  // As the reference's first server (Python's TCPServer example): read once, reply, close, so
  // one client left connected does not keep the next one waiting on a synchronous server.
  ServerSpec upper = make(tr("TCP upper-case echo"), K::Tcp, "127.0.0.1:9999", M::Sync, H::Upper);
  upper.oncePerConnection = true;
  specs << upper;
  specs << make(tr("UDP upper-case echo"), K::Udp, "127.0.0.1:9999", M::Sync, H::Upper);
  specs << make(tr("Threaded thread-name echo"), K::Tcp, "127.0.0.1:9998", M::Threading,
                H::ThreadName);
  specs << make(tr("Welcome banner, then echo"), K::Tcp, "127.0.0.1:9997", M::Threading,
                H::Welcome);
  ServerSpec pool = make(tr("Thread-pool echo"), K::Tcp, "127.0.0.1:8089", M::ThreadPool, H::Echo);
  pool.poolSize = 5; // the reference's MAX_WORKERS
  specs << pool;
  // As Python's http.server: a thread per connection and address reuse, so a restart binds
  // at once; a silent client is dropped after 10 s.
  ServerSpec http =
      make(tr("HTTP/1.0 hello"), K::Tcp, "127.0.0.1:8000", M::Threading, H::HttpHello);
  http.allowReuseAddress = true;
  http.requestTimeout = 10;
  specs << http;
  return specs;
}
