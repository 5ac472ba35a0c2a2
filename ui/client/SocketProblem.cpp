#include "SocketProblem.h"

#include "ClientConnection.h"

#include <cerrno>

namespace {

using Kind = ServerSpec::Kind;

// LocalSocketError is declared as QAbstractSocket::SocketError's values under other names;
// problemOf() relies on that to read both with one mapping.
static_assert(static_cast<int>(QLocalSocket::ServerNotFoundError) ==
              static_cast<int>(QAbstractSocket::HostNotFoundError));
static_assert(static_cast<int>(QLocalSocket::PeerClosedError) ==
              static_cast<int>(QAbstractSocket::RemoteHostClosedError));
static_assert(static_cast<int>(QLocalSocket::ConnectionRefusedError) ==
              static_cast<int>(QAbstractSocket::ConnectionRefusedError));
static_assert(static_cast<int>(QLocalSocket::SocketAccessError) ==
              static_cast<int>(QAbstractSocket::SocketAccessError));
static_assert(static_cast<int>(QLocalSocket::SocketTimeoutError) ==
              static_cast<int>(QAbstractSocket::SocketTimeoutError));

constexpr unsigned bit(Kind kind) { return 1u << static_cast<unsigned>(kind); }
constexpr unsigned tcp = bit(Kind::Tcp);
constexpr unsigned udp = bit(Kind::Udp);
constexpr unsigned unixStream = bit(Kind::UnixStream);
constexpr unsigned unixDatagram = bit(Kind::UnixDatagram);
constexpr unsigned tls = bit(Kind::Tls);

/// Which fact fills a message's %1.
enum class Fills { Target, Host, Detail, Bytes, Nothing };

struct Words {
  SocketProblem problem;
  unsigned kinds; ///< bits of the kinds the row speaks for
  const char* text;
  Fills fills;
};

// Written out in QT_TRANSLATE_NOOP so that lupdate finds them. The first row for the problem
// and the kind wins; a pair without a row shows facts.detail.
constexpr Words words[] = {
    {SocketProblem::Refused, tcp | tls,
     QT_TRANSLATE_NOOP("ClientConnection", "connection refused: nothing is listening on %1"),
     Fills::Target},
    {SocketProblem::Refused, udp,
     QT_TRANSLATE_NOOP("ClientConnection",
                       "connection refused: nothing is listening on UDP %1 (port unreachable)"),
     Fills::Target},
    {SocketProblem::Refused, unixStream,
     QT_TRANSLATE_NOOP("ClientConnection", "connection refused: no server accepts on %1"),
     Fills::Target},
    {SocketProblem::Refused, unixDatagram,
     QT_TRANSLATE_NOOP("ClientConnection", "connection refused: no server is bound to %1"),
     Fills::Target},
    {SocketProblem::NotFound, tcp | udp | tls,
     QT_TRANSLATE_NOOP("ClientConnection", "host not found: %1"), Fills::Host},
    {SocketProblem::NotFound, unixStream | unixDatagram,
     QT_TRANSLATE_NOOP("ClientConnection", "no such path: no socket at %1"), Fills::Target},
    {SocketProblem::TimedOut, tcp | unixStream | tls,
     QT_TRANSLATE_NOOP("ClientConnection", "timed out talking to %1"), Fills::Target},
    {SocketProblem::Network, tcp | tls,
     QT_TRANSLATE_NOOP("ClientConnection", "network error (unreachable or reset): %1"),
     Fills::Detail},
    {SocketProblem::Network, udp,
     QT_TRANSLATE_NOOP("ClientConnection", "network error (unreachable): %1"), Fills::Detail},
    {SocketProblem::AccessDenied, tcp | tls,
     QT_TRANSLATE_NOOP("ClientConnection", "permission denied: %1"), Fills::Detail},
    {SocketProblem::AccessDenied, unixStream | unixDatagram,
     QT_TRANSLATE_NOOP("ClientConnection", "permission denied: %1"), Fills::Target},
    {SocketProblem::QueueFull, unixDatagram,
     QT_TRANSLATE_NOOP("ClientConnection", "the server's queue is full: the datagram was not sent"),
     Fills::Nothing},
    {SocketProblem::TooLong, udp,
     QT_TRANSLATE_NOOP("ClientConnection",
                       "%1 bytes is too long for one UDP datagram (at most 65507)"),
     Fills::Bytes},
    {SocketProblem::TooLong, unixDatagram,
     QT_TRANSLATE_NOOP("ClientConnection", "%1 bytes is too long for one datagram"), Fills::Bytes},
    {SocketProblem::NotDatagram, unixDatagram,
     QT_TRANSLATE_NOOP("ClientConnection", "%1 is not a datagram socket (a stream server?)"),
     Fills::Target},
    {SocketProblem::TlsHandshake, tls,
     QT_TRANSLATE_NOOP("ClientConnection",
                       "the TLS handshake failed: %1 (is it a TLS server? do both sides share a "
                       "TLS version?)"),
     Fills::Detail},
};

QString filled(const Words& row, const ProblemFacts& facts) {
  QString text = ClientConnection::tr(row.text);
  switch (row.fills) {
  case Fills::Target:
    return text.arg(facts.target);
  case Fills::Host:
    return text.arg(facts.host);
  case Fills::Detail:
    return text.arg(facts.detail);
  case Fills::Bytes:
    return text.arg(facts.bytes);
  case Fills::Nothing:
    break;
  }
  return text;
}

} // namespace

