#include "ClientConnection.h"

#include <socketserver/address.hpp>
#include <socketserver/errors.hpp>
#include <socketserver/socket.hpp>

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLocalSocket>
#include <QNetworkDatagram>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QUdpSocket>

#include <cerrno>
#include <string>
#include <utility>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

// sun_path holds 108 bytes on Linux, the terminating NUL included.
constexpr int maxUnixPathBytes = static_cast<int>(sizeof(sockaddr_un::sun_path)) - 1;

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

// A fresh path for the Unix datagram client's own socket: short (sun_path is small) and
// unique across processes and across sockets of this process.
QString freshDatagramPath() {
  static QAtomicInteger<quint32> counter;
  return QDir(QDir::tempPath())
      .filePath(QStringLiteral("ssc-%1-%2.sock")
                    .arg(QCoreApplication::applicationPid())
                    .arg(counter.fetchAndAddRelaxed(1)));
}

} // namespace

ClientConnection::ClientConnection(QObject* parent) : QObject(parent) {
  connectTimer_.setSingleShot(true);
  connect(&connectTimer_, &QTimer::timeout, this, &ClientConnection::connectTimedOut);
}

ClientConnection::~ClientConnection() {
  // No signals from a destructor: the receivers (the panel owning this) are half gone.
  blockSignals(true);
  closeAll();
}

QString ClientConnection::transportLabel(Transport transport) {
  switch (transport) {
  case Transport::Tcp:
    return tr("TCP");
  case Transport::Udp:
    return tr("UDP");
  case Transport::UnixStream:
    return tr("Unix stream");
  case Transport::UnixDatagram:
    return tr("Unix datagram");
  }
  return {};
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

QString ClientConnection::normalizeTarget(Transport transport, const QString& text,
                                          QString* error) {
  const QString typed = text.trimmed();
  if (typed.isEmpty()) {
    setError(error, isUnix(transport) ? tr("type the server's socket path, as in /tmp/echo.sock")
                                      : tr("type the server's address as host:port, as in "
                                           "127.0.0.1:9999"));
    return {};
  }
  if (isUnix(transport)) {
    QString path = typed;
    if (path.startsWith(QLatin1String("unix:"))) {
      path.remove(0, 5);
      while (path.startsWith(QLatin1String("//")))
        path.remove(0, 1);
    }
    path = QFileInfo(path).absoluteFilePath();
    if (path.toUtf8().size() > maxUnixPathBytes) {
      setError(error, tr("the path is %1 bytes long; a Unix socket path may have at most %2")
                          .arg(path.toUtf8().size())
                          .arg(maxUnixPathBytes));
      return {};
    }
    return path;
  }

  QString host;
  QString portText;
  if (typed.startsWith(QLatin1Char('['))) {
    const qsizetype close = typed.indexOf(QLatin1Char(']'));
    if (close < 0 || close + 1 >= typed.size() || typed.at(close + 1) != QLatin1Char(':')) {
      setError(error, tr("'%1' is not an address: write an IPv6 address as [::1]:9999").arg(typed));
      return {};
    }
    host = typed.mid(1, close - 1);
    portText = typed.mid(close + 2);
    QHostAddress address;
    if (!address.setAddress(host) || address.protocol() != QAbstractSocket::IPv6Protocol) {
      setError(error, tr("'%1' is not an IPv6 address").arg(host));
      return {};
    }
  } else {
    const qsizetype colon = typed.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
      host = QString::fromLatin1("127.0.0.1");
      portText = typed;
    } else {
      host = colon == 0 ? QString::fromLatin1("127.0.0.1") : typed.left(colon);
      portText = typed.mid(colon + 1);
      if (host.contains(QLatin1Char(':'))) {
        setError(error, tr("'%1': put an IPv6 address in brackets, as in [::1]:9999").arg(typed));
        return {};
      }
    }
    for (const QChar c : host) {
      if (!(c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('-') ||
            c == QLatin1Char('_'))) {
        setError(error, tr("'%1' is not a host name or IPv4 address").arg(host));
        return {};
      }
    }
  }
  bool ok = false;
  const int port = portText.toInt(&ok);
  if (portText.isEmpty()) {
    setError(error, tr("the port is missing: write host:port, as in 127.0.0.1:9999"));
    return {};
  }
  if (!ok || port < 1 || port > 65535) {
    setError(error, tr("port '%1' is not a number from 1 to 65535").arg(portText));
    return {};
  }
  const bool v6 = host.contains(QLatin1Char(':'));
  return (v6 ? QStringLiteral("[%1]:%2") : QStringLiteral("%1:%2")).arg(host).arg(port);
}

