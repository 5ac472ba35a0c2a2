// socketserver-bench: the load generator of issue 4. Epoll, one thread per core (or --threads),
// each owning a share of the connections ("slots"); every slot keeps one request in flight and
// times it, so requests/s and latency come from the same closed loop as Python's benchmarks.
//
//   socketserver-bench MODE ADDRESS [--connections N] [--size BYTES] [--duration S]
//                      [--warmup S] [--threads T] [--timeout-ms MS] [--server-pid PID] [--json]
//   MODE: tcp-pingpong unix-pingpong tcp-connect udp-pingpong unixdgram-pingpong
//
// With --json it also reports the whole run's totals (warm-up included): all_requests,
// bytes_sent, bytes_received, connections_opened, and unanswered. A persistent stream stops
// sending when the run ends and reads the replies still on their way (for at most 2 s), so
// these are what the server must have counted (bench/flood/external_flood.py checks them).
//
// Safety: only loopback IP literals or Unix paths are accepted, and time is capped at 60 s, so
// the tool cannot be turned on another machine.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string mode, address;
  int connections = 16, threads = 0, size = 16, timeout_ms = 200;
  double duration = 5, warmup = 1;
  long server_pid = 0;
  bool json = false;
};

struct Target {
  sockaddr_storage addr{};
  socklen_t len = 0;
  int family = 0;
  bool stream = true, connect_per_request = false;
};

[[noreturn]] void die(const std::string& why, int status = 2) {
  std::cerr << "socketserver-bench: " << why << '\n';
  std::exit(status);
}

// Loopback literals only (no name resolution): 127.0.0.0/8 or ::1.
Target parse_target(const Options& o) {
  Target t;
  const std::string& m = o.mode;
  const bool want_unix = m == "unix-pingpong" || m == "unixdgram-pingpong";
  if (m != "tcp-pingpong" && m != "tcp-connect" && m != "udp-pingpong" && !want_unix)
    die("unknown mode '" + m + "'");
  t.stream = m == "tcp-pingpong" || m == "tcp-connect" || m == "unix-pingpong";
  t.connect_per_request = m == "tcp-connect";
  if (want_unix) {
    std::string path = o.address.rfind("unix:", 0) == 0 ? o.address.substr(5) : o.address;
    sockaddr_un un{};
    if (path.empty() || path[0] != '/' || path.size() >= sizeof un.sun_path)
      die("mode " + m + " needs an absolute Unix socket path");
    un.sun_family = AF_UNIX;
    std::memcpy(un.sun_path, path.c_str(), path.size() + 1);
    std::memcpy(&t.addr, &un, sizeof un);
    t.len = sizeof un;
    t.family = AF_UNIX;
    return t;
  }
  const auto colon = o.address.rfind(':');
  if (colon == std::string::npos)
    die("address must be HOST:PORT");
  std::string host = o.address.substr(0, colon);
  const int port = std::atoi(o.address.c_str() + colon + 1);
  if (port <= 0 || port > 65535)
    die("bad port in '" + o.address + "'");
  if (host.size() > 2 && host.front() == '[')
    host = host.substr(1, host.size() - 2);
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    if ((ntohl(v4.sin_addr.s_addr) >> 24) != 127)
      die("refusing non-loopback address " + host);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&t.addr, &v4, sizeof v4);
    t.len = sizeof v4;
    t.family = AF_INET;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr))
      die("refusing non-loopback address " + host);
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&t.addr, &v6, sizeof v6);
    t.len = sizeof v6;
    t.family = AF_INET6;
  } else {
    die("'" + host + "' is not an IP literal (names are not resolved: loopback only)");
  }
  return t;
}

/// One in-flight request. The first 8 bytes of every message carry a sequence number so a
/// late UDP reply to a request already counted lost is recognised and dropped.
struct Slot {
  int fd = -1;
  uint64_t seq = 0;
  std::size_t got = 0;     // bytes of the current reply received (stream)
  bool connecting = false; // non-blocking connect in progress
  bool read_only = false;  // epoll interest already EPOLLIN alone: no epoll_ctl per request
  bool in_flight = false;  // a request sent and its reply not complete yet
  bool blocked = false;    // datagram send hit a full peer queue: waiting for EPOLLOUT
  Clock::time_point sent;
  Clock::time_point retry_at; // after a failure: re-open then, not at once (no spin, no recursion)
  std::string client_path; // unixdgram: our bound path, the server's reply address
};

