#include "ServerSpec.h"

#include "AllowList.h"
#include "ByteText.h"
#include "MulticastSpec.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <variant>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <socketserver/config.hpp>

namespace {

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

struct IntRange {
  int low;
  int high;
};
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
  // Refused rather than resolved: a relative path would name a file in whatever directory
  // the console was started from (a launcher's, the home directory), so the same server
  // would bind somewhere else on every start, and a host:port typed for a TCP server would
  // become a file named "127.0.0.1:0".
  if (!path.startsWith(QLatin1Char('/')))
    return QCoreApplication::translate(
               "ServerSpec", "address: '%1' is a relative path; a Unix socket needs an absolute "
                             "path, as in /tmp/echo.sock")
        .arg(path);
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

// ---- Name tables: each enum's names (SPEC URLs, JSON, messages), then other spellings read ----

template <class Enum> struct NameOf {
  Enum value;
  const char* name;
};

using Kind = ServerSpec::Kind;
using Model = ServerSpec::Model;
using Handler = ServerSpec::Handler;

constexpr NameOf<Kind> kindNames[] = {{Kind::Tcp, "tcp"},
                                      {Kind::Udp, "udp"},
                                      {Kind::UnixStream, "unix"},
                                      {Kind::UnixDatagram, "unixdgram"},
                                      {Kind::Tls, "tls"}};
constexpr NameOf<Kind> kindAliases[] = {{Kind::UnixStream, "unixstream"},
                                        {Kind::UnixStream, "unix-stream"},
                                        {Kind::UnixDatagram, "unixdatagram"},
                                        {Kind::UnixDatagram, "unix-dgram"}};

constexpr NameOf<Model> modelNames[] = {{Model::Sync, "sync"},
                                        {Model::Threading, "threading"},
                                        {Model::Forking, "forking"},
                                        {Model::ThreadPool, "pool"},
                                        {Model::Event, "event"}};
constexpr NameOf<Model> modelAliases[] = {
    {Model::ThreadPool, "threadpool"}, {Model::ThreadPool, "thread-pool"},
    {Model::Sync, "synchronous"},      {Model::Threading, "thread"},
    {Model::Forking, "fork"},          {Model::Event, "epoll"},
    {Model::Event, "event-driven"}};

constexpr NameOf<Handler> handlerNames[] = {{Handler::Echo, "echo"},
                                            {Handler::Upper, "upper"},
                                            {Handler::ThreadName, "threadname"},
                                            {Handler::Welcome, "welcome"},
                                            {Handler::Discard, "discard"},
                                            {Handler::FixedReply, "fixed"},
                                            {Handler::TimeOfDay, "time"},
                                            {Handler::HttpHello, "http"},
                                            {Handler::Rules, "rules"},
                                            {Handler::Manual, "manual"}};
constexpr NameOf<Handler> handlerAliases[] = {
    {Handler::ThreadName, "thread-name"}, {Handler::FixedReply, "fixedreply"},
    {Handler::FixedReply, "fixed-reply"}, {Handler::TimeOfDay, "timeofday"},
    {Handler::TimeOfDay, "daytime"},      {Handler::HttpHello, "httphello"},
    {Handler::HttpHello, "http-hello"},   {Handler::Rules, "replyrules"},
    {Handler::Manual, "byhand"}};

template <class Enum> struct Words;
template <> struct Words<Kind> {
  static constexpr const auto& names = kindNames;
  static constexpr const auto& aliases = kindAliases;
};
template <> struct Words<Model> {
  static constexpr const auto& names = modelNames;
  static constexpr const auto& aliases = modelAliases;
};
template <> struct Words<Handler> {
  static constexpr const auto& names = handlerNames;
  static constexpr const auto& aliases = handlerAliases;
};

template <class Enum> QString nameOf(Enum value) {
  for (const auto& entry : Words<Enum>::names)
    if (entry.value == value)
      return QString::fromLatin1(entry.name);
  return {};
}

template <class Enum> std::optional<Enum> fromName(const QString& text) {
  const QString t = text.trimmed().toLower();
  for (const auto& entry : Words<Enum>::names)
    if (t == QLatin1String(entry.name))
      return entry.value;
  for (const auto& entry : Words<Enum>::aliases)
    if (t == QLatin1String(entry.name))
      return entry.value;
  return std::nullopt;
}

// "tcp, udp, unix, unixdgram" for messages; "sync|threading|..." for --help.
template <class Enum> QString joinNames(const char* separator) {
  QStringList names;
  for (const auto& entry : Words<Enum>::names)
    names << QString::fromLatin1(entry.name);
  return names.join(QLatin1String(separator));
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

// ---- The fields: one row per value of a spec, read and written by its codec ----

// The member a row reads and writes; one alternative per type of value.
using Member =
    std::variant<QString ServerSpec::*, Kind ServerSpec::*, Model ServerSpec::*,
                 Handler ServerSpec::*, int ServerSpec::*, bool ServerSpec::*, double ServerSpec::*,
                 QByteArray ServerSpec::*, QStringList ServerSpec::*, ReplyRuleSet ServerSpec::*>;

struct Codec;

// One value of a spec and every way it is spelled: the option of a SPEC URL, the field of a
// JSON object, its line in `--help`. Rows that share a member are one value spelled two ways
// (reply= as text, replyhex= as hex).
struct Field {
  const char* url = nullptr;  ///< SPEC option; nullptr for kind and address (scheme, authority)
  const char* json = nullptr; ///< JSON field
  Member member;
  const Codec* codec = nullptr;
  IntRange range{};              ///< whole numbers
  const char* label = nullptr;   ///< whole numbers: names the field in validation messages
  const char* metavar = nullptr; ///< --help: "backlog=N"; nullptr: the enum's names
  /// Lists: what a JSON value must be, in words (context ServerSpec), for the error message.
  const char* listWords = nullptr;
  /// --help, translated in context HeadlessRunner; %1 the default. nullptr: described on the
  /// next option's line ("pool=N, queue=N  thread pool size and queue").
  const char* help = nullptr;
  const char* alias = nullptr; ///< another SPEC spelling, read but not shown ("sockmode")
  bool required = false;       ///< JSON: no default, the field must be there
  /// Whether the value means anything for this spec: when not, a SPEC leaves it out and
  /// validation skips it. nullptr: always.
  bool (*inUse)(const ServerSpec&) = nullptr;
  const char* twice = nullptr;     ///< SPEC: two spellings of the value given
  const char* jsonTwice = nullptr; ///< JSON: two spellings of the value given
  const char* unixOnly = nullptr;  ///< SPEC: the error when the kind is not Unix (%1 the kind)
};

// One OPTION=VALUE of a SPEC: the key as written (lower case), the value percent-decoded.
struct UrlOption {
  QString key;
  QString value;
  QByteArray raw;
};

// How one type of value is read and written. Readers return what is wrong, in words, or an
// empty string; writers return nullopt / Undefined for a value they leave out.
struct Codec {
  QString (*readUrl)(const Field&, const UrlOption&, ServerSpec&) = nullptr;
  std::optional<QString> (*writeUrl)(const Field&, const ServerSpec&) = nullptr;
  QString (*readJson)(const Field&, const QJsonValue&, ServerSpec&) = nullptr;
  QJsonValue (*writeJson)(const Field&, const ServerSpec&) = nullptr;
  QString (*check)(const Field&, const ServerSpec&) = nullptr; ///< validation
  int checkPass = 0;         ///< validation checks pass by pass (1, 2, ...), each in table order
  int jsonPass = 0;          ///< fromJson reads pass by pass (1, 2, ...), each in table order
  bool jsonText = false;     ///< a JSON string, checked in the first pass with the others
  bool urlAtDefault = false; ///< in a SPEC even at its default, when in use
  const char* urlKeep = "";  ///< characters a SPEC keeps as they are in the value
};

template <class T> T& valueOf(const Field& field, ServerSpec& spec) {
  return spec.*std::get<T ServerSpec::*>(field.member);
}
template <class T> const T& valueOf(const Field& field, const ServerSpec& spec) {
  return spec.*std::get<T ServerSpec::*>(field.member);
}

bool changed(const Field& field, const ServerSpec& spec) {
  return std::visit([&](auto member) { return spec.*member != defaults.*member; }, field.member);
}

bool inUse(const Field& field, const ServerSpec& spec) { return !field.inUse || field.inUse(spec); }

QString expectedInUrl(const UrlOption& option, const QString& words) {
  return ServerSpec::tr("option '%1': expected %2, got '%3'").arg(option.key, words, option.value);
}

QString expectedInJson(const Field& field, const QJsonValue& value, const QString& words) {
  return ServerSpec::tr("field '%1': expected %2, got %3")
      .arg(QString::fromLatin1(field.json), words, jsonText(value));
}

QString wholeNumber(IntRange range) {
  return ServerSpec::tr("a whole number from %1 to %2").arg(range.low).arg(range.high);
}

// A JSON string that has a UTF-8 form: half a surrogate pair would silently change a path.
QString textProblem(const Field& field, const QJsonValue& value) {
  if (!value.isString())
    return expectedInJson(field, value, ServerSpec::tr("a string"));
  if (!value.toString().isValidUtf16())
    return expectedInJson(field, value,
                          ServerSpec::tr("text without unpaired \\ud800-\\udfff escapes"));
  return {};
}

// ---- Text (QString) ----

QString readTextUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  if (!ByteText::isUtf8(option.raw))
    return expectedInUrl(option, ServerSpec::tr("UTF-8 text once percent-decoded"));
  valueOf<QString>(field, spec) = option.value;
  return {};
}
std::optional<QString> writeText(const Field& field, const ServerSpec& spec) {
  return valueOf<QString>(field, spec);
}
QString readTextJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  valueOf<QString>(field, spec) = value.toString(); // checked in the strings' pass
  return {};
}
QJsonValue writeTextJson(const Field& field, const ServerSpec& spec) {
  return valueOf<QString>(field, spec);
}

