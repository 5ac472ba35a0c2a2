// ServerProfile: a set of servers as a JSON document — what "save profile" / "open profile"
// and `socketserver-console --headless --profile FILE` read and write — and the starter
// profile with the reference documents' servers.
//
// File format (UTF-8 JSON):
//   { "format": "socketserver-console-profile", "version": 1,
//     "servers": [ {ServerSpec::toJson()}, ... ] }
// A bare array of server objects is read as well. Errors name the server and the field:
// "server 2: field 'kind': expected tcp, udp, unix, unixdgram, got \"tpc\"".
#pragma once

#include "ServerSpec.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class ServerProfile {
  Q_DECLARE_TR_FUNCTIONS(ServerProfile)

public:
  ServerProfile() = delete;

  static QByteArray toJson(const QList<ServerSpec>& servers);
  static std::optional<QList<ServerSpec>> fromJson(const QByteArray& json,
                                                   QString* error = nullptr);
  /// Like fromJson(), but a bad server does not sink the others (settings edited by hand):
  /// the servers that read well, and one line per bad one in `problems` ("server 2: field
  /// 'kind': ..."). nullopt, with `error`, only when the document itself cannot be read.
  static std::optional<QList<ServerSpec>>
  fromJsonKeepingGood(const QByteArray& json, QStringList* problems, QString* error = nullptr);

  /// Writes atomically (QSaveFile). False with `error` in words on failure.
  static bool save(const QString& path, const QList<ServerSpec>& servers, QString* error = nullptr);
  static std::optional<QList<ServerSpec>> load(const QString& path, QString* error = nullptr);

  /// The reference documents' servers: TCP upper-case echo on 127.0.0.1:9999 (sync), UDP
  /// upper-case echo on 127.0.0.1:9999, threaded thread-name echo on 127.0.0.1:9998,
  /// welcome banner then echo (ThreadingTCPServer) on 127.0.0.1:9997, thread-pool echo
  /// (5 threads) on 127.0.0.1:8089, HTTP/1.0 hello on 127.0.0.1:8000.
  static QList<ServerSpec> starterProfile();

private:
  static std::optional<QList<ServerSpec>> read(const QByteArray& json, QStringList* problems,
                                               QString* error);
};