struct Result {
  uint64_t requests = 0, errors = 0, lost = 0;
  // Over the whole run, warm-up and the final drain included: what the server must have
  // counted (a console's exact counters are checked against these).
  uint64_t all_requests = 0, bytes_sent = 0, bytes_received = 0, connections = 0;
  uint64_t unanswered = 0; // requests still without a reply when the connections closed
  std::vector<uint32_t> latencies_us;
};

class Worker {
public:
  Worker(const Options& o, const Target& t, int slots, int id)
      : o_(o), t_(t), slots_(static_cast<std::size_t>(slots)), id_(id),
        buf_(static_cast<std::size_t>(std::max(o.size, 8)) + 65536),
        msg_(static_cast<std::size_t>(o.size), 'x') {}

  void run(Clock::time_point measure_from, Clock::time_point stop_at) {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0)
      die(std::string{"epoll_create1: "} + std::strerror(errno), 1);
    for (std::size_t i = 0; i < slots_.size(); ++i)
      open_slot(i);
    measure_from_ = measure_from;
    std::vector<epoll_event> events(256);
    while (Clock::now() < stop_at) {
      // Wake at least every 10 ms to notice lost datagrams and the end of the run.
      const int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), 10);
      for (int k = 0; k < n; ++k)
        on_event(events[static_cast<std::size_t>(k)].data.u64, events[static_cast<std::size_t>(k)].events);
      if (!t_.stream)
        resend_lost();
      reopen_failed();
    }
    drain(events);
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      result.unanswered += slots_[i].fd >= 0 && slots_[i].in_flight ? 1 : 0;
      close_slot(i, false);
    }
    close(ep_);
  }

  Result result;

