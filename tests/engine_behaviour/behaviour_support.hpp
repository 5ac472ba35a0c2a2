// Internal header of the engine behaviour suites (tests/engine_behaviour): recorders for what
// a server reports (RecordingObserver) and what it does (Recording<Server>, which logs every
// hook call), a Gate that holds handlers until the test opens it, a serving thread that
// always stops, and clients whose every wait has a deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <socketserver.hpp>

namespace behaviour {

using socketserver::Address;
using socketserver::BaseServer;
using socketserver::HandlerFactory;
using socketserver::Request;
using socketserver::RequestId;
using socketserver::RequestOutcome;
using socketserver::Seconds;
using socketserver::Socket;
using Clock = std::chrono::steady_clock;

/// The longest any single wait may take before the test fails; a working engine needs
/// milliseconds.
inline constexpr Seconds DEADLINE{10.0};
inline constexpr int DEADLINE_MS = 10000;

/// Bytes as QByteArray, so that QCOMPARE prints them when they differ.
inline QByteArray bytes(std::string_view text) {
  return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}
inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}
inline std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  return text;
}

/// A value behind a mutex, with waits that end at a deadline.
template <class T> class Guarded {
public:
  template <class F> auto read(F f) const {
    std::lock_guard lock(mutex_);
    return f(value_);
  }
  template <class F> void change(F f) {
    {
      std::lock_guard lock(mutex_);
      f(value_);
    }
    changed_.notify_all();
  }
  /// True when `ready(value)` held within `limit`.
  template <class P> bool wait(P ready, Seconds limit = DEADLINE) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return ready(value_); });
  }

private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  T value_{};
};

/// Holds handlers until open(); counts the handlers that reached it.
class Gate {
public:
  /// Called by a handler: counts it, then waits for open() (false after DEADLINE).
  bool pass() {
    state_.change([](State& s) { ++s.arrived; });
    return state_.wait([](const State& s) { return s.open; });
  }
  void open() {
    state_.change([](State& s) { s.open = true; });
  }
  bool wait_arrived(int count) const {
    return state_.wait([count](const State& s) { return s.arrived >= count; });
  }
  int arrived() const {
    return state_.read([](const State& s) { return s.arrived; });
  }

private:
  struct State {
    int arrived = 0;
    bool open = false;
  };
  Guarded<State> state_;
};

// ---- What the observer saw ----

struct Observed {
  enum class Kind { Opened, Received, Sent, Finished, Notice };
  Kind kind;
  RequestId id;
  std::string data;     ///< client address, payload (first 64 KiB), detail or notice text
  std::size_t size = 0; ///< payload size
  RequestOutcome outcome = RequestOutcome::Completed;
};

/// Records every observer callback, from any thread, in the order they arrive.
class RecordingObserver final : public socketserver::ServerObserver {
public:
  void on_server_started(const Address& bound) override {
    lifecycle_.change(
        [&](QStringList& l) { l << "started " + QString::fromStdString(bound.to_string()); });
  }
  void on_server_stopped() override {
    lifecycle_.change([](QStringList& l) { l << "stopped"; });
  }
  void on_server_failed(std::string_view reason) override {
    lifecycle_.change([&](QStringList& l) { l << "failed " + QString::fromUtf8(bytes(reason)); });
  }
  void on_request_opened(RequestId id, const Address& client) override {
    add({Observed::Kind::Opened, id, client.to_string()});
  }
  void on_bytes_received(RequestId id, std::string_view payload) override {
    add({Observed::Kind::Received, id, std::string(payload.substr(0, kept)), payload.size()});
  }
  void on_bytes_sent(RequestId id, std::string_view payload) override {
    add({Observed::Kind::Sent, id, std::string(payload.substr(0, kept)), payload.size()});
  }
  void on_request_finished(RequestId id, RequestOutcome outcome, std::string_view detail) override {
    add({Observed::Kind::Finished, id, std::string(detail), 0, outcome});
  }
  void on_notice(RequestId id, std::string_view message) override {
    add({Observed::Kind::Notice, id, std::string(message)});
  }

