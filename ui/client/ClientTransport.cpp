#include "ClientTransport.h"

#include "StreamTransport.h"
#include "TlsTransport.h"
#include "UdpTransport.h"
#include "UnixDatagramTransport.h"

#include <utility>

ClientTarget ClientTarget::of(ServerSpec::Kind kind, const QString& canonical) {
  ClientTarget target{kind, canonical, {}, 0};
  if (canonical.isEmpty() || ServerSpec::isUnix(kind))
    return target;
  const qsizetype colon = canonical.lastIndexOf(QLatin1Char(':'));
  target.host = canonical.left(colon);
  if (target.host.startsWith(QLatin1Char('[')))
    target.host = target.host.mid(1, target.host.size() - 2);
  target.port = static_cast<quint16>(canonical.mid(colon + 1).toUInt());
  return target;
}

ClientTransport::ClientTransport(ClientTarget target, int connectTimeoutMs,
                                 ClientConnection* connection)
    : QObject(connection), connection_(connection), target_(std::move(target)),
      connectTimeoutMs_(connectTimeoutMs) {}

void ClientTransport::setState(State state) {
  if (state_ == state)
    return;
  state_ = state;
  emit connection_->stateChanged(state);
}

ClientTransport* createClientTransport(const ClientTarget& target, int connectTimeoutMs,
                                       ClientConnection* connection) {
  switch (target.kind) {
  case ServerSpec::Kind::Tcp:
    return new TcpTransport(target, connectTimeoutMs, connection);
  case ServerSpec::Kind::Udp:
    return new UdpTransport(target, connectTimeoutMs, connection);
  case ServerSpec::Kind::UnixStream:
    return new UnixStreamTransport(target, connectTimeoutMs, connection);
  case ServerSpec::Kind::UnixDatagram:
    return new UnixDatagramTransport(target, connectTimeoutMs, connection);
  case ServerSpec::Kind::Tls:
    return new TlsTransport(target, connectTimeoutMs, connection);
  }
  Q_UNREACHABLE();
  return nullptr;
}

QueuedTransport::QueuedTransport(ClientTarget target, int connectTimeoutMs,
                                 ClientConnection* connection)
    : ClientTransport(std::move(target), connectTimeoutMs, connection) {
  connectTimer_.setSingleShot(true);
  connect(&connectTimer_, &QTimer::timeout, this, &QueuedTransport::connectTimedOut);
}

void QueuedTransport::flushPending() {
  const QList<QByteArray> queued = std::exchange(pending_, {});
  for (const QByteArray& data : queued)
    if (isOpen() && !write(data))
      return;
}

void QueuedTransport::dropPending() {
  pending_.clear();
  connectTimer_.stop();
}

void QueuedTransport::fail(const QString& message) {
  dropPending();
  emit connection()->errorOccurred(message);
}

void QueuedTransport::connectTimedOut() {
  // Only a stream connects (Connecting); UDP's timer runs while its host is looked up.
  const bool stream = state() == State::Connecting;
  abort();
  const QString target = this->target().text;
  const double seconds = connectTimeoutMs() / 1000.0;
  fail(stream ? ClientConnection::tr("timed out: no connection to %1 after %2 s")
                    .arg(target)
                    .arg(seconds)
              : ClientConnection::tr("timed out: %1 could not be reached after %2 s")
                    .arg(target)
                    .arg(seconds));
}
