// Shared by every example: the address argument, and serving until SIGINT or SIGTERM.
//
// Why sigwait() and not a signal handler: almost nothing is safe inside a handler, and
// server.shutdown() locks and waits. So the stop signals are blocked in every thread and
// main() receives them with sigwait(), as an ordinary call on an ordinary thread, where
// shutdown() is fine. No global flag, no engine support needed.
#pragma once

#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <socketserver.hpp>

namespace examples {

/// The listening address: argv[1], or `fallback` when there is none. A bad argument is a
/// usage error: say why on stderr and exit with status 2.
inline socketserver::Address address_argument(int argc, char* argv[], std::string_view fallback) {
  const std::string program = argc > 0 ? argv[0] : "example";
  if (argc > 2) {
    std::cerr << "usage: " << program << " [HOST:PORT]   (default " << fallback << ")\n";
    std::exit(2);
  }
  const std::string_view text = argc == 2 ? std::string_view{argv[1]} : fallback;
  try {
    socketserver::Address address{text};
    if (!address.is_ip())
      throw socketserver::AddressError("'" + std::string{text} +
                                       "' is not HOST:PORT (e.g. 127.0.0.1:9999 or [::1]:0)");
    return address;
  } catch (const socketserver::AddressError& error) {
    std::cerr << program << ": " << error.what() << '\n'; // the engine's words name the address
    std::exit(2);
  }
}

/// Prints "serving on <address>", runs server.serve_forever() on its own thread until SIGINT
/// or SIGTERM, then shuts the server down and closes it. Returns main()'s exit status: 0
/// after a signal, 1 when serving failed. Call it from main() before any thread is started.
template <class Server>
int run_until_signal(Server& server) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Threads inherit the mask of the thread that starts them; the serving thread starts every
  // request thread and pool worker, so blocking here, first, keeps the signals for sigwait().
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // The server is bound and listening (or bound, for UDP) since its constructor: tell whoever
  // started us the real address (port 0 resolved). endl flushes, for a reader on a pipe.
  std::cout << "serving on " << server.server_address.to_string() << std::endl;

  std::exception_ptr failure;
  std::thread serving{[&server, &failure] {
    try {
      server.serve_forever();
    } catch (...) {
      failure = std::current_exception();
      // Wake main() in sigwait(): the same path as a stop requested from outside.
      kill(getpid(), SIGTERM);
    }
  }};

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  // server_close() waits for requests still running (Python's block_on_close); if a client
  // keeps it waiting, a second Ctrl-C must still end the process, by the default action.
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  if (!failure)
    std::cerr << "stopping on signal " << signal_number << " (again to quit at once)\n";

  server.shutdown();
  serving.join(); // also makes `failure` safe to read
  server.server_close();

  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      std::cerr << "serving failed: " << error.what() << '\n';
    } catch (...) {
      std::cerr << "serving failed\n";
    }
    return 1;
  }
  return 0;
}

} // namespace examples
