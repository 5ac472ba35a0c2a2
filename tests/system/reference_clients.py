#!/usr/bin/env python3
"""The reference documents' Python clients, run against the C++ ports in examples/.

usage: reference_clients.py EXAMPLES_DIR

Each case starts one example on port 0, takes the real port from its first line of output
("serving on 127.0.0.1:PORT"), plays the documents' client against it, then sends SIGTERM
(SIGINT for one case) and expects exit status 0. Nothing waits by sleeping: every wait is a
read with a deadline, so a broken example fails within seconds instead of hanging.
Standard library only. Exit status: 0 when every case passed or was skipped, 1 otherwise.
"""
import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

TIMEOUT = 5.0  # seconds for any one socket operation, start-up or stop


class Skip(Exception):
    """The case cannot run on this machine (e.g. no IPv6 loopback)."""


class Example:
    """One running example program. As a context manager it always ends the process."""

    def __init__(self, directory, name, address="127.0.0.1:0"):
        self.name = name
        self.argv = [os.path.join(directory, name), address]
        self.process = None
        self.lines = queue.Queue()  # stdout lines, read on a thread so the pipe never fills
        self.stderr = []
        self.first_line = None
        self.host = self.port = None

    def __enter__(self):
        self.process = subprocess.Popen(self.argv, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._drain, args=(self.process.stdout, self.lines.put),
                         daemon=True).start()
        threading.Thread(target=self._drain, args=(self.process.stderr, self.stderr.append),
                         daemon=True).start()
        try:
            self.first_line = self.next_line()
            match = re.fullmatch(r"serving on (\[[0-9a-fA-F:.]+\]|[0-9.]+):(\d+)",
                                 self.first_line)
            check(match, f"first line {self.first_line!r} is not 'serving on HOST:PORT'")
            self.host, self.port = match.group(1).strip("[]"), int(match.group(2))
            check(self.port != 0, "the port printed must be the bound one, not 0")
        except BaseException:
            self.__exit__()  # `with` calls __exit__ only once __enter__ has returned
            raise
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @staticmethod
    def _drain(stream, sink):
        for line in stream:
            sink(line.rstrip("\n"))

    def next_line(self):
        """The next line of stdout, within TIMEOUT."""
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"{self.name}: no output within {TIMEOUT} s; "
                                 f"stderr: {self.stderr}") from None
        return line

    def expect_lines(self, *expected):
        for want in expected:
            got = self.next_line()
            check(got == want, f"stdout line {got!r}, expected {want!r}")

    def stop(self, signal_number=signal.SIGTERM):
        """Sends the signal and expects a clean exit (status 0) within TIMEOUT."""
        self.process.send_signal(signal_number)
        try:
            status = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name}: still running {TIMEOUT} s after "
                                 f"{signal.Signals(signal_number).name}") from None
        check(status == 0, f"{self.name}: exit status {status}, stderr: {self.stderr}")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def connect(example, family=socket.AF_INET):
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(TIMEOUT)
    sock.connect((example.host, example.port))
    return sock


def receive_all(sock):
    """Everything until the server closes the connection."""
    chunks = []
    while chunk := sock.recv(4096):
        chunks.append(chunk)
    return b"".join(chunks)


def receive_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        check(chunk, f"connection closed after {data!r}, expected {size} bytes")
        data += chunk
    return data


# ---- The cases: one per example, as the reference documents' clients use them ----

def upper_echo_client(example, family=socket.AF_INET):
    """001, example 1: send, receive the upper-cased, stripped text; the server prints it."""
    for sent in (b"hello world", b" \thello world\r\n"):
        with connect(example, family) as sock:
            sock.sendall(sent)
            reply = receive_all(sock)
        check(reply == b"HELLO WORLD", f"sent {sent!r}, got {reply!r}")
        example.expect_lines(f"{example.host} wrote:", "hello world")


def case_tcp_upper_echo(directory):
    with Example(directory, "tcp_upper_echo") as example:
        check(example.first_line == f"serving on 127.0.0.1:{example.port}", example.first_line)
        upper_echo_client(example)
        example.stop()


