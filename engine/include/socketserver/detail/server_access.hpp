// Internal header. ServerAccess: the one door through which the engine's own mixins and the
// event engine reach BaseServer's internals (the serving loop's parts, reporting, the wake-up
// pipe). User subclasses see Python's hooks and nothing else; this door is for the engine.
#pragma once

#include <optional>
#include <string_view>

#include "socketserver/base_server.hpp"
#include "socketserver/detail/deadline.hpp"

namespace socketserver::detail {

class ServerAccess {
public:
  static bool handle_request_noblock(BaseServer& server) { return server.handle_request_noblock(); }
  /// BaseServer's own serving loop (for a mixin whose serve_loop() falls back on it).
  static void base_serve_loop(BaseServer& server, Seconds poll_interval) {
    server.BaseServer::serve_loop(poll_interval);
  }
  static bool stop_requested(const BaseServer& server) noexcept {
    return server.shutdown_request_.load();
  }
  static int wakeup_fileno(const BaseServer& server) noexcept { return server.wakeup_read_.get(); }
  /// Empties the wake-up pipe; a stop asked there is recorded.
  static bool take_wakeup(BaseServer& server) noexcept {
    if (!server.take_wakeup())
      return false;
    server.shutdown_request_ = true; // a forked child's shutdown() asks only this way
    return true;
  }
  static std::optional<Seconds> accept_pause_left(const BaseServer& server) {
    return server.accept_pause_left();
  }
  static bool process_request_to_end(BaseServer& server, Request& request, const Address& client) {
    return server.process_request_to_end(request, client);
  }
  static void report_finished(BaseServer& server, Request& request, RequestOutcome outcome,
                              std::string_view detail = {}) {
    server.report_finished(request, outcome, detail);
  }
  static void report_finished(BaseServer& server, RequestId id, RequestOutcome outcome,
                              std::string_view detail = {}) {
    server.report_finished(id, outcome, detail);
  }
  static void report_notice(BaseServer& server, RequestId id, std::string_view message) {
    server.report_notice(id, message);
  }
  /// get_request() refused a waiting connection although descriptors ran out: progress, so
  /// the pause that follows starts again from the shortest.
  static void refused_for_lack_of_descriptors(BaseServer& server) noexcept {
    server.refused_for_lack_of_descriptors_ = true;
  }
  /// Before closing the listening socket (see BaseServer::stop_serving_before_close()).
  static bool stop_serving_before_close(BaseServer& server) {
    return server.stop_serving_before_close();
  }

  /// Marks the calling thread, for its lifetime, as one serve_forever() waits for (an event
  /// loop's thread): shutdown() from it asks for the stop and returns at once.
  class ServingThreadScope {
  public:
    explicit ServingThreadScope(const BaseServer& server) noexcept;
    ~ServingThreadScope();
    ServingThreadScope(const ServingThreadScope&) = delete;
    ServingThreadScope& operator=(const ServingThreadScope&) = delete;

  private:
    const BaseServer* previous_;
  };
};

} // namespace socketserver::detail
