#!/usr/bin/env python3
"""Engine vs CPython socketserver vs plain C epoll, side by side, in one invocation (issue 4).

    bench/run_bench.py [--build-dir DIR] [--quick] [--runs N] [--duration S]

For each case the three servers run in turn (interleaved per round, so machine noise hits all
three alike), each under socketserver-bench; the table quotes medians of the runs, and ratios
engine/Python and engine/C. Loopback only. Default ≈ 3 min, --quick < 1 min.
On a 2-core machine the load generator and the server share the cores: ratios inside one run
are meaningful, absolute figures are not portable.
"""
import argparse
import json
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# (title, load mode, connections, engine args, Python twin args, C limit kind)
CASES = [
    ("TCP threading echo, 16 conns", "tcp-pingpong", 16,
     ["--model", "threading", "--kind", "tcp", "--handler", "echo"],
     ["--model", "threading", "--kind", "tcp", "--handler", "echo"], "tcp"),
    ("TCP threading echo, 128 conns", "tcp-pingpong", 128,
     ["--model", "threading", "--kind", "tcp", "--handler", "echo"],
     ["--model", "threading", "--kind", "tcp", "--handler", "echo"], "tcp"),
    # The C limit keeps the connection open; the client's RST close ends it as it ends oneshot.
    ("TCP sync oneshot, connect/request, 16", "tcp-connect", 16,
     ["--model", "sync", "--kind", "tcp", "--handler", "oneshot"],
     ["--model", "sync", "--kind", "tcp", "--handler", "oneshot"], "tcp"),
    ("UDP sync, 16 in flight", "udp-pingpong", 16,
     ["--model", "sync", "--kind", "udp", "--handler", "echo"],
     ["--model", "sync", "--kind", "udp", "--handler", "echo"], "udp"),
    # CPython has no pool server: its twin is ThreadingTCPServer. A pool thread holds one
    # persistent connection, so the pool is sized to the connections (bounded at 128).
    ("TCP pool(128) echo, 128 conns", "tcp-pingpong", 128,
     ["--model", "pool", "--kind", "tcp", "--handler", "echo", "--pool-size", "128"],
     ["--model", "threading", "--kind", "tcp", "--handler", "echo"], "tcp"),
    # The event-driven family; its twin is the selectors echo of reference 004.
    ("TCP event echo, 16 conns", "tcp-pingpong", 16,
     ["--model", "event", "--kind", "tcp", "--handler", "echo"],
     ["--model", "event", "--kind", "tcp", "--handler", "echo"], "tcp"),
    ("TCP event echo, 128 conns", "tcp-pingpong", 128,
     ["--model", "event", "--kind", "tcp", "--handler", "echo"],
     ["--model", "event", "--kind", "tcp", "--handler", "echo"], "tcp"),
    ("TCP event echo, 1 loop, 16 conns", "tcp-pingpong", 16,
     ["--model", "event", "--kind", "tcp", "--handler", "echo", "--loops", "1"],
     ["--model", "event", "--kind", "tcp", "--handler", "echo"], "tcp"),
]

# Observing costs little: the same ThreadingTCPServer echo bare (bench_server) and under the
# console's bridge with payload capture on (the headless console, its log written to a file).
OBSERVED = ("TCP threading echo, 16 conns", "tcp-pingpong", 16,
            ["--model", "threading", "--kind", "tcp", "--handler", "echo"],
            "tcp://127.0.0.1:0?mode=threading&handler=echo")


def start(cmd, log=None):
    """Starts a server, returns (process, address) once it printed 'serving on'. With `log`
    (a file), stdout goes there: a server that keeps writing (the console's log) must not
    block on a pipe nobody reads."""
    if log is None:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready, _, _ = select.select([proc.stdout], [], [], 5)
        line = proc.stdout.readline() if ready else ""
    else:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.DEVNULL)
        line, give_up = "", time.monotonic() + 5
        while not line.startswith("serving on ") and time.monotonic() < give_up:
            with open(log.name) as written:
                line = written.readline()
            time.sleep(0.01)
    if not line.startswith("serving on "):
        proc.kill()
        raise RuntimeError(f"{cmd[0]} did not start: {line[:200]!r}")
    return proc, line.split("serving on ", 1)[1].strip()


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # a server that ignores SIGTERM must not hang the run
        proc.kill()
        proc.wait()


