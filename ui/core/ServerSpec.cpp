#include "ServerSpec.h"

#include "AllowList.h"
#include "ByteText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <cmath>
#include <cstddef>
#include <limits>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ServerSpec", text); }

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

// Ranges shared by validation, the URL reader and the JSON reader.
struct IntRange {
  int low;
  int high;
};
constexpr IntRange poolSizeRange{1, 1024};
constexpr IntRange poolQueueRange{0, 1000000};
constexpr IntRange backlogRange{0, 65535};
constexpr IntRange maxPacketRange{1, 16 * 1024 * 1024};
constexpr IntRange maxConnectionsRange{0, 1000000};
constexpr int maxSocketMode = 0777;
constexpr double maxRequestTimeout = 86400;

const ServerSpec defaults{};

// "127.0.0.1:9999", "[::1]:0", ":9999", "9999" -> host (may be empty) and port.
bool splitHostPort(const QString& text, QString* host, int* port, QString* error) {
  const QString t = text.trimmed();
  const auto fail = [&](const QString& why) {
    setError(error, QCoreApplication::translate("ServerSpec", "address: %1").arg(why));
    return false;
  };
  if (t.isEmpty())
    return fail(QCoreApplication::translate(
        "ServerSpec", "empty; expected host:port, as in 127.0.0.1:9999 (port 0 = any free port)"));
  QString portText;
  if (t.startsWith(QLatin1Char('['))) {
    const qsizetype close = t.indexOf(QLatin1Char(']'));
    if (close < 0 || close + 1 >= t.size() || t.at(close + 1) != QLatin1Char(':'))
      return fail(
          QCoreApplication::translate(
              "ServerSpec", "'%1': write an IPv6 address in brackets with a port, as in [::1]:9999")
              .arg(t));
    *host = t.mid(1, close - 1);
    portText = t.mid(close + 2);
    if (host->isEmpty() || !host->contains(QLatin1Char(':')))
      return fail(QCoreApplication::translate(
                      "ServerSpec", "'%1': brackets are for IPv6 addresses, as in [::1]:9999")
                      .arg(t));
  } else {
    const qsizetype colons = t.count(QLatin1Char(':'));
    if (colons > 1)
      return fail(QCoreApplication::translate(
                      "ServerSpec", "'%1': write an IPv6 address in brackets, as in [::1]:9999")
                      .arg(t));
    if (colons == 0) {
      bool number = false;
      t.toInt(&number); // cppcheck-suppress ignoredReturnValue ; only whether it parses
      if (!number)
        return fail(QCoreApplication::translate(
                        "ServerSpec", "'%1' has no port; write host:port, as in 127.0.0.1:9999")
                        .arg(t));
      host->clear();
      portText = t;
    } else {
      const qsizetype colon = t.indexOf(QLatin1Char(':'));
      *host = t.left(colon);
      portText = t.mid(colon + 1);
    }
  }
  for (const QChar c : std::as_const(*host)) {
    if (c.isSpace() || c == QLatin1Char('/') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
        c == QLatin1Char('?') || c == QLatin1Char('#') || c == QLatin1Char('@'))
      return fail(QCoreApplication::translate("ServerSpec", "'%1' is not a host name or IP address")
                      .arg(*host));
  }
  bool ok = false;
  const int value = portText.toInt(&ok);
  bool digits = !portText.isEmpty();
  for (const QChar c : std::as_const(portText))
    digits = digits && c.isDigit();
  if (!digits || !ok || value < 0 || value > 65535) {
    if (portText.isEmpty())
      return fail(QCoreApplication::translate(
                      "ServerSpec", "'%1' has no port; write host:port, as in 127.0.0.1:9999")
                      .arg(t));
    return fail(
        QCoreApplication::translate("ServerSpec", "port '%1' is not a number from 0 to 65535")
            .arg(portText));
  }
  *port = value;
  return true;
}

QString unixPathError(const QString& path) {
  if (path.isEmpty())
    return QCoreApplication::translate(
        "ServerSpec", "address: empty; expected a socket path, as in /tmp/echo.sock");
  if (path.contains(QChar(0)))
    return QCoreApplication::translate("ServerSpec",
                                       "address: the socket path contains a NUL character");
  constexpr auto limit = sizeof(sockaddr_un::sun_path) - 1;
  const auto size = static_cast<std::size_t>(path.toUtf8().size());
  if (size > limit)
    return QCoreApplication::translate("ServerSpec",
                                       "address: the socket path is %1 bytes long; the limit is %2")
        .arg(size)
        .arg(limit);
  return {};
}

