#!/usr/bin/env python3
"""Memory a server spends per idle connection: the figures of the README's "Concurrency
models: which to use".

usage: idle_memory.py N COMMAND [ARGS...]

Starts COMMAND (a server that prints "serving on HOST:PORT" first, as every example and
bench_server do), connects N clients one after another, sends each "x\\n" and waits for its
first reply (so its request is running), then, with all N connected and idle, reads the
proportional set size (PSS: shared pages split between the processes that share them) of the
server and of every child it forked. Prints the PSS before and after, and the difference per
connection. Stops the server with SIGTERM. Linux only (/proc); standard library only.

  docs/idle_memory.py 1000 build/examples/welcome_echo 127.0.0.1:0
  docs/idle_memory.py 30 build/bench/bench_server --model forking --kind tcp \\
      --handler echo 127.0.0.1:0

A model that cannot serve N clients at once (sync; pool beyond pool_size; forking beyond
max_children) makes the later clients wait 2 s each for a reply that does not come.
"""
import glob
import re
import socket
import subprocess
import sys


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def status_field(pid, name):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def children(pid):
    # Each thread has its own children list: a fork from the serving thread is listed there.
    found = []
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        with open(path) as listing:
            found += [int(word) for word in listing.read().split()]
    return found


def total_pss(pid):
    total = pss_kib(pid)
    for child in children(pid):
        try:
            total += pss_kib(child)
        except OSError:  # ended meanwhile
            pass
    return total


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    count, command = int(argv[1]), argv[2:]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    clients = []
    try:
        match = re.search(r":(\d+)$", server.stdout.readline().strip())
        if not match:
            print("the server did not print 'serving on HOST:PORT'", file=sys.stderr)
            return 1
        port = int(match.group(1))
        before = total_pss(server.pid)
        served = 0
        for _ in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=2)
            clients.append(client)
            client.sendall(b"x\n")
            try:
                if client.recv(4096):
                    served += 1
            except OSError:
                pass
        after = total_pss(server.pid)
        print(f"{count} connections, {served} served at once: PSS {before} -> {after} KiB, "
              f"{(after - before) / count:.1f} KiB per connection; "
              f"{status_field(server.pid, 'Threads')} threads, "
              f"{len(children(server.pid))} child processes")
        return 0 if served == count else 1
    finally:
        for client in clients:
            client.close()
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
