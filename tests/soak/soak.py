#!/usr/bin/env python3
"""Bounded soak of the engine through the headless console.

Starts one `socketserver-console --headless` serving every kind (tcp, udp, unix,
unixdgram, tls with the console's own certificate) in every model (sync, threading, forking, pool, event) with the echo handler,
plus two http servers, then runs client threads for --duration seconds that mix:

  * echo requests with random payloads, checked byte for byte (stream: a few rounds per
    connection; datagram: one datagram, up to the server's max_packet_size);
  * misbehaving peers: reset mid-request (SO_LINGER 0), half-close then read the echo to
    the end, never read a large reply, send garbage to http.

Meanwhile it samples the console's descriptors, threads, child processes and VmRSS once
a second. It fails (exit 1) on any lost or corrupted reply, when the console dies, when
the descriptor count or RSS of the last ten seconds is not flat against the first ten
(counted after --warmup seconds of the same load),
or when the console does not stop cleanly on SIGTERM. Usage:

  tests/soak/soak.py --console build/app/socketserver-console [--duration 60] [--clients 12]
                    [--payload-cap 64] [--progress 10] [--seed N]

--payload-cap is passed to the console: with its default (4 KiB of every chunk kept for the
log) the console's log thread falls behind this load and its event queues fill up to their
bounds, so its RSS climbs for minutes; CI passes 64.
"""

import argparse
import os
import random
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time

KINDS = ("tcp", "udp", "unix", "unixdgram", "tls")
MODELS = ("sync", "threading", "forking", "pool", "event")
STREAM = ("tcp", "unix", "tls")
INET = ("tcp", "udp", "tls")
MAX_PACKET = 8192          # the console's default maxpacket
SERVER_TIMEOUT = 5         # timeout= of the stream servers: bounds a misbehaving peer
CLIENT_TIMEOUT = 30.0      # far above SERVER_TIMEOUT: a client waits out a busy sync server