def measure(load, server_cmd, mode, conns, args, log=None):
    proc, address = start(server_cmd, log)
    try:
        out = subprocess.run(
            [load, mode, address, "--connections", str(conns), "--duration", str(args.duration),
             "--warmup", str(args.warmup), "--threads", str(args.load_threads),
             "--server-pid", str(proc.pid), "--json"],
            capture_output=True, text=True, timeout=args.duration + args.warmup + 30, check=True)
        return json.loads(out.stdout)
    finally:
        stop(proc)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build-dir", default=os.path.join(HERE, "..", "build-bench", "bench"))
    p.add_argument("--quick", action="store_true", help="short runs: whole script < 1 minute")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--duration", type=float, default=None)
    # Half the cores drive the load, so the single-threaded C limit is not starved of a core
    # by load threads spinning on every core (on 2 cores: 1 load thread, 1 core for the server).
    p.add_argument("--load-threads", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    args = p.parse_args()
    args.duration = args.duration or (0.6 if args.quick else 3.0)
    args.warmup = 0.2 if args.quick else 0.5
    if not 1 <= args.runs <= 9 or not 0 < args.duration <= 20:
        p.error("--runs 1..9 and --duration (0, 20] keep the script bounded")

    exe = lambda name: os.path.join(args.build_dir, name)
    load = exe("socketserver-bench")
    for needed in (load, exe("bench_server"), exe("c_epoll_echo"), exe("shutdown_latency")):
        if not os.access(needed, os.X_OK):
            sys.exit(f"missing {needed}: build with cmake first (see bench/README.md)")

    began = time.monotonic()
    rows = []
    for title, mode, conns, engine_args, twin_args, c_kind in CASES:
        servers = {
            "engine": [exe("bench_server"), *engine_args, "127.0.0.1:0"],
            "python": [sys.executable, os.path.join(HERE, "python_twin.py"), *twin_args,
                       "127.0.0.1:0"],
            "c": [exe("c_epoll_echo"), c_kind, "127.0.0.1:0"],
        }
        results = {name: [] for name in servers}
        for _ in range(args.runs):
            for name, cmd in servers.items():
                results[name].append(measure(load, cmd, mode, conns, args))
        med = {n: (statistics.median(r["rps"] for r in rs),
                   statistics.median(r["p99_us"] for r in rs),
                   sum(r["errors"] + r["lost"] for r in rs)) for n, rs in results.items()}
        rows.append((title, med))
        print(f"  done: {title}", file=sys.stderr, flush=True)

    print(f"\nnproc = {os.cpu_count()} (load generator, {args.load_threads} thread(s), and server "
          f"share these cores); medians of {args.runs} runs x {args.duration} s; 16-byte messages")
    head = (f"{'case':38} {'engine req/s':>12} {'python':>9} {'C limit':>9} "
            f"{'eng/py':>6} {'eng/C':>6}  {'p99 us eng/py/C':>17} {'err+lost e/p/c':>15}")
    print(head)
    print("-" * len(head))
    for title, m in rows:
        e, py, c = m["engine"], m["python"], m["c"]
        ratio = lambda a, b: f"{a / b:.2f}" if b else "-"
        print(f"{title:38} {e[0]:12.0f} {py[0]:9.0f} {c[0]:9.0f} {ratio(e[0], py[0]):>6} "
              f"{ratio(e[0], c[0]):>6}  {f'{e[1]}/{py[1]}/{c[1]}':>17} "
              f"{f'{e[2]}/{py[2]}/{c[2]}':>15}")
    observed = measure_observing(load, exe, args)
    print(f"\nObserving: {OBSERVED[0]}, bare engine {observed[0]:.0f} req/s, under the console's "
          f"bridge with payload capture {observed[1]:.0f} req/s = {observed[1] / observed[0]:.2f} "
          f"of bare (medians of {args.runs})")

    if os.access(exe("tls_load"), os.X_OK):
        print_tls_table(exe, args)

    print("\nshutdown() while idle, serve_forever(poll_interval=0.5):")
    engine_latency = subprocess.run([exe("shutdown_latency"), "5" if args.quick else "20"],
                                    capture_output=True, text=True, check=True, timeout=120)
    print("  engine " + engine_latency.stdout.strip().replace("\n", "\n  engine "))
    print(f"  python TCPServer       median {python_shutdown_ms(3 if args.quick else 5):.1f} ms")

    hold = subprocess.run([sys.executable, os.path.join(HERE, "hold_connections.py"),
                           "--build-dir", args.build_dir, "--connections",
                           "2000" if args.quick else "10000"],
                          capture_output=True, text=True, check=True, timeout=180)
    print("\nHeld open: " + hold.stdout.strip())
    flood = os.path.join(args.build_dir, "flood", "console_flood")
    if os.access(flood, os.X_OK):
        run = subprocess.run([flood, "--seconds", "3" if args.quick else "10"],
                             capture_output=True, text=True, timeout=120)
        result = [line for line in run.stdout.splitlines() if line.startswith("result:")]
        print("\nConsole under flood (console_flood, 16 clients, event TCP echo): " +
              (result[0][len("result: "):] if result else "no result") +
              ("" if run.returncode == 0 else "  ** CHECK FAILED **"))
    print(f"\ntotal {time.monotonic() - began:.0f} s")


TLS_MODELS = ["sync", "threading", "pool", "forking", "event"]


def print_tls_table(exe, args):
    """Per model: new connections/s plain vs TLS handshakes/s (a request a connection), and
    echo requests/s plain vs over TLS (persistent connections). One client (tls_load) makes
    both columns of a pair, so their ratio is the cost of TLS."""
    with tempfile.TemporaryDirectory() as pki:
        subprocess.run([exe("tls_load"), "make-pki", pki], check=True, timeout=30)
        tls = ["--cert", os.path.join(pki, "server.pem"), "--key", os.path.join(pki, "server.key")]

        def run(model, mode, secure):
            handler = "oneshot" if mode == "handshake" else "echo"
            conns = 1 if model == "sync" and mode == "echo" else (8 if mode == "handshake" else 16)
            server = [exe("bench_server"), "--model", model, "--kind", "tcp", "--handler", handler,
                      "--pool-size", "32", *(tls if secure else []), "127.0.0.1:0"]
            figures = []
            for _ in range(args.runs):
                proc, address = start(server)
                try:
                    out = subprocess.run(
                        [exe("tls_load"), mode, address, "--connections", str(conns),
                         "--duration", str(args.duration), "--ca", os.path.join(pki, "ca.pem"),
                         *([] if secure else ["--plain"])],
                        capture_output=True, text=True, check=True,
                        timeout=args.duration + 60)
                    figures.append(json.loads(out.stdout))
                finally:
                    stop(proc)
            return (statistics.median(f["rps"] for f in figures),
                    sum(f["errors"] for f in figures), conns)

        print(f"\nTLS over TCP (tls_load, OpenSSL client; medians of {args.runs} runs x "
              f"{args.duration} s; 16-byte messages; echo: 16 conns, sync 1; handshakes: 8 "
              f"clients, a request a connection)")
        head = (f"{'model':10} {'plain conn/s':>12} {'TLS handshakes/s':>16} {'ratio':>6}  "
                f"{'plain echo req/s':>16} {'TLS echo req/s':>14} {'ratio':>6} {'errors':>7}")
        print(head)
        print("-" * len(head))
        for model in TLS_MODELS:
            plain_c, tls_c, plain_e, tls_e = (run(model, mode, secure) for mode, secure in
                                              (("handshake", False), ("handshake", True),
                                               ("echo", False), ("echo", True)))
            errors = plain_c[1] + tls_c[1] + plain_e[1] + tls_e[1]
            ratio = lambda a, b: f"{a / b:.2f}" if b else "-"
            print(f"{model:10} {plain_c[0]:12.0f} {tls_c[0]:16.0f} {ratio(tls_c[0], plain_c[0]):>6}"
                  f"  {plain_e[0]:16.0f} {tls_e[0]:14.0f} {ratio(tls_e[0], plain_e[0]):>6} "
                  f"{errors:7d}")
            print(f"  done: TLS {model}", file=sys.stderr, flush=True)


def measure_observing(load, exe, args):
    title, mode, conns, engine_args, spec = OBSERVED
    console = os.path.join(args.build_dir, "..", "app", "socketserver-console")
    bare, observed = [], []
    for _ in range(args.runs):
        bare.append(measure(load, [exe("bench_server"), *engine_args, "127.0.0.1:0"], mode,
                            conns, args)["rps"])
        with tempfile.NamedTemporaryFile("w", suffix=".log") as log:  # a fresh file each run
            observed.append(measure(load, [console, "--headless", "--serve", spec,
                                           "--payload-cap", "64"], mode, conns, args, log)["rps"])
    return statistics.median(bare), statistics.median(observed)


def python_shutdown_ms(repeats):
    """Python's own TCPServer: the time shutdown() takes while serve_forever() idles."""
    import socketserver
    import threading
    took = []
    for _ in range(repeats):
        server = socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler)
        serving = threading.Thread(target=server.serve_forever, args=(0.5,))
        serving.start()
        time.sleep(0.02)
        t0 = time.monotonic()
        server.shutdown()
        took.append((time.monotonic() - t0) * 1000)
        serving.join()
        server.server_close()
    return statistics.median(took)


if __name__ == "__main__":
    main()
