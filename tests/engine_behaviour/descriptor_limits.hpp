// Internal header of the engine behaviour suites: running a process out of file descriptors
// on purpose, for the duration of a scope.
#pragma once

#include <cstdlib>
#include <set>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <dirent.h>
#include <sys/resource.h>

namespace behaviour {

/// The descriptor numbers open in this process now.
inline std::set<int> open_descriptors() {
  std::set<int> open;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    const int own = ::dirfd(dir); // closed again below: not in use afterwards
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] != '.' && std::atoi(entry->d_name) != own)
        open.insert(std::atoi(entry->d_name));
    }
    ::closedir(dir);
  }
  return open;
}

/// The descriptor limit that leaves exactly `room` free descriptor numbers: the kernel hands
/// out the lowest free number, so gaps left by closed descriptors count as room too.
inline rlim_t limit_leaving_room(int room) {
  const std::set<int> open = open_descriptors();
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

/// Every descriptor number taken, for its lifetime, as in a process that really ran out: the
/// limit is lowered to just above the highest open descriptor and every gap below it is
/// filled with /dev/null. Unlike a limit lowered into a gap, every descriptor the process
/// holds is then below the limit, so one that is closed (a server's reserve) lets exactly one
/// new descriptor in.
class AllDescriptorsTaken {
public:
  AllDescriptorsTaken() : limit_(static_cast<rlim_t>(*open_descriptors().rbegin() + 1)) {
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;)
      fillers_.push_back(fd);
  }
  ~AllDescriptorsTaken() {
    for (const int fd : fillers_)
      ::close(fd);
  } // then limit_ restores the limit
  AllDescriptorsTaken(const AllDescriptorsTaken&) = delete;
  AllDescriptorsTaken& operator=(const AllDescriptorsTaken&) = delete;

private:
  DescriptorLimit limit_;
  std::vector<int> fillers_;
};

} // namespace behaviour