QString rangeError(const QString& field, int value, IntRange range) {
  if (value >= range.low && value <= range.high)
    return {};
  return QCoreApplication::translate("ServerSpec", "%1: %2 is out of range (%3 to %4)")
      .arg(field)
      .arg(value)
      .arg(range.low)
      .arg(range.high);
}

// ---- Name tables ----

struct KindName {
  ServerSpec::Kind value;
  const char* name;
};
constexpr KindName kindNames[] = {{ServerSpec::Kind::Tcp, "tcp"},
                                  {ServerSpec::Kind::Udp, "udp"},
                                  {ServerSpec::Kind::UnixStream, "unix"},
                                  {ServerSpec::Kind::UnixDatagram, "unixdgram"}};

struct ModelName {
  ServerSpec::Model value;
  const char* name;
};
constexpr ModelName modelNames[] = {{ServerSpec::Model::Sync, "sync"},
                                    {ServerSpec::Model::Threading, "threading"},
                                    {ServerSpec::Model::Forking, "forking"},
                                    {ServerSpec::Model::ThreadPool, "pool"},
                                    {ServerSpec::Model::Event, "event"}};
constexpr ModelName modelAliases[] = {
    {ServerSpec::Model::ThreadPool, "threadpool"}, {ServerSpec::Model::ThreadPool, "thread-pool"},
    {ServerSpec::Model::Sync, "synchronous"},      {ServerSpec::Model::Threading, "thread"},
    {ServerSpec::Model::Forking, "fork"},          {ServerSpec::Model::Event, "epoll"},
    {ServerSpec::Model::Event, "event-driven"}};

struct HandlerName {
  ServerSpec::Handler value;
  const char* name;
};
constexpr HandlerName handlerNames[] = {{ServerSpec::Handler::Echo, "echo"},
                                        {ServerSpec::Handler::Upper, "upper"},
                                        {ServerSpec::Handler::ThreadName, "threadname"},
                                        {ServerSpec::Handler::Welcome, "welcome"},
                                        {ServerSpec::Handler::Discard, "discard"},
                                        {ServerSpec::Handler::FixedReply, "fixed"},
                                        {ServerSpec::Handler::TimeOfDay, "time"},
                                        {ServerSpec::Handler::HttpHello, "http"}};
constexpr HandlerName handlerAliases[] = {{ServerSpec::Handler::ThreadName, "thread-name"},
                                          {ServerSpec::Handler::FixedReply, "fixedreply"},
                                          {ServerSpec::Handler::FixedReply, "fixed-reply"},
                                          {ServerSpec::Handler::TimeOfDay, "timeofday"},
                                          {ServerSpec::Handler::TimeOfDay, "daytime"},
                                          {ServerSpec::Handler::HttpHello, "httphello"},
                                          {ServerSpec::Handler::HttpHello, "http-hello"}};

template <class Table> QString joinNames(const Table& table) {
  QStringList names;
  for (const auto& entry : table)
    names << QString::fromLatin1(entry.name);
  return names.join(QLatin1String(", "));
}

// ---- Values as text ----

std::optional<bool> parseBool(const QString& text) {
  const QString t = text.trimmed().toLower();
  if (t == QLatin1String("1") || t == QLatin1String("true") || t == QLatin1String("yes") ||
      t == QLatin1String("on"))
    return true;
  if (t == QLatin1String("0") || t == QLatin1String("false") || t == QLatin1String("no") ||
      t == QLatin1String("off"))
    return false;
  return std::nullopt;
}

std::optional<int> parseInt(const QString& text, IntRange range) {
  bool ok = false;
  const int value = text.trimmed().toInt(&ok);
  if (!ok || value < range.low || value > range.high)
    return std::nullopt;
  return value;
}

// "0600", "600", "0o600": permission bits in octal, at most 0777.
std::optional<int> parseMode(const QString& text) {
  QString t = text.trimmed().toLower();
  if (t.startsWith(QLatin1String("0o")))
    t = t.mid(2);
  if (t.isEmpty() || t.size() > 4)
    return std::nullopt;
  int mode = 0;
  for (const QChar c : std::as_const(t)) {
    if (c < QLatin1Char('0') || c > QLatin1Char('7'))
      return std::nullopt;
    mode = mode * 8 + (c.unicode() - '0');
  }
  if (mode > maxSocketMode)
    return std::nullopt;
  return mode;
}

QString modeWords() {
  return QCoreApplication::translate("ServerSpec",
                                     "an octal mode from 0000 to 0777, as in 0600 or 0660");
}

QString numberText(double value) { return QString::number(value, 'g', 12); }

