#include "UnixDatagramTransport.h"

#include "SocketProblem.h"

#include <socketserver/address.hpp>
#include <socketserver/errors.hpp>
#include <socketserver/socket.hpp>

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <string>
#include <string_view>
#include <utility>

#include <sys/socket.h>

namespace {

// A fresh path for the client's own socket: short (sun_path is small) and unique across
// processes and across sockets of this process.
QString freshDatagramPath() {
  static QAtomicInteger<quint32> counter;
  return QDir(QDir::tempPath())
      .filePath(QStringLiteral("ssc-%1-%2.sock")
                    .arg(QCoreApplication::applicationPid())
                    .arg(counter.fetchAndAddRelaxed(1)));
}

} // namespace

UnixDatagramTransport::UnixDatagramTransport(ClientTarget target, int connectTimeoutMs,
                                             ClientConnection* connection)
    : ClientTransport(std::move(target), connectTimeoutMs, connection) {}

UnixDatagramTransport::~UnixDatagramTransport() { closeSocket(); }

void UnixDatagramTransport::abort() {
  closeSocket();
  setState(State::Unconnected);
}

void UnixDatagramTransport::closeSocket() {
  delete notifier_;
  if (socket_) {
    socket_->close();
    socket_.reset();
  }
  if (!localPath_.isEmpty()) {
    QFile::remove(localPath_);
    localPath_.clear();
  }
}

bool UnixDatagramTransport::send(const QByteArray& data) {
  if (!ensureSocket())
    return false;
  const ClientTarget& target = this->target();
  try {
    socket_->sendto(std::string_view(data.constData(), static_cast<std::size_t>(data.size())),
                    socketserver::Address::unix_path(target.text.toStdString()));
  } catch (const socketserver::SocketError& e) {
    emit connection()->errorOccurred(
        describeProblem(problemOfErrno(e.code().value()), target.kind,
                        {target.text, {}, QString::fromStdString(e.what()), data.size()}));
    return false;
  } catch (const std::exception& e) {
    emit connection()->errorOccurred(QString::fromStdString(e.what()));
    return false;
  }
  emit connection()->sent(data.size());
  return true;
}

bool UnixDatagramTransport::ensureSocket() {
  if (socket_)
    return true;
  const QString path = freshDatagramPath();
  try {
    auto socket = std::make_unique<socketserver::Socket>(AF_UNIX, SOCK_DGRAM);
    socket->bind(socketserver::Address::unix_path(path.toStdString()));
    localPath_ = path; // from here on closeSocket() removes it
    socket->setblocking(false);
    socket_ = std::move(socket);
  } catch (const std::exception& e) {
    emit connection()->errorOccurred(
        ClientConnection::tr("cannot create the client's own socket %1: %2")
            .arg(path, QString::fromStdString(e.what())));
    closeSocket();
    return false;
  }
  auto* notifier = new QSocketNotifier(socket_->fileno(), QSocketNotifier::Read, this);
  notifier_ = notifier;
  connect(notifier, &QSocketNotifier::activated, this, &UnixDatagramTransport::read);
  return true;
}

void UnixDatagramTransport::read() {
  // Drain what is queued; a slot may close the socket, so check it every time round.
  for (int i = 0; i < 256 && socket_; ++i) {
    try {
      auto [data, from] = socket_->recvfrom(65536);
      emit connection()->received(QByteArray::fromStdString(data), {});
    } catch (const socketserver::SocketError& e) {
      const int code = e.code().value();
      if (code != EAGAIN && code != EWOULDBLOCK)
        emit connection()->errorOccurred(QString::fromStdString(e.what()));
      return;
    }
  }
}
