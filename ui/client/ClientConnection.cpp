#include "ClientConnection.h"

#include "ClientTransport.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkInterface>

#include <algorithm>
#include <utility>

#include <sys/un.h>

namespace {

// sun_path holds 108 bytes on Linux, the terminating NUL included.
constexpr int maxUnixPathBytes = static_cast<int>(sizeof(sockaddr_un::sun_path)) - 1;

/// Returns an empty string, with `message` in `error`: a target that cannot be used.
QString refuse(QString* error, const QString& message) {
  if (error)
    *error = message;
  return {};
}

QString normalizePath(const QString& typed, QString* error) {
  QString path = typed;
  if (path.startsWith(QLatin1String("unix:"))) {
    path.remove(0, 5);
    while (path.startsWith(QLatin1String("//")))
      path.remove(0, 1);
  }
  path = QFileInfo(path).absoluteFilePath();
  if (path.toUtf8().size() > maxUnixPathBytes)
    return refuse(error,
                  ClientConnection::tr("the path is %1 bytes long; a Unix socket path may have "
                                       "at most %2")
                      .arg(path.toUtf8().size())
                      .arg(maxUnixPathBytes));
  return path;
}

/// "[v6]:port" into its host and port text; false, with `error`, when it is not one.
bool splitBracketed(const QString& typed, QString* host, QString* portText, QString* error) {
  const qsizetype close = typed.indexOf(QLatin1Char(']'));
  if (close < 0 || close + 1 >= typed.size() || typed.at(close + 1) != QLatin1Char(':')) {
    refuse(error,
           ClientConnection::tr("'%1' is not an address: write an IPv6 address as [::1]:9999")
               .arg(typed));
    return false;
  }
  *host = typed.mid(1, close - 1);
  *portText = typed.mid(close + 2);
  QHostAddress address;
  if (!address.setAddress(*host) || address.protocol() != QAbstractSocket::IPv6Protocol) {
    refuse(error, ClientConnection::tr("'%1' is not an IPv6 address").arg(*host));
    return false;
  }
  return true;
}

/// "host:port", ":port" or "port" into its host (default 127.0.0.1) and port text; false,
/// with `error`, when the host is not a name or an IPv4 address.
bool splitPlain(const QString& typed, QString* host, QString* portText, QString* error) {
  const qsizetype colon = typed.lastIndexOf(QLatin1Char(':'));
  *host = colon <= 0 ? QString::fromLatin1(ServerSpec::defaultHost) : typed.left(colon);
  *portText = colon < 0 ? typed : typed.mid(colon + 1);
  if (host->contains(QLatin1Char(':'))) {
    refuse(
        error,
        ClientConnection::tr("'%1': put an IPv6 address in brackets, as in [::1]:9999").arg(typed));
    return false;
  }
  const auto isHostNameChar = [](QChar c) {
    return c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('-') ||
           c == QLatin1Char('_');
  };
  if (!std::ranges::all_of(std::as_const(*host), isHostNameChar)) {
    refuse(error, ClientConnection::tr("'%1' is not a host name or IPv4 address").arg(*host));
    return false;
  }
  return true;
}

QString normalizeHostPort(const QString& typed, QString* error) {
  QString host;
  QString portText;
  const bool split = typed.startsWith(QLatin1Char('['))
                         ? splitBracketed(typed, &host, &portText, error)
                         : splitPlain(typed, &host, &portText, error);
  if (!split)
    return {};
  bool ok = false;
  const int port = portText.toInt(&ok);
  if (portText.isEmpty())
    return refuse(
        error, ClientConnection::tr("the port is missing: write host:port, as in 127.0.0.1:9999"));
  if (!ok || port < 1 || port > 65535)
    return refuse(error,
                  ClientConnection::tr("port '%1' is not a number from 1 to 65535").arg(portText));
  const bool v6 = host.contains(QLatin1Char(':'));
  return (v6 ? QStringLiteral("[%1]:%2") : QStringLiteral("%1:%2")).arg(host).arg(port);
}

} // namespace

ClientConnection::ClientConnection(QObject* parent) : QObject(parent) {
  replaceTransport(ServerSpec::Kind::Tcp, {});
}

ClientConnection::~ClientConnection() {
  // No signals from a destructor: the receivers (the panel owning this) are half gone.
  blockSignals(true);
  abort();
}

QString ClientConnection::stateName(State state) {
  switch (state) {
  case State::Unconnected:
    return tr("unconnected");
  case State::Connecting:
    return tr("connecting");
  case State::Connected:
    return tr("connected");
  case State::Closing:
    return tr("closing");
  }
  return {};
}

QString ClientConnection::normalizeTarget(ServerSpec::Kind transport, const QString& text,
                                          QString* error) {
  const QString typed = text.trimmed();
  const bool wantsPath = ServerSpec::isUnix(transport);
  if (typed.isEmpty())
    return refuse(error, wantsPath ? tr("type the server's socket path, as in /tmp/echo.sock")
                                   : tr("type the server's address as host:port, as in "
                                        "127.0.0.1:9999"));
  return wantsPath ? normalizePath(typed, error) : normalizeHostPort(typed, error);
}

bool ClientConnection::setTarget(ServerSpec::Kind transport, const QString& target,
                                 QString* error) {
  abort();
  const QString normal = normalizeTarget(transport, target, error);
  replaceTransport(transport, normal);
  return !normal.isEmpty();
}

void ClientConnection::replaceTransport(ServerSpec::Kind transport, const QString& target) {
  // The old backend may be inside one of its own signals (a slot of ours set a new target):
  // it is closed already, and goes once that signal has returned.
  if (transport_)
    transport_->deleteLater();
  transport_ = createClientTransport(ClientTarget::of(transport, target), connectTimeoutMs_, this);
}

ServerSpec::Kind ClientConnection::transport() const { return transport_->target().kind; }

QString ClientConnection::target() const { return transport_->target().text; }

ClientConnection::State ClientConnection::state() const { return transport_->state(); }

void ClientConnection::connectToTarget() { transport_->connectToTarget(); }

void ClientConnection::disconnectFromTarget() { transport_->disconnectFromTarget(); }

void ClientConnection::abort() { transport_->abort(); }

bool ClientConnection::send(const QByteArray& data) {
  if (!hasTarget()) {
    emit errorOccurred(tr("no target: type an address or pick a running server"));
    return false;
  }
  return transport_->send(data);
}

void ClientConnection::setConnectTimeout(int ms) {
  connectTimeoutMs_ = ms;
  transport_->setConnectTimeout(ms);
}

QString ClientConnection::localDatagramPath() const { return transport_->localDatagramPath(); }

bool ClientConnection::isOneToMany(const QString& host) {
  const QHostAddress address(host);
  if (address.isNull())
    return false;
  if (address.isMulticast() || address.isBroadcast())
    return true;
  const auto interfaces = QNetworkInterface::allInterfaces();
  return std::any_of(interfaces.begin(), interfaces.end(), [&](const QNetworkInterface& each) {
    const auto entries = each.addressEntries();
    return std::any_of(entries.begin(), entries.end(), [&](const QNetworkAddressEntry& entry) {
      return !entry.broadcast().isNull() && entry.broadcast() == address;
    });
  });
}
