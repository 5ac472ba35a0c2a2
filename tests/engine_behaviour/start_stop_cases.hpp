// Internal header of the engine behaviour suites: the start/stop leak cases, written once as
// templates over the server class, and run by TestStartStopLeaks (threads) and
// TestForkingStartStop (ForkingMixIn, which TSan cannot run).
//
// 1. A server started, used once and stopped, 1 000 times: afterwards this process holds the
//    same descriptors and threads as before, no child, and (outside the sanitizers) no more
//    than a small allocator slack of resident memory.
// 2. A server stopped while 100 clients are mid-request (each sent half a line): every
//    request it accepted is answered in full (the event-driven servers with shutdown_grace
//    set; without it their shutdown ends open connections at once); no reply is corrupted;
//    nothing is left behind.
#pragma once

#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

#include "behaviour_support.hpp"
#include "process_figures.hpp"

namespace behaviour {

/// Resident memory a run may gain without being a leak: allocator arenas and caches.
inline constexpr long resident_slack_kib = 4 * 1024;

/// Upper-cases one line (stream, then closes) or each datagram; the event-driven twin of
/// UpperHandler.
struct UpperLineEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override {
    if (request().is_datagram()) {
      send(upper(std::string(data)));
      return;
    }
    line_ += data;
    if (line_.find('\n') != std::string::npos) {
      send(upper(line_));
      close();
    }
  }

private:
  std::string line_;
};

/// `Server` with a way to see that shutdown() has been asked for.
template <class Server> class Stoppable : public Server {
public:
  using Server::Server;
  /// Request threads make virtual calls on this object until server_close() has joined
  /// them: that must happen before this part of the object goes (as in Recording).
  ~Stoppable() override { this->server_close(); }
  Stoppable(const Stoppable&) = delete;
  Stoppable& operator=(const Stoppable&) = delete;
  bool stop_asked() const noexcept {
    return socketserver::detail::ServerAccess::stop_requested(*this);
  }
};

template <class Server> constexpr bool is_event_server_v = requires(Server& s) {
  s.EventHandlerClass;
};

/// An upper-casing server on a fresh address, with room for 100 waiting clients in every
/// model: a listen backlog of 128, pool queue 128, 128 children.
template <class Server>
std::unique_ptr<Stoppable<Server>> make_upper_server(const QTemporaryDir& dir) {
  std::unique_ptr<Stoppable<Server>> server;
  if constexpr (is_event_server_v<Server>)
    server = std::make_unique<Stoppable<Server>>(
        any_address<Server>(dir), socketserver::event_handler<UpperLineEvents>(), false);
  else
    server = std::make_unique<Stoppable<Server>>(any_address<Server>(dir),
                                                 socketserver::handler<UpperHandler>(), false);
  server->request_queue_size = 128;
  if constexpr (is_event_server_v<Server>)
    server->shutdown_grace = DEADLINE; // let requests already accepted end
  if constexpr (requires(Server & s) { s.pool_queue_size; })
    server->pool_queue_size = 128;
  if constexpr (requires(Server & s) { s.max_children; })
    server->max_children = 128;
  server->server_bind();
  server->server_activate();
  return server;
}

/// One server's life: start, `with_request` one exchange, stop, close, its file removed. The
/// client reads until the server ends the connection, then resets it: a thousand lives in
/// TIME_WAIT would hold a thousand ephemeral ports for a minute (exchange_to_end).
template <class Server> std::string one_life(const QTemporaryDir& dir, bool with_request) {
  auto server = make_upper_server<Server>(dir);
  const std::string path = server->server_address.is_unix() ? server->server_address.path() : "";
  std::string reply;
  {
    ServingThread serving(*server);
    if (with_request)
      reply = exchange_to_end(*server, "ping\n", dir);
  }
  server.reset();
  if (!path.empty())
    ::unlink(path.c_str());
  return reply;
}

/// `rest`: the process's figures before any server ran (settled_figures()).
template <class Server>
void start_stop_many_times(const QTemporaryDir& dir, const ProcessFigures& rest, int lives) {
  for (int i = 0; i < 20; ++i) // warm-up: first-use allocations are not growth
    QCOMPARE(bytes(one_life<Server>(dir, true)), QByteArray("PING\n"));
  const ProcessFigures before = settled_figures(rest);

  const auto start = Clock::now();
  for (int i = 0; i < lives; ++i) {
    const std::string reply = one_life<Server>(dir, true);
    if (reply != "PING\n")
      QFAIL(qPrintable(QString("life %1: reply '%2'").arg(i).arg(QString::fromStdString(reply))));
  }
  const double elapsed = ms_since(start);

  const ProcessFigures after = settled_figures(rest, before.descriptors);
  qInfo("%d lives in %.0f ms; before: %s; after: %s", lives, elapsed, qPrintable(before.text()),
        qPrintable(after.text()));
  QCOMPARE(after.descriptors, before.descriptors);
  QCOMPARE(after.threads, before.threads);
  QVERIFY2(no_child_processes(), "every child was reaped");
  if (resident_memory_meaningful)
    QVERIFY2(after.resident_kib - before.resident_kib <= resident_slack_kib,
             qPrintable("resident memory grew: " + before.text() + " -> " + after.text()));
}