  std::vector<Observed> events() const {
    return events_.read([](const std::vector<Observed>& e) { return e; });
  }
  /// Request `id`'s life as words, runs of received/sent merged (chunking is the kernel's
  /// business): e.g. opened, received, sent, finished completed. Notices are left out.
  QStringList kinds(RequestId id) const {
    QStringList out;
    for (const auto& e : events()) {
      if (e.id != id || e.kind == Observed::Kind::Notice)
        continue;
      QString word;
      switch (e.kind) {
      case Observed::Kind::Opened:
        word = "opened";
        break;
      case Observed::Kind::Received:
        word = "received";
        break;
      case Observed::Kind::Sent:
        word = "sent";
        break;
      case Observed::Kind::Finished:
        word = "finished " + QString::fromUtf8(bytes(socketserver::to_string(e.outcome)));
        break;
      case Observed::Kind::Notice:
        break;
      }
      const bool merges = word == "received" || word == "sent";
      if (!(merges && !out.isEmpty() && out.back() == word))
        out << word;
    }
    return out;
  }
  std::string received(RequestId id) const { return payload(id, Observed::Kind::Received); }
  std::string sent(RequestId id) const { return payload(id, Observed::Kind::Sent); }
  std::size_t sent_size(RequestId id) const {
    std::size_t total = 0;
    for (const auto& e : events())
      if (e.id == id && e.kind == Observed::Kind::Sent)
        total += e.size;
    return total;
  }
  std::vector<RequestId> opened_ids() const { return ids(Observed::Kind::Opened); }
  std::vector<RequestId> finished_ids() const { return ids(Observed::Kind::Finished); }
  /// The finish of request `id` (the first, if the engine wrongly sent several).
  std::optional<Observed> finish(RequestId id) const {
    for (const auto& e : events())
      if (e.id == id && e.kind == Observed::Kind::Finished)
        return e;
    return std::nullopt;
  }
  QStringList notices() const {
    QStringList out;
    for (const auto& e : events())
      if (e.kind == Observed::Kind::Notice)
        out << QString::fromStdString(e.data);
    return out;
  }
  QStringList notices(RequestId id) const {
    QStringList out;
    for (const auto& e : events())
      if (e.kind == Observed::Kind::Notice && e.id == id)
        out << QString::fromStdString(e.data);
    return out;
  }
  QStringList lifecycle() const {
    return lifecycle_.read([](const QStringList& l) { return l; });
  }

  /// Until `count` finish events arrived.
  bool wait_finished(std::size_t count) const {
    return wait([count](const std::vector<Observed>& e) {
      return count_of(e, Observed::Kind::Finished) >= count;
    });
  }
  bool wait_opened(std::size_t count) const {
    return wait([count](const std::vector<Observed>& e) {
      return count_of(e, Observed::Kind::Opened) >= count;
    });
  }
  template <class P> bool wait(P ready) const { return events_.wait(ready); }
  bool wait_lifecycle(const QString& prefix) const {
    return lifecycle_.wait([&](const QStringList& l) {
      for (const auto& line : l)
        if (line.startsWith(prefix))
          return true;
      return false;
    });
  }

private:
  static constexpr std::size_t kept = 64 * 1024;

  static std::size_t count_of(const std::vector<Observed>& e, Observed::Kind kind) {
    std::size_t n = 0;
    for (const auto& x : e)
      n += x.kind == kind ? 1 : 0;
    return n;
  }
  void add(Observed event) {
    events_.change([&](std::vector<Observed>& e) { e.push_back(std::move(event)); });
  }
  std::string payload(RequestId id, Observed::Kind kind) const {
    std::string out;
    for (const auto& e : events())
      if (e.id == id && e.kind == kind)
        out += e.data;
    return out;
  }
  std::vector<RequestId> ids(Observed::Kind kind) const {
    std::vector<RequestId> out;
    for (const auto& e : events())
      if (e.kind == kind)
        out.push_back(e.id);
    return out;
  }

  Guarded<std::vector<Observed>> events_;
  Guarded<QStringList> lifecycle_;
};

// ---- What the server did ----

