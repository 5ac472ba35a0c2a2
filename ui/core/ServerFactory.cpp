#include "ServerFactory.h"

#include "AllowList.h"
#include "BuiltinEventHandler.h"
#include "BuiltinHandler.h"
#include "ConnectionTracker.h"
#include "RequestIds.h"
#include "TlsServerSetup.h"

#include <socketserver/config.hpp>
#include <socketserver/event_mixin.hpp>
#include <socketserver/forking_mixin.hpp>
#include <socketserver/tcp_server.hpp>
#include <socketserver/thread_pool_mixin.hpp>
#include <socketserver/threading_mixin.hpp>
#if SOCKETSERVER_HAS_TLS
#include <socketserver/tls_server.hpp>
#endif
#include <socketserver/udp_server.hpp>
#include <socketserver/unix_server.hpp>

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using socketserver::Address;
using socketserver::BaseServer;
using socketserver::HandlerFactory;
using socketserver::Request;

/// True for a socket a forked child must not keep: any socket but a SOCK_SEQPACKET one
/// (the engine's channel that forwards the child's events to the parent).
bool isInheritedSocket(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode))
    return false;
  int type = 0;
  socklen_t length = sizeof type;
  if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0)
    return false;
  return type != SOCK_SEQPACKET;
}

/// In a forked child: closes every socket it inherited except `keep` (its request) and the
/// engine's event channel. Without this the child would hold, for as long as it serves,
/// copies of the console's other connections (a client's close would not reach its server,
/// a kicked peer would not see the close) and other servers' listening sockets (a stopped
/// server's port would stay bound). The console runs all of these in one process; a
/// Python program forking from a single-purpose process has nothing of the kind.
void closeInheritedSockets(int keep) {
  std::vector<int> inherited;
  DIR* directory = ::opendir("/proc/self/fd");
  if (directory == nullptr)
    return; // no /proc: the child keeps them, as Python's would
  const int own = ::dirfd(directory);
  while (const dirent* entry = ::readdir(directory)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd <= STDERR_FILENO || fd == keep || fd == own)
      continue;
    if (isInheritedSocket(static_cast<int>(fd)))
      inherited.push_back(static_cast<int>(fd));
  }
  ::closedir(directory);
  for (const int fd : inherited)
    ::close(fd);
}

/// The Unix socket file a server created: path and identity, so that only that very file is
/// removed on stop, never one somebody else put at the same path meanwhile.
struct SocketFile {
  std::string path;
  dev_t device = 0;
  ino_t inode = 0;

  /// Right after bind(): the file bind() made, with its mode set to `mode` (bind() created
  /// it with 0777 & ~umask). Throws std::system_error when it cannot be set.
  static SocketFile claim(const std::string& path, int mode) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISSOCK(info.st_mode))
      throw std::system_error(errno ? errno : ENOENT, std::generic_category(),
                              "stat " + path + " after bind");
    if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0)
      throw std::system_error(errno, std::generic_category(), "chmod " + path);
    return SocketFile{path, info.st_dev, info.st_ino};
  }

  /// Removes the file if it is still the one claim() saw.
  void removeIfOurs() const {
    struct stat info {};
    if (!path.empty() && ::lstat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode) &&
        info.st_dev == device && info.st_ino == inode)
      ::unlink(path.c_str());
  }
};

/// Who may be served: the allow-list and the cap on requests at once.
struct Admission {
  AllowList allow;
  int maxConnections = 0; // 0 = no limit
};

