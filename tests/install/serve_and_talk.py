#!/usr/bin/env python3
"""Starts a server program, talks to it once over a stream socket, and checks the reply.

usage: serve_and_talk.py [--send TEXT] --expect TEXT [--stop term|exit] -- PROGRAM [ARGS...]

The program must print "serving on ADDRESS" (HOST:PORT, [V6]:PORT or a Unix socket path) as
its first line on stdout, with the real port when it was given port 0. The client connects,
sends TEXT (default "hello"), closes its sending side, reads to the end of the stream, and
compares what came back with --expect. Then the program must end with status 0: after
SIGTERM (--stop term, the default: servers that run until told to stop) or by itself
(--stop exit: servers that serve a set number of requests).

Used by tests/install/check_install.sh (the consumer built against an installed engine) and
packaging/smoke-test-deb.sh (the programs installed by the .deb). Every wait has a deadline,
nothing sleeps: a broken program fails within seconds. Standard library only.
Exit status: 0 when the reply and the exit status were right, 1 otherwise.
"""
import argparse
import queue
import re
import signal
import socket
import subprocess
import sys
import threading

TIMEOUT = 10.0  # seconds for start-up, any socket operation, and stopping


def fail(message, process=None, stderr_lines=()):
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
    details = "".join(f"\n  stderr: {line}" for line in stderr_lines)
    sys.exit(f"serve_and_talk: {message}{details}")


def drain(stream, sink):
    for line in stream:
        sink(line.rstrip("\n"))


def connect(address):
    """A connected stream socket to what "serving on" named."""
    match = re.fullmatch(r"\[([0-9a-fA-F:.]+)\]:(\d+)|([0-9.]+):(\d+)", address)
    if match:
        v6_host, v6_port, v4_host, v4_port = match.groups()
        family = socket.AF_INET6 if v6_host else socket.AF_INET
        target = (v6_host or v4_host, int(v6_port or v4_port))
        if target[1] == 0:
            raise ValueError(f"'{address}': the port printed must be the bound one, not 0")
    elif address.startswith("/"):
        family, target = socket.AF_UNIX, address
    else:
        raise ValueError(f"'{address}' is neither HOST:PORT nor a socket path")
    client = socket.socket(family, socket.SOCK_STREAM)
    client.settimeout(TIMEOUT)
    client.connect(target)
    return client


def talk(address, payload):
    with connect(address) as client:
        client.sendall(payload)
        client.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := client.recv(4096):
            reply += chunk
        return reply


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--send", default="hello")
    parser.add_argument("--expect", required=True)
    parser.add_argument("--stop", choices=("term", "exit"), default="term")
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    argv = args.program[1:] if args.program[:1] == ["--"] else args.program
    if not argv:
        parser.error("no PROGRAM given")

    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, stderr_lines = queue.Queue(), []
    threading.Thread(target=drain, args=(process.stdout, lines.put), daemon=True).start()
    threading.Thread(target=drain, args=(process.stderr, stderr_lines.append),
                     daemon=True).start()
    name = argv[0]

    try:
        first = lines.get(timeout=TIMEOUT)
    except queue.Empty:
        fail(f"{name}: no output within {TIMEOUT} s", process, stderr_lines)
    if not first.startswith("serving on "):
        fail(f"{name}: first line {first!r} is not 'serving on ADDRESS'", process, stderr_lines)
    address = first.removeprefix("serving on ")

    try:
        reply = talk(address, args.send.encode())
    except (OSError, ValueError) as error:
        fail(f"{name} at {address}: {error}", process, stderr_lines)
    if reply != args.expect.encode():
        fail(f"{name} at {address}: sent {args.send!r}, expected {args.expect!r}, "
             f"got {reply!r}", process, stderr_lines)

    if args.stop == "term":
        process.send_signal(signal.SIGTERM)
    try:
        status = process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail(f"{name}: still running {TIMEOUT} s after the talk (--stop {args.stop})",
             process, stderr_lines)
    if status != 0:
        fail(f"{name}: exit status {status}, expected 0", None, stderr_lines)
    print(f"serve_and_talk: {name} at {address}: {args.send!r} -> {reply.decode()!r}, exit 0")


if __name__ == "__main__":
    main()