def free_port(kind):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kind, model, handler, where):
        self.kind, self.model, self.handler = kind, model, handler
        self.name = f"{kind}-{model}-{handler}"
        if kind in INET:
            self.address = ("127.0.0.1", free_port(kind))
            location = f"127.0.0.1:{self.address[1]}"
        else:
            self.address = os.path.join(where, self.name + ".sock")
            location = self.address
        options = [f"mode={model}", f"handler={handler}", f"name={self.name}"]
        if kind in STREAM:
            options.append(f"timeout={SERVER_TIMEOUT}")
            options.append("backlog=64")
        self.spec = f"{kind}://{location}?{'&'.join(options)}"

    @property
    def stream(self):
        return self.kind in STREAM

    def family(self):
        return socket.AF_INET if self.kind in INET else socket.AF_UNIX


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.failures = []

    def add(self, key, n=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n

    def fail(self, key, text):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            if len(self.failures) < 20:
                self.failures.append(text)


def recv_exactly(sock, size):
    chunks, got = [], 0
    while got < size:
        chunk = sock.recv(min(size - got, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def connect(server):
    sock = socket.socket(server.family(), socket.SOCK_STREAM)
    sock.settimeout(CLIENT_TIMEOUT)
    sock.connect(server.address)
    if server.kind != "tls":
        return sock
    # The console's own self-signed certificate: the soak tests the traffic, not the trust.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context.wrap_socket(sock)


def payload(rng, small=False):
    size = rng.choice((1, 7, 100, 1000, 4096)) if small else rng.choice((1, 100, 4096, 65536, 300000, 1 << 20))
    return rng.randbytes(size)


def check_echo(server, data, reply, tally):
    """Counts the reply; False (and a failure) when it is short or differs."""
    if len(reply) < len(data):
        tally.fail("lost", f"{server.name}: {len(reply)} of {len(data)} bytes came back")
        return False
    if reply != data:
        tally.fail("corrupted", f"{server.name}: echo of {len(data)} bytes differs")
        return False
    tally.add("replies")
    return True


def echo_stream(server, rng, tally):
    with connect(server) as sock:
        for _ in range(rng.randint(1, 4)):
            if server.kind == "tls":  # one SSL object is not for two threads: small echoes
                data = payload(rng, small=True)
                sock.sendall(data)
                if not check_echo(server, data, recv_exactly(sock, len(data)), tally):
                    return
                continue
            data = payload(rng)
            # A large echo comes back while it is still being sent: send on a second thread,
            # or both sides could end up blocked on full buffers.
            sender = threading.Thread(target=sock.sendall, args=(data,))
            sender.start()
            reply = recv_exactly(sock, len(data))
            sender.join()
            if not check_echo(server, data, reply, tally):
                return


def echo_datagram(server, rng, tally, where):
    sock = socket.socket(server.family(), socket.SOCK_DGRAM)
    path = None
    try:
        if server.kind == "unixdgram":
            path = tempfile.mktemp(prefix="c", suffix=".sock", dir=where)
            sock.bind(path)
        sock.settimeout(CLIENT_TIMEOUT)
        data = rng.randbytes(rng.choice((0, 1, 100, 1000, MAX_PACKET)))
        sock.sendto(data, server.address)
        reply = sock.recv(65536)
        if reply != data:
            tally.fail("corrupted", f"{server.name}: datagram of {len(data)} bytes came back as {len(reply)}")
        else:
            tally.add("replies")
    except socket.timeout:
        tally.fail("lost", f"{server.name}: no reply to a datagram")
    finally:
        sock.close()
        if path:
            os.unlink(path)


def reset_mid_request(server, rng, tally):
    sock = connect(server)
    try:
        # Part of a request that fits the socket buffers: the point is the reset, not a
        # client that never reads its echo (that is never_read()).
        sock.sendall(payload(rng, small=True))
    finally:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    tally.add("misbehaved: reset")


def half_close(server, rng, tally):
    with connect(server) as sock:
        data = payload(rng, small=True)
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        reply = recv_exactly(sock, len(data) + 1)  # + 1: the server must then close
        if reply != data:
            tally.fail("corrupted" if len(reply) >= len(data) else "lost",
                       f"{server.name}: half-closed echo of {len(data)} bytes came back as {len(reply)}")
        else:
            tally.add("replies")
        tally.add("misbehaved: half-close")


def never_read(server, rng, tally):
    with connect(server) as sock:
        sock.setblocking(False)
        sent = 0
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline and sent < 8 << 20:
            try:
                sent += sock.send(b"n" * 65536)
            except BlockingIOError:
                time.sleep(0.01)  # the peer's pace: a client that never reads
            except OSError:
                break
    tally.add("misbehaved: never read")


def http_garbage(server, rng, tally):
    with connect(server) as sock:
        sock.sendall(rng.randbytes(rng.randint(1, 3000)) + b"\r\n\r\n")
        try:
            while sock.recv(65536):
                pass
        except OSError:
            pass
    tally.add("misbehaved: http garbage")


def http_get(server, tally):
    with connect(server) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\nHost: soak\r\n\r\n")
        reply = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        if reply.startswith(b"HTTP/1.") and b" 200 " in reply.split(b"\r\n", 1)[0]:
            tally.add("replies")
        else:
            tally.fail("lost", f"{server.name}: http reply {reply[:40]!r}")


def client(servers, http, stop, tally, where, seed):
    rng = random.Random(seed)
    began = time.monotonic()
    while not stop.is_set():
        server = rng.choice(servers)
        roll = rng.random()
        try:
            if not server.stream:
                echo_datagram(server, rng, tally, where)
            elif roll < 0.70:
                echo_stream(server, rng, tally)
            elif roll < 0.78:
                reset_mid_request(server, rng, tally)
            elif roll < 0.86 and server.kind != "tls":  # SSLSocket.shutdown() drops TLS
                half_close(server, rng, tally)
            elif roll < 0.90 and server.model != "sync":
                never_read(server, rng, tally)
            elif roll < 0.95:
                http_garbage(rng.choice(http), rng, tally)
            else:
                http_get(rng.choice(http), tally)
            tally.add("requests")
        except (ConnectionError, socket.timeout, OSError) as error:
            tally.fail("errors", f"{server.name} (roll {roll:.2f}, at {time.monotonic() - began:.1f} s): "
                                 f"{type(error).__name__}: {error}")


def proc_figures(pid):
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    threads = len(os.listdir(f"/proc/{pid}/task"))
    rss = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    children = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                children += len(f.read().split())
        except OSError:
            pass
    return fds, threads, rss, children


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--console", required=True, help="path of socketserver-console")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--clients", type=int, default=12, help="client threads (default 12)")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="seconds of load before --duration starts counting (default 10): "
                             "the climb from idle to working size is not growth")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--payload-cap", type=int, default=None, metavar="BYTES",
                        help="the console's --payload-cap (default: the console's own)")
    parser.add_argument("--progress", type=int, default=0, metavar="N",
                        help="print the figures every N seconds (default: only at the end)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    window = min(10.0, args.duration / 3)

    where = tempfile.mkdtemp(prefix="soak-")
    # tls × forking too: the engine forks only when no thread is inside OpenSSL (NoForkScope);
    # before that, a child could inherit one of OpenSSL's locks held and hang in its handshake.
    servers = [Server(k, m, "echo", where) for k in KINDS for m in MODELS]
    http = [Server("tcp", m, "http", where) for m in ("threading", "event")]
    command = [args.console, "--headless", "--json"]
    if args.payload_cap is not None:
        command += ["--payload-cap", str(args.payload_cap)]
    for s in servers + http:
        command += ["--serve", s.spec]
    # The console's own certificate (for the tls servers) is made beside its settings: here.
    environment = dict(os.environ, XDG_CONFIG_HOME=where)
    console = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=environment)
    serving = 0
    start_deadline = time.monotonic() + 30
    while serving < len(servers) + len(http):
        line = console.stderr.readline()
        if not line or time.monotonic() > start_deadline:
            print(f"FAIL: the console did not start every server: {line.strip()}")
            console.kill()
            return 1
        if line.startswith("serving on"):
            serving += 1
        elif line.strip():
            print("console:", line.strip())
    stderr_lines = []
    threading.Thread(target=lambda: stderr_lines.extend(console.stderr), daemon=True).start()

    # Warm-up: one request to every server, so that what a server makes on first use (pool
    # threads, a forking server's event pipe) is part of the idle figures, not growth.
    warm = Tally()
    warm_rng = random.Random(seed)
    for s in servers:
        (echo_stream(s, warm_rng, warm) if s.stream else echo_datagram(s, warm_rng, warm, where))
    for s in http:
        http_get(s, warm)
    if warm.failures:
        print("FAIL: warm-up:", "; ".join(warm.failures))
        console.kill()
        return 1
    time.sleep(0.5)  # let the forked warm-up children be reaped before the idle figures
    idle = proc_figures(console.pid)
    print(f"soak: {len(servers) + len(http)} servers, {args.clients} clients, "
          f"{args.warmup:.0f} s warm-up + {args.duration:.0f} s, "
          f"seed {seed}; idle console: {idle[0]} fds, {idle[1]} threads, {idle[2]} KiB RSS")

    tally, stop = Tally(), threading.Event()
    workers = [threading.Thread(target=client, args=(servers, http, stop, tally, where, seed + i))
               for i in range(args.clients)]
    began = time.monotonic()
    for w in workers:
        w.start()
    samples = []  # (t, fds, threads, rss, children)
    alive = True
    while time.monotonic() - began < args.warmup + args.duration:
        time.sleep(1.0)  # the sampling period
        if console.poll() is not None:
            alive = False
            break
        t = time.monotonic() - began - args.warmup
        if t >= 0:
            samples.append((t,) + proc_figures(console.pid))
        if t >= 0 and args.progress and len(samples) % args.progress == 0:
            t, fds, threads, rss, children = samples[-1]
            print(f"  {t:5.0f} s: {tally.counts.get('requests', 0)} sessions, {fds} fds, "
                  f"{threads} threads, {rss / 1024:.1f} MiB RSS, {children} children", flush=True)
    stop.set()
    for w in workers:
        w.join(CLIENT_TIMEOUT + 5)
    elapsed = time.monotonic() - began

    failures = []
    if not alive:
        failures.append(f"the console died (status {console.returncode})")
    # Once every client has left and the misbehaving peers' timeouts have passed, the
    # console must hold what it held when idle.
    settle_deadline = time.monotonic() + SERVER_TIMEOUT + 10
    after = proc_figures(console.pid) if alive else idle
    while alive and (after[0] > idle[0] or after[3] > 0) and time.monotonic() < settle_deadline:
        time.sleep(0.2)  # polling the console's /proc entries
        after = proc_figures(console.pid)

    first = [s for s in samples if s[0] <= window]
    last = [s for s in samples if s[0] >= samples[-1][0] - window] if samples else []
    def describe(rows):
        if not rows:
            return "no samples"
        return (f"fds {min(r[1] for r in rows)}-{max(r[1] for r in rows)}, "
                f"threads {min(r[2] for r in rows)}-{max(r[2] for r in rows)}, "
                f"RSS {statistics.mean(r[3] for r in rows) / 1024:.1f} MiB mean "
                f"({max(r[3] for r in rows) / 1024:.1f} peak), "
                f"children {max(r[4] for r in rows)} max")

    counts = tally.counts
    requests = counts.get("requests", 0)
    print(f"soak: {elapsed:.0f} s, {requests} client sessions ({requests / max(elapsed, 1):.0f}/s), "
          f"{counts.get('replies', 0)} replies checked")
    for key in sorted(counts):
        if key.startswith("misbehaved"):
            print(f"  {key}: {counts[key]}")
    print(f"  lost: {counts.get('lost', 0)}, corrupted: {counts.get('corrupted', 0)}, "
          f"client errors: {counts.get('errors', 0)}")
    print(f"  first {window:.0f} s: {describe(first)}")
    print(f"  last {window:.0f} s:  {describe(last)}")
    print(f"  idle before: {idle[0]} fds, {idle[1]} threads, {idle[2]} KiB; "
          f"idle after: {after[0]} fds, {after[1]} threads, {after[2]} KiB, {after[3]} children")
    for text in tally.failures:
        print("  !", text)

    if counts.get("lost", 0) or counts.get("corrupted", 0) or counts.get("errors", 0):
        failures.append("lost, corrupted or failed requests")
    if requests == 0:
        failures.append("no request was made")
    if alive and (after[0] != idle[0] or after[3] != 0):
        failures.append(f"descriptors or children left once idle again: {after[0]} fds vs {idle[0]}, "
                        f"{after[3]} children")
    if first and last:
        # In-flight connections come and go: the peaks may differ by what the clients hold.
        slack_fds = 4 * args.clients
        if max(r[1] for r in last) > max(r[1] for r in first) + slack_fds:
            failures.append("descriptor count grew from the first to the last window")
        # The first window includes the climb from idle to working size: its peak stands
        # for the working size; allocator noise is the slack.
        rss_first = max(r[3] for r in first)
        rss_last = statistics.mean(r[3] for r in last)
        if rss_last > rss_first * 1.25 + 16 * 1024:
            failures.append(f"RSS grew: first window peak {rss_first / 1024:.1f} MiB, "
                            f"last window mean {rss_last / 1024:.1f} MiB")

    if alive:
        console.send_signal(signal.SIGTERM)
        try:
            status = console.wait(30)
            if status != 0:
                failures.append(f"the console exited with {status} on SIGTERM")
        except subprocess.TimeoutExpired:
            console.kill()
            failures.append("the console did not stop within 30 s of SIGTERM")
    for line in stderr_lines[-5:]:
        print("  console:", line.rstrip())
    shutil.rmtree(where)  # the sockets, and the settings with the console's certificate

    if failures:
        for text in failures:
            print("FAIL:", text)
        return 1
    print("soak: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