/// The console's variant of an engine server class `Base` (see the header comment).
template <class Base> class ConsoleServer final : public Base {
public:
  /// `handler`: a HandlerFactory, or an EventHandlerFactory for the event-driven servers.
  /// `leading`: what `Base` takes before the address (a TLSServer's context), if anything.
  template <class Factory, class... Leading>
  ConsoleServer(Address address, Factory handler, ConnectionTracker* tracker, Admission admission,
                Leading&&... leading)
      : Base(std::forward<Leading>(leading)..., std::move(address), std::move(handler), false),
        tracker_(tracker), admission_(std::move(admission)), ownerPid_(::getpid()) {}

  /// Refuses a client outside the allow-list, or one more than maxConnections at once (the
  /// tracker counts the requests in progress). The reason goes to the log as a notice; the
  /// engine then reports the request as Rejected.
  bool verify_request(Request& request, const Address& client_address) override {
    if (!admission_.allow.allows(client_address)) {
      notice(request.id(), "refused " + client_address.to_string() + ": not in the allow-list");
      return false;
    }
    if (admission_.maxConnections > 0 && tracker_) {
      const std::size_t open = tracker_->activeCount();
      if (open >= static_cast<std::size_t>(admission_.maxConnections)) {
        notice(request.id(),
               "refused " + client_address.to_string() + ": " + std::to_string(open) +
                   (request.is_datagram() ? " requests in progress" : " connections open") +
                   " (max " + std::to_string(admission_.maxConnections) + ")");
        return false;
      }
    }
    return Base::verify_request(request, client_address);
  }

  /// Ids from the console's one sequence (RequestIds), not this server's own count.
  socketserver::RequestId new_request_id() override { return RequestIds::next(); }

  /// Tells the observer (the console's log) why a request was refused.
  void notice(socketserver::RequestId id, const std::string& message) const {
    if (socketserver::ServerObserver* observer = this->observer())
      observer->on_notice(id, message);
  }

  void process_request(Request& request, const Address& client_address) override {
    if (tracker_) {
      if (request.is_datagram()) {
        tracker_->trackDatagram(request.id());
        // So that a person can answer it by hand, even after the request has finished.
        tracker_->recentPeers().accept(request.socket(), client_address);
      } else
        tracker_->track(request.id(), request.socket().fileno());
    }
    Base::process_request(request, client_address);
  }

  /// server_bind(), then the Unix socket file's mode, before listen() lets anyone in.
  void bindWithMode(int socketMode) {
    this->server_bind();
    if (this->server_address.is_unix() && !this->server_address.path().empty()) {
      try {
        socketFile_ = SocketFile::claim(this->server_address.path(), socketMode);
      } catch (...) {
        ::unlink(this->server_address.path().c_str()); // ours: bind made it a moment ago
        throw;
      }
    }
  }

  ~ConsoleServer() override {
    if (::getpid() == ownerPid_)
      removeSocketFile(); // server_close() was not called: the engine's destructor closes
  }

  /// Removes the socket file this server created (nothing else), e.g. when activation failed.
  void removeSocketFile() {
    if (socketFile_) {
      socketFile_->removeIfOurs();
      socketFile_.reset();
    }
  }

  /// In a forked child, first lets go of the sockets it inherited (closeInheritedSockets()).
  void finish_request(Request& request, const Address& client_address) override {
    if constexpr (requires { this->active_children; }) {
      if (::getpid() != ownerPid_)
        closeInheritedSockets(request.socket().fileno());
    }
    Base::finish_request(request, client_address);
  }

  /// Silent: the request's finished event carries the error text to the log.
  void handle_error(Request&, const Address&) override {}

  /// Extends the mixin's server_close(): a forking server waits a bounded time for its
  /// children, then kills the ones left, so a stop cannot hang on a stuck child.
  void server_close() override {
    if constexpr (requires { this->active_children; }) {
      using Clock = std::chrono::steady_clock;
      const auto deadline =
          Clock::now() + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(ServerFactory::stopGraceSeconds));
      this->collect_children(false);
      while (!this->active_children.empty() && Clock::now() < deadline) {
        ::poll(nullptr, 0, 10); // children end within milliseconds once their sockets close
        this->collect_children(false);
      }
      for (const pid_t child : this->active_children)
        ::kill(child, SIGKILL);
      this->collect_children(true);
    }
    Base::server_close();
    if (::getpid() == ownerPid_)
      removeSocketFile(); // Python leaves it; the console cleans up what it made
  }

private:
  ConnectionTracker* tracker_;
  const Admission admission_;
  const pid_t ownerPid_;
  std::optional<SocketFile> socketFile_;
};

/// The spec's handler in the form `Server` runs: event callbacks or a blocking handler.
template <class Server> auto handlerFor(const ServerSpec& spec) {
  if constexpr (requires(Server & server) { server.EventHandlerClass; })
    return BuiltinEventHandler::factory(spec);
  else
    return BuiltinHandler::factory(spec);
}

