#include "UdpTransport.h"

#include "SocketProblem.h"

#include <socketserver/errors.hpp>

#include <QNetworkDatagram>
#include <QNetworkInterface>

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
  if (ClientConnection::isOneToMany(target().host)) {
    openToMany(socket);
    return;
  }
  startConnectTimer();
  socket->connectToHost(target().host, target().port);
}

void UdpTransport::openToMany(QUdpSocket* socket) {
  toMany_ = QHostAddress(target().host);
  const bool v6 = toMany_.protocol() == QAbstractSocket::IPv6Protocol;
  if (!socket->bind(v6 ? QHostAddress::AnyIPv6 : QHostAddress::AnyIPv4, 0))
    return; // errorOccurred() has said why
  flushPending();
}

void UdpTransport::applyMulticastOptions() {
  if (!toMany_.isMulticast())
    return;
  const ClientConnection::MulticastOptions& options = connection()->multicastOptions();
  socket_->setSocketOption(QAbstractSocket::MulticastTtlOption, options.hops);
  socket_->setSocketOption(QAbstractSocket::MulticastLoopbackOption, options.loopback ? 1 : 0);
  const QNetworkInterface interface = QNetworkInterface::interfaceFromName(options.interface);
  socket_->setMulticastInterface(interface); // invalid (none named): the system's choice
  // A link-local IPv6 group (ff02::) is only known on one interface: name it in the address.
  toMany_.setScopeId(
      toMany_.protocol() == QAbstractSocket::IPv6Protocol ? options.interface : QString());
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
    if (toMany_.isNull()) // an unconnected socket is told of no ICMP answer
      reportPendingError();
    return;
  }
  while (socket_ && socket_->hasPendingDatagrams()) {
    const QNetworkDatagram datagram = socket_->receiveDatagram();
    if (!datagram.isValid())
      break;
    QString from;
    if (!toMany_.isNull()) {
      const QHostAddress sender = datagram.senderAddress();
      const bool v6 = sender.protocol() == QAbstractSocket::IPv6Protocol;
      from = (v6 ? QStringLiteral("[%1]:%2") : QStringLiteral("%1:%2"))
                 .arg(sender.toString())
                 .arg(datagram.senderPort());
    }
    emit connection()->received(datagram.data(), from);
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
  return socket_ && socket_->state() == (toMany_.isNull() ? QAbstractSocket::ConnectedState
                                                          : QAbstractSocket::BoundState);
}

bool UdpTransport::write(const QByteArray& data) {
  if (!toMany_.isNull())
    applyMulticastOptions();
  const qint64 written = toMany_.isNull() ? socket_->write(data)
                                          : socket_->writeDatagram(data, toMany_, target().port);
  if (written < 0) {
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