def case_tcp_upper_echo_ipv6(directory):
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError as error:
        raise Skip(f"no IPv6 loopback: {error}") from None
    with Example(directory, "tcp_upper_echo", "[::1]:0") as example:
        check(example.first_line == f"serving on [::1]:{example.port}", example.first_line)
        upper_echo_client(example, socket.AF_INET6)
        example.stop()


def case_udp_upper_echo(directory):
    """001, example 2: one datagram in, one upper-cased datagram back from the server."""
    with Example(directory, "udp_upper_echo") as example:
        check(example.first_line == f"serving on 127.0.0.1:{example.port}", example.first_line)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(TIMEOUT)
            sock.sendto(b"hello world\n", (example.host, example.port))
            reply, sender = sock.recvfrom(1024)
        check(reply == b"HELLO WORLD", f"got {reply!r}")
        check(sender == (example.host, example.port), f"reply came from {sender}")
        example.expect_lines("127.0.0.1 wrote:", "hello world")
        example.stop()


def case_threaded_hello(directory):
    """001, example 3: client(ip, port, 'Hello World i') three times; each on its own thread."""
    with Example(directory, "threaded_hello") as example:
        check(example.first_line == f"serving on 127.0.0.1:{example.port}", example.first_line)
        names = []
        for i in (1, 2, 3):
            with connect(example) as sock:
                sock.sendall(f"Hello World {i}".encode())
                reply = receive_all(sock).decode()
            match = re.fullmatch(rf"(Thread-\d+): Hello World {i}", reply)
            check(match, f"got {reply!r}")
            names.append(match.group(1))
        check(len(set(names)) == 3, f"each request needs its own thread, got {names}")
        example.stop(signal.SIGINT)  # Ctrl-C, as a user stops it


CTIME = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}"


def case_welcome_echo(directory):
    """001, example 4: greeting with the listening address and ctime(), then echo of lines."""
    with Example(directory, "welcome_echo") as example:
        check(example.first_line == f"serving on 127.0.0.1:{example.port}", example.first_line)
        # Two clients at once: ThreadingTCPServer greets the second while the first stays.
        with connect(example) as first, connect(example) as second:
            for sock in (first, second):
                greeting = b""
                while not greeting.endswith(b"succeed!"):
                    chunk = sock.recv(1024)
                    check(chunk, f"connection closed during the greeting {greeting!r}")
                    greeting += chunk
                match = re.fullmatch(rf"connection 127\.0\.0\.1:{example.port} at ({CTIME}) "
                                     r"succeed!", greeting.decode())
                check(match, f"greeting {greeting!r}")
                stamp = time.mktime(time.strptime(match.group(1), "%a %b %d %H:%M:%S %Y"))
                check(abs(stamp - time.time()) < 120, f"ctime {match.group(1)!r} is not now")
            for sock in (first, second):
                for data in ("abc", "hello", "exit now"):
                    line = f"{data}\r\n".encode()  # the reference client's '%s\r\n' % data
                    sock.sendall(line)
                    echo = receive_exactly(sock, len(line))
                    check(echo == line, f"sent {line!r}, got {echo!r}")
        example.stop()


