#include "HeadlessCommands.h"

#include "ByteText.h"
#include "RecentPeers.h"
#include "ServerEntry.h"
#include "ServerManager.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cerrno>
#include <unistd.h>

namespace {

QString ok(const QString& text) { return QStringLiteral("ok ") + text; }
QString error(const QString& text) { return QStringLiteral("error ") + text; }

/// The first word and the rest after one space: ("send", "3 hello world").
std::pair<QString, QString> splitWord(const QString& line) {
  const qsizetype space = line.indexOf(QLatin1Char(' '));
  if (space < 0)
    return {line, QString()};
  return {line.left(space), line.mid(space + 1)};
}

} // namespace

HeadlessCommands::HeadlessCommands(ServerManager& manager, NameOf nameOf, Answer answer, int fd,
                                   QObject* parent)
    : QObject(parent), manager_(manager), nameOf_(std::move(nameOf)), answer_(std::move(answer)),
      fd_(fd), notifier_(fd, QSocketNotifier::Read) {
  connect(&notifier_, &QSocketNotifier::activated, this, &HeadlessCommands::readAvailable);
}

void HeadlessCommands::readAvailable() {
  char chunk[65536];
  // One read per wake-up: the notifier said there is something, so it does not block.
  const ssize_t n = ::read(fd_, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (n <= 0) {
    notifier_.setEnabled(false); // end of input: the servers keep serving
    if (!buffer_.isEmpty() && !skippingLongLine_) {
      buffer_.append('\n'); // a last line without its newline still counts
      takeLines();
    }
    return;
  }
  buffer_.append(chunk, n);
  takeLines();
}

void HeadlessCommands::takeLines() {
  for (qsizetype end; (end = buffer_.indexOf('\n')) >= 0;) {
    QByteArray line = buffer_.left(end);
    buffer_.remove(0, end + 1);
    if (skippingLongLine_) {
      skippingLongLine_ = false; // the end of the refused line
      continue;
    }
    if (line.endsWith('\r'))
      line.chop(1);
    for (const QString& answer : execute(QString::fromUtf8(line)))
      answer_(answer);
  }
  if (buffer_.size() > maxLineBytes) {
    if (!skippingLongLine_)
      answer_(
          error(QCoreApplication::translate("HeadlessRunner", "line longer than %1 bytes: refused")
                    .arg(maxLineBytes)));
    skippingLongLine_ = true;
    buffer_.clear();
  }
}

QStringList HeadlessCommands::execute(const QString& line) {
  if (line.trimmed().isEmpty())
    return {};
  const auto [command, arguments] = splitWord(line);
  if (command == QLatin1String("list"))
    return list();
  if (command == QLatin1String("send"))
    return {send(arguments, false)};
  if (command == QLatin1String("sendhex"))
    return {send(arguments, true)};
  if (command == QLatin1String("broadcast"))
    return {broadcast(arguments)};
  if (command == QLatin1String("kick"))
    return {kick(arguments)};
  if (command == QLatin1String("help"))
    return {ok(QStringLiteral("list | send ID TEXT | sendhex ID HEX | broadcast SERVER TEXT | "
                              "kick ID  (ID: #N or N as the log prints it, or [SERVER] #N, "
                              "SERVER#N)"))};
  return {error(QCoreApplication::translate(
                    "HeadlessRunner",
                    "unknown command '%1': use list, send, sendhex, broadcast, kick or help")
                    .arg(command))};
}

std::optional<int> HeadlessCommands::findServer(const QString& text, QString* why) const {
  const QList<int> ids = manager_.ids();
  for (const int id : ids) {
    if (nameOf_(id) == text)
      return id;
  }
  bool isNumber = false;
  const int number = text.toInt(&isNumber);
  if (isNumber && ids.contains(number))
    return number;
  *why = QCoreApplication::translate(
             "HeadlessRunner", "no server '%1' (use its name as the log prints it, or its number)")
             .arg(text);
  return std::nullopt;
}

std::optional<HeadlessCommands::Target> HeadlessCommands::parseTarget(const QString& arguments,
                                                                      QString* why) const {
  // "[NAME] #N rest", "NAME#N rest", "#N rest", "N rest".
  static const QRegularExpression bracketed(QStringLiteral("^\\[(.*?)\\]\\s*#(\\d+)(?: |$)"));
  static const QRegularExpression plain(QStringLiteral("^(\\S*?)#?(\\d+)(?: |$)"));
  QRegularExpressionMatch match = bracketed.match(arguments);
  if (!match.hasMatch())
    match = plain.match(arguments);
  if (!match.hasMatch()) {
    *why = QCoreApplication::translate(
        "HeadlessRunner",
        "expected a request id as the log prints it: #N, N, [SERVER] #N or SERVER#N");
    return std::nullopt;
  }
  Target target;
  target.requestId = match.captured(2).toULongLong();
  target.rest = arguments.mid(match.capturedEnd(0));
  const QString server = match.captured(1);
  if (server.isEmpty()) {
    // Ids are unique across servers: the one that has it. With a single server, that one,
    // whose own words then say what is wrong with the id.
    target.serverId = manager_.serverOfRequest(target.requestId);
    if (target.serverId == 0 && manager_.count() == 1)
      target.serverId = manager_.at(0).id;
    if (target.serverId == 0) {
      *why = QCoreApplication::translate("HeadlessRunner", "#%1 is neither an open connection "
                                                           "nor a peer heard from in the last %2 s")
                 .arg(target.requestId)
                 .arg(RecentPeers::keepSeconds);
      return std::nullopt;
    }
    return target;
  }
  const auto id = findServer(server, why);
  if (!id)
    return std::nullopt;
  target.serverId = *id;
  return target;
}

QString HeadlessCommands::requestName(int serverId, quint64 requestId) const {
  return QStringLiteral("[%1] #%2").arg(nameOf_(serverId)).arg(requestId);
}

QStringList HeadlessCommands::list() const {
  QStringList lines;
  int open = 0;
  for (const int id : manager_.ids()) {
    for (const ServerManager::OpenRequest& request : manager_.openRequests(id)) {
      QString line = QStringLiteral("open ") + requestName(id, request.requestId);
      if (!request.peer.isEmpty())
        line += QLatin1Char(' ') + request.peer;
      lines << line;
      ++open;
    }
  }
  lines << ok(QStringLiteral("%1 open").arg(open));
  return lines;
}

QString HeadlessCommands::send(const QString& arguments, bool hex) {
  QString why;
  const auto target = parseTarget(arguments, &why);
  if (!target)
    return error(why);
  const auto bytes =
      hex ? ByteText::fromHex(target->rest, &why) : ByteText::fromEscaped(target->rest, &why);
  if (!bytes)
    return error((hex ? QCoreApplication::translate("HeadlessRunner", "bad hex: %1")
                      : QCoreApplication::translate("HeadlessRunner", "bad escape: %1"))
                     .arg(why));
  if (bytes->isEmpty())
    return error(QCoreApplication::translate("HeadlessRunner", "nothing to send"));
  if (!manager_.sendTo(target->serverId, target->requestId, *bytes, &why))
    return error(why);
  return ok(QCoreApplication::translate("HeadlessRunner", "queued %1 bytes for %2")
                .arg(bytes->size())
                .arg(requestName(target->serverId, target->requestId)));
}

QString HeadlessCommands::broadcast(const QString& arguments) {
  QString why;
  QString server;
  QString text;
  if (arguments.startsWith(QLatin1Char('['))) {
    const qsizetype close = arguments.indexOf(QLatin1String("] "));
    if (close < 0)
      return error(
          QCoreApplication::translate("HeadlessRunner", "expected broadcast [SERVER] TEXT"));
    server = arguments.mid(1, close - 1);
    text = arguments.mid(close + 2);
  } else {
    std::tie(server, text) = splitWord(arguments);
  }
  const auto id = findServer(server, &why);
  if (!id)
    return error(why);
  const auto bytes = ByteText::fromEscaped(text, &why);
  if (!bytes)
    return error(QCoreApplication::translate("HeadlessRunner", "bad escape: %1").arg(why));
  if (bytes->isEmpty())
    return error(QCoreApplication::translate("HeadlessRunner", "nothing to send"));
  const int count = manager_.sendToAll(*id, *bytes);
  if (count == 0)
    return error(
        QCoreApplication::translate("HeadlessRunner", "[%1] has no open connection to send to")
            .arg(nameOf_(*id)));
  return ok(
      QCoreApplication::translate("HeadlessRunner", "queued %1 bytes for %2 connection(s) of [%3]")
          .arg(bytes->size())
          .arg(count)
          .arg(nameOf_(*id)));
}

QString HeadlessCommands::kick(const QString& arguments) {
  QString why;
  const auto target = parseTarget(arguments, &why);
  if (!target)
    return error(why);
  if (!manager_.kick(target->serverId, target->requestId))
    return error(QCoreApplication::translate("HeadlessRunner", "%1 is not an open connection")
                     .arg(requestName(target->serverId, target->requestId)));
  return ok(QCoreApplication::translate("HeadlessRunner", "closed %1")
                .arg(requestName(target->serverId, target->requestId)));
}
