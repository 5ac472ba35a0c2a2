#include "StreamTransport.h"

#include "SocketProblem.h"

namespace {

// All that the two stream sockets spell differently.
void openSocket(QTcpSocket* socket, const ClientTarget& target) {
  socket->connectToHost(target.host, target.port);
}
void openSocket(QLocalSocket* socket, const ClientTarget& target) {
  socket->connectToServer(target.text);
}
void hangUp(QTcpSocket* socket) { socket->disconnectFromHost(); }
void hangUp(QLocalSocket* socket) { socket->disconnectFromServer(); }

} // namespace

template <class Socket> void StreamTransport<Socket>::connectToTarget() {
  if (target().text.isEmpty() || state() != State::Unconnected)
    return;
  closingByUs_ = false;
  Socket* socket = makeSocket();
  socket_ = socket;
  watch(socket);
  setState(State::Connecting);
  startConnectTimer();
  open(socket);
}

template <class Socket> void StreamTransport<Socket>::open(Socket* socket) {
  openSocket(socket, target());
}

template <class Socket> void StreamTransport<Socket>::watchReady(Socket* socket) {
  connect(socket, &Socket::connected, this, &StreamTransport::connected);
}

template <class Socket> void StreamTransport<Socket>::watch(Socket* socket) {
  watchReady(socket);
  connect(socket, &Socket::readyRead, this, &StreamTransport::read);
  connect(socket, &Socket::bytesWritten, this, [this](qint64 n) { emit connection()->sent(n); });
  connect(socket, &Socket::stateChanged, this, [this, socket](SocketState s) {
    if (s == Socket::ClosingState) {
      setState(State::Closing);
    } else if (s == Socket::UnconnectedState && state() == State::Connecting) {
      // A connection that failed: QLocalSocket says so (errorOccurred, so failed()) while it
      // is still connecting, and only then unconnected.
      socket->deleteLater();
      setState(State::Unconnected);
    }
  });
  connect(socket, &Socket::disconnected, this, [this, socket] { disconnected(socket); });
  connect(socket, &Socket::errorOccurred, this,
          [this, socket](SocketError code) { failed(socket, code); });
}

template <class Socket> void StreamTransport<Socket>::connected() {
  stopConnectTimer();
  setState(State::Connected);
  flushPending();
}

template <class Socket> void StreamTransport<Socket>::read() {
  if (socket_)
    if (const QByteArray data = socket_->readAll(); !data.isEmpty())
      emit connection()->received(data, {});
}

template <class Socket> void StreamTransport<Socket>::disconnected(Socket* socket) {
  const bool byPeer = !closingByUs_;
  dropPending();
  socket->deleteLater();
  setState(State::Unconnected);
  if (byPeer)
    emit connection()->closedByPeer();
}

template <class Socket> void StreamTransport<Socket>::failed(Socket* socket, SocketError code) {
  const SocketProblem problem = problemOf(code);
  if (problem == SocketProblem::PeerClosed)
    return; // disconnected() reports it
  const QString message = describeProblem(problem, target().kind,
                                          {target().text, target().host, socket->errorString(), 0});
  if (socket->state() == Socket::UnconnectedState) {
    socket->deleteLater();
    setState(State::Unconnected);
  }
  fail(message);
}

template <class Socket> void StreamTransport<Socket>::disconnectFromTarget() {
  dropPending();
  closingByUs_ = true;
  if (socket_) {
    if (socket_->state() == Socket::ConnectedState) {
      hangUp(socket_.data()); // disconnected() follows, maybe after Closing
      return;
    }
    socket_->abort();
    socket_->deleteLater();
  }
  setState(State::Unconnected);
}

template <class Socket> void StreamTransport<Socket>::abort() {
  dropPending();
  closingByUs_ = true;
  discardSocket(socket_.data(), this);
  setState(State::Unconnected);
}

template <class Socket> bool StreamTransport<Socket>::send(const QByteArray& data) {
  if (state() == State::Closing) {
    emit connection()->errorOccurred(
        ClientConnection::tr("the connection is closing; wait until it has closed"));
    return false;
  }
  enqueue(data);
  if (state() == State::Unconnected)
    connectToTarget();
  else if (state() == State::Connected)
    flushPending();
  return true;
}

template <class Socket> bool StreamTransport<Socket>::isOpen() const {
  return socket_ && socket_->state() == Socket::ConnectedState;
}

template <class Socket> bool StreamTransport<Socket>::write(const QByteArray& data) {
  socket_->write(data); // bytesWritten() says when it went out
  return true;
}

template class StreamTransport<QTcpSocket>;
template class StreamTransport<QLocalSocket>;