private:
  bool measuring(Clock::time_point now) const { return now >= measure_from_; }

  /// Persistent streams: no new request after the run; the replies on their way are read
  /// (for at most 2 s), so that what was sent and received is what the server counted.
  void drain(std::vector<epoll_event>& events) {
    if (!t_.stream || t_.connect_per_request)
      return;
    draining_ = true;
    const auto give_up = Clock::now() + std::chrono::seconds(2);
    const auto waiting = [this] {
      return std::any_of(slots_.begin(), slots_.end(),
                         [](const Slot& s) { return s.fd >= 0 && s.in_flight; });
    };
    while (waiting() && Clock::now() < give_up) {
      const int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), 10);
      for (int k = 0; k < n; ++k)
        on_event(events[static_cast<std::size_t>(k)].data.u64,
                 events[static_cast<std::size_t>(k)].events);
    }
  }

  void open_slot(std::size_t i) {
    Slot& s = slots_[i];
    const int type = (t_.stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
    s.fd = socket(t_.family, type, 0);
    if (s.fd < 0)
      die(std::string{"socket: "} + std::strerror(errno), 1);
    if (t_.family != AF_UNIX && t_.stream) {
      const int one = 1; // ping-pong of small messages: Nagle would add 40 ms delays
      setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    if (!t_.stream && t_.family == AF_UNIX) {
      // An unbound Unix datagram socket cannot be answered: bind each slot to its own path.
      sockaddr_un un{};
      un.sun_family = AF_UNIX;
      s.client_path = "/tmp/ssbench-" + std::to_string(getpid()) + "-" + std::to_string(id_) +
                      "-" + std::to_string(i) + ".sock";
      unlink(s.client_path.c_str());
      std::memcpy(un.sun_path, s.client_path.c_str(), s.client_path.size() + 1);
      if (bind(s.fd, reinterpret_cast<sockaddr*>(&un), sizeof un) != 0)
        die("bind " + s.client_path + ": " + std::strerror(errno), 1);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    epoll_ctl(ep_, EPOLL_CTL_ADD, s.fd, &ev);
    s.read_only = false;
    s.sent = Clock::now(); // tcp-connect: latency includes the connect
    s.got = 0;
    s.in_flight = false;
    if (connect(s.fd, reinterpret_cast<const sockaddr*>(&t_.addr), t_.len) == 0) {
      s.connecting = false;
      result.connections += t_.stream ? 1 : 0;
      send_request(i);
    } else if (errno == EINPROGRESS || (errno == EAGAIN && t_.family != AF_UNIX)) {
      s.connecting = true; // wait for EPOLLOUT
    } else {
      fail(i);
    }
  }

  void close_slot(std::size_t i, bool reset) {
    Slot& s = slots_[i];
    if (s.fd < 0)
      return;
    if (reset) {
      // tcp-connect: an RST close leaves no TIME_WAIT, so the ephemeral ports last the run.
      const linger l{1, 0};
      setsockopt(s.fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    epoll_ctl(ep_, EPOLL_CTL_DEL, s.fd, nullptr);
    close(s.fd);
    s.fd = -1;
    if (!s.client_path.empty())
      unlink(s.client_path.c_str());
  }

  // A refused or reset connection is an error; the slot retries 10 ms later from the loop, so
  // a dead server costs ~100 errors/s per slot instead of a busy loop (or unbounded recursion).
  void fail(std::size_t i) {
    const auto now = Clock::now();
    if (measuring(now))
      ++result.errors;
    close_slot(i, true);
    slots_[i].retry_at = now + std::chrono::milliseconds(10);
  }

  void reopen_failed() {
    const auto now = Clock::now();
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].fd < 0 && now >= slots_[i].retry_at)
        open_slot(i);
  }

  void interest(std::size_t i, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = i;
    epoll_ctl(ep_, EPOLL_CTL_MOD, slots_[i].fd, &ev);
  }

  // retry: the same request again after EAGAIN; its latency still counts from the first try.
  void send_request(std::size_t i, bool retry = false) {
    Slot& s = slots_[i];
    if (!retry)
      ++s.seq;
    if (msg_.size() >= 8)
      std::memcpy(msg_.data(), &s.seq, 8);
    s.sent = t_.connect_per_request || retry ? s.sent : Clock::now();
    s.got = 0;
    // Small messages fit the socket buffer: one send; a short write is counted an error.
    const ssize_t n = send(s.fd, msg_.data(), msg_.size(), MSG_NOSIGNAL);
    if (n > 0) {
      result.bytes_sent += static_cast<uint64_t>(n);
      s.in_flight = true;
    }
    if (n != static_cast<ssize_t>(msg_.size())) {
      // A datagram socket stays: a full Unix queue (EAGAIN) or an ICMP refusal only loses this
      // request, which the timeout re-sends. Re-opening would orphan the server's reply path.
      if (t_.stream)
        return fail(i);
      if (errno == EAGAIN) {
        // A Unix datagram peer's queue is short (net.unix.max_dgram_qlen, often 10): wait
        // until it has room rather than time out and count the request lost.
        s.blocked = true;
        s.read_only = false;
        return interest(i, EPOLLIN | EPOLLOUT);
      }
      if (errno != ENOBUFS && measuring(Clock::now()))
        ++result.errors;
    }
    s.blocked = false;
    if (!s.read_only) {
      interest(i, EPOLLIN);
      s.read_only = true;
    }
  }

  void on_event(uint64_t i, uint32_t events) {
    Slot& s = slots_[i];
    if (s.fd < 0)
      return;
    if (s.blocked) {
      if (events & EPOLLOUT)
        send_request(i, true);
      return;
    }
    if (s.connecting) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0 || (events & (EPOLLERR | EPOLLHUP)))
        return fail(i);
      if (!(events & EPOLLOUT))
        return;
      s.connecting = false;
      ++result.connections;
      return send_request(i);
    }
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
      return;
    const ssize_t n = recv(s.fd, buf_.data(), buf_.size(), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return;
    if (!t_.stream && n < 0) {
      if (measuring(Clock::now()))
        ++result.errors; // e.g. ECONNREFUSED: nobody bound; the timeout re-sends
      return;
    }
    if (n > 0)
      result.bytes_received += static_cast<uint64_t>(n);
    if (n <= 0)
      return fail(i); // reset, or the server closed a persistent connection
    if (!t_.stream) {
      uint64_t seq = 0;
      if (n >= 8)
        std::memcpy(&seq, buf_.data(), 8);
      if (o_.size >= 8 && seq != s.seq)
        return; // a late reply to a request already counted lost
      return complete(i);
    }
    s.got += static_cast<std::size_t>(n);
    if (s.got >= static_cast<std::size_t>(o_.size))
      complete(i);
  }

  void complete(std::size_t i) {
    Slot& s = slots_[i];
    const auto now = Clock::now();
    ++result.all_requests;
    s.in_flight = false;
    if (draining_)
      return;
    if (measuring(now) && s.sent >= measure_from_) {
      ++result.requests;
      result.latencies_us.push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(now - s.sent).count()));
    }
    if (t_.connect_per_request) {
      close_slot(i, true);
      open_slot(i);
    } else {
      send_request(i);
    }
  }

  void resend_lost() {
    const auto now = Clock::now();
    const auto timeout = std::chrono::milliseconds(o_.timeout_ms);
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].fd >= 0 && !slots_[i].blocked && now - slots_[i].sent > timeout) {
        if (measuring(now))
          ++result.lost;
        send_request(i);
      }
  }

  const Options& o_;
  const Target& t_;
  std::vector<Slot> slots_;
  int id_;
  int ep_ = -1;
  std::vector<char> buf_;
  std::string msg_; // the request, reused: only its sequence number changes
  Clock::time_point measure_from_;
  bool draining_ = false;
};

