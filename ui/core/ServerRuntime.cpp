#include "ServerRuntime.h"

#include "EventBridge.h"
#include "ServerFactory.h"

#include <socketserver/base_server.hpp>
#include <socketserver/thread_name.hpp>

#include <QCoreApplication>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

/// Lowers the calling thread's priority by `increment` (Linux keeps a nice value per thread;
/// threads and children started afterwards inherit it). A failure only means equal priority.
void lowerThisThread(int increment) {
  const auto thread = static_cast<id_t>(::gettid());
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, thread);
  if (errno == 0)
    ::setpriority(PRIO_PROCESS, thread, std::min(current + increment, 19));
}

// A forking server's serving thread keeps the GUI thread's priority: fork() takes every malloc
// arena lock and the address space's lock for as long as it copies the process, and a lowered
// thread preempted there held the GUI thread in free() and in page faults for up to a second
// under a flood (issue 15). The children lower themselves instead, in the fork handler below.
// The value is the forking thread's own, and a child starts as a copy of that thread.
thread_local int childNiceIncrement = 0;

void lowerForkedChild() {
  if (childNiceIncrement > 0)
    lowerThisThread(childNiceIncrement);
}

void lowerChildrenOfThisThread(int increment) {
  static const int registered = ::pthread_atfork(nullptr, nullptr, lowerForkedChild);
  if (registered == 0)
    childNiceIncrement = increment;
  else // no handler: the serving thread is lowered, as for the other models
    lowerThisThread(increment);
}

HandSender::Connections handSenderConnections(ServerSpec::Kind kind) {
  if (kind == ServerSpec::Kind::Tls)
    return HandSender::Connections::Tls;
  return ServerSpec::isStream(kind) ? HandSender::Connections::Stream
                                    : HandSender::Connections::Datagram;
}

} // namespace

ServerRuntime::ServerRuntime(int serverId, ServerSpec spec, EventBridge* bridge,
                             FinishedCallback finished)
    : serverId_(serverId), spec_(std::move(spec)), bridge_(bridge), finished_(std::move(finished)),
      tracker_(bridge, !ServerSpec::isStream(spec_.kind)),
      sender_(tracker_, bridge, handSenderConnections(spec_.kind)) {}

ServerRuntime::~ServerRuntime() {
  stop();
  join();
}

void ServerRuntime::start(int niceIncrement) {
  niceIncrement_ = niceIncrement;
  if (!serving_.joinable())
    serving_ = std::thread([this] { run(); });
}

void ServerRuntime::stop() {
  if (stopRequested_.exchange(true))
    return;
  std::lock_guard lock(serverMutex_);
  // First the connections: a synchronous server's handler, request threads and forked
  // children all return from recv() at once, so shutdown() and server_close() do not wait.
  tracker_.closeAll(true);
  if (server_ != nullptr) {
    // shutdown() waits until serve_forever() has returned: not on the caller's thread. The
    // helper holds serverMutex_, so server_ cannot be closed under it (run() takes the mutex
    // to clear server_ only after serve_forever() has returned: no deadlock).
    stopper_ = std::thread([this] {
      socketserver::set_current_thread_name("Stop-" + std::to_string(serverId_));
      std::lock_guard stopping(serverMutex_);
      if (server_ != nullptr)
        server_->shutdown();
    });
  }
}

void ServerRuntime::join() {
  if (serving_.joinable())
    serving_.join();
  if (stopper_.joinable())
    stopper_.join();
}

bool ServerRuntime::isFinished() const {
  std::lock_guard lock(stateMutex_);
  return done_;
}

QString ServerRuntime::failure() const {
  std::lock_guard lock(stateMutex_);
  return failure_;
}

std::optional<socketserver::ListenQueue> ServerRuntime::listenQueue() const {
  std::lock_guard lock(queueMutex_);
  if (!listening_)
    return std::nullopt;
  return socketserver::listen_queue(listening_.fileno());
}

void ServerRuntime::watchListenQueue(const socketserver::BaseServer* server) {
  socketserver::Socket duplicate;
  if (server != nullptr && ServerSpec::isStream(spec_.kind)) {
    // A failed dup only means the queue is not shown. (A forked child inherits the
    // duplicate as it inherits every descriptor of the process; it lives no longer than the
    // child's one request, which a stop waits for anyway.)
    duplicate = socketserver::Socket::adopt(::fcntl(server->fileno(), F_DUPFD_CLOEXEC, 0));
  }
  std::lock_guard lock(queueMutex_);
  listening_ = std::move(duplicate); // closes the previous duplicate, if any
}

std::vector<ConnectionTracker::OpenConnection> ServerRuntime::openRequests() const {
  if (ServerSpec::isStream(spec_.kind))
    return tracker_.openConnections();
  std::vector<ConnectionTracker::OpenConnection> peers;
  for (const RecentPeers::Peer& peer : tracker_.recentPeers().distinctPeers())
    peers.push_back({peer.id, peer.address.to_string()});
  return peers;
}

void ServerRuntime::run() {
  // Python names the thread that serves; the thread-name handler shows it for sync servers.
  socketserver::set_current_thread_name("Server-" + std::to_string(serverId_));
  if (niceIncrement_ > 0 && spec_.model == ServerSpec::Model::Forking)
    lowerChildrenOfThisThread(niceIncrement_);
  else if (niceIncrement_ > 0)
    lowerThisThread(niceIncrement_);
  QString failure;
  QString error;
  std::unique_ptr<socketserver::BaseServer> server =
      ServerFactory::create(spec_, &tracker_, &error);
  if (!server) {
    failure = error;
    ConsoleEvent event;
    event.kind = ConsoleEvent::Kind::Failed;
    event.text = error;
    bridge_->post(std::move(event));
  } else {
    // Observed from here on: a failure to bind was reported above, once.
    server->set_observer(&tracker_);
    bool serve = false;
    {
      std::lock_guard lock(serverMutex_);
      if (!stopRequested_) {
        server_ = server.get();
        serve = true;
      }
    }
    if (serve) {
      watchListenQueue(server.get());
      try {
        server->serve_forever();
      } catch (const std::exception& exception) {
        failure = QString::fromLocal8Bit(exception.what()); // the observer has reported it
      } catch (...) {
        failure = QCoreApplication::translate("ServerRuntime", "serving stopped on an unknown "
                                                               "error");
      }
      watchListenQueue(nullptr);
      std::lock_guard lock(serverMutex_);
      server_ = nullptr;
    }
    tracker_.closeAll(true);
    try {
      server->server_close(); // waits for request threads / children: all are ending
    } catch (const std::exception& exception) {
      if (failure.isEmpty())
        failure = QString::fromLocal8Bit(exception.what());
    }
    server.reset(); // server_close() removed the Unix socket file it created
  }
  {
    std::lock_guard lock(stateMutex_);
    done_ = true;
    failure_ = failure;
  }
  if (finished_)
    finished_();
}