/// The reply to a request, or "" when the connection was reset or closed before one.
inline std::string reply_or_nothing(Socket& client) {
  try {
    return read_line(client);
  } catch (const socketserver::SocketError&) {
    return {};
  }
}

/// `rest`: the process's figures before any server ran (settled_figures()).
template <class Server>
void stop_with_clients_mid_request(const QTemporaryDir& dir, const ProcessFigures& rest,
                                   int clients) {
  one_life<Server>(dir, true); // warm-up
  const ProcessFigures before = settled_figures(rest);
  // The synchronous server holds one request at a time; the others wait in the backlog.
  constexpr bool one_at_a_time = std::is_same_v<Server, socketserver::TCPServer> ||
                                 std::is_same_v<Server, socketserver::UnixStreamServer>;
  {
    RecordingObserver observer;
    auto server = make_upper_server<Server>(dir);
    // The pool serves pool_size of them at a time; the others wait in its queue.
    int in_hand = one_at_a_time ? 1 : clients;
    if constexpr (requires(Server & s) { s.pool_size; })
      in_hand = std::min(in_hand, int(server->pool_size));
    server->set_observer(&observer);
    auto serving = std::make_unique<ServingThread>(*server);

    std::vector<Socket> sockets;
    for (int i = 0; i < clients; ++i) {
      sockets.push_back(connect_to(server->server_address));
      sockets.back().sendall("request " + std::to_string(i) + " ");
    }
    QVERIFY(observer.wait([in_hand](const std::vector<Observed>& e) {
      return std::count_if(e.begin(), e.end(), [](const Observed& x) {
               return x.kind == Observed::Kind::Received;
             }) >= in_hand;
    }));

    std::jthread stopper([&] { // joins even when a check below returns early
      serving.reset();         // shutdown(): waits for the synchronous server's request to end
      server->server_close();
    });
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(DEADLINE);
    // Asked for, or already done (serve_forever() clears the request as it returns).
    const auto stopping = [&] { return server->stop_asked() || !server->serving(); };
    while (!stopping() && Clock::now() < deadline)
      std::this_thread::yield();
    QVERIFY2(stopping(), "shutdown() was not asked for in time");

    int answered = 0;
    for (int i = 0; i < clients; ++i) {
      const std::string expected = upper("request " + std::to_string(i) + " end\n");
      try {
        sockets[i].sendall("end\n");
      } catch (const socketserver::SocketError&) {
        // not accepted, and the listening socket is gone: reset
      }
      const std::string reply = reply_or_nothing(sockets[i]);
      if (reply.empty())
        continue;
      QCOMPARE(bytes(reply), bytes(expected)); // never a corrupted or partial reply
      ++answered;
    }
    stopper.join();
    // The server is closed and done with every connection: a reset spares each its TIME_WAIT.
    for (Socket& socket : sockets)
      close_abortively(socket);
    sockets.clear();

    QVERIFY(observer.wait_finished(observer.opened_ids().size()));
    const auto opened = observer.opened_ids();
    int completed = 0;
    for (const RequestId id : opened)
      completed += observer.finish(id)->outcome == RequestOutcome::Completed ? 1 : 0;
    qInfo("%d clients: %zu accepted, %d answered, %d completed", clients, opened.size(), answered,
          completed);
    QVERIFY(int(opened.size()) >= in_hand);
    // Nothing accepted is lost: every request the server took is answered in full.
    QCOMPARE(answered, int(opened.size()));
    QCOMPARE(completed, answered);
    QCOMPARE(server->fileno(), -1);
  }
  const ProcessFigures after = settled_figures(rest, before.descriptors);
  qInfo("before: %s; after: %s", qPrintable(before.text()), qPrintable(after.text()));
  QCOMPARE(after.descriptors, before.descriptors);
  QCOMPARE(after.threads, before.threads);
  QVERIFY2(no_child_processes(), "every child was reaped");
  if (resident_memory_meaningful)
    QVERIFY2(after.resident_kib - before.resident_kib <= resident_slack_kib,
             qPrintable("resident memory grew: " + before.text() + " -> " + after.text()));
}

} // namespace behaviour