struct ProcSample {
  double cpu_s = 0; // user + system, including waited-for children (forking servers)
  long rss_kb = 0;
  bool ok = false;
};

ProcSample sample_process(long pid) {
  ProcSample p;
  if (pid <= 0)
    return p;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return p;
  // Fields after the ")" that ends comm: state is field 3; utime..cstime are 14..17.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::vector<std::string> f{std::istream_iterator<std::string>{rest}, {}};
  if (f.size() < 15)
    return p;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (std::size_t k = 11; k <= 14; ++k) // utime, stime, cutime, cstime
    p.cpu_s += std::stod(f[k]) / tick;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      p.rss_kb = std::atol(line.c_str() + 6);
  p.ok = true;
  return p;
}

Options parse(int argc, char* argv[]) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc)
        die(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--connections") o.connections = std::stoi(next());
      else if (a == "--size") o.size = std::stoi(next());
      else if (a == "--duration") o.duration = std::stod(next());
      else if (a == "--warmup") o.warmup = std::stod(next());
      else if (a == "--threads") o.threads = std::stoi(next());
      else if (a == "--timeout-ms") o.timeout_ms = std::stoi(next());
      else if (a == "--server-pid") o.server_pid = std::stol(next());
      else if (a == "--json") o.json = true;
      else if (!a.empty() && a[0] == '-') die("unknown option " + a);
      else positional.push_back(a);
    } catch (const std::logic_error&) {
      die("bad value for " + a);
    }
  }
  if (positional.size() != 2)
    die("usage: socketserver-bench MODE ADDRESS [--connections N] [--size BYTES] "
        "[--duration S] [--warmup S] [--threads T] [--timeout-ms MS] [--server-pid PID] "
        "[--json]");
  o.mode = positional[0];
  o.address = positional[1];
  // Bounded in count and time: the tool must not become a flood generator.
  if (o.connections < 1 || o.connections > 20000) die("--connections must be 1..20000");
  if (o.size < 1 || o.size > 60000) die("--size must be 1..60000");
  if (o.duration <= 0 || o.duration > 60) die("--duration must be in (0, 60] seconds");
  if (o.warmup < 0 || o.warmup > 10) die("--warmup must be in [0, 10] seconds");
  if (o.timeout_ms < 1 || o.timeout_ms > 10000) die("--timeout-ms must be 1..10000");
  return o;
}

} // namespace