// ---- Names (Kind, Model, Handler), through whichever enum the member holds ----

// The type of the member a pointer to member of ServerSpec points to.
template <class Pointer> struct MemberOf;
template <class Value> struct MemberOf<Value ServerSpec::*> { using type = Value; };
template <class Pointer> using EnumOf = typename MemberOf<Pointer>::type;

QString enumNames(const Field& field, const char* separator) {
  return std::visit(
      [&](auto member) -> QString {
        if constexpr (std::is_enum_v<EnumOf<decltype(member)>>)
          return joinNames<EnumOf<decltype(member)>>(separator);
        return {};
      },
      field.member);
}
std::optional<QString> writeName(const Field& field, const ServerSpec& spec) {
  return std::visit(
      [&](auto member) -> QString {
        if constexpr (std::is_enum_v<EnumOf<decltype(member)>>)
          return nameOf(spec.*member);
        return {};
      },
      field.member);
}
bool setFromName(const Field& field, ServerSpec& spec, const QString& text) {
  return std::visit(
      [&](auto member) {
        if constexpr (std::is_enum_v<EnumOf<decltype(member)>>) {
          const auto value = fromName<EnumOf<decltype(member)>>(text);
          if (value)
            spec.*member = *value;
          return value.has_value();
        }
        return false;
      },
      field.member);
}
QString readNameUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  if (setFromName(field, spec, option.value))
    return {};
  return expectedInUrl(option, enumNames(field, ", "));
}
QString readNameJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  if (setFromName(field, spec, value.toString()))
    return {};
  return expectedInJson(field, value, enumNames(field, ", "));
}
QJsonValue writeNameJson(const Field& field, const ServerSpec& spec) {
  return *writeName(field, spec);
}

// ---- Whole numbers (int in a range) ----

QString readIntUrl(const Field& field, const UrlOption& option, ServerSpec& spec,
                   const QString& words) {
  const auto number = parseInt(option.value, field.range);
  if (!number)
    return expectedInUrl(option, words);
  valueOf<int>(field, spec) = *number;
  return {};
}
QString readNumberUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  return readIntUrl(field, option, spec, wholeNumber(field.range));
}
QString readLimitUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  return readIntUrl(field, option, spec,
                    ServerSpec::tr("a whole number from 0 (no limit) to %1").arg(field.range.high));
}
std::optional<QString> writeNumber(const Field& field, const ServerSpec& spec) {
  return numberText(valueOf<int>(field, spec));
}
QString readNumberJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
  if (!value.isDouble() || number != std::floor(number) || number < field.range.low ||
      number > field.range.high)
    return expectedInJson(field, value, wholeNumber(field.range));
  valueOf<int>(field, spec) = static_cast<int>(number);
  return {};
}
QJsonValue writeNumberJson(const Field& field, const ServerSpec& spec) {
  return valueOf<int>(field, spec);
}
QString checkNumber(const Field& field, const ServerSpec& spec) {
  return rangeError(ServerSpec::tr(field.label), valueOf<int>(field, spec), field.range);
}

// ---- Flags (bool) ----