/// What handle_error() found in std::current_exception().
struct HandledError {
  RequestId id = 0;
  std::string type; ///< PoolFullError, OverloadError, TimeoutError, SocketError, logic_error...
  std::string what;
  int code = 0; ///< errno for SocketError and TimeoutError
};

inline HandledError classify(RequestId id, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const socketserver::PoolFullError& e) {
    return {id, "PoolFullError", e.what(), 0};
  } catch (const socketserver::OverloadError& e) {
    return {id, "OverloadError", e.what(), 0};
  } catch (const socketserver::TimeoutError& e) {
    return {id, "TimeoutError", e.what(), e.code().value()};
  } catch (const socketserver::SocketError& e) {
    return {id, "SocketError", e.what(), e.code().value()};
  } catch (const std::logic_error& e) {
    return {id, "logic_error", e.what(), 0};
  } catch (const std::runtime_error& e) {
    return {id, "runtime_error", e.what(), 0};
  } catch (const std::exception& e) {
    return {id, "exception", e.what(), 0};
  } catch (...) {
    return {id, "unknown", "", 0};
  }
}

/// The hooks a server ran, per request id (0 for server-wide hooks). A forked child cannot
/// reach the parent's memory, so when record_children_in() named a file, children append
/// their hooks there ("<id> <hook>" lines, one write(2) each) and of_children() reads them.
class HookLog {
public:
  HookLog() = default;
  HookLog(const HookLog&) = delete;
  HookLog& operator=(const HookLog&) = delete;
  ~HookLog() {
    if (child_fd_ >= 0)
      ::close(child_fd_);
  }

  void add(std::string_view hook, RequestId id) {
    if (::getpid() != owner_) {
      if (child_fd_ >= 0) {
        const std::string line = std::to_string(id) + " " + std::string(hook) + "\n";
        [[maybe_unused]] const auto n = ::write(child_fd_, line.data(), line.size());
      }
      return;
    }
    entries_.change([&](auto& e) { e.emplace_back(id, std::string(hook)); });
  }
  void add_error(HandledError error) {
    if (::getpid() != owner_)
      return; // the forwarded finish event carries the message to the parent
    errors_.change([&](auto& e) { e.push_back(std::move(error)); });
  }

  /// The hooks run for request `id` in this process, in order.
  QStringList of(RequestId id) const {
    return entries_.read([id](const auto& e) {
      QStringList out;
      for (const auto& [entry_id, hook] : e)
        if (entry_id == id)
          out << QString::fromStdString(hook);
      return out;
    });
  }
  int count(std::string_view hook) const {
    return entries_.read([hook](const auto& e) {
      int n = 0;
      for (const auto& entry : e)
        n += entry.second == hook ? 1 : 0;
      return n;
    });
  }
  std::vector<HandledError> errors() const {
    return errors_.read([](const auto& e) { return e; });
  }
  bool wait_errors(std::size_t n) const {
    return errors_.wait([n](const auto& e) { return e.size() >= n; });
  }

