"""HTTPS for the simulator: stdlib ``ThreadingHTTPServer`` + ``ssl`` with client certificates.

The TLS context asks every client for a certificate (``CERT_OPTIONAL``: Public endpoints work
without one) and trusts only the simulator's CA. OpenSSL's own validity-date check is turned
off so that an expired device certificate still completes the handshake and gets FDMS's
answer, 401, from the endpoint (as the real service does) instead of a TLS alert. The TLS
handshake runs in the connection's thread, and connections stay open (HTTP/1.1 keep-alive).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ledgerctl.fdms.simulator.engine import Answer, Request, Simulator

X509_V_FLAG_NO_CHECK_TIME = 0x200000
REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def tls_context(sim: Simulator) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(sim.authority.tls_cert_path, sim.authority.tls_key_path)
    context.load_verify_locations(cafile=str(sim.authority.ca_path))
    context.verify_mode = ssl.CERT_OPTIONAL
    context.verify_flags |= X509_V_FLAG_NO_CHECK_TIME
    return context


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 120

    def setup(self) -> None:
        self.request.settimeout(10)
        self.request.do_handshake()
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        if self.server.access_log:
            super().log_message(format, *args)

    def _serve(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        peer = (
            self.connection.getpeercert(binary_form=True)
            if isinstance(self.connection, ssl.SSLSocket)
            else None
        )
        request = Request(
            self.command,
            url.path,
            dict(parse_qsl(url.query)),
            body,
            dict(self.headers.items()),
            peer,
        )
        answer = self.server.simulator.handle(request)
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        if answer.delay:
            time.sleep(answer.delay)
        if answer.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        payload = answer.payload()
        self.send_response(answer.status, REASONS.get(answer.status, ""))
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _serve  # noqa: N815 - http.server's naming


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], simulator: Simulator, access_log: bool) -> None:
        self.simulator, self.access_log = simulator, access_log
        self.tls = tls_context(simulator)
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """TLS failures and dropped connections are the client's business: stay quiet."""
        if self.access_log:
            super().handle_error(request, client_address)


class SimulatorServer:
    """Serve a ``Simulator`` over HTTPS, in a background thread or in the foreground."""

    def __init__(
        self,
        simulator: Simulator,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        access_log: bool = False,
    ) -> None:
        self.simulator = simulator
        self.httpd = _Server((host, port), simulator, access_log)
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        raw = self.httpd.server_address[0]
        host = raw.decode() if isinstance(raw, bytes) else str(raw)
        return f"https://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{self.port}"

    def start(self) -> SimulatorServer:
        self.thread = threading.Thread(
            target=self.httpd.serve_forever,
            name="fdms-simulator",
            kwargs={"poll_interval": 0.1},
            daemon=True,
        )
        self.thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.5)

    def stop(self) -> None:
        if self.thread is None:
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
        self.thread = None
        self.simulator.stop()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
