#include "HeadlessRunner.h"

#include "HeadlessCommands.h"
#include "ServerProfile.h"
#include "SignalWatcher.h"
#include "TlsServerSetup.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextBoundaryFinder>

#include <algorithm>
#include <csignal>
#include <cstring>

#include <unistd.h>

namespace {

constexpr char optHeadless[] = "headless";
constexpr char optServe[] = "serve";
constexpr char optProfile[] = "profile";
constexpr char optJson[] = "json";
constexpr char optPayloadCap[] = "payload-cap";
constexpr char optCommands[] = "commands";

// The headless mode's options: --help, main()'s choice of application and the usage error for
// a headless-only option without --headless all come from here.
struct Option {
  const char* name = nullptr;
  const char* description = nullptr; ///< context HeadlessRunner; %1 = shownDefault
  const char* valueName = nullptr;
  int shownDefault = -1;    ///< filled into the description's %1 (-1: it has none)
  bool headlessOnly = true; ///< read only by the headless mode: an error without --headless
};

constexpr Option ownOptions[] = {
    {optHeadless,
     QT_TRANSLATE_NOOP("HeadlessRunner",
                       "Run without a window: serve the --serve / --profile servers and write "
                       "the request log to stdout until SIGINT or SIGTERM."),
     nullptr, -1, false},
    {optServe,
     QT_TRANSLATE_NOOP("HeadlessRunner",
                       "Serve the server described by SPEC (see SPEC above). Repeat for more "
                       "servers."),
     QT_TRANSLATE_NOOP("HeadlessRunner", "SPEC")},
    {optProfile,
     QT_TRANSLATE_NOOP("HeadlessRunner",
                       "Serve every server of a profile (a JSON file saved by the console)."),
     QT_TRANSLATE_NOOP("HeadlessRunner", "FILE")},
    {optJson,
     QT_TRANSLATE_NOOP("HeadlessRunner",
                       "Write the log as JSON Lines, one object per event ('serving on' lines go "
                       "to stderr).")},
    {optPayloadCap,
     QT_TRANSLATE_NOOP("HeadlessRunner", "Bytes of payload shown per data event (default %1)."),
     QT_TRANSLATE_NOOP("HeadlessRunner", "BYTES"), EventBridge::defaultPayloadCap},
    {optCommands,
     QT_TRANSLATE_NOOP("HeadlessRunner",
                       "Read commands from stdin, one per line, each answered with one 'ok ...' "
                       "or 'error ...' line on stdout (see COMMANDS above).")},
};

void printError(const QString& message) {
  const QByteArray line =
      (QCoreApplication::applicationName() + QLatin1String(": ") + message + QLatin1Char('\n'))
          .toLocal8Bit();
  std::fwrite(line.constData(), 1, static_cast<std::size_t>(line.size()), stderr);
  std::fflush(stderr);
}

// The columns a terminal gives `text`: two for a wide (CJK) character, one for the others.
qsizetype columns(QStringView text) {
  qsizetype count = 0;
  for (const QChar c : text) {
    const char16_t u = c.unicode();
    const bool wide = (u >= 0x1100 && u <= 0x115F) || (u >= 0x2E80 && u <= 0xA4CF) ||
                      (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0xF900 && u <= 0xFAFF) ||
                      (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFF60) ||
                      (u >= 0xFFE0 && u <= 0xFFE6);
    count += wide ? 2 : 1;
  }
  return count;
}

// Greedy wrap at `width` columns, breaking where Unicode allows a line break: after spaces in
// English, between characters in Chinese (not before its closing punctuation). A piece wider
// than `width` stays whole on its own line.
QStringList wrap(const QString& text, qsizetype width) {
  QStringList lines{QString()};
  QTextBoundaryFinder breaks(QTextBoundaryFinder::Line, text);
  for (qsizetype start = 0, end; (end = breaks.toNextBoundary()) > 0; start = end) {
    const QString piece = text.mid(start, end - start);
    QString& line = lines.last();
    if (!line.isEmpty() && columns(line) + columns(piece.trimmed()) > width) {
      line = line.trimmed();
      lines << QString();
    }
    lines.last() += piece;
  }
  lines.last() = lines.last().trimmed();
  lines.removeAll(QString());
  return lines;
}

// ServerSpec's options at 80 columns: the usage in a column, what it does wrapped beside it
// (or below, when the usage is wider than the column).
QString optionLines() {
  constexpr qsizetype indent = 12;
  constexpr qsizetype column = 35;
  constexpr qsizetype width = 80;
  QString lines;
  QString line = QStringLiteral("  OPTIONS");
  for (const ServerSpec::OptionHelp& option : ServerSpec::optionHelp()) {
    line = line.leftJustified(indent) + option.usage;
    if (line.size() + 2 > column) {
      lines += line + QLatin1Char('\n');
      line.clear();
    }
    QString text = HeadlessRunner::tr(option.text);
    if (std::strstr(option.text, "%1"))
      text = text.arg(option.defaultValue);
    for (const QString& part : wrap(text, width - column)) {
      lines += line.leftJustified(column) + part + QLatin1Char('\n');
      line.clear();
    }
  }
  return lines;
}

} // namespace