QString readFlagUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  const auto flag = parseBool(option.value);
  if (!flag)
    return expectedInUrl(option, ServerSpec::tr("1 or 0 (true/false, yes/no, on/off)"));
  valueOf<bool>(field, spec) = *flag;
  return {};
}
std::optional<QString> writeFlag(const Field& field, const ServerSpec& spec) {
  return valueOf<bool>(field, spec) ? QStringLiteral("1") : QStringLiteral("0");
}
QString readFlagJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  if (!value.isBool())
    return expectedInJson(field, value, ServerSpec::tr("true or false"));
  valueOf<bool>(field, spec) = value.toBool();
  return {};
}
QJsonValue writeFlagJson(const Field& field, const ServerSpec& spec) {
  return valueOf<bool>(field, spec);
}

// ---- Seconds (double, 0 = no limit) ----

bool isSeconds(double seconds) {
  return std::isfinite(seconds) && seconds >= 0 && seconds <= maxRequestTimeout;
}
QString secondsWords() {
  return ServerSpec::tr("seconds from 0 (no limit) to %1").arg(maxRequestTimeout);
}
QString readSecondsUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  bool ok = false;
  const double seconds = option.value.trimmed().toDouble(&ok);
  if (!ok || !isSeconds(seconds))
    return expectedInUrl(option, secondsWords());
  valueOf<double>(field, spec) = seconds;
  return {};
}
std::optional<QString> writeSeconds(const Field& field, const ServerSpec& spec) {
  return numberText(valueOf<double>(field, spec));
}
QString readSecondsJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  const double seconds = value.toDouble(-1);
  if (!value.isDouble() || !isSeconds(seconds))
    return expectedInJson(field, value, secondsWords());
  valueOf<double>(field, spec) = seconds;
  return {};
}
QJsonValue writeSecondsJson(const Field& field, const ServerSpec& spec) {
  return valueOf<double>(field, spec);
}
QString checkSeconds(const Field& field, const ServerSpec& spec) {
  const double seconds = valueOf<double>(field, spec);
  if (isSeconds(seconds))
    return {};
  return ServerSpec::tr("request timeout: %1 s is out of range (0 = no limit, up to %2 s)")
      .arg(numberText(seconds))
      .arg(maxRequestTimeout);
}

// ---- Address lists (QStringList; checked by validation, which knows the kind) ----

QString readAddressesUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  if (!ByteText::isUtf8(option.raw)) // an address that is not text cannot be quoted back either
    return expectedInUrl(option, ServerSpec::tr("UTF-8 text once percent-decoded"));
  valueOf<QStringList>(field, spec) = AllowList::split(option.value);
  return {};
}
std::optional<QString> writeAddresses(const Field& field, const ServerSpec& spec) {
  return valueOf<QStringList>(field, spec).join(QLatin1Char(','));
}
QString readAddressesJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  QStringList& list = valueOf<QStringList>(field, spec);
  if (value.isString()) {
    list = AllowList::split(value.toString()); // hand-written "a, b" is fine too
    return {};
  }
  const QString words = ServerSpec::tr(field.listWords);
  if (!value.isArray())
    return expectedInJson(field, value, words);
  for (const auto& entry : value.toArray()) {
    if (!entry.isString())
      return expectedInJson(field, value, words);
    list << entry.toString().trimmed();
  }
  list.removeAll(QString());
  return {};
}
QJsonValue writeAddressesJson(const Field& field, const ServerSpec& spec) {
  return QJsonArray::fromStringList(valueOf<QStringList>(field, spec));
}

// ---- File modes (int, octal text) ----

QString readModeUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  const auto mode = parseMode(option.value);
  if (!mode)
    return expectedInUrl(option, modeWords());
  valueOf<int>(field, spec) = *mode;
  return {};
}
std::optional<QString> writeMode(const Field& field, const ServerSpec& spec) {
  return ServerSpec::modeText(valueOf<int>(field, spec));
}
QString readModeJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  const auto mode = value.isString() ? parseMode(value.toString()) : std::nullopt;
  if (!mode)
    return expectedInJson(field, value,
                          ServerSpec::tr("octal text from \"0000\" to \"0777\", as in \"0600\""));
  valueOf<int>(field, spec) = *mode;
  return {};
}
QJsonValue writeModeJson(const Field& field, const ServerSpec& spec) {
  return *writeMode(field, spec);
}
QString checkMode(const Field& field, const ServerSpec& spec) {
  const int mode = valueOf<int>(field, spec);
  if (mode >= 0 && mode <= maxSocketMode)
    return {};
  return ServerSpec::tr("socket mode: %1 is out of range (0000 to 0777)")
      .arg(QString::number(mode, 8));
}

// ---- Bytes (QByteArray), as text when they are UTF-8, else as hex ----

QString readBytesTextUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  valueOf<QByteArray>(field, spec) = option.raw;
  return {};
}
std::optional<QString> writeBytesText(const Field& field, const ServerSpec& spec) {
  const QByteArray& bytes = valueOf<QByteArray>(field, spec);
  if (!ByteText::isUtf8(bytes))
    return std::nullopt;
  return QString::fromUtf8(bytes);
}
QString readBytesTextJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  if (QString problem = textProblem(field, value); !problem.isEmpty())
    return problem;
  valueOf<QByteArray>(field, spec) = value.toString().toUtf8();
  return {};
}
QJsonValue writeBytesTextJson(const Field& field, const ServerSpec& spec) {
  if (valueOf<QByteArray>(field, spec).isEmpty())
    return QJsonValue::Undefined;
  const auto text = writeBytesText(field, spec);
  return text ? QJsonValue(*text) : QJsonValue(QJsonValue::Undefined);
}

// The one hex option so far: its messages keep the words translators have ("replyhex").
QString readBytesHexUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  QString hexError;
  const auto bytes = ByteText::fromHex(option.value, &hexError);
  if (!bytes)
    return ServerSpec::tr("option 'replyhex': %1").arg(hexError);
  valueOf<QByteArray>(field, spec) = *bytes;
  return {};
}
std::optional<QString> writeBytesHex(const Field& field, const ServerSpec& spec) {
  const QByteArray& bytes = valueOf<QByteArray>(field, spec);
  if (ByteText::isUtf8(bytes))
    return std::nullopt;
  return ByteText::toHex(bytes, 0);
}
QString readBytesHexJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  if (QString problem = textProblem(field, value); !problem.isEmpty())
    return problem;
  QString hexError;
  const auto bytes = ByteText::fromHex(value.toString(), &hexError);
  if (!bytes)
    return ServerSpec::tr("field 'replyHex': %1").arg(hexError);
  valueOf<QByteArray>(field, spec) = *bytes;
  return {};
}
QJsonValue writeBytesHexJson(const Field& field, const ServerSpec& spec) {
  if (valueOf<QByteArray>(field, spec).isEmpty())
    return QJsonValue::Undefined;
  const auto hex = writeBytesHex(field, spec);
  return hex ? QJsonValue(*hex) : QJsonValue(QJsonValue::Undefined);
}

