#!/usr/bin/env python3
"""The console's window flooded from outside, per model (issue 15).

    bench/flood/external_flood.py [--build-dir DIR] [--models sync,threading,...]
                                  [--servers N] [--connections N] [--size BYTES]
                                  [--seconds S] [--arena-max N]

For each model, the real socketserver-console (its window open, QT_QPA_PLATFORM=offscreen,
settings in a temporary folder) starts N TCP echo servers of that model, and N load
generators (socketserver-bench tcp-pingpong, one per server, all at once) flood them. The
console's probe (SOCKETSERVER_CONSOLE_PROBE, ui/core/ConsoleProbe.h) says once a second how
long its GUI thread was kept from its event loop and what its servers counted. Reported per
model: the longest GUI stall during the flood; the GUI thread's time on a CPU and waiting for
one (/proc/PID/task/PID/schedstat); data events delivered to the window and not shown, against
those the traffic made (two per exchange); RSS idle, at the peak (VmHWM) and 5 s after the
flood (VmRSS); and whether the counters are exact (connections, bytes in and out as the load
generators counted them). Loopback only; about 20 s per model; ends only what it started.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ["sync", "threading", "pool", "forking", "event"]
IDLE_S = 2.0   # before the flood: the idle RSS
QUIET_S = 5.0  # after it: the console gives memory back after 1 s without traffic


def free_ports(count):
    """Ports free now on 127.0.0.1 (the console binds them a moment later)."""
    holders = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        holders.append(s)
    ports = [s.getsockname()[1] for s in holders]
    for s in holders:
        s.close()
    return ports


def spec_url(port, index, model):
    """The SPEC URL as ServerSpec::toUrl() writes it: "Start the servers that were running"
    recognises a server by this text."""
    mode = "" if model == "sync" else f"&mode={model}"
    return f"tcp://127.0.0.1:{port}?name=flood{index}{mode}"


def write_settings(config_dir, ports, model, budget_mib):
    """The console's settings: these servers listed, and started at launch (ServerResume)."""
    servers = [{"name": f"flood{i}", "kind": "tcp", "address": f"127.0.0.1:{port}",
                "model": model} for i, port in enumerate(ports)]
    profile = json.dumps({"format": "socketserver-console-profile", "version": 1,
                          "servers": servers}, separators=(",", ":"))
    quote = lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    folder = os.path.join(config_dir, "SocketServer")
    os.makedirs(folder)
    with open(os.path.join(folder, "socketserver-console.conf"), "w") as conf:
        conf.write("[servers]\n")
        conf.write(f"profile={quote(profile)}\n")
        conf.write("resumeAtLaunch=true\n")
        conf.write("runningAtClose=" + ", ".join(
            quote(spec_url(port, i, model)) for i, port in enumerate(ports)) + "\n")
        if budget_mib:
            conf.write(f"[log]\nmemoryBudgetMiB={budget_mib}\n")


def listening(ports):
    """The ports of `ports` in LISTEN on 127.0.0.1 (read from /proc: connecting to check
    would be a request the servers count)."""
    found = set()
    with open("/proc/net/tcp") as table:
        for row in table.readlines()[1:]:
            fields = row.split()
            address, port = fields[1].split(":")
            if fields[3] == "0A" and address == "0100007F":
                found.add(int(port, 16))
    return found & set(ports)


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def schedstat_ms(pid):
    """The GUI (main) thread's time on a CPU and runnable but waiting for one, in ms."""
    with open(f"/proc/{pid}/task/{pid}/schedstat") as stat:
        on_cpu, waiting, _ = stat.read().split()
    return int(on_cpu) / 1e6, int(waiting) / 1e6


def probe_lines(path):
    try:
        with open(path) as probe:
            return [json.loads(line) for line in probe if line.endswith("\n")]
    except FileNotFoundError:
        return []


def wait_until(predicate, seconds, what):
    give_up = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > give_up:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


def stop(proc):
    proc.send_signal(signal.SIGTERM)  # the window quits as File > Quit does
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:  # a console that hangs must not hang the run
        proc.kill()
        proc.wait()


