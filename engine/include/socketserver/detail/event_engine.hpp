// Internal header. EventEngine: the non-template heart of EventMixIn — its loops, the
// serving loop that accepts, and the request hooks the loops call on the server.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "socketserver/address.hpp"
#include "socketserver/event_handler.hpp"
#include "socketserver/observer.hpp"
#include "socketserver/request.hpp"
#include "socketserver/socket.hpp"

namespace socketserver {
class BaseServer;
}

namespace socketserver::detail {

class EventLoop;

/// EventMixIn's attributes, as the engine reads them when serving begins.
struct EventSettings {
  std::size_t loops = 1;
  std::optional<Seconds> idle_timeout;
  std::size_t max_output_buffer = std::size_t{4} * 1024 * 1024;
  std::optional<Seconds> shutdown_grace;
};

class EventEngine {
public:
  EventEngine(BaseServer& server, const EventHandlerFactory& factory);
  EventEngine(const EventEngine&) = delete;
  EventEngine& operator=(const EventEngine&) = delete;
  ~EventEngine();

  /// serve_forever()'s loop for stream servers: accepts on the serving thread, serves on
  /// settings.loops loops (the serving thread's and loops - 1 threads). When shutdown()
  /// stops it, stops accepting, lets open connections end on their own for up to
  /// settings.shutdown_grace, then ends the rest.
  void serve(Seconds poll_interval, const EventSettings& settings);
  /// process_request() of a stream server: hands the request to a loop (round robin), or,
  /// outside serve_forever() (handle_request()), serves it to its end here.
  void adopt(Request& request, const Address& client, const EventSettings& settings);
  /// finish_request() of a datagram server: one handler for the datagram, run here.
  void run_datagram(Request& request, const Address& client);

  // ---- For the loops and connections ----
  BaseServer& server() const noexcept { return server_; }
  ServerObserver* observer() const noexcept;
  const EventSettings& settings() const noexcept { return settings_; }
  std::unique_ptr<EventHandler> make_handler() const;
  /// handle_error() for the exception being handled; returns the outcome's detail text.
  std::string handle_error(Request& request, const Address& client) const;
  /// shutdown_request() then the finished event; a throwing shutdown_request() turns a
  /// completed outcome into an error.
  void end_request(Request& request, RequestOutcome outcome, std::string detail) const;

private:
  void stop_loops() noexcept;
  void drain_connections(const std::function<void(const void*)>& on_watched);
  void accept_burst();
  int serving_timeout_ms(Seconds poll_interval) const;

  BaseServer& server_;
  const EventHandlerFactory& factory_;
  EventSettings settings_;
  std::vector<std::unique_ptr<EventLoop>> loops_; // loops_[0] runs on the serving thread
  std::vector<std::thread> threads_;
  std::size_t next_loop_ = 0;
  /// Stream connections adopted and not yet ended (any loop's thread ends them).
  mutable std::atomic<std::size_t> open_connections_{0};
  bool listening_watched_ = false;
  const char listen_tag_ = 0;
  const char wakeup_tag_ = 0;
};

} // namespace socketserver::detail