// ---- Reply rules (ReplyRuleSet): a rules file's object; in a SPEC a file or inline JSON ----

constexpr qint64 maxRulesFileBytes = qint64{1024} * 1024; // a rules file is a few kilobytes

// A rules file's bytes, or nullopt with why not (a FIFO or a device would never end).
std::optional<QByteArray> readRulesFile(const QString& path, QString* why) {
  const QFileInfo info(path);
  QFile file(path);
  if (info.exists() && !info.isFile()) {
    *why = ServerSpec::tr("not a regular file");
    return std::nullopt;
  }
  if (info.size() > maxRulesFileBytes) {
    *why = ServerSpec::tr("larger than %1 bytes").arg(maxRulesFileBytes);
    return std::nullopt;
  }
  if (!file.open(QIODevice::ReadOnly)) {
    *why = file.errorString();
    return std::nullopt;
  }
  return file.read(maxRulesFileBytes);
}

// A rules file's text as a rule set, or nullopt with what is wrong ("rule 2: pattern: ...").
std::optional<ReplyRuleSet> rulesFromText(const QByteArray& text, QString* why) {
  QJsonParseError parseError{};
  const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
  if (document.isNull()) {
    *why = ServerSpec::tr("not valid JSON: %1 at offset %2")
               .arg(parseError.errorString())
               .arg(parseError.offset);
    return std::nullopt;
  }
  if (!document.isObject()) {
    *why =
        ServerSpec::tr("expected a JSON object, as in {\"framing\": \"line\", \"rules\": [...]}");
    return std::nullopt;
  }
  return ReplyRuleSet::fromJson(document.object(), why);
}

// rules=FILE reads the file now; rules={...} is the rules inline (what toUrl() writes).
QString readRulesUrl(const Field& field, const UrlOption& option, ServerSpec& spec) {
  const bool inlined = option.value.trimmed().startsWith(QLatin1Char('{'));
  QString why;
  const std::optional<QByteArray> text = inlined
                                             ? std::optional<QByteArray>(option.raw)
                                             : readRulesFile(QFile::decodeName(option.raw), &why);
  if (!text)
    return ServerSpec::tr("option 'rules': cannot read %1: %2").arg(option.value, why);
  auto rules = rulesFromText(*text, &why);
  if (!rules)
    return inlined ? ServerSpec::tr("option 'rules': %1").arg(why)
                   : ServerSpec::tr("rules file %1: %2").arg(option.value, why);
  valueOf<ReplyRuleSet>(field, spec) = std::move(*rules);
  return {};
}
std::optional<QString> writeRules(const Field& field, const ServerSpec& spec) {
  const QJsonDocument document(valueOf<ReplyRuleSet>(field, spec).toJson());
  return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
}
QString readRulesJson(const Field& field, const QJsonValue& value, ServerSpec& spec) {
  if (!value.isObject())
    return expectedInJson(field, value,
                          ServerSpec::tr("a rules object, as in {\"framing\": \"line\", "
                                         "\"rules\": [...]}"));
  QString why;
  auto rules = ReplyRuleSet::fromJson(value.toObject(), &why);
  if (!rules)
    return ServerSpec::tr("field 'rules': %1").arg(why);
  valueOf<ReplyRuleSet>(field, spec) = std::move(*rules);
  return {};
}
QJsonValue writeRulesJson(const Field& field, const ServerSpec& spec) {
  if (!changed(field, spec))
    return QJsonValue::Undefined; // no rules: profiles without them stay as they were
  return valueOf<ReplyRuleSet>(field, spec).toJson();
}
// A rule set built by hand (the editor) is checked as a file would be: it must read back.
QString checkRules(const Field& field, const ServerSpec& spec) {
  QString why;
  if (ReplyRuleSet::fromJson(valueOf<ReplyRuleSet>(field, spec).toJson(), &why))
    return {};
  return ServerSpec::tr("rules: %1").arg(why);
}

// The passes keep the order in which fields were always checked, so that of two wrong values
// the one named is the one it always was. Validation: whole numbers, seconds, limits, modes.
// fromJson: strings, names, whole numbers, limits, flags, seconds, addresses, modes, bytes.
constexpr Codec asText{.readUrl = readTextUrl,
                       .writeUrl = writeText,
                       .readJson = readTextJson,
                       .writeJson = writeTextJson,
                       .jsonPass = 1,
                       .jsonText = true};
constexpr Codec asName{.readUrl = readNameUrl,
                       .writeUrl = writeName,
                       .readJson = readNameJson,
                       .writeJson = writeNameJson,
                       .jsonPass = 2,
                       .jsonText = true};
constexpr Codec asNumber{.readUrl = readNumberUrl,
                         .writeUrl = writeNumber,
                         .readJson = readNumberJson,
                         .writeJson = writeNumberJson,
                         .check = checkNumber,
                         .checkPass = 1,
                         .jsonPass = 3};
constexpr Codec asLimit{.readUrl = readLimitUrl,
                        .writeUrl = writeNumber,
                        .readJson = readNumberJson,
                        .writeJson = writeNumberJson,
                        .check = checkNumber,
                        .checkPass = 3,
                        .jsonPass = 4};
constexpr Codec asFlag{.readUrl = readFlagUrl,
                       .writeUrl = writeFlag,
                       .readJson = readFlagJson,
                       .writeJson = writeFlagJson,
                       .jsonPass = 5};
constexpr Codec asSeconds{.readUrl = readSecondsUrl,
                          .writeUrl = writeSeconds,
                          .readJson = readSecondsJson,
                          .writeJson = writeSecondsJson,
                          .check = checkSeconds,
                          .checkPass = 2,
                          .jsonPass = 6};
constexpr Codec asAddresses{.readUrl = readAddressesUrl,
                            .writeUrl = writeAddresses,
                            .readJson = readAddressesJson,
                            .writeJson = writeAddressesJson,
                            .jsonPass = 7,
                            .urlKeep = ",/:"};
constexpr Codec asFileMode{.readUrl = readModeUrl,
                           .writeUrl = writeMode,
                           .readJson = readModeJson,
                           .writeJson = writeModeJson,
                           .check = checkMode,
                           .checkPass = 4,
                           .jsonPass = 8};
