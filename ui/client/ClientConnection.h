// ClientConnection: the test client panel's socket — one transport (TCP, UDP, Unix stream,
// Unix datagram) to one target, with the same asynchronous interface for all four, so that
// the panel never switches on the kind of socket.
//
//   ClientConnection client;
//   connect(&client, &ClientConnection::received, this, &X::showReply);
//   connect(&client, &ClientConnection::errorOccurred, this, &X::showError); // in words
//   QString error;
//   if (client.setTarget(ServerSpec::Kind::Tcp, "127.0.0.1:9999", &error))
//     client.send("hello\n"); // connects first (stream kinds), then sends
//
// The kinds are the servers' own (ServerSpec::Kind; ServerSpec::kindLabel() names them, and
// ServerSpec::isStream() / isUnix() sort them). Each kind has a backend of its own
// (ClientTransport.h): QTcpSocket, QUdpSocket and QLocalSocket where Qt has them; for Unix
// datagrams the engine's socketserver::Socket, bound to a fresh path in the temp directory so
// that the server can answer (removed again when the socket closes), non-blocking, with a
// QSocketNotifier for replies. UDP sockets are connected, so an ICMP "port unreachable" comes
// back as "connection refused". Errors are put in words by one table (SocketProblem.h).
//
// TLS (ServerSpec::Kind::Tls) is a QSslSocket with ClientTlsOptions: once the handshake is
// done tlsEstablished() gives its facts and the server's certificate; a certificate that
// fails verification ends the attempt with tlsCertificateRejected() (and errorOccurred() in
// words), unless the person chose to trust it for this session (TlsTrust). Qt's TLS needs
// its OpenSSL backend plugin at run time: tlsUnavailableReason() says when it is missing.
//
// A UDP target that is a multicast group (239.1.2.3:5000, [ff02::1:3]:5000) or a broadcast
// address (255.255.255.255, an interface's broadcast address) is one-to-many: the socket is
// not connected but bound, each datagram is sent to the target with the multicast options
// (hops, loopback, outgoing interface), and the answers of every responder arrive, each with
// its source address (received()'s `from`).
//
// Stream kinds have a connection (connectToTarget / disconnectFromTarget, state()); datagram
// kinds are always Unconnected and send() sends one datagram. send() on an unconnected stream
// kind connects first and sends once connected; a failed connection drops what was queued.
//
// Thread rule: a QObject of the GUI thread; nothing here ever blocks.
#pragma once

#include "ServerSpec.h"
#include "TlsFacts.h"
#include "TlsTrust.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

class ClientTransport;

/// How the TLS transport connects (ServerSpec::Kind::Tls); read when a connection starts.
struct ClientTlsOptions {
  bool verifyPeer = true; ///< check the server's certificate (off: any certificate is taken)
  QString serverName;     ///< SNI and the name the certificate must show; empty = the host
  QStringList alpn;       ///< protocols offered, in order of preference ("h2", "http/1.1")
  QString caFile;         ///< PEM certificates trusted besides the system's; empty = none
  /// PEM certificate shown to a server that asks for one (ClientCertificate); empty = none
  QString certificateFile;
  QString keyFile; ///< its unencrypted PEM private key; empty = in certificateFile

  friend bool operator==(const ClientTlsOptions&, const ClientTlsOptions&) = default;
};

class ClientConnection : public QObject {
  Q_OBJECT

public:
  enum class State { Unconnected, Connecting, Connected, Closing };
  Q_ENUM(State)

  /// How long connecting (host lookup included) may take before it is abandoned.
  static constexpr int defaultConnectTimeoutMs = 10000;

  /// How datagrams to a multicast group are sent (IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS,
  /// IP_MULTICAST_LOOP, IP_MULTICAST_IF). Read at each send.
  struct MulticastOptions {
    int hops = 1;         ///< routers a datagram may cross: 1 = this network only
    bool loopback = true; ///< this host's own members receive it too
    QString interface;    ///< interface name to send from; empty = the system's choice
  };

  explicit ClientConnection(QObject* parent = nullptr);
  /// Closes the socket (and removes the Unix datagram socket's own path).
  ~ClientConnection() override;

  /// "unconnected", "connecting", "connected", "closing" (translated).
  static QString stateName(State state);

  /// The target in canonical form, or an empty string with `error` in words. IP kinds take
  /// "host:port", "[v6]:port", ":port" or "port" (host 127.0.0.1), port 1-65535; Unix kinds a
  /// path (made absolute), short enough for a socket address.
  static QString normalizeTarget(ServerSpec::Kind transport, const QString& text,
                                 QString* error = nullptr);

  /// Closes any current socket and aims at `target` (see normalizeTarget). False, with
  /// `error`, when the target is not valid; the old target is closed all the same.
  bool setTarget(ServerSpec::Kind transport, const QString& target, QString* error = nullptr);
  ServerSpec::Kind transport() const;
  QString target() const;
  bool hasTarget() const { return !target().isEmpty(); }

  State state() const;
  /// Stream kinds: starts connecting (errors come through errorOccurred()). No-op otherwise.
  void connectToTarget();
  /// Stream kinds: closes gracefully (Closing while data is still going out).
  void disconnectFromTarget();
  /// Closes at once, dropping queued data; the Unix datagram socket's path is removed.
  void abort();

  /// Sends `data` (one datagram for datagram kinds). False, with errorOccurred(), when it
  /// cannot be sent now; true when it was sent or queued until the connection is up.
  bool send(const QByteArray& data);

  void setConnectTimeout(int ms);

  /// The TLS options the next TLS connection uses.
  void setTlsOptions(const ClientTlsOptions& options) { tlsOptions_ = options; }
  const ClientTlsOptions& tlsOptions() const { return tlsOptions_; }
  /// Empty when Qt can speak TLS here; else why not, in words (no OpenSSL backend plugin, or
  /// no OpenSSL library it can load).
  static QString tlsUnavailableReason();
  //
  void setMulticastOptions(const MulticastOptions& options) { multicastOptions_ = options; }
  const MulticastOptions& multicastOptions() const { return multicastOptions_; }
  /// True for a UDP target host that reaches many: a multicast group or a broadcast address.
  static bool isOneToMany(const QString& host);

  /// The Unix datagram socket's own path while it exists ("" otherwise); for tests.
  QString localDatagramPath() const;

signals:
  void stateChanged(ClientConnection::State state);
  /// Bytes from the server: a chunk of the stream, or one datagram. `from` is the sender's
  /// address for a one-to-many UDP target ("127.0.0.1:5000"), empty otherwise.
  void received(const QByteArray& data, const QString& from);
  /// `bytes` went out to the server (after any queueing).
  void sent(qint64 bytes);
  /// Something failed, in words ("connection refused: nothing listens on 127.0.0.1:9").
  void errorOccurred(const QString& message);
  /// The server closed the connection (stream kinds).
  void closedByPeer();
  /// TLS: the handshake is done; stateChanged(Connected) follows.
  void tlsEstablished(const TlsSessionFacts& facts);
  /// TLS: the server's certificate failed verification and the attempt was given up
  /// (errorOccurred() says so too). TlsTrust::allow(problem) lets the next attempt through.
  void tlsCertificateRejected(const TlsCertificateProblem& problem);

private:
  void replaceTransport(ServerSpec::Kind transport, const QString& target);

  ClientTransport* transport_ = nullptr; // a child; the backend for the current target
  int connectTimeoutMs_ = defaultConnectTimeoutMs;
  ClientTlsOptions tlsOptions_;
  MulticastOptions multicastOptions_;
};
