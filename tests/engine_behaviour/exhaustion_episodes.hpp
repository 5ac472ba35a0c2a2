// Internal header of the engine behaviour suites: a server run out of descriptors again and
// again within one serve_forever(), then asked to serve normally.
//
// Each episode takes every descriptor number (AllDescriptorsTaken), and connects
// clients (their sockets exist already: connecting takes no new descriptor). The server cannot
// accept them: it frees its reserve descriptor to take each one and close it (the client is
// refused at once), pauses accepting, and resumes — in the event family by watching the
// listening socket again. Five episodes of three refusals each, then descriptors come back
// and a client is served. A server whose bookkeeping grows with each pause (the event loop's
// watched descriptors once did, past a fixed array) corrupts memory here; ASan says where.
// Over TLS (a TLS row) the refused clients are TLS clients whose handshake must fail at once,
// and the server must handshake normally once descriptors are back.
#pragma once

#include <memory>
#include <vector>

#include "descriptor_limits.hpp"
#include "model_cases.hpp"
#include "peer_clients.hpp"

namespace behaviour {

/// Echoes every chunk until the peer leaves: an accepted client holds its descriptor.
struct HoldingEcho : socketserver::BaseRequestHandler {
  using BaseRequestHandler::BaseRequestHandler;
  void handle() override {
    request.socket().settimeout(DEADLINE);
    for (std::string data; !(data = request.recv(4096)).empty();)
      request.sendall(data);
  }
};

/// The event-driven twin.
struct HoldingEchoEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override { send(data); }
};

inline constexpr int exhaustion_episodes = 5;
inline constexpr int refusals_per_episode = 3;

/// The pauses `observer` heard of: each refusal is followed by one, reported once the server
/// has its reserve descriptor back.
inline int pauses_in(const std::vector<Observed>& events) {
  int pauses = 0;
  for (const Observed& event : events)
    pauses += event.kind == Observed::Kind::Notice &&
              event.data.find("pausing accept") != std::string::npos;
  return pauses;
}

/// One episode: `clients` connect while no descriptor is free; each must be refused (end of
/// stream or reset; a TLS client's handshake fails), none left waiting. The limit is raised
/// again only once the server took its reserve back: a descriptor of ours opened before that
/// could take its number.
inline void refused_while_exhausted(const Address& server, int clients,
                                    const RecordingObserver& observer, bool tls = false) {
  const int pauses_before = pauses_in(observer.events());
  std::vector<std::unique_ptr<PeerClient>> peers; // sockets (and TLS sessions) made now
  for (int i = 0; i < clients; ++i)
    peers.push_back(make_peer(server, tls));
  {
    const AllDescriptorsTaken exhausted;
    for (const auto& peer : peers) {
      peer->connect(server);
      try {
        peer->begin();
        peer->send("ping\n");
        QCOMPARE(bytes(peer->read_line()), QByteArray()); // closed without an answer
      } catch (const socketserver::TimeoutError&) {
        QFAIL("a client was left waiting: neither served nor refused");
      } catch (const socketserver::SocketError&) {
        // reset: the server closed it with our ping (or our TLS hello) unread
      }
    }
    QVERIFY(observer.wait([&](const std::vector<Observed>& events) {
      return pauses_in(events) >= pauses_before + clients;
    }));
  }
  for (const auto& peer : peers)
    peer->reset();
}

/// One line echoed on a connection of its own, which then ends from both sides: the end of
/// stream, not just our close, since a forked child serving it holds a copy of this very
/// descriptor too (it was forked from this process).
template <class Server> void echoed_then_ended(const Address& server, bool tls) {
  const auto client = connect_peer(server, tls, 0, wait_for_child_if_forking<Server>());
  client->send("echo\n");
  QCOMPARE(bytes(client->read_line()), QByteArray("echo\n"));
  client->end_writing();
  QCOMPARE(bytes(client->read_to_end()), QByteArray());
  client->reset();
}

/// Recording<Server> with HoldingEcho (its event twin for the event family), over TLS for a
/// TLS row.
template <class Server>
std::unique_ptr<Recording<Server>> make_holding_server(const QTemporaryDir& dir,
                                                       std::size_t event_loops, bool tls) {
  if constexpr (is_event_v<Server>) {
    auto server = make_peer_server<Server>(
        tls, any_address<Server>(dir), socketserver::event_handler<HoldingEchoEvents>(), DEADLINE);
    server->event_loops = event_loops;
    return server;
  } else {
    return make_peer_server<Server>(tls, any_address<Server>(dir),
                                    socketserver::handler<HoldingEcho>(), DEADLINE);
  }
}

template <class Server>
void serves_after_exhaustion_episodes(std::size_t event_loops, bool tls = false) {
  QTemporaryDir dir;
  RecordingObserver observer; // outlives the server, which reports until it is gone
  auto server = make_holding_server<Server>(dir, event_loops, tls);
  server->set_observer(&observer);
  ServingThread serving(*server);
  { // serving() is true before the event loops exist (they need descriptors): one exchange
    // proves the server is ready before any descriptor is taken away
    echoed_then_ended<Server>(server->server_address, tls);
    // Its descriptor on the server's side is closed before its end is reported: a number
    // freed after the limit was computed would let a client in.
    QVERIFY(observer.wait_finished(1));
  }
  for (int episode = 0; episode < exhaustion_episodes; ++episode) {
    refused_while_exhausted(server->server_address, refusals_per_episode, observer, tls);
    if (QTest::currentTestFailed()) {
      qWarning("episode %d; the server's notices:\n%s", episode,
               qPrintable(observer.notices().join('\n')));
      return;
    }
  }
  QVERIFY(observer.notices().filter("too many open files").size() >=
          exhaustion_episodes * refusals_per_episode);
  // A refusal is progress: the pause after it starts again from the shortest (10 ms) rather
  // than doubling from episode to episode until accepting sleeps for a second at a time.
  QVERIFY2(observer.notices().filter("pausing accept for 10 ms").size() >=
               exhaustion_episodes * refusals_per_episode,
           qPrintable(observer.notices().join('\n')));
  echoed_then_ended<Server>(server->server_address, tls); // served again (after its back-off)
  QVERIFY(serving.stop() == nullptr);
}

/// A server made while only three descriptors were free has its wake pipe and listening
/// socket but no reserve.
/// Its next accepted connection takes the reserve back, so that the next time descriptors
/// run out it can still refuse clients at once instead of leaving them waiting.
template <class Server> void reserve_taken_back_after_it_was_lost() {
  QTemporaryDir dir;
  RecordingObserver observer;
  const Address address = any_address<Server>(dir);
  std::unique_ptr<Server> server;
  {
    DescriptorLimit limit(limit_leaving_room(3)); // wake pipe and listening socket, no reserve
    server = std::make_unique<Server>(address, socketserver::handler<HoldingEcho>());
  }
  server->set_observer(&observer);
  ServingThread serving(*server);
  echoed_then_ended<Server>(server->server_address, false);
  QVERIFY(observer.wait_finished(1));
  refused_while_exhausted(server->server_address, 1, observer); // waits: no reserve
  QVERIFY(serving.stop() == nullptr);
}

} // namespace behaviour