// A fixed reply goes in a SPEC whenever the handler is fixed (even empty: then invalid).
constexpr Codec asBytesText{.readUrl = readBytesTextUrl,
                            .writeUrl = writeBytesText,
                            .readJson = readBytesTextJson,
                            .writeJson = writeBytesTextJson,
                            .jsonPass = 9,
                            .urlAtDefault = true};
constexpr Codec asBytesHex{.readUrl = readBytesHexUrl,
                           .writeUrl = writeBytesHex,
                           .readJson = readBytesHexJson,
                           .writeJson = writeBytesHexJson,
                           .jsonPass = 9,
                           .urlAtDefault = true};

// Rules in a SPEC are inline JSON: its punctuation stays readable.
constexpr Codec asRules{.readUrl = readRulesUrl,
                        .writeUrl = writeRules,
                        .readJson = readRulesJson,
                        .writeJson = writeRulesJson,
                        .check = checkRules,
                        .checkPass = 5,
                        .jsonPass = 10,
                        .urlKeep = "{}[]\":,/$^()*|\\"};

bool inPool(const ServerSpec& spec) { return spec.model == Model::ThreadPool; }
bool joinsGroups(const ServerSpec& spec) { return !spec.multicastGroups.isEmpty(); }
bool speaksTls(const ServerSpec& spec) { return spec.kind == Kind::Tls; }
bool answersByRules(const ServerSpec& spec) { return spec.handler == Handler::Rules; }
bool repliesFixed(const ServerSpec& spec) { return spec.handler == Handler::FixedReply; }

constexpr const char* replyTwice = QT_TRANSLATE_NOOP(
    "ServerSpec", "give the fixed reply once: reply= (text) or replyhex= (hex), not both");
constexpr const char* replyJsonTwice =
    QT_TRANSLATE_NOOP("ServerSpec", "fields 'reply' and 'replyHex' are both given; keep one");

// Every value of a spec, in the order SPECs and the lists of known names give them. Defaults
// are ServerSpec's member initializers.
constexpr Field fields[] = {
    {.url = "name",
     .json = "name",
     .member = &ServerSpec::name,
     .codec = &asText,
     .metavar = "TEXT",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "the server's name in the log")},
    {.json = "kind", .member = &ServerSpec::kind, .codec = &asName, .required = true},
    {.json = "address", .member = &ServerSpec::address, .codec = &asText, .required = true},
    {.url = "mode",
     .json = "model",
     .member = &ServerSpec::model,
     .codec = &asName,
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "concurrency (default %1)")},
    {.url = "pool",
     .json = "poolSize",
     .member = &ServerSpec::poolSize,
     .codec = &asNumber,
     .range = {1, 1024},
     .label = QT_TRANSLATE_NOOP("ServerSpec", "pool size"),
     .metavar = "N",
     .inUse = inPool},
    {.url = "queue",
     .json = "poolQueue",
     .member = &ServerSpec::poolQueue,
     .codec = &asNumber,
     .range = {0, 1000000},
     .label = QT_TRANSLATE_NOOP("ServerSpec", "pool queue"),
     .metavar = "N",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "thread pool size and queue (imply mode=pool)"),
     .inUse = inPool},
    {.url = "handler",
     .json = "handler",
     .member = &ServerSpec::handler,
     .codec = &asName,
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "built-in handler (default %1)")},
    {.url = "reply",
     .json = "reply",
     .member = &ServerSpec::fixedReply,
     .codec = &asBytesText,
     .metavar = "TEXT",
     .inUse = repliesFixed,
     .twice = replyTwice,
     .jsonTwice = replyJsonTwice},
    {.url = "replyhex",
     .json = "replyHex",
     .member = &ServerSpec::fixedReply,
     .codec = &asBytesHex,
     .metavar = "HEX",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "the fixed reply (imply handler=fixed)"),
     .inUse = repliesFixed,
     .twice = replyTwice,
     .jsonTwice = replyJsonTwice},
    {.url = "rules",
     .json = "rules",
     .member = &ServerSpec::rules,
     .codec = &asRules,
     .metavar = "FILE",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner",
                               "reply rules from a JSON rules file, read at start (imply "
                               "handler=rules); rules={...} gives them inline"),
     .inUse = answersByRules},
    {.url = "once",
     .json = "oncePerConnection",
     .member = &ServerSpec::oncePerConnection,
     .codec = &asFlag,
     .metavar = "1",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner",
                               "one request per connection: answer the first message, then "
                               "close (stream kinds)")},
    {.url = "reuse",
     .json = "allowReuseAddress",
     .member = &ServerSpec::allowReuseAddress,
     .codec = &asFlag,
     .metavar = "1",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "allow_reuse_address (SO_REUSEADDR)")},
    {.url = "backlog",
     .json = "backlog",
     .member = &ServerSpec::backlog,
     .codec = &asNumber,
     .range = {0, 65535},
     .label = QT_TRANSLATE_NOOP("ServerSpec", "backlog"),
     .metavar = "N",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "listen() backlog (default %1)")},
    {.url = "timeout",
     .json = "requestTimeout",
     .member = &ServerSpec::requestTimeout,
     .codec = &asSeconds,
     .metavar = "SECONDS",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "drop a connection silent that long")},
    {.url = "maxpacket",
     .json = "maxPacketSize",
     .member = &ServerSpec::maxPacketSize,
     .codec = &asNumber,
     .range = {1, 16 * 1024 * 1024},
     .label = QT_TRANSLATE_NOOP("ServerSpec", "max packet size"),
     .metavar = "N",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "max_packet_size for datagrams (default %1)")},
    {.url = "daemon",
     .json = "daemonThreads",
     .member = &ServerSpec::daemonThreads,
     .codec = &asFlag,
     .metavar = "1"},
    {.url = "blockonclose",
     .json = "blockOnClose",
     .member = &ServerSpec::blockOnClose,
     .codec = &asFlag,
     .metavar = "0",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner", "daemon_threads, block_on_close")},
    {.url = "allow",
     .json = "allow",
     .member = &ServerSpec::allow,
     .codec = &asAddresses,
     .metavar = "ADDR,NET/PREFIX",
     .listWords = QT_TRANSLATE_NOOP("ServerSpec", "a list of addresses or CIDR ranges as strings, "
                                                  "as in [\"127.0.0.1\", \"10.0.0.0/8\"]"),
     .help = QT_TRANSLATE_NOOP(
         "HeadlessRunner",
         "accept only these clients (IPv4/IPv6, CIDR; tcp/udp); others are refused "
         "and logged")},
    {.url = "maxconn",
     .json = "maxConnections",
     .member = &ServerSpec::maxConnections,
     .codec = &asLimit,
     .range = {0, 1000000},
     .label = QT_TRANSLATE_NOOP("ServerSpec", "max connections"),
     .metavar = "N",
     .help = QT_TRANSLATE_NOOP(
         "HeadlessRunner",
         "refuse beyond N connections (or datagram requests) at once; 0 = no limit")},
    {.url = "perm",
     .json = "socketMode",
     .member = &ServerSpec::socketMode,
     .codec = &asFileMode,
     .metavar = "0600",
     .help = QT_TRANSLATE_NOOP(
         "HeadlessRunner",
         "the Unix socket file's mode (octal, default %1); the file is removed on stop"),
     .alias = "sockmode",
     .twice = QT_TRANSLATE_NOOP("ServerSpec", "give the socket mode once: perm= or sockmode=, "
                                              "not both"),
     .unixOnly = QT_TRANSLATE_NOOP("ServerSpec", "option 'perm': the socket file mode is for "
                                                 "unix and unixdgram servers, not %1")},
    {.url = "join",
     .json = "multicastGroups",
     .member = &ServerSpec::multicastGroups,
     .codec = &asAddresses,
     .metavar = "GROUP,GROUP",
     .listWords = QT_TRANSLATE_NOOP("ServerSpec", "a list of multicast group addresses as "
                                                  "strings, as in [\"239.1.2.3\", \"ff02::1:3\"]")},
    {.url = "iface",
     .json = "multicastInterface",
     .member = &ServerSpec::multicastInterface,
     .codec = &asText,
     .metavar = "NAME|ADDR",
     .help = QT_TRANSLATE_NOOP(
         "HeadlessRunner",
         "join these multicast groups (udp; several separated by commas; IPv4 224.0.0.0/4 or "
         "IPv6 ff00::/8, the address's family) on this interface (default: the system's choice)"),
     .inUse = joinsGroups},
    {.url = "broadcast",
     .json = "allowBroadcast",
     .member = &ServerSpec::allowBroadcast,
     .codec = &asFlag,
     .metavar = "1",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner",
                               "allow_broadcast (SO_BROADCAST): handlers may send to broadcast "
                               "addresses (udp)")},
    {.url = "cert",
     .json = "tlsCertificate",
     .member = &ServerSpec::tlsCertificate,
     .codec = &asText,
     .metavar = "FILE",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner",
                               "tls: the certificate chain (PEM); default: the console's own "
                               "self-signed certificate, made on first use"),
     .inUse = speaksTls},
    {.url = "key",
     .json = "tlsKey",
     .member = &ServerSpec::tlsKey,
     .codec = &asText,
     .metavar = "FILE",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner",
                               "tls: the private key (PEM); default: in the certificate file"),
     .inUse = speaksTls},
    {.url = "ca",
     .json = "tlsCa",
     .member = &ServerSpec::tlsCa,
     .codec = &asText,
     .metavar = "FILE",
     .inUse = speaksTls},
    {.url = "verify",
     .json = "tlsVerifyClients",
     .member = &ServerSpec::tlsVerifyClients,
     .codec = &asFlag,
     .metavar = "1",
     .help = QT_TRANSLATE_NOOP("HeadlessRunner",
                               "tls: client certificates are verified against this CA (PEM); "
                               "verify=1 requires one"),
     .inUse = speaksTls},
};

