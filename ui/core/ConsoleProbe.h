// ConsoleProbe: what a benchmark that floods the console from outside needs to read from it
// (bench/flood/external_flood.py, issue 15): how long the GUI thread was kept from running its
// event loop, and the servers' exact counters against the events that reached the window.
// Started by main() when SOCKETSERVER_CONSOLE_PROBE names a file; off otherwise.
//
//   ConsoleProbe probe(QStringLiteral("/tmp/probe.jsonl"), *window.manager());
//
// A 2 ms timer on the GUI thread: a stall shows as a long gap between two of its ticks (the
// same probe as bench/flood/console_flood). Once a second, and when destroyed, one JSON line
// is appended to the file:
//
//   {"t_ms":123456789,"gap_ms":4,"delivered":81234,"not_shown":0,"requests":16,
//    "finished":16,"bytes_in":4194304,"bytes_out":4194304,"servers":4}
//
// t_ms is CLOCK_MONOTONIC in ms (Python's time.monotonic() * 1000); gap_ms the longest gap
// since the previous line; delivered the Received/Sent events that reached the window;
// not_shown and the rest are the sums of EventBridge::Counters over the servers (as the
// manager last sampled them, at most a second old); servers counts the running ones.
//
// Thread rule: GUI thread (it reads the manager and measures its own thread).
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

class ServerManager;

class ConsoleProbe : public QObject {
  Q_OBJECT

public:
  /// The environment variable that names the probe's file.
  static constexpr char environmentVariable[] = "SOCKETSERVER_CONSOLE_PROBE";

  /// Appends to `path` (created if missing). `manager` outlives the probe. isOpen() says
  /// whether the file could be opened.
  ConsoleProbe(const QString& path, const ServerManager& manager, QObject* parent = nullptr);
  /// Writes a last line.
  ~ConsoleProbe() override;
  ConsoleProbe(const ConsoleProbe&) = delete;
  ConsoleProbe& operator=(const ConsoleProbe&) = delete;

  bool isOpen() const { return file_.isOpen(); }
  /// The file's error in words (empty when open).
  QString errorString() const { return file_.isOpen() ? QString() : file_.errorString(); }

private:
  void tick();
  void writeLine();

  const ServerManager& manager_;
  QFile file_;
  QTimer heartbeat_;
  QTimer reporter_;
  QElapsedTimer sinceTick_;
  qint64 longestGapMs_ = 0;
  quint64 delivered_ = 0;
};
