#include "socketserver/listen_queue.hpp"

#include "socketserver/detail/unique_fd.hpp"

#if defined(__linux__)
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#endif

namespace socketserver {

#if defined(__linux__)
namespace {

// The kernel's TCP_LISTEN state number (include/net/tcp_states.h), shared by TCP and Unix.
constexpr unsigned listen_state = 10;

int socket_option(int fd, int option) noexcept {
  int value = -1;
  socklen_t size = sizeof value;
  if (::getsockopt(fd, SOL_SOCKET, option, &value, &size) < 0)
    return -1;
  return value;
}

// For a socket in LISTEN, tcp_get_info() reports the accept queue in two fields that mean
// something else on a connection: tcpi_unacked = sk_ack_backlog, tcpi_sacked =
// sk_max_ack_backlog (Linux 2.6.x onwards; checked by the engine tests).
std::optional<ListenQueue> tcp_listen_queue(int fd) noexcept {
  tcp_info info{};
  socklen_t size = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) < 0 ||
      size < offsetof(tcp_info, tcpi_sacked) + sizeof info.tcpi_sacked ||
      info.tcpi_state != listen_state)
    return std::nullopt;
  return ListenQueue{info.tcpi_unacked, info.tcpi_sacked};
}

// NLMSG_HDRLEN and NLMSG_LENGTH() cast to int: the same sizes, unsigned.
constexpr std::size_t netlink_header_length = NLMSG_ALIGN(sizeof(nlmsghdr));

// A Unix socket's queue is known only to sock_diag: one exact query by the socket's inode
// (what `ss -xl` asks for every socket). The kernel answers within sendto(), so the
// non-blocking recv() that follows finds the answer already queued and never waits.
struct UnixDiagRequest {
  nlmsghdr header;
  unix_diag_req request;
};

std::optional<ListenQueue> parse_unix_answer(const char* data, std::size_t size,
                                             ino_t inode) noexcept {
  nlmsghdr header{};
  if (size < sizeof header)
    return std::nullopt;
  std::memcpy(&header, data, sizeof header);
  unix_diag_msg message{};
  const std::size_t attributes_at = netlink_header_length + NLMSG_ALIGN(sizeof message);
  if (header.nlmsg_type != SOCK_DIAG_BY_FAMILY || header.nlmsg_len > size ||
      header.nlmsg_len < attributes_at)
    return std::nullopt;
  std::memcpy(&message, data + netlink_header_length, sizeof message);
  if (message.udiag_ino != inode || message.udiag_state != listen_state)
    return std::nullopt;
  for (std::size_t at = attributes_at; at + sizeof(rtattr) <= header.nlmsg_len;) {
    rtattr attribute{};
    std::memcpy(&attribute, data + at, sizeof attribute);
    if (attribute.rta_len < sizeof attribute || at + attribute.rta_len > header.nlmsg_len)
      break;
    if (attribute.rta_type == UNIX_DIAG_RQLEN &&
        attribute.rta_len >= RTA_LENGTH(sizeof(unix_diag_rqlen))) {
      // For a listening socket: rqueue = connections queued, wqueue = the backlog limit.
      unix_diag_rqlen queue{};
      std::memcpy(&queue, data + at + RTA_LENGTH(0), sizeof queue);
      return ListenQueue{queue.udiag_rqueue, queue.udiag_wqueue};
    }
    at += RTA_ALIGN(attribute.rta_len);
  }
  return std::nullopt;
}

std::optional<ListenQueue> unix_listen_queue(int fd) noexcept {
  struct stat status {};
  if (::fstat(fd, &status) < 0)
    return std::nullopt;
  const detail::UniqueFd diag(
      ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_SOCK_DIAG));
  if (!diag)
    return std::nullopt;
  UnixDiagRequest query{};
  query.header.nlmsg_len = sizeof query;
  query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  query.header.nlmsg_flags = NLM_F_REQUEST;
  query.request.sdiag_family = AF_UNIX;
  query.request.udiag_states = 1U << listen_state;
  query.request.udiag_ino = static_cast<__u32>(status.st_ino);
  query.request.udiag_show = UDIAG_SHOW_RQLEN;
  query.request.udiag_cookie[0] = INET_DIAG_NOCOOKIE; // any socket with this inode
  query.request.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent = 0;
  do {
    sent = ::sendto(diag.get(), &query, sizeof query, 0, reinterpret_cast<const sockaddr*>(&kernel),
                    sizeof kernel);
  } while (sent < 0 && errno == EINTR);
  if (sent != static_cast<ssize_t>(sizeof query))
    return std::nullopt;
  std::array<char, 512> answer{}; // header, message and one small attribute
  ssize_t received = 0;
  do {
    received = ::recv(diag.get(), answer.data(), answer.size(), MSG_DONTWAIT);
  } while (received < 0 && errno == EINTR);
  if (received <= 0)
    return std::nullopt;
  return parse_unix_answer(answer.data(), static_cast<std::size_t>(received), status.st_ino);
}

} // namespace

std::optional<ListenQueue> listen_queue(int fd) noexcept {
  if (fd < 0 || socket_option(fd, SO_ACCEPTCONN) != 1)
    return std::nullopt;
  switch (socket_option(fd, SO_DOMAIN)) {
  case AF_INET:
  case AF_INET6:
    return tcp_listen_queue(fd);
  case AF_UNIX:
    return unix_listen_queue(fd);
  default:
    return std::nullopt;
  }
}

#else

std::optional<ListenQueue> listen_queue(int /*fd*/) noexcept { return std::nullopt; }

#endif

} // namespace socketserver
