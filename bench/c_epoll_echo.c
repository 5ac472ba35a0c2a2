/* c_epoll_echo: the machine's practical limit for run_bench.py. One thread, non-blocking
 * sockets, level-triggered epoll, no framework: whatever the engine loses against this is
 * framework cost. TCP (persistent echo; a client that closes is simply dropped) or UDP.
 *
 *   c_epoll_echo tcp|udp HOST:PORT      prints "serving on HOST:PORT", stops on SIGTERM/SIGINT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(void) {
  fprintf(stderr, "usage: c_epoll_echo tcp|udp IPV4:PORT\n");
  exit(2);
}

int main(int argc, char *argv[]) {
  if (argc != 3) usage();
  int udp = strcmp(argv[1], "udp") == 0;
  if (!udp && strcmp(argv[1], "tcp") != 0) usage();
  char host[64];
  const char *colon = strrchr(argv[2], ':');
  if (!colon || (size_t)(colon - argv[2]) >= sizeof host) usage();
  memcpy(host, argv[2], (size_t)(colon - argv[2]));
  host[colon - argv[2]] = '\0';
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)atoi(colon + 1));
  if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) usage();

  int lfd = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || (!udp && listen(lfd, 1024) != 0)) {
    perror("bind/listen");
    return 1;
  }
  socklen_t salen = sizeof sa;
  getsockname(lfd, (struct sockaddr *)&sa, &salen);
  printf("serving on %s:%d\n", host, ntohs(sa.sin_port));
  fflush(stdout);

  /* SIGTERM arrives as a readable descriptor in the same loop: no handler, no flag. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigprocmask(SIG_BLOCK, &stop, NULL);
  int sfd = signalfd(-1, &stop, SFD_NONBLOCK);

  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN};
  ev.data.fd = lfd;
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  ev.data.fd = sfd;
  epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);

  static char buf[65536];
  struct epoll_event events[256];
  for (;;) {
    int n = epoll_wait(ep, events, 256, -1);
    for (int k = 0; k < n; ++k) {
      int fd = events[k].data.fd;
      if (fd == sfd) {
        close(lfd);
        return 0;
      }
      if (udp) { /* drain every datagram queued: one wakeup, many replies */
        struct sockaddr_storage peer;
        for (;;) {
          socklen_t plen = sizeof peer;
          ssize_t r = recvfrom(lfd, buf, sizeof buf, 0, (struct sockaddr *)&peer, &plen);
          if (r < 0) break;
          sendto(lfd, buf, (size_t)r, 0, (struct sockaddr *)&peer, plen);
        }
      } else if (fd == lfd) {
        int c;
        while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          ev.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
        }
      } else {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r > 0) {
          /* Small echoes fit the send buffer; a benchmark client never lets it fill. */
          if (send(fd, buf, (size_t)r, MSG_NOSIGNAL) != r) close(fd);
        } else if (r == 0 || errno != EAGAIN) {
          close(fd); /* close() also removes it from the epoll set */
        }
      }
    }
  }
}