// A JSON value as it would appear in the file, for error messages.
QString jsonText(const QJsonValue& value) {
  switch (value.type()) {
  case QJsonValue::String:
    return QLatin1Char('"') + ByteText::escapeLoneSurrogates(value.toString()) + QLatin1Char('"');
  case QJsonValue::Double:
    return numberText(value.toDouble());
  case QJsonValue::Bool:
    return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  case QJsonValue::Null:
    return QStringLiteral("null");
  case QJsonValue::Array:
    return QCoreApplication::translate("ServerSpec", "an array");
  case QJsonValue::Object:
    return QCoreApplication::translate("ServerSpec", "an object");
  case QJsonValue::Undefined:
    break;
  }
  return QCoreApplication::translate("ServerSpec", "nothing");
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Validation and derived values

QString ServerSpec::validationError() const {
  if (isUnix(kind)) {
    if (QString e = unixPathError(address); !e.isEmpty())
      return e;
  } else {
    QString host;
    int port = 0;
    QString error;
    if (!splitHostPort(address, &host, &port, &error))
      return error;
  }
  if (!handlerSupports(handler, kind))
    return tr("handler: the %1 handler needs a connection: use it with a tcp or unix server, "
              "not %2")
        .arg(handlerName(handler), kindName(kind));
  if (handler == Handler::FixedReply && fixedReply.isEmpty())
    return tr("fixed reply: empty; give the reply as text or hex");
  if (model == Model::ThreadPool) {
    if (QString e = rangeError(tr("pool size"), poolSize, poolSizeRange); !e.isEmpty())
      return e;
    if (QString e = rangeError(tr("pool queue"), poolQueue, poolQueueRange); !e.isEmpty())
      return e;
  }
  if (QString e = rangeError(tr("backlog"), backlog, backlogRange); !e.isEmpty())
    return e;
  if (QString e = rangeError(tr("max packet size"), maxPacketSize, maxPacketRange); !e.isEmpty())
    return e;
  if (!std::isfinite(requestTimeout) || requestTimeout < 0 || requestTimeout > maxRequestTimeout)
    return tr("request timeout: %1 s is out of range (0 = no limit, up to %2 s)")
        .arg(numberText(requestTimeout))
        .arg(maxRequestTimeout);
  if (QString e = rangeError(tr("max connections"), maxConnections, maxConnectionsRange);
      !e.isEmpty())
    return e;
  if (socketMode < 0 || socketMode > maxSocketMode)
    return tr("socket mode: %1 is out of range (0000 to 0777)").arg(QString::number(socketMode, 8));
  if (isUnix(kind) && !allow.isEmpty())
    return tr("allow: not applicable to Unix sockets (a Unix peer has no address); restrict "
              "who may connect with the socket file's mode instead");
  QString allowError;
  if (!AllowList::parse(allow, &allowError))
    return allowError;
  return {};
}

bool ServerSpec::bindsAllInterfaces() const {
  if (isUnix(kind))
    return false;
  QString host;
  int port = 0;
  if (!splitHostPort(address, &host, &port, nullptr) || host.isEmpty())
    return false; // the default host is 127.0.0.1
  const QByteArray text = host.toLatin1();
  in_addr v4{};
  if (::inet_pton(AF_INET, text.constData(), &v4) == 1)
    return v4.s_addr == htonl(INADDR_ANY);
  in6_addr v6{};
  if (::inet_pton(AF_INET6, text.constData(), &v6) == 1)
    return IN6_IS_ADDR_UNSPECIFIED(&v6);
  return false;
}

QString ServerSpec::modeText(int mode) {
  return QStringLiteral("%1").arg(mode, 4, 8, QLatin1Char('0'));
}

QString ServerSpec::effectiveAddress() const {
  if (isUnix(kind))
    return address;
  QString host;
  int port = 0;
  if (!splitHostPort(address, &host, &port, nullptr))
    return address;
  if (host.isEmpty())
    host = QString::fromLatin1(defaultHost);
  // One arg() call with both: chained arg() calls would read a '%' in the host (an IPv6
  // scope id, "fe80::1%1") as the next placeholder.
  if (host.contains(QLatin1Char(':')))
    return QStringLiteral("[%1]:%2").arg(host, QString::number(port));
  return QStringLiteral("%1:%2").arg(host, QString::number(port));
}

QString ServerSpec::displayName() const {
  if (!name.trimmed().isEmpty())
    return name.trimmed();
  return kindLabel(kind) + QLatin1Char(' ') + effectiveAddress();
}

bool ServerSpec::handlerSupports(Handler h, Kind k) {
  if (h == Handler::Welcome || h == Handler::HttpHello)
    return isStream(k);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Names

QString ServerSpec::kindName(Kind k) {
  for (const auto& entry : kindNames)
    if (entry.value == k)
      return QString::fromLatin1(entry.name);
  return {};
}

QString ServerSpec::modelName(Model m) {
  for (const auto& entry : modelNames)
    if (entry.value == m)
      return QString::fromLatin1(entry.name);
  return {};
}

QString ServerSpec::handlerName(Handler h) {
  for (const auto& entry : handlerNames)
    if (entry.value == h)
      return QString::fromLatin1(entry.name);
  return {};
}

std::optional<ServerSpec::Kind> ServerSpec::kindFromName(const QString& text) {
  const QString t = text.trimmed().toLower();
  for (const auto& entry : kindNames)
    if (t == QLatin1String(entry.name))
      return entry.value;
  if (t == QLatin1String("unixstream") || t == QLatin1String("unix-stream"))
    return Kind::UnixStream;
  if (t == QLatin1String("unixdatagram") || t == QLatin1String("unix-dgram"))
    return Kind::UnixDatagram;
  return std::nullopt;
}

std::optional<ServerSpec::Model> ServerSpec::modelFromName(const QString& text) {
  const QString t = text.trimmed().toLower();
  for (const auto& entry : modelNames)
    if (t == QLatin1String(entry.name))
      return entry.value;
  for (const auto& entry : modelAliases)
    if (t == QLatin1String(entry.name))
      return entry.value;
  return std::nullopt;
}

std::optional<ServerSpec::Handler> ServerSpec::handlerFromName(const QString& text) {
  const QString t = text.trimmed().toLower();
  for (const auto& entry : handlerNames)
    if (t == QLatin1String(entry.name))
      return entry.value;
  for (const auto& entry : handlerAliases)
    if (t == QLatin1String(entry.name))
      return entry.value;
  return std::nullopt;
}

QString ServerSpec::kindLabel(Kind k) {
  switch (k) {
  case Kind::Tcp:
    return tr("TCP");
  case Kind::Udp:
    return tr("UDP");
  case Kind::UnixStream:
    return tr("Unix stream");
  case Kind::UnixDatagram:
    return tr("Unix datagram");
  }
  return {};
}

QString ServerSpec::modelLabel(Model m) {
  switch (m) {
  case Model::Sync:
    return tr("Synchronous");
  case Model::Threading:
    return tr("Threading");
  case Model::Forking:
    return tr("Forking");
  case Model::ThreadPool:
    return tr("Thread pool");
  case Model::Event:
    return tr("Event-driven (epoll)");
  }
  return {};
}

QString ServerSpec::handlerLabel(Handler h) {
  switch (h) {
  case Handler::Echo:
    return tr("Echo");
  case Handler::Upper:
    return tr("Upper-case echo");
  case Handler::ThreadName:
    return tr("Thread-name echo");
  case Handler::Welcome:
    return tr("Welcome banner, then echo");
  case Handler::Discard:
    return tr("Discard");
  case Handler::FixedReply:
    return tr("Fixed reply");
  case Handler::TimeOfDay:
    return tr("Time of day");
  case Handler::HttpHello:
    return tr("HTTP/1.0 hello");
  }
  return {};
}

QString ServerSpec::handlerDescription(Handler h) {
  switch (h) {
  case Handler::Echo:
    return tr("Sends every chunk (or datagram) back as it arrives, until the client leaves.");
  case Handler::Upper:
    return tr("Like echo, with ASCII letters in upper case.");
  case Handler::ThreadName:
    return tr("Replies \"<thread name>: <data>\" to every chunk or datagram, showing which "
              "thread served it.");
  case Handler::Welcome:
    return tr("Greets with \"connection <host>:<port> at <time> succeed!\" (the server's "
              "address), then echoes until the client leaves. Stream servers only.");
  case Handler::Discard:
    return tr("Reads and drops everything; never replies.");
  case Handler::FixedReply:
    return tr("Sends the same reply for every chunk or datagram received.");
  case Handler::TimeOfDay:
    return tr("Sends the local date and time, then closes the connection; a datagram server "
              "replies it to every datagram.");
  case Handler::HttpHello:
    return tr("Answers one HTTP/1.0 request with \"Hello, World!\" and closes. Stream servers "
              "only.");
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// SPEC URL

std::optional<ServerSpec> ServerSpec::fromUrl(const QString& url, QString* error) {
  const QString text = url.trimmed();
  const auto fail = [&](const QString& why) -> std::optional<ServerSpec> {
    setError(error, why);
    return std::nullopt;
  };
  const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
  if (schemeEnd <= 0)
    return fail(tr("'%1' is not a SPEC: expected KIND://ADDRESS[?OPTIONS], as in "
                   "tcp://127.0.0.1:9999?handler=upper (KIND is %2)")
                    .arg(text, joinNames(kindNames)));
  const QString scheme = text.left(schemeEnd);
  ServerSpec spec;
  if (const auto k = kindFromName(scheme))
    spec.kind = *k;
  else
    return fail(tr("unknown server kind '%1' (expected %2)").arg(scheme, joinNames(kindNames)));

  const QString rest = text.mid(schemeEnd + 3);
  const qsizetype queryStart = rest.indexOf(QLatin1Char('?'));
  QString addressPart = queryStart < 0 ? rest : rest.left(queryStart);
  const QString query = queryStart < 0 ? QString() : rest.mid(queryStart + 1);
  if (!isUnix(spec.kind) && addressPart.endsWith(QLatin1Char('/')))
    addressPart.chop(1); // tcp://127.0.0.1:9999/ as a browser would write it
  // Percent-decoded bytes that are not UTF-8 (a path byte like %FF) cannot be kept as they
  // are: refused, rather than bound to another path.
  const QByteArray rawAddress = QByteArray::fromPercentEncoding(addressPart.toUtf8());
  if (!ByteText::isUtf8(rawAddress))
    return fail(tr("address: '%1' is not UTF-8 once percent-decoded").arg(addressPart));
  spec.address = QString::fromUtf8(rawAddress);
  if (spec.address.isEmpty())
    return fail(isUnix(spec.kind)
                    ? tr("%1:// needs a socket path, as in %1:///tmp/echo.sock").arg(scheme)
                    : tr("%1:// needs host:port, as in %1://127.0.0.1:9999").arg(scheme));

  QSet<QString> seen;
  std::optional<QByteArray> reply;
  bool handlerGiven = false;
  bool modelGiven = false;
  bool poolGiven = false;
  for (const QString& item : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
    const qsizetype equals = item.indexOf(QLatin1Char('='));
    const QString key = QUrl::fromPercentEncoding(item.left(equals).toUtf8()).trimmed().toLower();
    if (equals < 0)
      return fail(tr("option '%1' needs a value, as in %1=VALUE").arg(key));
    const QByteArray rawValue = QByteArray::fromPercentEncoding(item.mid(equals + 1).toUtf8());
    const QString value = QString::fromUtf8(rawValue);
    if (seen.contains(key))
      return fail(tr("option '%1' is given twice").arg(key));
    seen.insert(key);

    const auto badValue = [&](const QString& expected) {
      return fail(tr("option '%1': expected %2, got '%3'").arg(key, expected, value));
    };
    const auto intValue = [&](IntRange range) { return parseInt(value, range); };
    const auto wholeNumber = [&](IntRange range) {
      return tr("a whole number from %1 to %2").arg(range.low).arg(range.high);
    };
    const QString boolWords = tr("1 or 0 (true/false, yes/no, on/off)");

    if (key == QLatin1String("name")) {
      if (!ByteText::isUtf8(rawValue))
        return badValue(tr("UTF-8 text once percent-decoded"));
      spec.name = value;
    } else if (key == QLatin1String("mode")) {
      const auto m = modelFromName(value);
      if (!m)
        return badValue(joinNames(modelNames));
      spec.model = *m;
      modelGiven = true;
    } else if (key == QLatin1String("pool")) {
      const auto n = intValue(poolSizeRange);
      if (!n)
        return badValue(wholeNumber(poolSizeRange));
      spec.poolSize = *n;
      poolGiven = true;
    } else if (key == QLatin1String("queue")) {
      const auto n = intValue(poolQueueRange);
      if (!n)
        return badValue(wholeNumber(poolQueueRange));
      spec.poolQueue = *n;
      poolGiven = true;
    } else if (key == QLatin1String("handler")) {
      const auto h = handlerFromName(value);
      if (!h)
        return badValue(joinNames(handlerNames));
      spec.handler = *h;
      handlerGiven = true;
    } else if (key == QLatin1String("reply")) {
      if (reply)
        return fail(tr("give the fixed reply once: reply= (text) or replyhex= (hex), not both"));
      reply = rawValue;
    } else if (key == QLatin1String("replyhex")) {
      if (reply)
        return fail(tr("give the fixed reply once: reply= (text) or replyhex= (hex), not both"));
      QString hexError;
      reply = ByteText::fromHex(value, &hexError);
      if (!reply)
        return fail(tr("option 'replyhex': %1").arg(hexError));
    } else if (key == QLatin1String("reuse")) {
      const auto b = parseBool(value);
      if (!b)
        return badValue(boolWords);
      spec.allowReuseAddress = *b;
    } else if (key == QLatin1String("backlog")) {
      const auto n = intValue(backlogRange);
      if (!n)
        return badValue(wholeNumber(backlogRange));
      spec.backlog = *n;
    } else if (key == QLatin1String("timeout")) {
      bool ok = false;
      const double seconds = value.trimmed().toDouble(&ok);
      if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > maxRequestTimeout)
        return badValue(tr("seconds from 0 (no limit) to %1").arg(maxRequestTimeout));
      spec.requestTimeout = seconds;
    } else if (key == QLatin1String("maxpacket")) {
      const auto n = intValue(maxPacketRange);
      if (!n)
        return badValue(wholeNumber(maxPacketRange));
      spec.maxPacketSize = *n;
    } else if (key == QLatin1String("daemon")) {
      const auto b = parseBool(value);
      if (!b)
        return badValue(boolWords);
      spec.daemonThreads = *b;
    } else if (key == QLatin1String("blockonclose")) {
      const auto b = parseBool(value);
      if (!b)
        return badValue(boolWords);
      spec.blockOnClose = *b;
    } else if (key == QLatin1String("allow")) {
      spec.allow = AllowList::split(value);
    } else if (key == QLatin1String("maxconn")) {
      const auto n = intValue(maxConnectionsRange);
      if (!n)
        return badValue(tr("a whole number from 0 (no limit) to %1").arg(maxConnectionsRange.high));
      spec.maxConnections = *n;
    } else if (key == QLatin1String("perm") || key == QLatin1String("sockmode")) {
      if (seen.contains(QStringLiteral("perm")) && seen.contains(QStringLiteral("sockmode")))
        return fail(tr("give the socket mode once: perm= or sockmode=, not both"));
      const auto m = parseMode(value);
      if (!m)
        return badValue(modeWords());
      spec.socketMode = *m;
    } else {
      return fail(tr("unknown option '%1' (known: name, mode, pool, queue, handler, reply, "
                     "replyhex, reuse, backlog, timeout, maxpacket, daemon, blockonclose, "
                     "allow, maxconn, perm)")
                      .arg(key));
    }
  }

  if (!isUnix(spec.kind) &&
      (seen.contains(QStringLiteral("perm")) || seen.contains(QStringLiteral("sockmode"))))
    return fail(tr("option 'perm': the socket file mode is for unix and unixdgram servers, not "
                   "%1")
                    .arg(kindName(spec.kind)));
  if (reply) {
    if (handlerGiven && spec.handler != Handler::FixedReply)
      return fail(tr("reply= and replyhex= go with handler=fixed, not handler=%1")
                      .arg(handlerName(spec.handler)));
    spec.handler = Handler::FixedReply;
    spec.fixedReply = *reply;
  }
  if (poolGiven) {
    if (modelGiven && spec.model != Model::ThreadPool)
      return fail(tr("pool= and queue= go with mode=pool, not mode=%1").arg(modelName(spec.model)));
    spec.model = Model::ThreadPool;
  }
  if (const QString problem = spec.validationError(); !problem.isEmpty())
    return fail(problem);
  spec.address = spec.effectiveAddress();
  return spec;
}

QString ServerSpec::toUrl() const {
  QString url = kindName(kind) + QLatin1String("://");
  if (isUnix(kind))
    url += QString::fromLatin1(QUrl::toPercentEncoding(address, "/"));
  else // fromUrl() percent-decodes the address: a '%' in a scope id must come back as '%'
    url += QString::fromLatin1(QUrl::toPercentEncoding(effectiveAddress(), ":[]"));

  QStringList options;
  const auto add = [&](const char* key, const QByteArray& value) {
    options << QString::fromLatin1(key) + QLatin1Char('=') +
                   QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(value)));
  };
  const auto addNumber = [&](const char* key, double value) {
    add(key, numberText(value).toUtf8());
  };
  if (!name.isEmpty())
    add("name", name.toUtf8());
  if (model != defaults.model)
    add("mode", modelName(model).toUtf8());
  if (model == Model::ThreadPool) {
    if (poolSize != defaults.poolSize)
      addNumber("pool", poolSize);
    if (poolQueue != defaults.poolQueue)
      addNumber("queue", poolQueue);
  }
  if (handler != defaults.handler)
    add("handler", handlerName(handler).toUtf8());
  if (handler == Handler::FixedReply) {
    if (ByteText::isUtf8(fixedReply))
      options << QStringLiteral("reply=") + QString::fromLatin1(fixedReply.toPercentEncoding());
    else
      add("replyhex", ByteText::toHex(fixedReply, 0).toLatin1());
  }
  if (allowReuseAddress != defaults.allowReuseAddress)
    add("reuse", allowReuseAddress ? "1" : "0");
  if (backlog != defaults.backlog)
    addNumber("backlog", backlog);
  if (requestTimeout != defaults.requestTimeout)
    addNumber("timeout", requestTimeout);
  if (maxPacketSize != defaults.maxPacketSize)
    addNumber("maxpacket", maxPacketSize);
  if (daemonThreads != defaults.daemonThreads)
    add("daemon", daemonThreads ? "1" : "0");
  if (blockOnClose != defaults.blockOnClose)
    add("blockonclose", blockOnClose ? "1" : "0");
  if (!allow.isEmpty())
    options << QStringLiteral("allow=") + QString::fromLatin1(QUrl::toPercentEncoding(
                                              allow.join(QLatin1Char(',')), ",/:"));
  if (maxConnections != defaults.maxConnections)
    addNumber("maxconn", maxConnections);
  if (isUnix(kind) && socketMode != defaults.socketMode)
    add("perm", modeText(socketMode).toLatin1());
  if (!options.isEmpty())
    url += QLatin1Char('?') + options.join(QLatin1Char('&'));
  return url;
}

// ---------------------------------------------------------------------------------------------
// JSON

QJsonObject ServerSpec::toJson() const {
  QJsonObject json;
  json[QLatin1String("name")] = name;
  json[QLatin1String("kind")] = kindName(kind);
  json[QLatin1String("address")] = address;
  json[QLatin1String("model")] = modelName(model);
  json[QLatin1String("poolSize")] = poolSize;
  json[QLatin1String("poolQueue")] = poolQueue;
  json[QLatin1String("handler")] = handlerName(handler);
  if (!fixedReply.isEmpty()) {
    if (ByteText::isUtf8(fixedReply))
      json[QLatin1String("reply")] = QString::fromUtf8(fixedReply);
    else
      json[QLatin1String("replyHex")] = ByteText::toHex(fixedReply, 0);
  }
  json[QLatin1String("allowReuseAddress")] = allowReuseAddress;
  json[QLatin1String("backlog")] = backlog;
  json[QLatin1String("requestTimeout")] = requestTimeout;
  json[QLatin1String("maxPacketSize")] = maxPacketSize;
  json[QLatin1String("daemonThreads")] = daemonThreads;
  json[QLatin1String("blockOnClose")] = blockOnClose;
  json[QLatin1String("allow")] = QJsonArray::fromStringList(allow);
  json[QLatin1String("maxConnections")] = maxConnections;
  json[QLatin1String("socketMode")] = modeText(socketMode);
  return json;
}

std::optional<ServerSpec> ServerSpec::fromJson(const QJsonObject& json, QString* error) {
  ServerSpec spec;
  QString problem;
  const auto fieldError = [&](const QString& field, const QString& expected) {
    problem =
        tr("field '%1': expected %2, got %3").arg(field, expected, jsonText(json.value(field)));
  };
  const auto readString = [&](const char* field, QString* out, bool required) {
    const QString key = QString::fromLatin1(field);
    const QJsonValue value = json.value(key);
    if (value.isUndefined()) {
      if (required)
        problem = tr("field '%1' is missing").arg(key);
      return !required;
    }
    if (!value.isString()) {
      fieldError(key, tr("a string"));
      return false;
    }
    // Half a surrogate pair has no UTF-8 form: the path or name would silently change.
    if (!value.toString().isValidUtf16()) {
      fieldError(key, tr("text without unpaired \\ud800-\\udfff escapes"));
      return false;
    }
    *out = value.toString();
    return true;
  };
  const auto readInt = [&](const char* field, int* out, IntRange range) {
    const QString key = QString::fromLatin1(field);
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
      return true;
    const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || number != std::floor(number) || number < range.low ||
        number > range.high) {
      fieldError(key, tr("a whole number from %1 to %2").arg(range.low).arg(range.high));
      return false;
    }
    *out = static_cast<int>(number);
    return true;
  };
  const auto readBool = [&](const char* field, bool* out) {
    const QString key = QString::fromLatin1(field);
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
      return true;
    if (!value.isBool()) {
      fieldError(key, tr("true or false"));
      return false;
    }
    *out = value.toBool();
    return true;
  };
  const auto fail = [&]() -> std::optional<ServerSpec> {
    setError(error, problem);
    return std::nullopt;
  };

  static const QStringList known = {
      QStringLiteral("name"),           QStringLiteral("kind"),
      QStringLiteral("address"),        QStringLiteral("model"),
      QStringLiteral("poolSize"),       QStringLiteral("poolQueue"),
      QStringLiteral("handler"),        QStringLiteral("reply"),
      QStringLiteral("replyHex"),       QStringLiteral("allowReuseAddress"),
      QStringLiteral("backlog"),        QStringLiteral("requestTimeout"),
      QStringLiteral("maxPacketSize"),  QStringLiteral("daemonThreads"),
      QStringLiteral("blockOnClose"),   QStringLiteral("allow"),
      QStringLiteral("maxConnections"), QStringLiteral("socketMode")};
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (!known.contains(it.key())) {
      problem = tr("unknown field '%1' (known: %2)")
                    .arg(ByteText::escapeLoneSurrogates(it.key()), known.join(QLatin1String(", ")));
      return fail();
    }
  }

  QString kindText;
  QString modelText = modelName(spec.model);
  QString handlerText = handlerName(spec.handler);
  if (!readString("name", &spec.name, false) || !readString("kind", &kindText, true) ||
      !readString("address", &spec.address, true) || !readString("model", &modelText, false) ||
      !readString("handler", &handlerText, false))
    return fail();
  if (const auto k = kindFromName(kindText)) {
    spec.kind = *k;
  } else {
    fieldError(QStringLiteral("kind"), joinNames(kindNames));
    return fail();
  }
  if (const auto m = modelFromName(modelText)) {
    spec.model = *m;
  } else {
    fieldError(QStringLiteral("model"), joinNames(modelNames));
    return fail();
  }
  if (const auto h = handlerFromName(handlerText)) {
    spec.handler = *h;
  } else {
    fieldError(QStringLiteral("handler"), joinNames(handlerNames));
    return fail();
  }
  if (!readInt("poolSize", &spec.poolSize, poolSizeRange) ||
      !readInt("poolQueue", &spec.poolQueue, poolQueueRange) ||
      !readInt("backlog", &spec.backlog, backlogRange) ||
      !readInt("maxPacketSize", &spec.maxPacketSize, maxPacketRange) ||
      !readInt("maxConnections", &spec.maxConnections, maxConnectionsRange) ||
      !readBool("allowReuseAddress", &spec.allowReuseAddress) ||
      !readBool("daemonThreads", &spec.daemonThreads) ||
      !readBool("blockOnClose", &spec.blockOnClose))
    return fail();

  const QJsonValue timeout = json.value(QLatin1String("requestTimeout"));
  if (!timeout.isUndefined()) {
    const double seconds = timeout.toDouble(-1);
    if (!timeout.isDouble() || !std::isfinite(seconds) || seconds < 0 ||
        seconds > maxRequestTimeout) {
      fieldError(QStringLiteral("requestTimeout"),
                 tr("seconds from 0 (no limit) to %1").arg(maxRequestTimeout));
      return fail();
    }
    spec.requestTimeout = seconds;
  }

  const QJsonValue allowValue = json.value(QLatin1String("allow"));
  if (allowValue.isString()) {
    spec.allow = AllowList::split(allowValue.toString()); // hand-written "a, b" is fine too
  } else if (allowValue.isArray()) {
    for (const auto& entry : allowValue.toArray()) {
      if (!entry.isString()) {
        fieldError(QStringLiteral("allow"),
                   tr("a list of addresses or CIDR ranges as strings, as in [\"127.0.0.1\", "
                      "\"10.0.0.0/8\"]"));
        return fail();
      }
      spec.allow << entry.toString().trimmed();
    }
    spec.allow.removeAll(QString());
  } else if (!allowValue.isUndefined()) {
    fieldError(QStringLiteral("allow"),
               tr("a list of addresses or CIDR ranges as strings, as in [\"127.0.0.1\", "
                  "\"10.0.0.0/8\"]"));
    return fail();
  }
  const QJsonValue modeValue = json.value(QLatin1String("socketMode"));
  if (!modeValue.isUndefined()) {
    const auto mode = modeValue.isString() ? parseMode(modeValue.toString()) : std::nullopt;
    if (!mode) {
      fieldError(QStringLiteral("socketMode"), tr("octal text from \"0000\" to \"0777\", as in "
                                                  "\"0600\""));
      return fail();
    }
    spec.socketMode = *mode;
  }

  const bool hasText = json.contains(QLatin1String("reply"));
  const bool hasHex = json.contains(QLatin1String("replyHex"));
  if (hasText && hasHex) {
    problem = tr("fields 'reply' and 'replyHex' are both given; keep one");
    return fail();
  }
  if (hasText) {
    QString text;
    if (!readString("reply", &text, false))
      return fail();
    spec.fixedReply = text.toUtf8();
  } else if (hasHex) {
    QString hex;
    if (!readString("replyHex", &hex, false))
      return fail();
    QString hexError;
    const auto bytes = ByteText::fromHex(hex, &hexError);
    if (!bytes) {
      problem = tr("field 'replyHex': %1").arg(hexError);
      return fail();
    }
    spec.fixedReply = *bytes;
  }

  problem = spec.validationError();
  if (!problem.isEmpty())
    return fail();
  return spec;
}