int main(int argc, char* argv[]) {
  const Options o = parse(argc, argv);
  const Target target = parse_target(o);
  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, o.connections);

  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(o.warmup));
  const auto stop_at = measure_from + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(o.duration));
  std::vector<Worker> workers;
  workers.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t)
    workers.emplace_back(o, target, o.connections / threads + (t < o.connections % threads), t);
  std::vector<std::thread> running;
  for (auto& w : workers)
    running.emplace_back([&w, measure_from, stop_at] { w.run(measure_from, stop_at); });

  std::this_thread::sleep_until(measure_from);
  const ProcSample before = sample_process(o.server_pid);
  std::this_thread::sleep_until(stop_at);
  const ProcSample after = sample_process(o.server_pid);
  for (auto& th : running)
    th.join();

  Result total;
  for (auto& w : workers) {
    total.requests += w.result.requests;
    total.errors += w.result.errors;
    total.lost += w.result.lost;
    total.all_requests += w.result.all_requests;
    total.bytes_sent += w.result.bytes_sent;
    total.bytes_received += w.result.bytes_received;
    total.connections += w.result.connections;
    total.unanswered += w.result.unanswered;
    total.latencies_us.insert(total.latencies_us.end(), w.result.latencies_us.begin(),
                              w.result.latencies_us.end());
  }
  auto& l = total.latencies_us;
  std::sort(l.begin(), l.end());
  auto pct = [&l](double q) -> uint32_t {
    return l.empty() ? 0 : l[std::min(l.size() - 1, static_cast<std::size_t>(q * static_cast<double>(l.size())))];
  };
  const double rps = static_cast<double>(total.requests) / o.duration;
  const bool have_server = before.ok && after.ok;
  const double cpu = have_server ? after.cpu_s - before.cpu_s : 0;

  char line[768];
  if (o.json) {
    std::snprintf(line, sizeof line,
                  "{\"mode\":\"%s\",\"connections\":%d,\"size\":%d,\"threads\":%d,"
                  "\"duration_s\":%.3f,\"requests\":%llu,\"rps\":%.1f,\"p50_us\":%u,"
                  "\"p99_us\":%u,\"max_us\":%u,\"errors\":%llu,\"lost\":%llu,"
                  "\"server_cpu_s\":%s,\"server_rss_kb\":%s,\"all_requests\":%llu,"
                  "\"bytes_sent\":%llu,\"bytes_received\":%llu,\"connections_opened\":%llu,"
                  "\"unanswered\":%llu}",
                  o.mode.c_str(), o.connections, o.size, threads, o.duration,
                  static_cast<unsigned long long>(total.requests), rps, pct(0.5), pct(0.99),
                  l.empty() ? 0u : l.back(), static_cast<unsigned long long>(total.errors),
                  static_cast<unsigned long long>(total.lost),
                  have_server ? std::to_string(cpu).c_str() : "null",
                  have_server ? std::to_string(after.rss_kb).c_str() : "null",
                  static_cast<unsigned long long>(total.all_requests),
                  static_cast<unsigned long long>(total.bytes_sent),
                  static_cast<unsigned long long>(total.bytes_received),
                  static_cast<unsigned long long>(total.connections),
                  static_cast<unsigned long long>(total.unanswered));
    std::cout << line << '\n';
  } else {
    std::snprintf(line, sizeof line,
                  "%s %s conns=%d size=%d threads=%d: %.0f req/s, p50 %u us, p99 %u us, "
                  "max %u us, errors %llu, lost %llu",
                  o.mode.c_str(), o.address.c_str(), o.connections, o.size, threads, rps,
                  pct(0.5), pct(0.99), l.empty() ? 0u : l.back(),
                  static_cast<unsigned long long>(total.errors),
                  static_cast<unsigned long long>(total.lost));
    std::cout << line;
    if (have_server)
      std::cout << ", server cpu " << cpu << " s (" << 100 * cpu / o.duration << " %), rss "
                << after.rss_kb << " KB";
    std::cout << '\n';
  }
  return 0;
}