template <class Server, class... Leading>
std::unique_ptr<BaseServer> build(const ServerSpec& spec, ConnectionTracker* tracker,
                                  const Leading&... leading) {
  Admission admission;
  admission.allow = AllowList::parse(spec.allow).value_or(AllowList{}); // validated by create()
  admission.maxConnections = spec.maxConnections;
  auto server = std::make_unique<ConsoleServer<Server>>(ServerFactory::engineAddress(spec),
                                                        handlerFor<Server>(spec), tracker,
                                                        std::move(admission), leading...);
  server->allow_reuse_address = spec.allowReuseAddress;
  server->request_queue_size = spec.backlog;
  if constexpr (requires { server->max_packet_size; })
    server->max_packet_size = static_cast<std::size_t>(spec.maxPacketSize);
  if constexpr (requires { server->daemon_threads; })
    server->daemon_threads = spec.daemonThreads;
  if constexpr (requires { server->block_on_close; })
    server->block_on_close = spec.blockOnClose;
  if constexpr (requires { server->idle_timeout; }) {
    if (spec.requestTimeout > 0)
      server->idle_timeout = socketserver::Seconds{spec.requestTimeout};
  }
  if constexpr (requires { server->pool_size; }) {
    server->pool_size = static_cast<std::size_t>(spec.poolSize);
    server->pool_queue_size = static_cast<std::size_t>(spec.poolQueue);
  }
  if constexpr (requires { server->allow_broadcast; })
    server->allow_broadcast = spec.allowBroadcast;
  server->bindWithMode(spec.socketMode);
  if constexpr (requires { server->join_group("", ""); }) {
    for (const QString& group : spec.multicastGroups)
      server->join_group(group.toStdString(), spec.multicastInterface.toStdString());
  }
  try {
    server->server_activate();
  } catch (...) {
    server->removeSocketFile(); // bind made it; nobody else will remove it
    throw;
  }
  return server;
}

template <class Server> using Plain = Server;

/// The spec's model over `Server`, wrapped in `Wrap` (Plain, or TLSServer: TLS goes outside
/// the mixin); `leading` goes to the wrapper's constructor first.
template <class Server, template <class> class Wrap = Plain, class... Leading>
std::unique_ptr<BaseServer> buildForModel(const ServerSpec& spec, ConnectionTracker* tracker,
                                          // cppcheck-suppress constParameter ; const already
                                          const Leading&... leading) {
  switch (spec.model) {
  case ServerSpec::Model::Sync:
    return build<Wrap<Server>>(spec, tracker, leading...);
  case ServerSpec::Model::Threading:
    return build<Wrap<socketserver::ThreadingMixIn<Server>>>(spec, tracker, leading...);
  case ServerSpec::Model::Forking:
    return build<Wrap<socketserver::ForkingMixIn<Server>>>(spec, tracker, leading...);
  case ServerSpec::Model::ThreadPool:
    return build<Wrap<socketserver::ThreadPoolMixIn<Server>>>(spec, tracker, leading...);
  case ServerSpec::Model::Event:
    return build<Wrap<socketserver::EventMixIn<Server>>>(spec, tracker, leading...);
  }
  return nullptr;
}

/// A TCP server in the spec's model whose connections speak TLS with the spec's context.
std::unique_ptr<BaseServer> buildTls(const ServerSpec& spec, ConnectionTracker* tracker) {
#if SOCKETSERVER_HAS_TLS
  const std::shared_ptr<socketserver::TlsContext> context = TlsServerSetup::makeContext(spec);
  return buildForModel<socketserver::TCPServer, socketserver::TLSServer>(spec, tracker, context);
#else
  (void)tracker;
  TlsServerSetup::makeContext(spec); // throws: this console has no TLS servers
  return nullptr;
#endif
}

} // namespace

Address ServerFactory::engineAddress(const ServerSpec& spec) {
  if (ServerSpec::isUnix(spec.kind))
    return Address::unix_path(QFile::encodeName(spec.address).toStdString());
  const QString effective = spec.effectiveAddress();
  const qsizetype colon = effective.lastIndexOf(QLatin1Char(':'));
  QString host = effective.left(colon);
  if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
    host = host.mid(1, host.size() - 2);
  return Address(host.toStdString(), effective.mid(colon + 1).toInt());
}

std::unique_ptr<BaseServer> ServerFactory::create(const ServerSpec& spec,
                                                  ConnectionTracker* tracker, QString* error) {
  const auto fail = [&](const QString& message) -> std::unique_ptr<BaseServer> {
    if (error)
      *error = message;
    return nullptr;
  };
  if (const QString problem = spec.validationError(); !problem.isEmpty())
    return fail(problem);
  try {
    switch (spec.kind) {
    case ServerSpec::Kind::Tcp:
      return buildForModel<socketserver::TCPServer>(spec, tracker);
    case ServerSpec::Kind::Udp:
      return buildForModel<socketserver::UDPServer>(spec, tracker);
    case ServerSpec::Kind::UnixStream:
      return buildForModel<socketserver::UnixStreamServer>(spec, tracker);
    case ServerSpec::Kind::UnixDatagram:
      return buildForModel<socketserver::UnixDatagramServer>(spec, tracker);
    case ServerSpec::Kind::Tls:
      return buildTls(spec, tracker);
    }
  } catch (const std::exception& exception) {
    return fail(QString::fromLocal8Bit(exception.what()));
  }
  return fail(QCoreApplication::translate("ServerFactory", "unknown server kind"));
}