void HeadlessRunner::addOptions(QCommandLineParser& parser) {
  for (const Option& option : ownOptions) {
    QString description = tr(option.description);
    if (option.shownDefault >= 0)
      description = description.arg(option.shownDefault);
    parser.addOption(QCommandLineOption(QString::fromLatin1(option.name), description,
                                        option.valueName ? tr(option.valueName) : QString()));
  }
}

bool HeadlessRunner::isOwnArgument(const char* argument) {
  const QByteArray text(argument);
  return std::ranges::any_of(ownOptions, [&text](const Option& option) {
    const QByteArray flag = QByteArray("--") + option.name;
    // Options with a value also count written as one word ("--serve=SPEC"), as
    // QCommandLineParser reads them.
    return text == flag || (option.valueName != nullptr && text.startsWith(flag + '='));
  });
}

QString HeadlessRunner::specHelp() {
  return tr("Headless mode: --headless with one --serve SPEC per server, or --profile FILE.\n"
            "Prints 'serving on ADDRESS' per server once it accepts, then one line per event;\n"
            "stops cleanly on SIGINT/SIGTERM. Exit status: 0 stopped by a signal, 1 every\n"
            "server failed, 2 bad SPEC or usage.\n"
            "\n"
            "SPEC is KIND://ADDRESS[?OPTION=VALUE&...]\n"
            "  KIND      tcp, udp, unix (Unix stream), unixdgram (Unix datagram) or tls\n"
            "            (TCP with TLS; no cert= uses the console's own certificate)\n"
            "  ADDRESS   tcp/udp/tls: HOST:PORT, [IPv6]:PORT or :PORT (host 127.0.0.1);\n"
            "            port 0 picks a free port. unix/unixdgram: an absolute socket path.\n") +
         optionLines() +
         tr("  Values are percent-encoded: reply=hello%20world%0A.\n"
            "  HOST 0.0.0.0 or [::] listens on every interface: other machines can connect\n"
            "  (a warning is printed); the default 127.0.0.1 accepts local clients only.\n"
            "Examples:\n"
            "  tcp://127.0.0.1:9999?mode=threading&handler=upper\n"
            "  udp://[::1]:0?handler=echo\n"
            "  unix:///tmp/s.sock\n"
            "  unixdgram:///tmp/d.sock?handler=time\n"
            "  tcp://:8089?mode=pool&pool=5&queue=10&name=pool-echo\n"
            "  tcp://0.0.0.0:9999?allow=127.0.0.1,10.0.0.0/8&maxconn=64\n"
            "  unix:///tmp/s.sock?perm=0660\n"
            "\n"
            "COMMANDS (with --commands, one per line on stdin):\n"
            "  list                  open connections (datagram servers: peers heard from in\n"
            "                        the last minute): 'open [SERVER] #N PEER' lines, then\n"
            "                        'ok N open'\n"
            "  send ID TEXT          TEXT with escapes: \\n \\r \\t \\0 \\\\ \\xNN\n"
            "  sendhex ID HEX        HEX as in 68 65 6c 6c 6f\n"
            "  broadcast SERVER TEXT to SERVER's open connections (datagram: recent peers)\n"
            "  kick ID               close a connection\n"
            "  ID is a request as the log prints it: '#N' or N (ids are unique across\n"
            "  servers; a datagram server's N is its peer's), or '[SERVER] #N' or SERVER#N;\n"
            "  SERVER is its name as the log prints it, or its number.\n"
            "  A send is answered 'ok' once queued; its outcome follows as a log line\n"
            "  ('sent by you' or 'send failed'). With --json each answer is {\"answer\": ...}.\n"
            "  At the end of stdin the servers keep serving until SIGINT/SIGTERM.");
}