SocketProblem problemOf(QAbstractSocket::SocketError error) {
  switch (error) {
  case QAbstractSocket::ConnectionRefusedError:
    return SocketProblem::Refused;
  case QAbstractSocket::HostNotFoundError:
    return SocketProblem::NotFound;
  case QAbstractSocket::SocketTimeoutError:
    return SocketProblem::TimedOut;
  case QAbstractSocket::NetworkError:
    return SocketProblem::Network;
  case QAbstractSocket::SocketAccessError:
    return SocketProblem::AccessDenied;
  case QAbstractSocket::RemoteHostClosedError:
    return SocketProblem::PeerClosed;
  case QAbstractSocket::SslHandshakeFailedError:
  case QAbstractSocket::SslInternalError:
  case QAbstractSocket::SslInvalidUserDataError:
    return SocketProblem::TlsHandshake;
  default:
    return SocketProblem::Other;
  }
}

SocketProblem problemOf(QLocalSocket::LocalSocketError error) {
  return problemOf(static_cast<QAbstractSocket::SocketError>(error));
}

SocketProblem problemOfErrno(int code) {
  switch (code) {
  case ENOENT:
    return SocketProblem::NotFound;
  case ECONNREFUSED:
    return SocketProblem::Refused;
  case EACCES:
  case EPERM:
    return SocketProblem::AccessDenied;
  case EAGAIN:
  case ENOBUFS:
    return SocketProblem::QueueFull;
  case EMSGSIZE:
    return SocketProblem::TooLong;
  case EPROTOTYPE:
    return SocketProblem::NotDatagram;
  default:
    return SocketProblem::Other;
  }
}

QString describeProblem(SocketProblem problem, ServerSpec::Kind kind, const ProblemFacts& facts) {
  // A server that wants a client certificate ends the handshake with an alert whose name
  // (OpenSSL's, in Qt's words) says what it did not like: say it as the person would.
  if (problem == SocketProblem::TlsHandshake) {
    if (facts.detail.contains(QLatin1String("alert certificate required")))
      return ClientConnection::tr("the server requires a client certificate, and none was "
                                  "given: choose one in the TLS options (%1)")
          .arg(facts.detail);
    if (facts.detail.contains(QLatin1String("alert unknown ca")) ||
        facts.detail.contains(QLatin1String("alert bad certificate")))
      return ClientConnection::tr("the server did not accept the client certificate: it does "
                                  "not trust its issuer, or the certificate is not for a "
                                  "client (%1)")
          .arg(facts.detail);
  }
  for (const Words& row : words)
    if (row.problem == problem && (row.kinds & bit(kind)) != 0)
      return filled(row, facts);
  return facts.detail;
}
