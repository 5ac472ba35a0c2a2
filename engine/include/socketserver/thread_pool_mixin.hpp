/// @file
/// Public header. ThreadPoolMixIn: beyond Python — requests run on a bounded pool of threads
/// with a bounded queue, like the servers Python users build on
/// concurrent.futures.ThreadPoolExecutor.
///
/// @code{.cpp}
///   socketserver::ThreadPoolTCPServer server{"127.0.0.1:8089", socketserver::handler<Echo>()};
///   server.pool_size = 5;          // threads, started on demand
///   server.pool_queue_size = 16;   // requests waiting for a thread
/// @endcode
///
/// When every thread is busy and the queue is full, the request is refused visibly:
/// process_request() throws PoolFullError, so handle_error() reports it, shutdown_request()
/// closes it, and the observer sees RequestOutcome::Overloaded. Threads never exceed pool_size.
/// As with ThreadingMixIn, a subclass whose hooks use its own members calls server_close() in
/// its destructor.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "socketserver/detail/handed_off_request.hpp"
#include "socketserver/detail/server_access.hpp"
#include "socketserver/detail/worker_pool.hpp"
#include "socketserver/errors.hpp"
#include "socketserver/tcp_server.hpp"
#include "socketserver/udp_server.hpp"
#include "socketserver/unix_server.hpp"

namespace socketserver {

/// Beyond Python: requests of `Server` (TCPServer, UDPServer or a Unix server) run on a
/// bounded pool of threads with a bounded queue; a full pool refuses the request with
/// PoolFullError. Details in thread_pool_mixin.hpp.
template <class Server> class ThreadPoolMixIn : public Server {
public:
  /// Takes `Server`'s constructor arguments. Threads start on demand, not here.
  template <class... Args>
  explicit ThreadPoolMixIn(Args&&... args) : Server(std::forward<Args>(args)...) {}
  ~ThreadPoolMixIn() override = default; // pool_ joins its threads

  std::size_t pool_size = 8;        ///< most threads that serve requests
  std::size_t pool_queue_size = 64; ///< most requests waiting for a thread
  /// server_close() waits until the queued and running requests are done.
  bool block_on_close = true;

  /// Queues the request for the pool; throws PoolFullError when it is full (or pool_size is
  /// 0), OverloadError when no thread can be started at all.
  void process_request(Request& request, const Address& client_address) override {
    auto task = detail::hand_off(request, client_address);
    std::function<void()> work = [this, task] {
      detail::ServerAccess::process_request_to_end(*this, task->request, task->client);
    };
    bool queued = false;
    try {
      queued = pool_.submit(work, pool_size, pool_queue_size);
    } catch (const std::system_error& error) {
      request = std::move(task->request); // back to the caller, which reports and closes it
      throw OverloadError(std::string("cannot start a pool thread for the request: ") +
                          error.what());
    }
    if (!queued) {
      request = std::move(task->request);
      if (pool_size == 0)
        throw PoolFullError("pool_size is 0: no thread may serve the request");
      throw PoolFullError("thread pool full: " + std::to_string(pool_size) + " threads busy and " +
                          std::to_string(pool_queue_size) + " requests queued");
    }
  }

  /// May be extended, do not override. From a pool thread, the socket is closed and
  /// std::logic_error is thrown instead of waiting for the pool (its own thread among them).
  void server_close() override {
    Server::server_close();
    pool_.stop(block_on_close);
  }

  /// Pool threads started so far (at most pool_size). Thread safe.
  std::size_t pool_threads() const { return pool_.threads(); }
  /// Requests waiting for a thread. Thread safe.
  std::size_t pool_queued() const { return pool_.queued(); }
  /// Pool threads running a request now. Thread safe.
  std::size_t pool_busy() const { return pool_.busy(); }

private:
  detail::WorkerPool pool_;
};

/// A TCP server whose connections run on a bounded thread pool.
using ThreadPoolTCPServer = ThreadPoolMixIn<TCPServer>;
/// A UDP server whose datagrams run on a bounded thread pool.
using ThreadPoolUDPServer = ThreadPoolMixIn<UDPServer>;
/// A Unix stream server whose connections run on a bounded thread pool.
using ThreadPoolUnixStreamServer = ThreadPoolMixIn<UnixStreamServer>;
/// A Unix datagram server whose datagrams run on a bounded thread pool.
using ThreadPoolUnixDatagramServer = ThreadPoolMixIn<UnixDatagramServer>;

} // namespace socketserver