bool HeadlessRunner::isRequested(const QCommandLineParser& parser) {
  return parser.isSet(QLatin1String(optHeadless));
}

bool HeadlessRunner::writesJson(const QCommandLineParser& parser) {
  return parser.isSet(QLatin1String(optJson));
}

bool HeadlessRunner::hasHeadlessOptions(const QCommandLineParser& parser) {
  return std::any_of(std::begin(ownOptions), std::end(ownOptions), [&](const Option& option) {
    return option.headlessOnly && parser.isSet(QString::fromLatin1(option.name));
  });
}

QString HeadlessRunner::needsHeadlessError() {
  QStringList names;
  for (const Option& option : ownOptions)
    if (option.headlessOnly)
      names << QLatin1String("--") + QLatin1String(option.name);
  const QString last = names.takeLast();
  return tr("%1 and %2 need --headless").arg(names.join(QLatin1String(", ")), last);
}

int HeadlessRunner::run(const QCommandLineParser& parser) {
  Options options;
  options.json = writesJson(parser);
  options.commands = parser.isSet(QLatin1String(optCommands));
  for (const QString& text : parser.values(QLatin1String(optServe))) {
    QString error;
    auto spec = ServerSpec::fromUrl(text, &error);
    if (spec)
      error = TlsServerSetup::filesProblem(*spec); // a certificate that cannot be used
    if (!spec || !error.isEmpty()) {
      printError(tr("bad --serve SPEC '%1': %2 (see --help for the SPEC syntax)").arg(text, error));
      return UsageError;
    }
    options.servers << *spec;
  }
  for (const QString& path : parser.values(QLatin1String(optProfile))) {
    QString error;
    const auto specs = ServerProfile::load(path, &error);
    if (!specs) {
      printError(tr("bad --profile: %1").arg(error));
      return UsageError;
    }
    options.servers << *specs;
  }
  if (parser.isSet(QLatin1String(optPayloadCap))) {
    bool ok = false;
    options.payloadCap = parser.value(QLatin1String(optPayloadCap)).toInt(&ok);
    if (!ok || options.payloadCap < 0) {
      printError(tr("bad --payload-cap '%1': expected a number of bytes (0 or more)")
                     .arg(parser.value(QLatin1String(optPayloadCap))));
      return UsageError;
    }
  }
  if (options.servers.isEmpty()) {
    printError(tr("--headless needs at least one --serve SPEC or --profile FILE (see --help)"));
    return UsageError;
  }
  HeadlessRunner runner(options);
  return runner.exec();
}

HeadlessRunner::HeadlessRunner(Options options, QObject* parent)
    : QObject(parent), options_(std::move(options)) {
  manager_.setPayloadCap(options_.payloadCap);
  connect(&manager_, &ServerManager::eventsReady, this, &HeadlessRunner::printEvents);
  connect(&manager_, &ServerManager::serverChanged, this, &HeadlessRunner::serverChanged);
  connect(&manager_, &ServerManager::allStopped, this, &HeadlessRunner::finish);
}

