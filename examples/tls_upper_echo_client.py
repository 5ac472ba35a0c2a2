#!/usr/bin/env python3
"""The reference documents' upper-case echo client, over TLS, for tls_upper_echo.

usage: tls_upper_echo_client.py HOST:PORT CAFILE MESSAGE

Python's ssl module as any Python user writes it: ssl.create_default_context(cafile=...)
verifies the server's certificate against CAFILE and its name ("localhost" for 127.0.0.1).
Prints "Sent: ..." and "Received: ...", as the reference client does.
"""
import socket
import ssl
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    host, _, port = sys.argv[1].rpartition(":")
    context = ssl.create_default_context(cafile=sys.argv[2])
    with socket.create_connection((host.strip("[]"), int(port)), timeout=10) as plain:
        with context.wrap_socket(plain, server_hostname="localhost") as sock:
            sock.sendall(bytes(sys.argv[3] + "\n", "utf-8"))
            received = str(sock.recv(1024), "utf-8")
    print("Sent:     {}".format(sys.argv[3]))
    print("Received: {}".format(received))


if __name__ == "__main__":
    main()
