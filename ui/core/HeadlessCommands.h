// HeadlessCommands: `--headless --commands` — a script drives the servers by hand through
// standard input, one command per line, as a person does in the window:
//
//   list                  open connections (datagram servers: peers heard from in the last
//                         minute), one "open [SERVER] #N PEER" line each, then "ok N open"
//   send ID TEXT          TEXT with the test client's escapes (\n \r \t \0 \\ \xNN)
//   sendhex ID HEX        HEX as in 68 65 6c 6c 6f
//   broadcast SERVER TEXT every open connection (datagram: every recent peer) of SERVER
//   kick ID               closes a connection
//   help                  the commands
//
// Each command is answered with one line on stdout: "ok ..." or "error ..." (list first
// prints its "open" lines). A send is answered once it is queued; its outcome follows as a
// log line ("sent by you" or "send failed"). ID names a request as the log prints it: "#N" or
// "N" (ids are unique across servers, RequestIds: the id alone says which server), or with its
// server, "[SERVER] #N" (copied from a log line, spaces allowed in SERVER) or "SERVER#N" (a
// SERVER without spaces). A datagram server's N is its peer's id (RecentPeers). SERVER is a
// server's name as the log prints it (between the brackets) or its number (the JSON's
// "serverId").
//
// Reading: a QSocketNotifier on the descriptor; each wake-up reads what is there (one read,
// never blocking), so the event loop keeps serving meanwhile. A line longer than maxLineBytes
// is refused ("error ...") and skipped up to its newline, never buffered without bound. At
// end of input the servers keep serving until a signal, as without --commands.
//
// Thread rule: a QObject of the thread that owns the ServerManager.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class ServerManager;

class HeadlessCommands : public QObject {
  Q_OBJECT

public:
  static constexpr qsizetype maxLineBytes = qsizetype{1024} * 1024;

  /// The name the log prints for server `id` (between the brackets).
  using NameOf = std::function<QString(int id)>;
  /// Writes one answer line (no newline).
  using Answer = std::function<void(const QString& line)>;

  HeadlessCommands(ServerManager& manager, NameOf nameOf, Answer answer, int fd = 0,
                   QObject* parent = nullptr);

  /// Runs one command line; returns its answer lines (the last one "ok ..." or "error ...";
  /// none for an empty line).
  QStringList execute(const QString& line);

private:
  struct Target {
    int serverId = 0;
    quint64 requestId = 0;
    QString rest; ///< what follows the ID on the line
  };

  void readAvailable();
  void takeLines();
  std::optional<int> findServer(const QString& text, QString* error) const;
  std::optional<Target> parseTarget(const QString& arguments, QString* error) const;
  QString requestName(int serverId, quint64 requestId) const;
  QStringList list() const;
  QString send(const QString& arguments, bool hex);
  QString broadcast(const QString& arguments);
  QString kick(const QString& arguments);

  ServerManager& manager_;
  NameOf nameOf_;
  Answer answer_;
  int fd_;
  QSocketNotifier notifier_;
  QByteArray buffer_;
  bool skippingLongLine_ = false;
};