const Field* urlField(const QString& key) {
  for (const Field& field : fields)
    if (field.url &&
        (key == QLatin1String(field.url) || (field.alias && key == QLatin1String(field.alias))))
      return &field;
  return nullptr;
}

bool isGiven(const QList<const Field*>& given, const Member& member) {
  return std::any_of(given.begin(), given.end(),
                     [&](const Field* field) { return field->member == member; });
}

QString knownNames(const char* Field::*key) {
  QStringList names;
  for (const Field& field : fields)
    if (field.*key)
      names << QString::fromLatin1(field.*key);
  return names.join(QLatin1String(", "));
}

// `use` for each field, pass by pass (the codec's `passOf`: 1, 2, ...) and in table order
// within a pass, until one answers with a problem.
template <class Use> QString inPasses(int Codec::*passOf, Use use) {
  int lastPass = 0;
  for (const Field& field : fields)
    lastPass = std::max(lastPass, field.codec->*passOf);
  for (int pass = 1; pass <= lastPass; ++pass)
    for (const Field& field : fields)
      if (field.codec->*passOf == pass)
        if (QString problem = use(field); !problem.isEmpty())
          return problem;
  return {};
}

// The engine has timers for connections only: an event-driven datagram server cannot wait
// before a reply without stalling its loop, so a delayed rule there is refused.
QString eventDatagramDelayError(const ServerSpec& spec) {
  if (spec.handler != Handler::Rules || spec.model != Model::Event ||
      ServerSpec::isStream(spec.kind))
    return {};
  for (qsizetype i = 0; i < spec.rules.rules.size(); ++i) {
    if (spec.rules.rules.at(i).delayMs > 0)
      return ServerSpec::tr("rules: rule %1 waits %2 ms before replying: an event-driven %3 "
                            "server answers a datagram at once; use another model, or no delay")
          .arg(i + 1)
          .arg(spec.rules.rules.at(i).delayMs)
          .arg(ServerSpec::kindName(spec.kind));
  }
  return {};
}

// Groups and broadcast are UDP's; the groups must be of the address's family, the interface
// the machine's own.
QString multicastError(const ServerSpec& spec) {
  if (spec.kind != Kind::Udp && !spec.multicastGroups.isEmpty())
    return ServerSpec::tr("join: multicast groups are for udp servers, not %1")
        .arg(ServerSpec::kindName(spec.kind));
  if (spec.kind != Kind::Udp && spec.allowBroadcast)
    return ServerSpec::tr("broadcast: allow_broadcast is for udp servers, not %1")
        .arg(ServerSpec::kindName(spec.kind));
  if (spec.multicastGroups.isEmpty())
    return {};
  QString host;
  int port = 0;
  splitHostPort(spec.address, &host, &port, nullptr); // checked before
  if (QString e = MulticastSpec::groupsError(spec.multicastGroups, host); !e.isEmpty())
    return e;
  return MulticastSpec::interfaceError(spec.multicastInterface);
}

