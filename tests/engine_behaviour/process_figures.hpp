// Internal header of the engine behaviour suites: what this process holds right now (open
// descriptors, threads, resident memory, child processes), read from /proc, so that a suite
// can check that serving left nothing behind.
#pragma once

#include <cerrno>
#include <fstream>
#include <limits>
#include <string>

#include <dirent.h>
#include <sys/wait.h>

#include "behaviour_support.hpp"

namespace behaviour {

/// Entries of a /proc directory, "." and ".." left out.
inline int entries_in(const char* directory) {
  int count = 0;
  if (DIR* dir = ::opendir(directory)) {
    while (const dirent* entry = ::readdir(dir))
      count += entry->d_name[0] != '.' ? 1 : 0;
    ::closedir(dir);
  }
  return count;
}

/// VmRSS of this process in KiB (0 when /proc says nothing).
inline long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stol(line.substr(6));
  return 0;
}

struct ProcessFigures {
  int descriptors = 0;
  int threads = 0;
  long resident_kib = 0;

  static ProcessFigures now() {
    // The directory handle opendir() holds while counting is not counted.
    return {entries_in("/proc/self/fd") - 1, entries_in("/proc/self/task"),
            behaviour::resident_kib()};
  }
  QString text() const {
    return QString("%1 descriptors, %2 threads, %3 KiB resident")
        .arg(descriptors)
        .arg(threads)
        .arg(resident_kib);
  }
};

/// Polls `settled` until it holds or DEADLINE has passed; true when it held. What a stopped
/// server leaves to finish ends within microseconds, so a settled process passes at the first
/// look: no fixed sleep, and no wait at all when there is nothing to wait for.
template <class P> bool wait_until(P settled) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(DEADLINE);
  while (!settled()) {
    if (Clock::now() > deadline)
      return false;
    std::this_thread::yield();
  }
  return true;
}

/// True when this process has no child, running or zombie. Collects a zombie it finds, so
/// that a child one case leaked does not fail the next case too.
inline bool no_child_processes() {
  return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

/// The same question without collecting anything (WNOWAIT), for a wait that must leave a
/// leaked zombie to no_child_processes() to find.
inline bool no_child_left() {
  siginfo_t info{};
  return ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1 && errno == ECHILD;
}

/// This process's figures once what stopping servers left to finish has finished: the
/// threads back down to `rest` (the threads the process had before any server ran), the
/// descriptors down to `most_descriptors` (a baseline's, for the figures compared with it),
/// no child left. Stopping does not wait for all of it: a ThreadingMixIn request thread is
/// detached and runs on for an instant after it told server_close() it was done, and a joined
/// thread's task leaves /proc an instant after pthread_join() returns. Counted then, such a
/// thread would make a baseline too high (a case that leaks one thread would pass, one that
/// leaks nothing fails: "before 3 threads, after 2") or an "after" too high. When the deadline
/// passes first, the figures are returned as they are: the comparisons that follow say what
/// stayed.
inline ProcessFigures settled_figures(const ProcessFigures& rest,
                                      int most_descriptors = std::numeric_limits<int>::max()) {
  wait_until([&] {
    const ProcessFigures now = ProcessFigures::now();
    return now.threads <= rest.threads && now.descriptors <= most_descriptors && no_child_left();
  });
  return ProcessFigures::now();
}

/// The sanitizers keep freed memory in quarantine and shadow it: resident memory says
/// nothing about leaks there (LeakSanitizer does that job).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool resident_memory_meaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool resident_memory_meaningful = false;
#else
inline constexpr bool resident_memory_meaningful = true;
#endif
#else
inline constexpr bool resident_memory_meaningful = true;
#endif

} // namespace behaviour
