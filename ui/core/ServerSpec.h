// ServerSpec: everything needed to start one server of the console — kind, address,
// concurrency model, built-in handler and options — as a plain value. The servers panel edits
// it, profiles and QSettings store it (toJson/fromJson), the headless mode reads it from a
// SPEC URL (fromUrl), and ServerFactory turns it into a running engine server.
//
//   QString error;
//   auto spec = ServerSpec::fromUrl("tcp://127.0.0.1:9999?mode=threading&handler=upper", &error);
//   if (!spec) { qWarning() << error; }           // "mode: 'thredding' is not one of ..."
//   spec->toUrl();                                 // the same SPEC back
//
// SPEC URL: KIND://ADDRESS[?OPTION=VALUE&...]
//   KIND     tcp | udp | unix | unixdgram | tls
//   ADDRESS  host:port, [v6]:port or :port for tcp/udp (host defaults to 127.0.0.1; port 0
//            means any free port); an absolute socket path for unix/unixdgram
//            (unix:///tmp/s.sock; a relative one is refused)
//   OPTIONS  mode=pool, handler=upper, backlog=50, ...: one row per value in the table of
//            fields in ServerSpec.cpp, which also gives the JSON names, ranges and the
//            options' lines in `socketserver-console --help` (optionHelp()).
//            join=239.1.2.3,239.1.2.4&iface=lo: multicast groups, comma-separated, and the
//            interface they are joined on (udp only; the groups of the address's family)
//   tls://127.0.0.1:8443?cert=FILE&key=FILE&ca=FILE&verify=1: a TCP server whose connections
//            speak TLS (no cert: the console's own self-signed certificate); verify=1 asks
//            clients for a certificate signed by ca=.
//   Values are percent-decoded ("hello%20world%0A"); '+' is a plus sign, not a space.
//   rules=FILE reads a rules file (ReplyRules.h) when the SPEC is parsed; rules={...} is the
//   same JSON inline, which is what toUrl() writes: a SPEC then stands alone, reads back as
//   the same spec, and does not change when the file does.
//
// Validation is separate from parsing so that the editor can hold a half-typed spec:
// validationError() says what is wrong in words, or returns an empty string.
// A value type: copy freely; thread safe like any Qt value (distinct copies per thread).
#pragma once

#include "ReplyRules.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

struct ServerSpec {
  Q_GADGET
  Q_DECLARE_TR_FUNCTIONS(ServerSpec)

public:
  /// The server class: TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer, and TLS
  /// (a TCP server whose connections are wrapped in TLS; the test client's TLS transport).
  /// New kinds go last: settings and profiles store the number.
  enum class Kind { Tcp, Udp, UnixStream, UnixDatagram, Tls };
  Q_ENUM(Kind)
  /// The concurrency mixin: none, ThreadingMixIn, ForkingMixIn, ThreadPoolMixIn, EventMixIn
  /// (epoll loops, one per core; requestTimeout is its idle timeout).
  enum class Model { Sync, Threading, Forking, ThreadPool, Event };
  Q_ENUM(Model)
  /// The built-in request handler (see BuiltinHandler.h for what each does).
  enum class Handler {
    Echo,
    Upper,
    ThreadName,
    Welcome,
    Discard,
    FixedReply,
    TimeOfDay,
    HttpHello,
    Rules, ///< answers by the spec's reply rules (ReplyRules.h)
    Manual ///< reads and logs, answers nothing by itself: the person answers by hand
  };
  Q_ENUM(Handler)

  static constexpr const char* defaultHost = "127.0.0.1";

  QString name; ///< shown in the console; empty = derived (displayName())
  Kind kind = Kind::Tcp;
  /// "host:port", "[v6]:port", ":port" or "port" (host 127.0.0.1) for IP kinds; an absolute path
  /// for Unix kinds.
  QString address = QStringLiteral("127.0.0.1:0");
  Model model = Model::Sync;
  int poolSize = 8;   ///< ThreadPool: most threads (pool_size)
  int poolQueue = 64; ///< ThreadPool: most requests waiting (pool_queue_size)
  Handler handler = Handler::Echo;
  QByteArray fixedReply; ///< FixedReply: the bytes sent for every chunk / datagram
  /// Rules: how messages are cut from a stream and answered; empty (the default) answers
  /// nothing. Kept for other handlers too, as fixedReply is, while the person tries them.
  ReplyRuleSet rules;
  /// One request per connection (stream kinds), as Python's TCPServer example: the handler
  /// answers the first message (chunk, or framed message for Rules) and closes. Changes
  /// nothing on datagram kinds (each datagram is its own request already), nor for handlers
  /// that close by themselves (TimeOfDay, HttpHello) or answer by hand (Manual).
  bool oncePerConnection = false;
  bool allowReuseAddress = false; ///< allow_reuse_address (SO_REUSEADDR)
  int backlog = 5;                ///< request_queue_size: listen() backlog (stream kinds)
  double requestTimeout = 0;      ///< seconds a connection may stay silent; 0 = no limit
  int maxPacketSize = 8192;       ///< max_packet_size (datagram kinds)
  bool daemonThreads = false;     ///< daemon_threads (Threading)
  bool blockOnClose = true;       ///< block_on_close (Threading, Forking, ThreadPool)
  /// Client addresses and CIDR ranges accepted ("127.0.0.1", "10.0.0.0/8", "::1/128"); empty
  /// = everyone. IP kinds only (a Unix peer has no address: use socketMode).
  QStringList allow;
  /// Most requests served at once: open connections (stream) or datagram requests in
  /// progress; more are refused by verify_request(). 0 = no limit.
  int maxConnections = 0;
  /// The Unix socket file's permission bits, set right after bind (Unix kinds).
  int socketMode = 0600;
  /// Multicast groups the server joins (udp only): IPv4 224.0.0.0/4 or IPv6 ff00::/8
  /// addresses of the server address's family (MulticastSpec.h checks them).
  QStringList multicastGroups;
  /// The interface the groups are joined on: a name ("lo") or one of its addresses; empty =
  /// the system's choice. Means nothing without groups.
  QString multicastInterface;
  /// allow_broadcast (SO_BROADCAST): the server may send to broadcast addresses (udp only).
  bool allowBroadcast = false;
  /// TLS: the certificate chain (PEM file); empty = the console's own self-signed one
  /// (ConsoleCertificate.h), made on first use.
  QString tlsCertificate;
  /// TLS: the private key (PEM file); empty = in the certificate file (or the console's own).
  QString tlsKey;
  /// TLS: the CA certificates (PEM file) client certificates are verified against.
  QString tlsCa;
  /// TLS: ask every client for a certificate signed by tlsCa, and refuse those without one.
  bool tlsVerifyClients = false;

