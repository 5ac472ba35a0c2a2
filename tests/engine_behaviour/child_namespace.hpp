// For suites that need a network of their own: a forked child (which may unshare its network
// namespace without touching the machine's) and the loopback interface of that namespace.
#pragma once

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace behaviour {

/// Runs `body` in a forked child and returns the text it returned (or the exception it
/// threw, as "exception: ..."); "child failed" when it crashed.
template <class F> std::string in_child(F body) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string text;
    try {
      text = body();
    } catch (const std::exception& error) {
      text = std::string("exception: ") + error.what();
    }
    [[maybe_unused]] const auto n = ::write(fds[1], text.data(), text.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? text : "child failed";
}

/// In a new network namespace: sets `flags` (IFF_UP, IFF_MULTICAST) on its loopback interface.
/// Never call it outside one: it would change the machine's own lo.
inline void loopback_up(short flags) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  ::ioctl(fd, SIOCGIFFLAGS, &request);
  request.ifr_flags = static_cast<short>(request.ifr_flags | flags);
  const int rc = ::ioctl(fd, SIOCSIFFLAGS, &request);
  ::close(fd);
  if (rc != 0)
    throw std::runtime_error(std::string("lo flags: ") + std::strerror(errno));
}

} // namespace behaviour