bool ClientConnection::setTarget(Transport transport, const QString& target, QString* error) {
  closeAll();
  transport_ = transport;
  target_.clear();
  host_.clear();
  port_ = 0;
  const QString normal = normalizeTarget(transport, target, error);
  if (normal.isEmpty())
    return false;
  target_ = normal;
  if (!isUnix(transport)) {
    const qsizetype colon = normal.lastIndexOf(QLatin1Char(':'));
    host_ = normal.left(colon);
    if (host_.startsWith(QLatin1Char('[')))
      host_ = host_.mid(1, host_.size() - 2);
    port_ = static_cast<quint16>(normal.mid(colon + 1).toUInt());
  }
  return true;
}

void ClientConnection::setState(State state) {
  if (state_ == state)
    return;
  state_ = state;
  emit stateChanged(state);
}

void ClientConnection::fail(const QString& message) {
  pending_.clear();
  connectTimer_.stop();
  emit errorOccurred(message);
}

void ClientConnection::connectToTarget() {
  if (!isStream(transport_) || target_.isEmpty() || state_ != State::Unconnected)
    return;
  closingByUs_ = false;
  if (transport_ == Transport::Tcp) {
    auto* socket = new QTcpSocket(this);
    tcp_ = socket;
    connect(socket, &QTcpSocket::connected, this, [this] {
      connectTimer_.stop();
      setState(State::Connected);
      flushPending();
    });
    connect(socket, &QTcpSocket::readyRead, this, &ClientConnection::readTcp);
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 n) { emit sent(n); });
    connect(socket, &QTcpSocket::stateChanged, this, [this](QAbstractSocket::SocketState s) {
      if (s == QAbstractSocket::ClosingState)
        setState(State::Closing);
    });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
      const bool byPeer = !closingByUs_;
      connectTimer_.stop();
      pending_.clear();
      socket->deleteLater();
      setState(State::Unconnected);
      if (byPeer)
        emit closedByPeer();
    });
    connect(socket, &QTcpSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError code) {
              if (code == QAbstractSocket::RemoteHostClosedError)
                return; // disconnected() reports it
              QString message;
              switch (code) {
              case QAbstractSocket::ConnectionRefusedError:
                message = tr("connection refused: nothing is listening on %1").arg(target_);
                break;
              case QAbstractSocket::HostNotFoundError:
                message = tr("host not found: %1").arg(host_);
                break;
              case QAbstractSocket::SocketTimeoutError:
                message = tr("timed out talking to %1").arg(target_);
                break;
              case QAbstractSocket::NetworkError:
                message = tr("network error (unreachable or reset): %1").arg(socket->errorString());
                break;
              case QAbstractSocket::SocketAccessError:
                message = tr("permission denied: %1").arg(socket->errorString());
                break;
              default:
                message = socket->errorString();
                break;
              }
              if (socket->state() == QAbstractSocket::UnconnectedState) {
                socket->deleteLater();
                setState(State::Unconnected);
              }
              fail(message);
            });
    setState(State::Connecting);
    connectTimer_.start(connectTimeoutMs_);
    socket->connectToHost(host_, port_);
    return;
  }

  auto* socket = new QLocalSocket(this);
  local_ = socket;
  connect(socket, &QLocalSocket::connected, this, [this] {
    connectTimer_.stop();
    setState(State::Connected);
    flushPending();
  });
  connect(socket, &QLocalSocket::readyRead, this, &ClientConnection::readLocal);
  connect(socket, &QLocalSocket::bytesWritten, this, [this](qint64 n) { emit sent(n); });
  connect(socket, &QLocalSocket::stateChanged, this, [this](QLocalSocket::LocalSocketState s) {
    if (s == QLocalSocket::ClosingState)
      setState(State::Closing);
  });
  connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
    const bool byPeer = !closingByUs_;
    connectTimer_.stop();
    pending_.clear();
    socket->deleteLater();
    setState(State::Unconnected);
    if (byPeer)
      emit closedByPeer();
  });
  connect(socket, &QLocalSocket::errorOccurred, this,
          [this, socket](QLocalSocket::LocalSocketError code) {
            if (code == QLocalSocket::PeerClosedError)
              return; // disconnected() reports it
            QString message;
            switch (code) {
            case QLocalSocket::ServerNotFoundError:
              message = tr("no such path: no socket at %1").arg(target_);
              break;
            case QLocalSocket::ConnectionRefusedError:
              message = tr("connection refused: no server accepts on %1").arg(target_);
              break;
            case QLocalSocket::SocketAccessError:
              message = tr("permission denied: %1").arg(target_);
              break;
            case QLocalSocket::SocketTimeoutError:
              message = tr("timed out talking to %1").arg(target_);
              break;
            default:
              message = socket->errorString();
              break;
            }
            if (socket->state() == QLocalSocket::UnconnectedState) {
              socket->deleteLater();
              setState(State::Unconnected);
            }
            fail(message);
          });
  setState(State::Connecting);
  connectTimer_.start(connectTimeoutMs_);
  socket->connectToServer(target_);
}

