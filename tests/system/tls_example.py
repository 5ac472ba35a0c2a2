#!/usr/bin/env python3
"""The TLS upper-case echo example (examples/tls_upper_echo) against Python's own ssl client.

usage: tls_example.py TLS_UPPER_ECHO MAKE_TEST_PKI CLIENT_SCRIPT

Makes a test CA and a server certificate in a temporary folder (MAKE_TEST_PKI: no key is
checked in), starts the example on port 0, runs the unchanged Python client
(examples/tls_upper_echo_client.py: ssl.create_default_context(cafile=CA)) against it, and
expects the upper-cased reply. Then a client trusting another CA must fail verification,
and the server must go on serving. Every wait has a deadline. Exit status 0 when all passed.
"""
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 10.0


def main():
    example, make_pki, client = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as pki:
        subprocess.run([make_pki, pki], check=True, timeout=TIMEOUT)
        server = subprocess.Popen(
            [example, "127.0.0.1:0", os.path.join(pki, "server.pem"), os.path.join(pki, "server.key")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in server.stdout], daemon=True).start()
        try:
            first = lines.get(timeout=TIMEOUT)
            assert first.startswith("serving on "), first
            address = first.split()[-1]

            def run_client(ca):
                return subprocess.run([sys.executable, client, address, os.path.join(pki, ca),
                                       "hello tls"], capture_output=True, text=True,
                                      timeout=TIMEOUT)

            ok = run_client("ca.pem")
            assert ok.returncode == 0, ok.stderr
            assert "Received: HELLO TLS" in ok.stdout, ok.stdout
            wrong = run_client("other-ca.pem")
            assert wrong.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in wrong.stderr, \
                wrong.stderr
            again = run_client("ca.pem")  # a failed handshake cost the server nothing
            assert "Received: HELLO TLS" in again.stdout, again.stdout
        finally:
            server.send_signal(signal.SIGTERM)
            status = server.wait(timeout=TIMEOUT)
        assert status == 0, "tls_upper_echo exited with %d: %s" % (status, server.stderr.read())
    print("tls_upper_echo: Python's ssl client served, wrong CA refused, exit 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
