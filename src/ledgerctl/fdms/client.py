"""HTTP client of the FDMS Fiscal Device Gateway API (httpx, keep-alive, mutual TLS).

One ``FdmsClient`` per command (or per batch): a public client without certificate for
registration, and a device client presenting the device certificate for ``/Device/v1``.
Every call is recorded as an ``Exchange`` (secrets removed) for ``fdms logs``. Failures raise
``FdmsError`` (exit 6) saying what happened and whether the request may have reached FDMS
(``maybe_delivered``: a timeout or a dropped answer), which decides what may be retried.
"""

from __future__ import annotations

import os
import secrets
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import RemoteUnavailable
from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import wire
from ledgerctl.fdms.domain.redact import loggable, redact_text


@dataclass
class Exchange:
    """One request and its answer (or failure), as logged."""

    at: datetime
    method: str
    path: str
    status: int | None
    duration_ms: int
    request: str | None
    response: str | None
    error: str | None = None
    error_code: str | None = None
    operation_id: str | None = None


class FdmsError(RemoteUnavailable):
    """FDMS unreachable, timed out, refused the request, or answered nonsense (exit 6)."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        status: int | None = None,
        code: str | None = None,
        maybe_delivered: bool = False,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.kind, self.status, self.code = kind, status, code
        self.maybe_delivered, self.body = maybe_delivered, body

    @property
    def transient(self) -> bool:
        """Worth retrying later as is (network, timeouts, 429 and 5xx)."""
        return self.kind in ("unreachable", "timeout", "dropped", "server_error", "bad_answer")


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach FDMS."""

    base_url: str
    device_id: int
    model_name: str
    model_version: str
    timeout: float = 30.0
    ca_bundle: str | None = None


def _verify_context(ca_bundle: str | None) -> ssl.SSLContext:
    if ca_bundle:
        if not Path(ca_bundle).is_file():
            raise RemoteUnavailable(
                f"FDMS CA bundle {ca_bundle} does not exist; fix "
                "FDMS_CA_BUNDLE (the simulator prints its ca.pem path)"
            )
        return ssl.create_default_context(cafile=ca_bundle)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def device_tls(ca_bundle: str | None, cert_pem: str, key: keys.PrivateKey) -> ssl.SSLContext:
    """A TLS context presenting the device certificate; the key touches disk only encrypted
    with a one-time password, in a private temporary folder removed at once."""
    context = _verify_context(ca_bundle)
    password = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="ledgerctl-fdms-") as folder:
        cert_file, key_file = Path(folder) / "device.pem", Path(folder) / "device.key"
        cert_file.write_text(cert_pem, encoding="ascii")
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(keys.private_pem(key, password))
        context.load_cert_chain(cert_file, key_file, password=password)
    return context


def _problem_text(body: Any) -> tuple[str, str | None]:
    if not isinstance(body, dict):
        return "", None
    code = body.get("errorCode")
    if body.get("errors"):
        parts = [f"{path}: {'; '.join(map(str, msgs))}" for path, msgs in body["errors"].items()]
        return ", ".join(parts), code
    return str(body.get("detail") or body.get("title") or ""), code


