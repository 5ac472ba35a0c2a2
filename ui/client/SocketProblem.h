// Internal to the client library. SocketProblem: what went wrong on one of the test client's
// sockets, whoever said so — Qt's QAbstractSocket::SocketError, QLocalSocket's
// LocalSocketError (the same codes under other names: a missing path is Qt's "host not
// found"), or an errno from the engine's socket — and the one table that puts it in words for
// each transport. The words belong to ClientConnection's translation context, as they always
// have.
//
//   const SocketProblem problem = problemOf(socket->error());
//   emit errorOccurred(describeProblem(problem, ServerSpec::Kind::Tcp,
//                                      {target, host, socket->errorString()}));
#pragma once

#include "ServerSpec.h"

#include <QAbstractSocket>
#include <QLocalSocket>
#include <QString>

enum class SocketProblem {
  Refused,      ///< nothing listens there (or the port is unreachable)
  NotFound,     ///< no such host, or no socket at the path
  TimedOut,     ///< the socket's own timeout
  Network,      ///< the network is unreachable or the connection was reset
  AccessDenied, ///< not allowed to reach it
  PeerClosed,   ///< the server hung up (stream kinds report it as closedByPeer())
  QueueFull,    ///< the server's datagram queue is full
  TooLong,      ///< too many bytes for one datagram
  NotDatagram,  ///< a datagram sent to a stream server
  TlsHandshake, ///< the TLS handshake failed (no common protocol, a plain-text server...)
  Other         ///< anything else: the reporter's own words are shown
};

SocketProblem problemOf(QAbstractSocket::SocketError error);
SocketProblem problemOf(QLocalSocket::LocalSocketError error);
/// An errno from sending with socketserver::Socket.
SocketProblem problemOfErrno(int code);

/// What a message may name.
struct ProblemFacts {
  QString target; ///< the canonical target ("127.0.0.1:9999", "/tmp/echo.sock")
  QString host;   ///< its host part (IP kinds)
  QString detail; ///< the reporter's words (errorString(), what()): shown where no row fits
  qint64 bytes = 0;
};

/// The words for `problem` on a `kind` socket: the table's row for both, or facts.detail
/// when it has none (translated).
QString describeProblem(SocketProblem problem, ServerSpec::Kind kind, const ProblemFacts& facts);