// Certificates are TLS's; verifying clients needs a CA to verify them against. Whether the
// files hold what they should is checked when the server starts (TlsServerSetup.h).
QString tlsError(const ServerSpec& spec) {
  const bool tlsOptions = !spec.tlsCertificate.isEmpty() || !spec.tlsKey.isEmpty() ||
                          !spec.tlsCa.isEmpty() || spec.tlsVerifyClients;
  if (spec.kind != Kind::Tls && tlsOptions)
    return ServerSpec::tr("cert, key, ca and verify are for tls servers, not %1")
        .arg(ServerSpec::kindName(spec.kind));
  if (spec.kind == Kind::Tls && !spec.tlsKey.isEmpty() && spec.tlsCertificate.isEmpty())
    return ServerSpec::tr("key: give the certificate it belongs to as well (cert=FILE); without "
                          "one the console's own certificate and key are used");
  if (spec.tlsVerifyClients && spec.tlsCa.isEmpty())
    return ServerSpec::tr("verify: client certificates are verified against a CA; give it as "
                          "ca=FILE");
  return {};
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Validation and derived values

QString ServerSpec::validationError() const {
  // cppcheck-suppress knownConditionTrueFalse ; constant only in one build: TLS may be off
  if (kind == Kind::Tls && !tlsServersBuiltIn())
    return tr("kind: this console was built without TLS (its engine has no OpenSSL), so it "
              "cannot run a tls server; use tcp, or a console built with TLS");
  if (QString e = tlsError(*this); !e.isEmpty())
    return e;
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
  if (QString e = inPasses(&Codec::checkPass,
                           [&](const Field& field) {
                             return inUse(field, *this) ? field.codec->check(field, *this)
                                                        : QString();
                           });
      !e.isEmpty())
    return e;
  if (QString e = eventDatagramDelayError(*this); !e.isEmpty())
    return e;
  if (isUnix(kind) && !allow.isEmpty())
    return tr("allow: not applicable to Unix sockets (a Unix peer has no address); restrict "
              "who may connect with the socket file's mode instead");
  QString allowError;
  if (!AllowList::parse(allow, &allowError))
    return allowError;
  return multicastError(*this);
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

bool ServerSpec::onceApplies(Handler h, Kind k) {
  return isStream(k) && h != Handler::TimeOfDay && h != Handler::HttpHello && h != Handler::Manual;
}

// ---------------------------------------------------------------------------------------------
// Names

QString ServerSpec::kindName(Kind k) { return nameOf(k); }
QString ServerSpec::modelName(Model m) { return nameOf(m); }
QString ServerSpec::handlerName(Handler h) { return nameOf(h); }

std::optional<ServerSpec::Kind> ServerSpec::kindFromName(const QString& text) {
  return fromName<Kind>(text);
}
std::optional<ServerSpec::Model> ServerSpec::modelFromName(const QString& text) {
  return fromName<Model>(text);
}
std::optional<ServerSpec::Handler> ServerSpec::handlerFromName(const QString& text) {
  return fromName<Handler>(text);
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
  case Kind::Tls:
    return tr("TLS");
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
  case Handler::Rules:
    return tr("Reply rules");
  case Handler::Manual:
    return tr("Manual (answer by hand)");
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
  case Handler::Rules:
    return tr("Answers each message with the first of its reply rules that matches (text, "
              "hex or a regular expression), or with the default reply; a stream is cut into "
              "messages by the rules' framing.");
  case Handler::Manual:
    return tr("Accepts and logs what arrives; answers nothing by itself: you answer by hand.");
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// SPEC URL

namespace {

// KIND://ADDRESS: the kind and the percent-decoded address; what follows '?' goes to `query`.
QString readHead(const QString& text, ServerSpec& spec, QString* query) {
  const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
  if (schemeEnd <= 0)
    return ServerSpec::tr("'%1' is not a SPEC: expected KIND://ADDRESS[?OPTIONS], as in "
                          "tcp://127.0.0.1:9999?handler=upper (KIND is %2)")
        .arg(text, joinNames<Kind>(", "));
  const QString scheme = text.left(schemeEnd);
  if (const auto k = ServerSpec::kindFromName(scheme))
    spec.kind = *k;
  else
    return ServerSpec::tr("unknown server kind '%1' (expected %2)")
        .arg(scheme, joinNames<Kind>(", "));

  const QString rest = text.mid(schemeEnd + 3);
  const qsizetype queryStart = rest.indexOf(QLatin1Char('?'));
  QString addressPart = queryStart < 0 ? rest : rest.left(queryStart);
  *query = queryStart < 0 ? QString() : rest.mid(queryStart + 1);
  const bool unix = ServerSpec::isUnix(spec.kind);
  if (!unix && addressPart.endsWith(QLatin1Char('/')))
    addressPart.chop(1); // tcp://127.0.0.1:9999/ as a browser would write it
  // Percent-decoded bytes that are not UTF-8 (a path byte like %FF) cannot be kept as they
  // are: refused, rather than bound to another path.
  const QByteArray rawAddress = QByteArray::fromPercentEncoding(addressPart.toUtf8());
  if (!ByteText::isUtf8(rawAddress))
    return ServerSpec::tr("address: '%1' is not UTF-8 once percent-decoded").arg(addressPart);
  spec.address = QString::fromUtf8(rawAddress);
  if (spec.address.isEmpty())
    return unix ? ServerSpec::tr("%1:// needs a socket path, as in %1:///tmp/echo.sock").arg(scheme)
                : ServerSpec::tr("%1:// needs host:port, as in %1://127.0.0.1:9999").arg(scheme);
  return {};
}

// OPTION=VALUE&...: each through its field's codec; `given` lists the fields read.
QString readOptions(const QString& query, ServerSpec& spec, QList<const Field*>* given) {
  QSet<QString> seen;
  for (const QString& item : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
    const qsizetype equals = item.indexOf(QLatin1Char('='));
    UrlOption option;
    option.key = QUrl::fromPercentEncoding(item.left(equals).toUtf8()).trimmed().toLower();
    if (equals < 0)
      return ServerSpec::tr("option '%1' needs a value, as in %1=VALUE").arg(option.key);
    option.raw = QByteArray::fromPercentEncoding(item.mid(equals + 1).toUtf8());
    option.value = QString::fromUtf8(option.raw);
    if (seen.contains(option.key))
      return ServerSpec::tr("option '%1' is given twice").arg(option.key);
    seen.insert(option.key);
    const Field* field = urlField(option.key);
    if (!field)
      return ServerSpec::tr("unknown option '%1' (known: %2)")
          .arg(option.key, knownNames(&Field::url));
    if (isGiven(*given, field->member))
      return ServerSpec::tr(field->twice);
    *given << field;
    if (QString problem = field->codec->readUrl(*field, option, spec); !problem.isEmpty())
      return problem;
  }
  return {};
}

// What options say beyond their own value: perm= only for Unix kinds, iface= only with join=,
// reply= means
// handler=fixed, rules= handler=rules and pool= mode=pool (and contradict another handler or
// mode).
QString applyImplied(ServerSpec& spec, const QList<const Field*>& given) {
  for (const Field* field : given)
    if (field->unixOnly && !ServerSpec::isUnix(spec.kind))
      return ServerSpec::tr(field->unixOnly).arg(ServerSpec::kindName(spec.kind));
  if (isGiven(given, &ServerSpec::multicastInterface) && spec.multicastGroups.isEmpty())
    return ServerSpec::tr("iface= is the interface multicast groups are joined on: give the "
                          "groups too, as in join=239.1.2.3&iface=%1")
        .arg(spec.multicastInterface);
  if (isGiven(given, &ServerSpec::fixedReply)) {
    if (isGiven(given, &ServerSpec::handler) && spec.handler != Handler::FixedReply)
      return ServerSpec::tr("reply= and replyhex= go with handler=fixed, not handler=%1")
          .arg(ServerSpec::handlerName(spec.handler));
    spec.handler = Handler::FixedReply;
  }
  if (isGiven(given, &ServerSpec::rules)) {
    if (isGiven(given, &ServerSpec::handler) && spec.handler != Handler::Rules)
      return ServerSpec::tr("rules= goes with handler=rules, not handler=%1")
          .arg(ServerSpec::handlerName(spec.handler));
    spec.handler = Handler::Rules;
  }
  if (isGiven(given, &ServerSpec::poolSize) || isGiven(given, &ServerSpec::poolQueue)) {
    if (isGiven(given, &ServerSpec::model) && spec.model != Model::ThreadPool)
      return ServerSpec::tr("pool= and queue= go with mode=pool, not mode=%1")
          .arg(ServerSpec::modelName(spec.model));
    spec.model = Model::ThreadPool;
  }
  return {};
}

} // namespace

std::optional<ServerSpec> ServerSpec::fromUrl(const QString& url, QString* error) {
  ServerSpec spec;
  QString query;
  QList<const Field*> given;
  QString problem = readHead(url.trimmed(), spec, &query);
  if (problem.isEmpty())
    problem = readOptions(query, spec, &given);
  if (problem.isEmpty())
    problem = applyImplied(spec, given);
  if (problem.isEmpty())
    problem = spec.validationError();
  if (!problem.isEmpty()) {
    setError(error, problem);
    return std::nullopt;
  }
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
  for (const Field& field : fields) {
    if (!field.url || !inUse(field, *this) || (field.unixOnly && !isUnix(kind)) ||
        (!field.codec->urlAtDefault && !changed(field, *this)))
      continue;
    if (const auto value = field.codec->writeUrl(field, *this))
      options << QLatin1String(field.url) + QLatin1Char('=') +
                     QString::fromLatin1(QUrl::toPercentEncoding(*value, field.codec->urlKeep));
  }
  if (!options.isEmpty())
    url += QLatin1Char('?') + options.join(QLatin1Char('&'));
  return url;
}

QList<ServerSpec::OptionHelp> ServerSpec::optionHelp() {
  QList<OptionHelp> lines;
  QStringList usage;
  for (const Field& field : fields) {
    if (!field.url)
      continue;
    usage << QLatin1String(field.url) + QLatin1Char('=') +
                 (field.metavar ? QString::fromLatin1(field.metavar) : enumNames(field, "|"));
    if (!field.help)
      continue;
    lines.append({usage.join(QLatin1String(", ")), field.help,
                  field.codec->writeUrl(field, defaults).value_or(QString())});
    usage.clear();
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// JSON

namespace {

QString unknownField(const QJsonObject& json) {
  for (auto it = json.begin(); it != json.end(); ++it) {
    const bool known = std::any_of(std::begin(fields), std::end(fields), [&](const Field& f) {
      return it.key() == QLatin1String(f.json);
    });
    if (!known)
      return ServerSpec::tr("unknown field '%1' (known: %2)")
          .arg(ByteText::escapeLoneSurrogates(it.key()), knownNames(&Field::json));
  }
  return {};
}

// The first pass: every string there is (and the fields that must be there).
QString checkStrings(const QJsonObject& json) {
  for (const Field& field : fields) {
    if (!field.codec->jsonText)
      continue;
    const QJsonValue value = json.value(QLatin1String(field.json));
    if (value.isUndefined()) {
      if (field.required)
        return ServerSpec::tr("field '%1' is missing").arg(QLatin1String(field.json));
      continue;
    }
    if (QString problem = textProblem(field, value); !problem.isEmpty())
      return problem;
  }
  return {};
}

// Another field for the same value ("reply" and "replyHex").
bool otherSpellingIn(const QJsonObject& json, const Field& field) {
  return std::any_of(std::begin(fields), std::end(fields), [&](const Field& other) {
    return &other != &field && other.member == field.member &&
           json.contains(QLatin1String(other.json));
  });
}

QString readFields(const QJsonObject& json, ServerSpec& spec) {
  return inPasses(&Codec::jsonPass, [&](const Field& field) -> QString {
    const QJsonValue value = json.value(QLatin1String(field.json));
    if (value.isUndefined())
      return {};
    if (field.jsonTwice && otherSpellingIn(json, field))
      return ServerSpec::tr(field.jsonTwice);
    return field.codec->readJson(field, value, spec);
  });
}

} // namespace

QJsonObject ServerSpec::toJson() const {
  QJsonObject json;
  for (const Field& field : fields) {
    const QJsonValue value = field.codec->writeJson(field, *this);
    if (!value.isUndefined())
      json[QLatin1String(field.json)] = value;
  }
  return json;
}

std::optional<ServerSpec> ServerSpec::fromJson(const QJsonObject& json, QString* error) {
  ServerSpec spec;
  QString problem = unknownField(json);
  if (problem.isEmpty())
    problem = checkStrings(json);
  if (problem.isEmpty())
    problem = readFields(json, spec);
  if (problem.isEmpty())
    problem = spec.validationError();
  if (!problem.isEmpty()) {
    setError(error, problem);
    return std::nullopt;
  }
  return spec;
}

// The engine's build decides (config.hpp): a spec read by a console without TLS is refused.
bool ServerSpec::tlsServersBuiltIn() { return SOCKETSERVER_HAS_TLS != 0; }