HeadlessRunner::~HeadlessRunner() = default;

int HeadlessRunner::exec() {
  // Before any server thread exists, so no signal arrives with nobody to hear it.
  signalWatcher_ = new SignalWatcher({SIGINT, SIGTERM}, this);
  connect(signalWatcher_, &SignalWatcher::signalReceived, this, &HeadlessRunner::stopOnSignal);
  for (const ServerSpec& spec : std::as_const(options_.servers)) {
    const int id = manager_.add(spec);
    names_.insert(id, spec.displayName());
    nameGiven_.insert(id, !spec.name.trimmed().isEmpty());
    urls_.insert(id, spec.toUrl());
    if (spec.bindsAllInterfaces())
      printError(tr("warning: %1 listens on every network interface: other machines can "
                    "connect")
                     .arg(spec.toUrl()));
  }
  manager_.startAll();
  if (options_.commands) {
    new HeadlessCommands(
        manager_, [this](int id) { return names_.value(id); },
        [this](const QString& line) {
          if (options_.json)
            writeLine(stdout,
                      QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("answer"), line}})
                                            .toJson(QJsonDocument::Compact)));
          else
            writeLine(stdout, line);
        },
        STDIN_FILENO, this);
  }
  const int status = QCoreApplication::exec();
  manager_.stopAllAndWait();
  return status;
}

void HeadlessRunner::writeLine(std::FILE* stream, const QString& line, bool flush) {
  const QByteArray bytes = (line + QLatin1Char('\n')).toUtf8();
  std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
  if (flush)
    std::fflush(stream); // a reader on a pipe sees each line as it happens
}

void HeadlessRunner::printEvents(const QVector<ConsoleEvent>& events) {
  for (const ConsoleEvent& event : events) {
    if (event.kind == ConsoleEvent::Kind::Started && !nameGiven_.value(event.serverId)) {
      // Unnamed servers go by their kind and real address: two on port 0 stay apart.
      if (const ServerEntry* entry = manager_.find(event.serverId))
        names_.insert(event.serverId,
                      ServerSpec::kindName(entry->spec.kind) + QLatin1Char(' ') + event.text);
    }
    const QString name = names_.value(event.serverId);
    if (event.kind == ConsoleEvent::Kind::Started) {
      const QString serving = QStringLiteral("serving on %1").arg(event.text);
      if (!options_.json) {
        writeLine(stdout, serving);
        continue;
      }
      writeLine(stderr, serving);
    }
    // Flushed once per batch, not per line: a line per event and a write(2) per line made
    // the log the bottleneck of a busy server (its queue then grew to the bridge's bounds).
    if (options_.json)
      writeLine(stdout,
                QString::fromUtf8(QJsonDocument(event.toJson(name)).toJson(QJsonDocument::Compact)),
                false);
    else
      writeLine(stdout, event.toLogLine(name), false);
  }
  std::fflush(stdout);
}

void HeadlessRunner::serverChanged(int id) {
  const ServerEntry* entry = manager_.find(id);
  if (entry && entry->state == ServerEntry::State::Failed)
    printError(tr("cannot serve %1: %2").arg(urls_.value(id), entry->failureReason));
}

void HeadlessRunner::stopOnSignal(int signalNumber) {
  if (stopping_) {
    printError(tr("signal %1 again: exiting without waiting").arg(signalNumber));
    ::_exit(ServerFailed);
  }
  stopping_ = true;
  printError(tr("stopping on signal %1 (again to exit at once)").arg(signalNumber));
  if (!manager_.anyRunning()) {
    QCoreApplication::exit(Stopped);
    return;
  }
  manager_.stopAll();
}

void HeadlessRunner::finish() {
  // Every server has ended: asked to (a signal) or on its own (all failed).
  QCoreApplication::exit(stopping_ ? Stopped : ServerFailed);
}
