"""The simulated FDMS without HTTP: route a request to its endpoint and answer like FDMS.

``Simulator.handle(request)`` checks headers and the client certificate (Device endpoints),
applies injected faults, and dispatches to the endpoint functions here (registration,
certificates, config, status, ping), in ``days`` (open/close) and in ``submit`` (receipts and
offline files). Requests are serialised with one lock; the asynchronous day close runs on a
timer thread.
"""

from __future__ import annotations

import re
import secrets
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cryptography import x509

from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import protocol, wire
from ledgerctl.fdms.simulator import ca
from ledgerctl.fdms.simulator.faults import BEFORE, Faults
from ledgerctl.fdms.simulator.store import SimStore, plain

TIMEZONE = ZoneInfo("Africa/Harare")
DEFAULT_TAXES: list[dict[str, Any]] = [
    {"taxID": 1, "taxName": "Exempt", "validFrom": "2023-01-01"},
    {"taxID": 2, "taxName": "Zero rated 0%", "taxPercent": 0, "validFrom": "2023-01-01"},
    {
        "taxID": 3,
        "taxName": "Standard rated 15%",
        "taxPercent": 15,
        "validFrom": "2023-01-01",
        "validTill": "2025-12-31",
    },
    {
        "taxID": 517,
        "taxName": "Standard rated 15.5%",
        "taxPercent": Decimal("15.5"),
        "validFrom": "2026-01-01",
    },
]
_PUBLIC = re.compile(r"^/Public/v1/(\d+)/(VerifyTaxpayerInformation|RegisterDevice)$")
_DEVICE = re.compile(
    r"^/Device/v1/(\d+)/(GetConfig|GetStatus|OpenDay|SubmitReceipt|CloseDay|"
    r"IssueCertificate|Ping|SubmitFile|SubmittedFileList)$"
)
_GETS = frozenset({"GetConfig", "GetStatus", "SubmittedFileList", "GetServerCertificate"})


@dataclass(frozen=True)
class DeviceSpec:
    """A device the simulator knows, with its activation key and taxpayer."""

    device_id: int
    activation_key: str
    serial_no: str
    taxpayer_name: str = "Harare Demo Traders (Pvt) Ltd"
    tin: str = "2000123456"
    vat_number: str | None = "220012345"
    branch_name: str = "Harare CBD"
    branch_address: dict[str, str] = field(
        default_factory=lambda: {
            "province": "Harare",
            "city": "Harare",
            "street": "Samora Machel Avenue",
            "houseNo": "12",
        }
    )
    mode: str = "Online"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]
    peer_cert: bytes | None = None  # DER of the client certificate, if one was presented


