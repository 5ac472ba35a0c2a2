#!/usr/bin/env python3
"""Holds N connections open to the event-driven engine server and measures its memory (issue 4).

    bench/hold_connections.py [--build-dir DIR] [--connections N] [--model event] [--loops L]

Starts bench_server (echo), measures its RSS with a few connections, opens N more, each of
which sends 16 bytes and waits for the echo (so every connection is fully set up on the server,
handler and all), measures the RSS again, checks that every connection still answers, closes
them all, and prints the growth per connection. Loopback only; bounded by N <= 20 000 and by
a 120 s deadline.
"""
import argparse
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEADLINE_S = 120


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def exchange_all(sockets, payload, began):
    """Sends `payload` on every socket, then reads every echo, with epoll (no thread each)."""
    for s in sockets:
        s.sendall(payload)
    poller = select.epoll()
    pending = {}
    for s in sockets:
        pending[s.fileno()] = (s, b"")
        poller.register(s.fileno(), select.EPOLLIN)
    try:
        while pending:
            if time.monotonic() - began > DEADLINE_S:
                sys.exit(f"hold_connections: {len(pending)} echoes missing after {DEADLINE_S} s")
            for fd, _ in poller.poll(5):
                s, got = pending[fd]
                chunk = s.recv(64)
                if not chunk:
                    sys.exit("hold_connections: the server closed a connection it should hold")
                got += chunk
                if len(got) >= len(payload):
                    if got != payload:
                        sys.exit(f"hold_connections: wrong echo {got!r}")
                    poller.unregister(fd)
                    del pending[fd]
                else:
                    pending[fd] = (s, got)
    finally:
        poller.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build-dir", default=os.path.join(HERE, "..", "build-bench", "bench"))
    p.add_argument("--connections", type=int, default=10000)
    p.add_argument("--model", default="event")
    p.add_argument("--loops", type=int, default=0, help="event loops (0: one per core)")
    args = p.parse_args()
    if not 1 <= args.connections <= 20000:
        p.error("--connections must be 1..20000")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.connections + 100
    if hard < need:
        sys.exit(f"hold_connections: RLIMIT_NOFILE hard limit {hard} < {need}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, need), hard))

    cmd = [os.path.join(args.build_dir, "bench_server"), "--model", args.model, "--kind", "tcp",
           "--handler", "echo", "127.0.0.1:0"]
    if args.loops:
        cmd[1:1] = ["--loops", str(args.loops)]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    began = time.monotonic()
    try:
        ready, _, _ = select.select([server.stdout], [], [], 5)
        line = server.stdout.readline() if ready else ""
        if not line.startswith("serving on "):
            sys.exit(f"hold_connections: server did not start: {line!r}")
        host, _, port = line.split("serving on ", 1)[1].strip().rpartition(":")
        address = (host, int(port))

        warm = [socket.create_connection(address, timeout=10) for _ in range(10)]
        exchange_all(warm, b"warm-up-16-bytes", began)
        base_rss, base_fds = rss_kb(server.pid), open_fds(server.pid)

        held = []
        for i in range(args.connections):
            held.append(socket.create_connection(address, timeout=10))
            if len(held) % 1000 == 0:  # a batch at a time: the listen backlog stays small
                exchange_all(held[-1000:], b"0123456789abcdef", began)
        exchange_all(held[len(held) // 1000 * 1000:], b"0123456789abcdef", began)
        full_rss, full_fds = rss_kb(server.pid), open_fds(server.pid)
        exchange_all(held, b"second-round-ok!", began)  # every one still answers

        growth = (full_rss - base_rss) * 1024 / args.connections
        print(f"model {args.model}: {args.connections} connections held; server RSS "
              f"{base_rss} KB -> {full_rss} KB, {growth:.0f} bytes per connection; "
              f"descriptors {base_fds} -> {full_fds}; all answered twice; "
              f"{time.monotonic() - began:.1f} s")
        for s in held + warm:
            s.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