void ClientConnection::connectTimedOut() {
  const bool stream = state_ == State::Connecting;
  closeAll();
  fail(stream ? tr("timed out: no connection to %1 after %2 s")
                    .arg(target_)
                    .arg(connectTimeoutMs_ / 1000.0)
              : tr("timed out: %1 could not be reached after %2 s")
                    .arg(target_)
                    .arg(connectTimeoutMs_ / 1000.0));
}

void ClientConnection::disconnectFromTarget() {
  pending_.clear();
  connectTimer_.stop();
  closingByUs_ = true;
  if (tcp_) {
    if (tcp_->state() == QAbstractSocket::ConnectedState) {
      tcp_->disconnectFromHost(); // disconnected() follows, maybe after Closing
      return;
    }
    tcp_->abort();
    tcp_->deleteLater();
  }
  if (local_) {
    if (local_->state() == QLocalSocket::ConnectedState) {
      local_->disconnectFromServer();
      return;
    }
    local_->abort();
    local_->deleteLater();
  }
  setState(State::Unconnected);
}

void ClientConnection::abort() { closeAll(); }

void ClientConnection::closeAll() {
  pending_.clear();
  connectTimer_.stop();
  closingByUs_ = true;
  if (tcp_) {
    tcp_->disconnect(this);
    tcp_->abort();
    tcp_->deleteLater();
  }
  if (udp_) {
    udp_->disconnect(this);
    udp_->abort();
    udp_->deleteLater();
  }
  if (local_) {
    local_->disconnect(this);
    local_->abort();
    local_->deleteLater();
  }
  delete notifier_;
  if (datagram_) {
    datagram_->close();
    datagram_.reset();
  }
  if (!localPath_.isEmpty()) {
    QFile::remove(localPath_);
    localPath_.clear();
  }
  setState(State::Unconnected);
}

bool ClientConnection::send(const QByteArray& data) {
  if (target_.isEmpty()) {
    emit errorOccurred(tr("no target: type an address or pick a running server"));
    return false;
  }
  switch (transport_) {
  case Transport::Tcp:
  case Transport::UnixStream:
    if (state_ == State::Closing) {
      emit errorOccurred(tr("the connection is closing; wait until it has closed"));
      return false;
    }
    pending_.append(data);
    if (state_ == State::Unconnected)
      connectToTarget();
    else if (state_ == State::Connected)
      flushPending();
    return true;

  case Transport::Udp:
    if (data.size() > 65507) {
      emit errorOccurred(
          tr("%1 bytes is too long for one UDP datagram (at most 65507)").arg(data.size()));
      return false;
    }
    pending_.append(data);
    if (!udp_) {
      auto* socket = new QUdpSocket(this);
      udp_ = socket;
      connect(socket, &QUdpSocket::connected, this, [this] {
        connectTimer_.stop();
        flushPending();
      });
      connect(socket, &QUdpSocket::readyRead, this, &ClientConnection::readUdp);
      connect(socket, &QUdpSocket::errorOccurred, this,
              [this, socket](QAbstractSocket::SocketError code) {
                QString message;
                switch (code) {
                case QAbstractSocket::ConnectionRefusedError:
                  message = tr("connection refused: nothing is listening on UDP %1 (port "
                               "unreachable)")
                                .arg(target_);
                  break;
                case QAbstractSocket::HostNotFoundError:
                  message = tr("host not found: %1").arg(host_);
                  break;
                case QAbstractSocket::NetworkError:
                  message = tr("network error (unreachable): %1").arg(socket->errorString());
                  break;
                default:
                  message = socket->errorString();
                  break;
                }
                if (socket->state() != QAbstractSocket::ConnectedState) {
                  socket->disconnect(this);
                  socket->deleteLater();
                }
                fail(message);
              });
      connectTimer_.start(connectTimeoutMs_);
      socket->connectToHost(host_, port_);
    } else if (udp_->state() == QAbstractSocket::ConnectedState) {
      flushPending();
    }
    return true;

  case Transport::UnixDatagram: {
    if (!ensureDatagramSocket())
      return false;
    try {
      datagram_->sendto(std::string_view(data.constData(), static_cast<std::size_t>(data.size())),
                        socketserver::Address::unix_path(target_.toStdString()));
    } catch (const socketserver::SocketError& e) {
      const int code = e.code().value();
      QString message;
      if (code == ENOENT)
        message = tr("no such path: no socket at %1").arg(target_);
      else if (code == ECONNREFUSED)
        message = tr("connection refused: no server is bound to %1").arg(target_);
      else if (code == EACCES || code == EPERM)
        message = tr("permission denied: %1").arg(target_);
      else if (code == EAGAIN || code == ENOBUFS)
        message = tr("the server's queue is full: the datagram was not sent");
      else if (code == EMSGSIZE)
        message = tr("%1 bytes is too long for one datagram").arg(data.size());
      else if (code == EPROTOTYPE)
        message = tr("%1 is not a datagram socket (a stream server?)").arg(target_);
      else
        message = QString::fromStdString(e.what());
      emit errorOccurred(message);
      return false;
    } catch (const std::exception& e) {
      emit errorOccurred(QString::fromStdString(e.what()));
      return false;
    }
    emit sent(data.size());
    return true;
  }
  }
  return false;
}