  /// Forked children append their hooks to `path` from now on.
  bool record_children_in(const QString& path) {
    child_fd_ = ::open(QFile::encodeName(path).constData(),
                       O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    child_path_ = path;
    return child_fd_ >= 0;
  }
  /// The hooks forked children ran for request `id`, in order.
  QStringList of_children(RequestId id) const {
    QFile file(child_path_);
    QStringList out;
    if (!file.open(QIODevice::ReadOnly))
      return out;
    const QString prefix = QString::number(id) + " ";
    for (const QByteArray& line : file.readAll().split('\n'))
      if (line.startsWith(prefix.toUtf8()))
        out << QString::fromUtf8(line.mid(prefix.size()));
    return out;
  }

private:
  const pid_t owner_ = ::getpid();
  int child_fd_ = -1;
  QString child_path_;
  Guarded<std::vector<std::pair<RequestId, std::string>>> entries_;
  Guarded<std::vector<HandledError>> errors_;
};

/// `Base` (any engine server) with every hook logged in `hooks`, then passed on to the base.
/// handle_error() records the exception instead of printing it. verify_request() refuses
/// while `refuse` is set. Binding and activating go through the virtual hooks, as the header
/// of TCPServer asks of a subclass that overrides them.
template <class Base> class Recording : public Base {
public:
  /// `factory`: a HandlerFactory, or an EventHandlerFactory for the event-driven servers.
  template <class Factory>
  Recording(Address address, Factory factory)
      : Base(std::move(address), std::move(factory), false) {
    this->server_bind();
    this->server_activate();
  }
  /// Request threads and pool workers call our overrides: they must be done before this
  /// part of the object goes. server_close() waits for them (block_on_close).
  ~Recording() override { this->server_close(); }

  HookLog hooks;
  std::atomic<bool> refuse{false};
  std::atomic<long> service_actions_calls{0};
  /// Run on the serving thread before and after each service_actions() of the base (which
  /// reaps a forking server's children); set them before serving.
  std::function<void()> before_service_actions;
  std::function<void()> after_service_actions;

  void server_bind() override {
    hooks.add("server_bind", 0);
    Base::server_bind();
  }
  void server_activate() override {
    hooks.add("server_activate", 0);
    Base::server_activate();
  }
  bool verify_request(Request& request, const Address& client) override {
    hooks.add("verify_request", request.id());
    return !refuse.load() && Base::verify_request(request, client);
  }
  void process_request(Request& request, const Address& client) override {
    hooks.add("process_request", request.id());
    Base::process_request(request, client);
  }
  void finish_request(Request& request, const Address& client) override {
    hooks.add("finish_request", request.id());
    Base::finish_request(request, client);
  }
  void shutdown_request(Request& request) override {
    hooks.add("shutdown_request", request.id());
    Base::shutdown_request(request);
  }
  void close_request(Request& request) override {
    hooks.add("close_request", request.id());
    Base::close_request(request);
  }
  void handle_error(Request& request, const Address&) override {
    hooks.add("handle_error", request.id());
    hooks.add_error(classify(request.id(), std::current_exception()));
  }
  void service_actions() override {
    ++service_actions_calls;
    if (before_service_actions)
      before_service_actions();
    Base::service_actions();
    if (after_service_actions)
      after_service_actions();
  }
  void handle_timeout() override {
    hooks.add("handle_timeout", 0);
    Base::handle_timeout();
  }
};

/// Python's hook order for one request served to its end in this process.
inline const QStringList served_hooks{"verify_request", "process_request", "finish_request",
                                      "shutdown_request", "close_request"};

// ---- Serving ----

/// Ends the process with a message when a blocking step overruns DEADLINE, so a hang fails
/// fast and says where instead of waiting for CTest's timeout.
class Watchdog {
public:
  explicit Watchdog(std::string what, Seconds limit = DEADLINE)
      : what_(std::move(what)), thread_([this, limit] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fprintf(stderr, "FATAL: %s did not finish within %.0f s\n", what_.c_str(),
                         limit.count());
            std::abort();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

private:
  std::string what_;
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

/// serve_forever(poll_interval) on a thread; stop() (also the destructor) shuts the server
/// down and joins, so a failing test never leaves it running. Declare it after the server.
class ServingThread {
public:
  explicit ServingThread(BaseServer& server, Seconds poll_interval = Seconds{0.02})
      : server_(server), thread_([this, poll_interval] {
          try {
            server_.serve_forever(poll_interval);
          } catch (...) {
            error_ = std::current_exception();
          }
        }) {}
  ~ServingThread() { stop(); }
  ServingThread(const ServingThread&) = delete;
  ServingThread& operator=(const ServingThread&) = delete;

  /// shutdown() and join; returns what serve_forever() threw, if anything.
  std::exception_ptr stop() {
    if (thread_.joinable()) {
      Watchdog watchdog("stopping serve_forever()");
      server_.shutdown();
      thread_.join();
    }
    return error_;
  }
  /// Joins a serve_forever() that ends on its own (it threw) without asking for shutdown():
  /// a shutdown() while nothing serves would make the next serve_forever() return at once.
  std::exception_ptr join_ended() {
    if (thread_.joinable()) {
      Watchdog watchdog("serve_forever() ending on its own");
      thread_.join();
    }
    return error_;
  }

private:
  BaseServer& server_;
  std::exception_ptr error_;
  std::thread thread_;
};

/// A factory that builds H(request, client_address, server, extra...) per request: how a
/// handler gets at the test's recorders without globals.
template <class H, class... Extra> HandlerFactory factory(Extra... extra) {
  return [=](Request& request, const Address& client, BaseServer& server) {
    H handler(request, client, server, extra...);
    handler.run();
  };
}

// ---- Clients ----

inline Socket connect_to(const Address& address) {
  return Socket::create_connection(address, DEADLINE);
}
/// Reads until "\n" (kept) or the end of the stream.
inline std::string read_line(Socket& socket) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    std::string chunk = socket.recv(4096);
    if (chunk.empty())
      break;
    line += chunk;
  }
  return line;
}
/// Reads until the peer closes.
inline std::string read_to_end(Socket& socket) {
  std::string all;
  for (std::string chunk; !(chunk = socket.recv(65536)).empty();)
    all += chunk;
  return all;
}
/// Closes a stream client with a reset (SO_LINGER {on, 0}) instead of an orderly end. An
/// orderly close leaves the connection in TIME_WAIT for 60 s on the side that closed first
/// (on both sides when they close at once), holding a port from the ephemeral range: the
/// suites that open thousands of connections would exhaust that range within a few runs in a
/// row ("bind 127.0.0.1:0: port 0 is already in use"). A reset leaves no TIME_WAIT on either
/// side. Only once the exchange a test checks is over: a server that reads after the reset
/// gets ECONNRESET where it would have seen a clean end of stream.
inline void close_abortively(Socket& client) {
  const linger abortive{1, 0};
  // Best effort: without the option the close is an orderly one, as before.
  ::setsockopt(client.fileno(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  client.close();
}
/// Reads what is left until the server ends the connection, then closes the client with a
/// reset: the server is done with the connection (it has shut its side), so the reset only
/// spares both sides their TIME_WAIT. Returns what was left.
inline std::string read_to_end_then_reset(Socket& client) {
  std::string rest = read_to_end(client);
  close_abortively(client);
  return rest;
}

/// Numbers the Unix socket paths the helpers make, so none is used twice.
inline std::atomic<int> unix_path_counter{0};

/// A datagram client for `server`, with DEADLINE on its reads; a Unix one binds a path in
/// `dir` first, or the server could not answer it.
inline Socket datagram_client(const Address& server, const QTemporaryDir& dir) {
  Socket socket(server.family(), SOCK_DGRAM);
  if (server.is_unix())
    socket.bind(Address::unix_path(dir.path().toStdString() + "/client." +
                                   std::to_string(++unix_path_counter)));
  socket.settimeout(DEADLINE);
  return socket;
}

/// True for datagram servers (UDP, Unix datagram, and their mixins).
template <class Server>
inline constexpr bool is_datagram_v = std::is_base_of_v<socketserver::UDPServer, Server>;

/// An address for `Server` that any test may bind: 127.0.0.1:0, or a fresh path in `dir`.
template <class Server> Address any_address(const QTemporaryDir& dir) {
  if constexpr (std::is_base_of_v<socketserver::UnixStreamServer, Server> ||
                std::is_base_of_v<socketserver::UnixDatagramServer, Server>) {
    return Address::unix_path(dir.path().toStdString() + "/server." +
                              std::to_string(++unix_path_counter));
  } else {
    return Address{"127.0.0.1:0"};
  }
}

/// Sends `text` the way `Server`'s clients do (one connection or one datagram) and returns
/// the reply: up to "\n" or the end of the stream, or one datagram.
template <class Server>
std::string exchange(const Server& server, std::string_view text, const QTemporaryDir& dir) {
  if constexpr (is_datagram_v<Server>) {
    Socket client = datagram_client(server.server_address, dir);
    client.sendto(text, server.server_address);
    return client.recv(65536);
  } else {
    Socket client = connect_to(server.server_address);
    client.sendall(text);
    return read_line(client);
  }
}

/// exchange() for the loops that open a connection per request by the thousand, with a server
/// that ends each connection after its reply (socketserver's one request per connection): the
/// client reads to the end of the stream, so the reply is everything the server sent, then
/// leaves with a reset (read_to_end_then_reset), so that the loop leaves no TIME_WAIT behind.
template <class Server>
std::string exchange_to_end(const Server& server, std::string_view text, const QTemporaryDir& dir) {
  if constexpr (is_datagram_v<Server>) {
    return exchange(server, text, dir);
  } else {
    Socket client = connect_to(server.server_address);
    client.sendall(text);
    return read_to_end_then_reset(client);
  }
}

/// Sends `text` (nothing when empty, for a stream) and returns the client, still open, for a
/// request that gets no answer.
template <class Server>
Socket send_only(const Server& server, std::string_view text, const QTemporaryDir& dir) {
  if constexpr (is_datagram_v<Server>) {
    Socket client = datagram_client(server.server_address, dir);
    client.sendto(text, server.server_address);
    return client;
  } else {
    Socket client = connect_to(server.server_address);
    if (!text.empty())
      client.sendall(text);
    return client;
  }
}

/// Runs f(Type<Server>{}) for a server class named as in Python ("ThreadingUDPServer").
template <class T> struct Type { using type = T; };
/// Runs `f`; an exception it lets out fails the current test with its message instead of
/// ending the whole executable.
template <class F> void fail_on_exception(F&& f) {
  try {
    f();
  } catch (const std::exception& error) {
    QTest::qFail(("unexpected exception: " + std::string(error.what())).c_str(), __FILE__,
                 __LINE__);
  }
}
template <class F> bool with_server_class(const QString& name, F&& f) {
  using namespace socketserver;
  auto run = [&f](auto type) { fail_on_exception([&] { f(type); }); };
  if (name == "TCPServer")
    run(Type<TCPServer>{});
  else if (name == "ThreadingTCPServer")
    run(Type<ThreadingTCPServer>{});
  else if (name == "ThreadPoolTCPServer")
    run(Type<ThreadPoolTCPServer>{});
  else if (name == "UnixStreamServer")
    run(Type<UnixStreamServer>{});
  else if (name == "UDPServer")
    run(Type<UDPServer>{});
  else if (name == "ThreadingUDPServer")
    run(Type<ThreadingUDPServer>{});
  else if (name == "ThreadPoolUDPServer")
    run(Type<ThreadPoolUDPServer>{});
  else if (name == "UnixDatagramServer")
    run(Type<UnixDatagramServer>{});
  else
    return false;
  return true;
}
/// The same for the Forking* classes.
template <class F> bool with_forking_server_class(const QString& name, F&& f) {
  using namespace socketserver;
  auto run = [&f](auto type) { fail_on_exception([&] { f(type); }); };
  if (name == "ForkingTCPServer")
    run(Type<ForkingTCPServer>{});
  else if (name == "ForkingUDPServer")
    run(Type<ForkingUDPServer>{});
  else if (name == "ForkingUnixStreamServer")
    run(Type<ForkingUnixStreamServer>{});
  else if (name == "ForkingUnixDatagramServer")
    run(Type<ForkingUnixDatagramServer>{});
  else
    return false;
  return true;
}

// ---- Handlers every suite uses; they work on stream and datagram requests alike ----

/// Upper-cases one line (stream) or the datagram, moving bytes with request.recv() and
/// request.sendall() / request.socket().sendto() — no rfile or wfile.
struct UpperHandler : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    if (request.is_datagram()) {
      request.socket().sendto(upper(request.packet()), client_address);
      return;
    }
    request.socket().settimeout(DEADLINE);
    std::string line;
    while (line.find('\n') == std::string::npos) {
      std::string chunk = request.recv(1024);
      if (chunk.empty())
        break;
      line += chunk;
    }
    request.sendall(upper(line));
  }
};

inline const std::string failure_text = "handler failed on purpose";

/// Reads its line (stream) and throws std::runtime_error(failure_text).
struct FailingHandler : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    if (!request.is_datagram()) {
      request.socket().settimeout(DEADLINE);
      std::string line;
      while (line.find('\n') == std::string::npos) {
        std::string chunk = request.recv(1024);
        if (chunk.empty())
          break;
        line += chunk;
      }
    }
    throw std::runtime_error(failure_text);
  }
};

} // namespace behaviour
