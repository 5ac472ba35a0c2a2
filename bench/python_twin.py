#!/usr/bin/env python3
"""The Python twin of bench_server: the same handlers on CPython's socketserver.

    python_twin.py --model sync|threading|forking|event --kind tcp|udp|unix|unixdgram \
                   --handler echo|oneshot ADDRESS

Same CLI and "serving on <address>" line as bench_server, so run_bench.py treats both alike.
The handler work is identical (recv 65536 + sendall; recvfrom + sendto) so the ratio engine /
twin measures the frameworks. CPython has no thread-pool server: --model pool is refused.
--model event is the reference documents' selectors echo server (004), the Python design the
engine's event-driven servers are measured against (TCP and Unix streams).
"""
import argparse
import os
import selectors
import signal
import socket
import socketserver
import sys
import threading

CHUNK = 65536  # same bufsize as bench_server


class StreamEcho(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(CHUNK):
            self.request.sendall(data)


class StreamOneshot(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(CHUNK)
        if data:
            self.request.sendall(data)


class DatagramEcho(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(data, self.client_address)


SERVERS = {  # (model, kind) -> class, spelled with Python's own names
    ("sync", "tcp"): socketserver.TCPServer,
    ("sync", "udp"): socketserver.UDPServer,
    ("sync", "unix"): socketserver.UnixStreamServer,
    ("sync", "unixdgram"): socketserver.UnixDatagramServer,
    ("threading", "tcp"): socketserver.ThreadingTCPServer,
    ("threading", "udp"): socketserver.ThreadingUDPServer,
    ("threading", "unix"): socketserver.ThreadingUnixStreamServer,
    ("threading", "unixdgram"): socketserver.ThreadingUnixDatagramServer,
    ("forking", "tcp"): socketserver.ForkingTCPServer,
    ("forking", "udp"): socketserver.ForkingUDPServer,
}


def serve_selectors(listener, oneshot):
    """The selectors echo of 004: one thread, non-blocking sockets, until SIGTERM/SIGINT."""
    stop_r, stop_w = os.pipe()
    os.set_blocking(stop_w, False)
    signal.set_wakeup_fd(stop_w)
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.signal(signal.SIGINT, lambda *_: None)
    sel = selectors.DefaultSelector()
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(stop_r, selectors.EVENT_READ, "stop")
    while True:
        for key, _ in sel.select():
            if key.data == "stop":
                return
            if key.data == "accept":
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ, "conn")
                continue
            conn = key.fileobj
            try:
                data = conn.recv(CHUNK)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if data:
                try:
                    conn.sendall(data)  # 16-byte replies: the socket takes them at once
                except OSError:
                    data = b""
            if not data or oneshot:
                sel.unregister(conn)
                conn.close()


def main_selectors(args):
    if args.kind.startswith("unix"):
        path = args.address.removeprefix("unix:")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        bound = path
    else:
        host, _, port = args.address.rpartition(":")
        host = host.strip("[]")
        listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, int(port)))
        h, p = listener.getsockname()[:2]
        bound = f"{h}:{p}"
    listener.listen(1024)
    print("serving on", bound, flush=True)
    serve_selectors(listener, args.handler == "oneshot")
    listener.close()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="sync", choices=["sync", "threading", "forking", "pool", "event"])
    parser.add_argument("--kind", default="tcp", choices=["tcp", "udp", "unix", "unixdgram"])
    parser.add_argument("--handler", default="echo", choices=["echo", "oneshot"])
    parser.add_argument("address")
    args = parser.parse_args()  # exits 2 on bad arguments, like bench_server
    if args.model == "event":
        if args.kind not in ("tcp", "unix"):
            parser.error("the selectors twin serves tcp and unix streams")
        return main_selectors(args)
    cls = SERVERS.get((args.model, args.kind))
    if cls is None:
        parser.error(f"CPython's socketserver has no {args.model} server for {args.kind}")
    if args.kind.startswith("unix"):
        address = args.address.removeprefix("unix:")
    else:
        host, _, port = args.address.rpartition(":")
        address = (host.strip("[]"), int(port))
    handler = DatagramEcho if args.kind in ("udp", "unixdgram") else (
        StreamOneshot if args.handler == "oneshot" else StreamEcho)

    cls.allow_reuse_address = True
    cls.daemon_threads = True  # do not wait for clients still connected at SIGTERM
    server = cls(address, handler)
    bound = server.server_address
    print("serving on", bound if isinstance(bound, str) else f"{bound[0]}:{bound[1]}", flush=True)
    # Serve on a thread and wait for the signal on the main one, as run_until_signal.hpp does.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    server.shutdown()
    serving.join()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
