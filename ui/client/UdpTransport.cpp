#include "UdpTransport.h"

#include "SocketProblem.h"

#include <socketserver/errors.hpp>

#include <QNetworkDatagram>

#include <cerrno>

#include <sys/socket.h>

bool UdpTransport::send(const QByteArray& data) {
  if (data.size() > maxDatagramBytes) {
    emit connection()->errorOccurred(describeProblem(
        SocketProblem::TooLong, target().kind, {target().text, target().host, {}, data.size()}));
    return false;
  }
  enqueue(data);
  if (!socket_)
    open();
  else if (isOpen())
    flushPending();
  return true;
}

void UdpTransport::open() {
  auto* socket = new QUdpSocket(this);
  socket_ = socket;
  connect(socket, &QUdpSocket::connected, this, [this] {
    stopConnectTimer();
    flushPending();
  });
  connect(socket, &QUdpSocket::readyRead, this, &UdpTransport::read);
  connect(socket, &QUdpSocket::errorOccurred, this,
          [this, socket](QAbstractSocket::SocketError code) { failed(socket, code); });
  startConnectTimer();
  socket->connectToHost(target().host, target().port);
}

void UdpTransport::failed(QUdpSocket* socket, QAbstractSocket::SocketError code) {
  const QString message = describeProblem(problemOf(code), target().kind,
                                          {target().text, target().host, socket->errorString(), 0});
  if (socket->state() != QAbstractSocket::ConnectedState) {
    socket->disconnect(this);
    socket->deleteLater();
  }
  fail(message);
}

void UdpTransport::read() {
  if (socket_ && !socket_->hasPendingDatagrams()) {
    reportPendingError();
    return;
  }
  while (socket_ && socket_->hasPendingDatagrams()) {
    const QNetworkDatagram datagram = socket_->receiveDatagram();
    if (!datagram.isValid())
      break;
    emit connection()->received(datagram.data());
  }
}

void UdpTransport::reportPendingError() {
  // Readable with nothing to read: a pending socket error. On a connected UDP socket that is
  // what an ICMP "port unreachable" (or host/network unreachable) becomes. Qt's own peek
  // before readyRead() consumes the error and drops its errno, so SO_ERROR is usually clear by
  // now; a readable socket without a datagram is the ICMP answer all the same.
  int code = 0;
  socklen_t length = sizeof code;
  if (::getsockopt(static_cast<int>(socket_->socketDescriptor()), SOL_SOCKET, SO_ERROR, &code,
                   &length) != 0)
    code = 0;
  const ClientTarget& target = this->target();
  if (code == 0 || code == ECONNREFUSED) {
    fail(describeProblem(SocketProblem::Refused, target.kind, {target.text, target.host, {}, 0}));
    return;
  }
  fail(ClientConnection::tr("UDP %1: %2")
           .arg(target.text, QString::fromStdString(socketserver::describe_errno(
                                 code, "recv", target.text.toStdString()))));
}

bool UdpTransport::isOpen() const {
  return socket_ && socket_->state() == QAbstractSocket::ConnectedState;
}

bool UdpTransport::write(const QByteArray& data) {
  if (socket_->write(data) < 0) {
    emit connection()->errorOccurred(socket_->errorString());
    return false;
  }
  emit connection()->sent(data.size());
  return true;
}

void UdpTransport::abort() {
  dropPending();
  discardSocket(socket_.data(), this);
  setState(State::Unconnected);
}
