// Internal header of the engine behaviour suites: running a process out of file descriptors
// on purpose, for the duration of a scope.
#pragma once

#include <cstdlib>
#include <set>

#include <dirent.h>
#include <sys/resource.h>

namespace behaviour {

/// The descriptor limit that leaves exactly `room` free descriptor numbers: the kernel hands
/// out the lowest free number, so gaps left by closed descriptors count as room too.
inline rlim_t limit_leaving_room(int room) {
  std::set<int> open;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    const int own = ::dirfd(dir); // closed again below: not in use afterwards
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] != '.' && std::atoi(entry->d_name) != own)
        open.insert(std::atoi(entry->d_name));
    }
    ::closedir(dir);
  }
  int limit = 0;
  for (int free = 0; free < room || open.count(limit) != 0; ++limit) {
    if (open.count(limit) == 0)
      ++free;
  }
  return static_cast<rlim_t>(limit);
}

/// Lowers RLIMIT_NOFILE for its lifetime.
class DescriptorLimit {
public:
  explicit DescriptorLimit(rlim_t soft) {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lowered = saved_;
    lowered.rlim_cur = soft;
    ::setrlimit(RLIMIT_NOFILE, &lowered);
  }
  ~DescriptorLimit() { restore(); }
  DescriptorLimit(const DescriptorLimit&) = delete;
  DescriptorLimit& operator=(const DescriptorLimit&) = delete;
  void restore() { ::setrlimit(RLIMIT_NOFILE, &saved_); }

private:
  rlimit saved_{};
};

} // namespace behaviour