  friend bool operator==(const ServerSpec&, const ServerSpec&) = default;

  // ---- Validation and derived values ----

  /// Empty when the spec can be started; else what is wrong, naming the field.
  QString validationError() const;
  bool isValid() const { return validationError().isEmpty(); }
  /// The address with the default host filled in ("9999" -> "127.0.0.1:9999"); a Unix path
  /// unchanged. Returns the text as typed when it cannot be read (validationError() says why).
  QString effectiveAddress() const;
  /// name, or "TCP 127.0.0.1:9999" when it is empty.
  QString displayName() const;
  /// True for an IP server bound to every interface (0.0.0.0 or ::): reachable from other
  /// machines, so the console marks it.
  bool bindsAllInterfaces() const;
  /// "0600": the socket mode as octal text.
  static QString modeText(int mode);

  static bool isStream(Kind kind) {
    return kind == Kind::Tcp || kind == Kind::UnixStream || kind == Kind::Tls;
  }
  static bool isUnix(Kind kind) { return kind == Kind::UnixStream || kind == Kind::UnixDatagram; }
  /// True when this console can run TLS servers: its engine was built with OpenSSL. When
  /// false the kind is not offered and a tls:// spec is refused in words (the test client
  /// speaks TLS all the same, through Qt).
  static bool tlsServersBuiltIn();
  /// False for handlers that need a connection (Welcome, HttpHello) on datagram kinds.
  /// Rules and Manual work on every kind.
  static bool handlerSupports(Handler handler, Kind kind);
  /// True when oncePerConnection changes what `handler` does on `kind`: stream kinds, and
  /// handlers that answer message by message (not TimeOfDay or HttpHello, which close by
  /// themselves, nor Manual, where the person answers).
  static bool onceApplies(Handler handler, Kind kind);

  // ---- Names: the words used in SPEC URLs and JSON, and labels for people ----

  static QString kindName(Kind kind);    ///< "tcp", "udp", "unix", "unixdgram", "tls"
  static QString modelName(Model model); ///< "sync", "threading", "forking", "pool", "event"
  static QString handlerName(Handler h); ///< "echo", "upper", "threadname", ...
  static std::optional<Kind> kindFromName(const QString& name);
  static std::optional<Model> modelFromName(const QString& name);     ///< also "threadpool"
  static std::optional<Handler> handlerFromName(const QString& name); ///< also "fixedreply"...
  static QString kindLabel(Kind kind);    ///< "TCP", "Unix stream" (translated)
  static QString modelLabel(Model model); ///< "Thread pool" (translated)
  static QString handlerLabel(Handler h); ///< "Upper-case echo" (translated)
  /// One sentence on what the handler does, for tooltips (translated).
  static QString handlerDescription(Handler h);

  // ---- SPEC URL ----

  /// Parses a SPEC URL (see the header comment). nullopt with `error` naming the part that is
  /// wrong. The result is also validated: a parsed spec is always startable.
  static std::optional<ServerSpec> fromUrl(const QString& url, QString* error = nullptr);
  /// The SPEC URL for this spec: options at their default are left out.
  QString toUrl() const;

  // ---- JSON (profiles, settings) ----

  /// Every field, by the JSON names of the table in ServerSpec.cpp: {"name", "kind",
  /// "address", "model", "poolSize", ..., "reply" | "replyHex", "rules" (the rules file's
  /// object, left out when there are none), "oncePerConnection", ..., "allow" (array of
  /// strings), "maxConnections", "socketMode" (octal text, "0600"), "multicastGroups" (array
  /// of strings), "multicastInterface", "allowBroadcast"}.
  QJsonObject toJson() const;
  /// Reads toJson()'s object. Missing fields take their defaults except "kind" and
  /// "address"; an unknown field or a value of the wrong type or range is an error naming
  /// the field ("field 'backlog': expected a whole number from 0 to 65535, got \"many\"").
  static std::optional<ServerSpec> fromJson(const QJsonObject& json, QString* error = nullptr);

  // ---- Help ----

  /// One line of the SPEC options in `--help`.
  struct OptionHelp {
    QString usage;        ///< "backlog=N"; options described together: "pool=N, queue=N"
    const char* text;     ///< English: translate it in context "HeadlessRunner"; %1 = default
    QString defaultValue; ///< the default as a SPEC writes it: "5"
  };
  /// The SPEC options in table order, for HeadlessRunner::specHelp().
  static QList<OptionHelp> optionHelp();
};

Q_DECLARE_METATYPE(ServerSpec)