def case_pool_echo(directory):
    """004, long connections on a pool of 5: five clients served at once, line by line."""
    with Example(directory, "pool_echo") as example:
        check(example.first_line == f"serving on 127.0.0.1:{example.port}", example.first_line)
        clients = 5  # the pool size: all of them must be served at the same time
        all_connected = threading.Barrier(clients, timeout=TIMEOUT)
        failures = []

        def client(number):
            try:
                with connect(example) as sock, sock.makefile("rwb") as stream:
                    for line_number in range(20):
                        line = f"client {number} line {line_number}\n".encode()
                        stream.write(line)
                        stream.flush()
                        echo = stream.readline()
                        check(echo == line, f"sent {line!r}, got {echo!r}")
                        if line_number == 0:
                            all_connected.wait()  # breaks unless 5 are served concurrently
            except Exception as error:  # reported by the main thread
                failures.append(f"client {number}: {error!r}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(4 * TIMEOUT)
        check(not any(thread.is_alive() for thread in threads), "a client did not finish")
        check(not failures, "; ".join(failures))
        # The pool's threads are free again once the clients left.
        with connect(example) as sock:
            sock.sendall(b"one more\n")
            check(receive_exactly(sock, 9) == b"one more\n", "echo after the first clients")
        example.stop()


def raw_http(example, request):
    with connect(example) as sock:
        sock.sendall(request)
        return receive_all(sock)


def case_http_hello(directory):
    """HTTP/1.0 on StreamRequestHandler, driven by http.client and by hand."""
    with Example(directory, "http_hello") as example:
        check(example.first_line == f"serving on 127.0.0.1:{example.port}", example.first_line)
        connection = http.client.HTTPConnection(example.host, example.port, timeout=TIMEOUT)
        connection.request("GET", "/")
        response = connection.getresponse()
        body = response.read()
        check(response.status == 200, f"GET status {response.status}")
        check(body == b"Hello, World!", f"GET body {body!r}")
        check(response.getheader("Content-Length") == "13", "Content-Length")
        check(response.getheader("Content-Type", "").startswith("text/plain"), "Content-Type")
        connection.close()
        example.expect_lines('127.0.0.1 "GET / HTTP/1.1" 200')

        # HEAD by hand: http.client would hide a body sent by mistake.
        reply = raw_http(example, b"HEAD /index.html HTTP/1.0\r\nHost: x\r\n\r\n")
        head, _, rest = reply.partition(b"\r\n\r\n")
        check(head.startswith(b"HTTP/1.0 200 OK\r\n"), f"HEAD reply {reply!r}")
        check(b"\r\nContent-Length: 13" in head, f"HEAD headers {head!r}")
        check(rest == b"", f"HEAD must have no body, got {rest!r}")

        connection = http.client.HTTPConnection(example.host, example.port, timeout=TIMEOUT)
        connection.request("POST", "/", body=b"x=1")
        response = connection.getresponse()
        response.read()
        check(response.status == 405, f"POST status {response.status}")
        check(response.getheader("Allow") == "GET, HEAD", "Allow header")
        connection.close()

        for bad in (b"GARBAGE\r\n\r\n", b"GET / FTP/1.0\r\n\r\n", b"GET\r\n\r\n"):
            reply = raw_http(example, bad)
            check(reply.startswith(b"HTTP/1.0 400 Bad Request\r\n"), f"{bad!r} -> {reply!r}")
        example.stop()


def case_bad_address(directory):
    """A bad address argument is a usage error: a message on stderr and exit status 2."""
    for argument in ("not-an-address", "127.0.0.1:99999", "/tmp/a.sock"):
        result = subprocess.run([os.path.join(directory, "tcp_upper_echo"), argument],
                                capture_output=True, text=True, timeout=TIMEOUT)
        check(result.returncode == 2, f"{argument!r}: exit status {result.returncode}")
        check(result.stderr.strip(), f"{argument!r}: nothing said on stderr")
        check(result.stdout == "", f"{argument!r}: must not claim to serve: {result.stdout!r}")


CASES = [case_tcp_upper_echo, case_tcp_upper_echo_ipv6, case_udp_upper_echo,
         case_threaded_hello, case_welcome_echo, case_pool_echo, case_http_hello,
         case_bad_address]


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(f"usage: {argv[0]} EXAMPLES_DIR", file=sys.stderr)
        return 2
    failed = 0
    for case in CASES:
        name = case.__name__.removeprefix("case_")
        try:
            case(argv[1])
            print(f"PASS {name}")
        except Skip as reason:
            print(f"SKIP {name}: {reason}")
        except Exception as error:  # one broken example must not hide the others
            failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}")
        sys.stdout.flush()
    print(f"{len(CASES) - failed}/{len(CASES)} cases passed or skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
