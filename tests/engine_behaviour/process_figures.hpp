// Internal header of the engine behaviour suites: what this process holds right now (open
// descriptors, threads, resident memory, child processes), read from /proc, so that a suite
// can check that serving left nothing behind.
#pragma once

#include <cerrno>
#include <fstream>
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

/// Until this process has no more threads than `most` (a joined thread's task may leave
/// /proc an instant after pthread_join() returns).
inline bool wait_threads_at_most(int most) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(DEADLINE);
  while (ProcessFigures::now().threads > most) {
    if (Clock::now() > deadline)
      return false;
    std::this_thread::yield();
  }
  return true;
}

/// True when this process has no child, running or zombie.
inline bool no_child_processes() {
  return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
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