class FdmsClient:
    """Calls of the FDMS API; see the module docstring.

    Requests go straight to an ``httpx.HTTPTransport`` (its connection pool keeps the TLS
    connection alive): FDMS needs no cookies, redirects or auth flows, and skipping them
    halves the client's cost per receipt.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        device_tls_context: ssl.SSLContext | None = None,
        transport: httpx.BaseTransport | None = None,
        on_exchange: Callable[[Exchange], None] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self._device_tls = device_tls_context
        self._mock = transport
        self._on_exchange = on_exchange
        self._transports: dict[str, httpx.BaseTransport] = {}
        self._urls: dict[str, httpx.URL] = {}
        self._timeout = httpx.Timeout(endpoint.timeout).as_dict()
        self._headers = [
            (b"DeviceModelName", endpoint.model_name.encode()),
            (b"DeviceModelVersion", endpoint.model_version.encode()),
            (b"Accept", b"application/json"),
        ]

    def _transport(self, device: bool) -> httpx.BaseTransport:
        if self._mock is not None:
            return self._mock
        name = "device" if device else "public"
        if name not in self._transports:
            if device and self._device_tls is None:
                raise RemoteUnavailable(
                    "the device is not registered: no certificate to present "
                    "to FDMS; run `ledgerctl fdms device register`"
                )
            tls = self._device_tls if device else None
            verify = tls or _verify_context(self.endpoint.ca_bundle)
            self._transports[name] = httpx.HTTPTransport(verify=verify)
        return self._transports[name]

    def _url(self, path: str, params: dict[str, str] | None) -> httpx.URL:
        if params:
            return httpx.URL(self.endpoint.base_url.rstrip("/") + path, params=params)
        if path not in self._urls:
            self._urls[path] = httpx.URL(self.endpoint.base_url.rstrip("/") + path)
        return self._urls[path]

    def close(self) -> None:
        for transport in self._transports.values():
            transport.close()
        self._transports.clear()

    def __enter__(self) -> FdmsClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- one call -------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        content: bytes | None,
        device: bool,
        params: dict[str, str] | None,
    ) -> httpx.Response:
        headers = list(self._headers)
        if content is not None:
            headers.append((b"Content-Type", b"application/json"))
        request = httpx.Request(
            method,
            self._url(path, params),
            headers=headers,
            content=content,
            extensions={"timeout": self._timeout},
        )
        response = self._transport(device).handle_request(request)
        try:
            response.read()
        finally:
            response.close()
        return response

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        device: bool = True,
        raw: bytes | None = None,
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Send one request; the parsed JSON answer, or ``FdmsError``."""
        content = (
            raw if raw is not None else (None if body is None else wire.dumps(body).encode("utf-8"))
        )
        logged = loggable(raw) if raw is not None else loggable(None, body)
        started, at = time.perf_counter(), utcnow()
        try:
            response = self._send(method, path, content, device, params)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc, method, path, logged, at, started) from None
        text = response.content
        try:
            data = wire.loads(text) if text else {}
        except wire.WireError:
            data = None
        self._record(
            Exchange(
                at,
                method,
                path,
                response.status_code,
                _ms(started),
                logged,
                loggable(text),
                operation_id=_operation(data),
            ),
            data,
            response,
        )
        if response.status_code != 200:
            raise self._status_error(response.status_code, data, method, path)
        if not isinstance(data, dict):
            raise FdmsError(
                f"FDMS answered {method} {path} with something that is not JSON "
                f"({_sample(text)}); a proxy may be in the way — nothing was taken "
                "as accepted; retry later",
                kind="bad_answer",
                status=200,
                maybe_delivered=True,
            )
        return data

    def _record(self, exchange: Exchange, data: Any, response: httpx.Response) -> None:
        if response.status_code != 200:
            exchange.error, exchange.error_code = _problem_text(data)
            exchange.error = exchange.error or response.reason_phrase
        if self._on_exchange:
            self._on_exchange(exchange)

    def _transport_error(
        self,
        exc: httpx.HTTPError,
        method: str,
        path: str,
        logged: str | None,
        at: datetime,
        started: float,
    ) -> FdmsError:
        reason = redact_text(str(exc) or type(exc).__name__)
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
            kind, delivered = "unreachable", False
            text = (
                f"FDMS at {self.endpoint.base_url} is unreachable ({reason}); check the "
                "network, FDMS_BASE_URL and the certificates, then retry"
            )
        elif isinstance(exc, httpx.TimeoutException):
            kind, delivered = "timeout", not isinstance(exc, httpx.PoolTimeout)
            text = (
                f"FDMS did not answer {method} {path} within {self.endpoint.timeout:g} s; "
                "it may have received it — retry (a resend is recognised, not duplicated)"
            )
        else:
            kind, delivered = "dropped", True
            text = (
                f"the connection to FDMS broke during {method} {path} ({reason}); it may "
                "have received it — retry (a resend is recognised, not duplicated)"
            )
        if self._on_exchange:
            self._on_exchange(
                Exchange(
                    at, method, path, None, _ms(started), logged, None, error=f"{kind}: {reason}"
                )
            )
        return FdmsError(text, kind=kind, maybe_delivered=delivered)

    def _status_error(self, status: int, data: Any, method: str, path: str) -> FdmsError:
        detail, code = _problem_text(data)
        if status == 401:
            return FdmsError(
                f"FDMS refused the device certificate (401) on {path}: it is expired, revoked "
                "or not this device's; see `ledgerctl fdms device status`, then renew "
                "(`fdms certificate renew`) or register again",
                kind="unauthorized",
                status=401,
            )
        if status in (429, 500, 502, 503, 504):
            return FdmsError(
                f"FDMS answered {status} to {method} {path}; try again later",
                kind="server_error",
                status=status,
            )
        label = f"{code}: " if code else ""
        return FdmsError(
            f"FDMS refused {method} {path} ({status} {label}{detail})",
            kind="refused",
            status=status,
            code=code,
            body=data,
        )

    # --- the endpoints --------------------------------------------------------------------

    @property
    def _device_path(self) -> str:
        return f"/Device/v1/{self.endpoint.device_id}"

    def verify_taxpayer(self, activation_key: str, serial_no: str) -> dict[str, Any]:
        return self.call(
            "POST",
            f"/Public/v1/{self.endpoint.device_id}/VerifyTaxpayerInformation",
            {"activationKey": activation_key, "deviceSerialNo": serial_no},
            device=False,
        )

    def register_device(self, csr_pem: str, activation_key: str) -> dict[str, Any]:
        return self.call(
            "POST",
            f"/Public/v1/{self.endpoint.device_id}/RegisterDevice",
            {"certificateRequest": csr_pem, "activationKey": activation_key},
            device=False,
        )

    def get_server_certificate(self, thumbprint: str | None = None) -> dict[str, Any]:
        params = {"thumbprint": thumbprint} if thumbprint else None
        return self.call("GET", "/Public/v1/GetServerCertificate", device=False, params=params)

    def get_config(self) -> dict[str, Any]:
        return self.call("GET", f"{self._device_path}/GetConfig")

    def get_status(self) -> dict[str, Any]:
        return self.call("GET", f"{self._device_path}/GetStatus")

    def open_day(self, day_no: int, opened: str) -> dict[str, Any]:
        return self.call(
            "POST",
            f"{self._device_path}/OpenDay",
            {"fiscalDayNo": day_no, "fiscalDayOpened": opened},
        )

    def submit_receipt(self, receipt: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", f"{self._device_path}/SubmitReceipt", {"receipt": receipt})

    def close_day(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", f"{self._device_path}/CloseDay", body)

    def issue_certificate(self, csr_pem: str) -> dict[str, Any]:
        return self.call(
            "POST", f"{self._device_path}/IssueCertificate", {"certificateRequest": csr_pem}
        )

    def ping(self) -> dict[str, Any]:
        return self.call("POST", f"{self._device_path}/Ping", {})

    def submit_file(self, content: bytes) -> dict[str, Any]:
        return self.call("POST", f"{self._device_path}/SubmitFile", raw=content)

    def submitted_files(self) -> dict[str, Any]:
        return self.call("GET", f"{self._device_path}/SubmittedFileList")


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _operation(data: Any) -> str | None:
    return str(data["operationID"]) if isinstance(data, dict) and data.get("operationID") else None


def _sample(text: bytes) -> str:
    sample = text[:60].decode("utf-8", "replace").replace("\n", " ")
    return f"{sample!r}" if sample else "an empty body"