@dataclass
class Answer:
    status: int
    body: Any = None
    raw: bytes | None = None
    content_type: str = "application/json; charset=utf-8"
    drop: bool = False
    delay: float = 0.0

    def payload(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return b"" if self.body is None else wire.dumps(self.body).encode("utf-8")


class Problem(Exception):
    """An FDMS error answer (400 / 401 / 404 / 422 / 405)."""

    def __init__(self, status: int, body: Any = None) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def bad_request(errors: dict[str, list[str]]) -> Problem:
    return Problem(
        400,
        {
            "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": errors,
        },
    )


def refused(code: str, detail: str) -> Problem:
    return Problem(
        422,
        {
            "type": "https://httpstatuses.io/422",
            "title": "Unprocessable Entity",
            "status": 422,
            "detail": detail,
            "errorCode": code,
        },
    )


class Simulator:
    """A local FDMS keeping its state in ``state_dir`` (see the package docstring)."""

    def __init__(
        self,
        state_dir: Path,
        *,
        devices: tuple[DeviceSpec, ...] = (),
        close_delay: float = 2.0,
        cert_days: float = 365.0,
        fault_sleep: float = 35.0,
        qr_url: str = "https://fdmstest.zimra.co.zw",
        taxes: list[dict[str, Any]] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.folder = Path(state_dir)
        self.authority = ca.load_or_create(self.folder)
        self.store = SimStore(self.folder / "simulator.db")
        self.faults = Faults()
        self.close_delay, self.cert_days, self.fault_sleep = close_delay, cert_days, fault_sleep
        self.cert_start: datetime | None = None  # tests: issue certificates in the past
        self.qr_url, self.taxes = qr_url, taxes or DEFAULT_TAXES
        self._clock = clock
        self._conn_id = "".join(
            secrets.choice(string.ascii_uppercase + string.digits) for _ in range(13)
        )
        self._ops = 0
        self.timers: list[threading.Timer] = []
        self._keys: dict[int, list[keys.PublicKey]] = {}  # device → its certificates' keys
        self._trusted: dict[tuple[int, bytes], datetime] = {}  # (device, cert DER) → expiry
        for spec in devices:
            self.add_device(spec)

    # --- housekeeping ---------------------------------------------------------------------

    def now(self) -> datetime:
        """Local Zimbabwe time without zone, as FDMS writes it."""
        if self._clock:
            return self._clock()
        return datetime.now(TIMEZONE).replace(tzinfo=None, microsecond=0)

    def operation_id(self) -> str:
        self._ops += 1
        return f"{self._conn_id}:{self._ops:08d}"

    def add_device(self, spec: DeviceSpec) -> None:
        with self.lock:
            self.store.run(
                "INSERT OR REPLACE INTO devices (device_id, activation_key, serial_no, "
                "taxpayer_name, tin, vat_number, branch_name, branch_address, mode) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                spec.device_id,
                spec.activation_key.upper(),
                spec.serial_no,
                spec.taxpayer_name,
                spec.tin,
                spec.vat_number,
                spec.branch_name,
                plain(spec.branch_address),
                spec.mode,
            )

    def set_mode(self, device_id: int, mode: str) -> None:
        if mode not in ("Online", "Offline"):
            raise ValueError("mode must be Online or Offline")
        with self.lock:
            self.store.run("UPDATE devices SET mode = ? WHERE device_id = ?", mode, device_id)

    def stop(self) -> None:
        for timer in self.timers:
            timer.cancel()
        with self.lock:
            self.store.close()

    # --- dispatch -------------------------------------------------------------------------

    def handle(self, request: Request) -> Answer:
        """Answer one HTTP request (faults applied first)."""
        endpoint = request.path.rstrip("/").rsplit("/", 1)[-1]
        fault = self.faults.take(endpoint) if not request.path.startswith("/_simulator") else None
        if fault in BEFORE:
            return self._fault_answer(fault)
        try:
            answer = self._dispatch(request, endpoint)
        except Problem as problem:
            body = problem.body
            if isinstance(body, dict):
                body = {**body, "operationID": self.operation_id()}
            answer = Answer(problem.status, body)
        if fault == "drop_after_store":
            return Answer(0, drop=True)
        return answer

    def _fault_answer(self, fault: str | None) -> Answer:
        if fault == "timeout":
            return Answer(0, drop=True, delay=self.fault_sleep)
        if fault == "drop_before":
            return Answer(0, drop=True)
        if fault == "not_json":
            return Answer(
                200, raw=b"<html><body>502 Bad Gateway</body></html>", content_type="text/html"
            )
        status = {"error500": 500, "error502": 502, "status429": 429}[str(fault)]
        return Answer(status, {"title": "Simulated failure", "status": status})

    def _dispatch(self, request: Request, endpoint: str) -> Answer:
        from ledgerctl.fdms.simulator import control, days, endpoints, submit

        if request.path.startswith("/_simulator/"):
            return control.handle(self, request)
        self._check_headers(request)
        expected = "GET" if endpoint in _GETS else "POST"
        if request.method != expected:
            raise Problem(405, {"title": "Method Not Allowed", "status": 405})
        if request.path == "/Public/v1/GetServerCertificate":
            return endpoints.server_certificate(self, request)
        match = _PUBLIC.match(request.path)
        if match:
            return self._public(int(match.group(1)), match.group(2), self._json(request))
        match = _DEVICE.match(request.path)
        if not match:
            raise Problem(404, {"title": "Not Found", "status": 404})
        device_id = int(match.group(1))
        with self.lock:
            device = self._authenticate(device_id, request.peer_cert)
            body = {} if expected == "GET" else self._json(request)
            handlers: dict[str, Callable[..., Any]] = {
                "GetConfig": endpoints.config,
                "GetStatus": days.status,
                "OpenDay": days.open_day,
                "SubmitReceipt": submit.receipt,
                "CloseDay": days.close_day,
                "IssueCertificate": endpoints.issue_certificate,
                "Ping": endpoints.ping,
                "SubmitFile": submit.file,
                "SubmittedFileList": submit.file_list,
            }
            result = handlers[endpoint](
                self, device, body if endpoint != "SubmitFile" else request.body
            )
        return Answer(200, {"operationID": self.operation_id(), **result})

    @staticmethod
    def _check_headers(request: Request) -> None:
        lower = {k.lower(): v for k, v in request.headers.items()}
        missing = [h for h in ("DeviceModelName", "DeviceModelVersion") if not lower.get(h.lower())]
        if missing:
            raise bad_request({h: ["The header is required."] for h in missing})

    @staticmethod
    def _json(request: Request) -> Any:
        try:
            body = wire.loads(request.body or b"{}")
        except wire.WireError:
            raise bad_request({"$": ["The request body is not valid JSON."]}) from None
        if not isinstance(body, dict):
            raise bad_request({"$": ["The request body must be a JSON object."]})
        return body

    # --- authentication -------------------------------------------------------------------

    def _forget_certificates(self, device_id: int) -> None:
        self._keys.pop(device_id, None)
        self._trusted = {k: v for k, v in self._trusted.items() if k[0] != device_id}

    def _authenticate(self, device_id: int, peer_der: bytes | None) -> Any:
        """The device row when the client certificate is this device's, valid one; else 401."""
        device = self.store.device(device_id)
        if peer_der is None or device is None:
            raise Problem(401)
        expiry = self._trusted.get((device_id, peer_der))
        if expiry is not None and datetime.now(UTC) < expiry:
            return device
        cert = x509.load_der_x509_certificate(peer_der)
        serial = format(cert.serial_number, "x")
        row = self.store.one(
            "SELECT revoked FROM certificates WHERE serial = ? AND device_id = ?", serial, device_id
        )
        expected = protocol.csr_common_name(device["serial_no"], device_id)
        if (
            row is None
            or row["revoked"]
            or keys.common_name(cert) != expected
            or keys.is_expired(cert)
            or cert.not_valid_before_utc > datetime.now(UTC)
        ):
            raise Problem(401)
        self._trusted[(device_id, peer_der)] = cert.not_valid_after_utc
        return device

    def device_keys(self, device_id: int) -> list[keys.PublicKey]:
        """Public keys of every certificate issued to the device (old ones verify old receipts)."""
        if device_id not in self._keys:
            rows = self.store.all("SELECT pem FROM certificates WHERE device_id = ?", device_id)
            self._keys[device_id] = [keys.public_key(keys.load_certificate(r["pem"])) for r in rows]
        return self._keys[device_id]

    # --- public endpoints -----------------------------------------------------------------

    def taxpayer(self, device: Any) -> dict[str, Any]:
        return {
            "taxPayerName": device["taxpayer_name"],
            "taxPayerTIN": device["tin"],
            "vatNumber": device["vat_number"],
            "deviceBranchName": device["branch_name"],
            "deviceBranchAddress": wire.loads(device["branch_address"]),
        }

    def _check_activation(self, device_id: int, body: dict[str, Any]) -> Any:
        device = self.store.device(device_id)
        if device is None:
            raise refused("DEV01", f"Device {device_id} is not active")
        key = str(body.get("activationKey") or "")
        if key.upper() != device["activation_key"]:
            raise refused("DEV02", "Activation key is incorrect")
        return device

    def _public(self, device_id: int, name: str, body: dict[str, Any]) -> Answer:
        with self.lock:
            device = self._check_activation(device_id, body)
            if name == "VerifyTaxpayerInformation":
                if body.get("deviceSerialNo") != device["serial_no"]:
                    raise refused("DEV01", "Device serial number does not match")
                return Answer(200, {**self.taxpayer(device), "operationID": self.operation_id()})
            cert = self.sign_csr(device, body.get("certificateRequest"))
            self.store.run("UPDATE certificates SET revoked = 1 WHERE device_id = ?", device_id)
            self.remember(device_id, cert)
            return Answer(
                200, {"certificate": keys.certificate_pem(cert), "operationID": self.operation_id()}
            )

    def sign_csr(self, device: Any, pem: Any) -> x509.Certificate:
        try:
            csr = x509.load_pem_x509_csr(str(pem or "").encode("ascii"))
        except ValueError:
            raise refused("DEV03", "Certificate request is not a valid PEM CSR") from None
        expected = protocol.csr_common_name(device["serial_no"], device["device_id"])
        if not csr.is_signature_valid or keys.common_name(csr) != expected:
            raise refused("DEV03", f"Certificate request subject must be CN={expected}")
        return self.authority.issue_device_certificate(csr, self.cert_days, self.cert_start)

    def revoke(self, device_id: int) -> None:
        """Revoke every certificate of the device (FDMS then answers 401)."""
        with self.lock:
            self.store.run("UPDATE certificates SET revoked = 1 WHERE device_id = ?", device_id)
            self._forget_certificates(device_id)

    def remember(self, device_id: int, cert: x509.Certificate) -> None:
        self._forget_certificates(device_id)
        self.store.run(
            "INSERT INTO certificates (serial, device_id, pem, not_after) VALUES (?, ?, ?, ?)",
            format(cert.serial_number, "x"),
            device_id,
            keys.certificate_pem(cert),
            cert.not_valid_after_utc.isoformat(),
        )