def run_model(model, args, console, load):
    conns = 1 if model == "sync" else args.connections  # sync serves one connection at a time
    with tempfile.TemporaryDirectory(prefix="external-flood-") as tmp:
        ports = free_ports(args.servers)
        write_settings(os.path.join(tmp, "config"), ports, model, args.budget_mib)
        probe = os.path.join(tmp, "probe.jsonl")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=os.path.join(
            tmp, "config"), XDG_RUNTIME_DIR=tmp, SOCKETSERVER_CONSOLE_PROBE=probe)
        if args.arena_max:
            env["MALLOC_ARENA_MAX"] = str(args.arena_max)
        with open(os.path.join(tmp, "console.log"), "w") as log:
            proc = subprocess.Popen([console], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: listening(ports) == set(ports), 15, "the console's servers")
            time.sleep(IDLE_S)
            rss_idle = status_kb(proc.pid, "VmRSS")
            cpu0, wait0 = schedstat_ms(proc.pid)
            flood_began = time.monotonic()
            loads = [subprocess.Popen(
                [load, "tcp-pingpong", f"127.0.0.1:{port}", "--connections", str(conns),
                 "--size", str(args.size), "--duration", str(args.seconds), "--warmup", "0",
                 "--threads", "1", "--json"], stdout=subprocess.PIPE, text=True)
                for port in ports]
            results = [json.loads(p.communicate(timeout=args.seconds + 30)[0]) for p in loads]
            flood_ended = time.monotonic()
            cpu1, wait1 = schedstat_ms(proc.pid)
            time.sleep(QUIET_S)
            rss_after = status_kb(proc.pid, "VmRSS")
            rss_peak = status_kb(proc.pid, "VmHWM")
            sent = {key: sum(r[key] for r in results) for key in
                    ("all_requests", "bytes_sent", "bytes_received", "connections_opened",
                     "unanswered")}
            # The probe's counters are at most a second old: wait for the last connection's end.
            wait_until(lambda: probe_lines(probe) and probe_lines(probe)[-1]["finished"] >=
                       sent["connections_opened"], 10, "the console to count every connection")
            last = probe_lines(probe)[-1]
            stall = max(line["gap_ms"] for line in probe_lines(probe)
                        if flood_began * 1000 < line["t_ms"] <= flood_ended * 1000 + 1000)
        finally:
            stop(proc)
    exact = (last["requests"] == last["finished"] == sent["connections_opened"] and
             last["bytes_in"] == sent["bytes_sent"] and
             last["bytes_out"] == sent["bytes_received"] and sent["unanswered"] == 0)
    return {"model": model, "servers": args.servers, "connections": conns * args.servers,
            "req_s": sent["all_requests"] / (flood_ended - flood_began),
            "stall_ms": stall, "gui_cpu_ms": cpu1 - cpu0, "gui_wait_ms": wait1 - wait0,
            "flood_s": flood_ended - flood_began, "events_made": 2 * sent["all_requests"],
            "delivered": last["delivered"], "not_shown": last["not_shown"],
            "rss_idle_kb": rss_idle, "rss_peak_kb": rss_peak, "rss_after_kb": rss_after,
            "exact": exact, "counted": last, "sent": sent}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build-dir", default=os.path.join(HERE, "..", "..", "build"))
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--servers", type=int, default=4)
    p.add_argument("--connections", type=int, default=8, help="per server (sync: 1)")
    p.add_argument("--size", type=int, default=512, help="bytes per message")
    p.add_argument("--seconds", type=float, default=6)
    p.add_argument("--arena-max", type=int, default=0,
                   help="MALLOC_ARENA_MAX in the console's environment (0: glibc's default)")
    p.add_argument("--budget-mib", type=int, default=0,
                   help="the console's memory budget (Log > Memory budget; 0: its default, 64)")
    p.add_argument("--json", action="store_true", help="one JSON object per model")
    args = p.parse_args()
    models = args.models.split(",")
    if (not set(models) <= set(MODELS) or not 1 <= args.servers <= 8 or
            not 1 <= args.connections <= 32 or not 0 < args.seconds <= 15 or
            not 1 <= args.size <= 60000 or not 0 <= args.arena_max <= 64 or
            not 0 <= args.budget_mib <= 4096):
        p.error(f"--models from {','.join(MODELS)}, --servers 1..8, --connections 1..32, "
                "--seconds (0, 15] and --size 1..60000 keep the run under 3 minutes")
    console = os.path.join(args.build_dir, "app", "socketserver-console")
    load = os.path.join(args.build_dir, "bench", "socketserver-bench")
    for needed in (console, load):
        if not os.access(needed, os.X_OK):
            sys.exit(f"missing {needed}: build socketserver-console and socketserver-bench")

    began = time.monotonic()
    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} at the start; "
          f"{args.servers} TCP echo servers per model, flooded at once for {args.seconds:g} s "
          f"({args.connections} connections each, sync 1; {args.size}-byte messages); "
          f"MALLOC_ARENA_MAX {args.arena_max or 'default'}; memory budget "
          f"{args.budget_mib or 'default'} MiB")
    head = (f"{'model':9} {'req/s':>7} {'stall ms':>8} {'GUI cpu/wait ms':>15} "
            f"{'events made':>11} {'delivered':>9} {'not shown':>9} "
            f"{'RSS idle/peak/after MiB':>23} {'counters':>8}")
    if not args.json:
        print(head)
        print("-" * len(head))
    for model in models:
        r = run_model(model, args, console, load)
        mib = lambda kb: f"{kb / 1024:.0f}"
        if args.json:
            print(json.dumps(r), flush=True)
        else:
            gui = f"{r['gui_cpu_ms']:.0f}/{r['gui_wait_ms']:.0f}"
            rss = "/".join(mib(r[k]) for k in ("rss_idle_kb", "rss_peak_kb", "rss_after_kb"))
            print(f"{model:9} {r['req_s']:7.0f} {r['stall_ms']:8d} {gui:>15} "
                  f"{r['events_made']:11d} {r['delivered']:9d} {r['not_shown']:9d} "
                  f"{rss:>23} {'exact' if r['exact'] else 'MISMATCH':>8}", flush=True)
            if not r["exact"]:
                print(f"  counted {r['counted']}\n  sent    {r['sent']}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end; total {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()