void ClientConnection::flushPending() {
  const QList<QByteArray> queued = std::exchange(pending_, {});
  for (const QByteArray& data : queued) {
    if (tcp_ && tcp_->state() == QAbstractSocket::ConnectedState) {
      tcp_->write(data);
    } else if (local_ && local_->state() == QLocalSocket::ConnectedState) {
      local_->write(data);
    } else if (udp_ && udp_->state() == QAbstractSocket::ConnectedState) {
      if (udp_->write(data) < 0) {
        emit errorOccurred(udp_->errorString());
        return;
      }
      emit sent(data.size());
    }
  }
}

bool ClientConnection::ensureDatagramSocket() {
  if (datagram_)
    return true;
  const QString path = freshDatagramPath();
  try {
    auto socket = std::make_unique<socketserver::Socket>(AF_UNIX, SOCK_DGRAM);
    socket->bind(socketserver::Address::unix_path(path.toStdString()));
    localPath_ = path; // from here on closeAll() removes it
    socket->setblocking(false);
    datagram_ = std::move(socket);
  } catch (const std::exception& e) {
    emit errorOccurred(tr("cannot create the client's own socket %1: %2")
                           .arg(path, QString::fromStdString(e.what())));
    if (!localPath_.isEmpty()) {
      QFile::remove(localPath_);
      localPath_.clear();
    }
    return false;
  }
  auto* notifier = new QSocketNotifier(datagram_->fileno(), QSocketNotifier::Read, this);
  notifier_ = notifier;
  connect(notifier, &QSocketNotifier::activated, this, &ClientConnection::readDatagram);
  return true;
}

void ClientConnection::readTcp() {
  if (tcp_)
    if (const QByteArray data = tcp_->readAll(); !data.isEmpty())
      emit received(data);
}

void ClientConnection::readLocal() {
  if (local_)
    if (const QByteArray data = local_->readAll(); !data.isEmpty())
      emit received(data);
}

void ClientConnection::readUdp() {
  if (udp_ && !udp_->hasPendingDatagrams()) {
    // Readable with nothing to read: a pending socket error. On a connected UDP socket that
    // is what an ICMP "port unreachable" (or host/network unreachable) becomes. Qt's own peek
    // before readyRead() consumes the error and drops its errno, so SO_ERROR is usually clear
    // by now; a readable socket without a datagram is the ICMP answer all the same.
    int code = 0;
    socklen_t length = sizeof code;
    if (::getsockopt(static_cast<int>(udp_->socketDescriptor()), SOL_SOCKET, SO_ERROR, &code,
                     &length) != 0)
      code = 0;
    if (code == 0 || code == ECONNREFUSED)
      fail(
          tr("connection refused: nothing is listening on UDP %1 (port unreachable)").arg(target_));
    else
      fail(tr("UDP %1: %2")
               .arg(target_, QString::fromStdString(socketserver::describe_errno(
                                 code, "recv", target_.toStdString()))));
    return;
  }
  while (udp_ && udp_->hasPendingDatagrams()) {
    const QNetworkDatagram datagram = udp_->receiveDatagram();
    if (!datagram.isValid())
      break;
    emit received(datagram.data());
  }
}

void ClientConnection::readDatagram() {
  // Drain what is queued; a slot may close the socket, so check it every time round.
  for (int i = 0; i < 256 && datagram_; ++i) {
    try {
      auto [data, from] = datagram_->recvfrom(65536);
      emit received(QByteArray::fromStdString(data));
    } catch (const socketserver::SocketError& e) {
      const int code = e.code().value();
      if (code != EAGAIN && code != EWOULDBLOCK)
        emit errorOccurred(QString::fromStdString(e.what()));
      return;
    }
  }
}
