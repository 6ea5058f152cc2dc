"""The simulator's certificate and configuration endpoints: GetServerCertificate,
GetConfig, IssueCertificate, Ping (fiscal days are in ``days``, receipts and files in
``submit``).
"""

from __future__ import annotations

from typing import Any

from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import protocol
from ledgerctl.fdms.simulator.engine import Answer, Problem, Request, Simulator


def server_certificate(sim: Simulator, request: Request) -> Answer:
    """GetServerCertificate: FDMS's signing certificate chain."""
    wanted = request.query.get("thumbprint")
    if wanted and wanted.upper() != sim.authority.signing_thumbprint:
        raise Problem(404, {"title": "Certificate not found", "status": 404})
    till = sim.authority.signing_cert.not_valid_after_utc
    return Answer(
        200,
        {
            "certificate": sim.authority.chain_pem(),
            "certificateValidTill": protocol.fdms_datetime(till),
            "operationID": sim.operation_id(),
        },
    )


def config(sim: Simulator, device: Any, _body: Any) -> dict[str, Any]:
    """GetConfig: the taxpayer, the device's mode and limits, the applicable taxes."""
    cert = sim.store.one(
        "SELECT not_after FROM certificates WHERE device_id = ? AND "
        "revoked = 0 ORDER BY not_after DESC LIMIT 1",
        device["device_id"],
    )
    return {
        **sim.taxpayer(device),
        "deviceSerialNo": device["serial_no"],
        "deviceOperatingMode": device["mode"],
        "taxPayerDayMaxHrs": device["day_max_hrs"],
        "taxpayerDayEndNotificationHrs": device["day_notice_hrs"],
        "applicableTaxes": sim.taxes,
        "qrUrl": sim.qr_url,
        "certificateValidTill": cert["not_after"][:19] if cert else None,
    }


def issue_certificate(sim: Simulator, device: Any, body: dict[str, Any]) -> dict[str, Any]:
    """IssueCertificate: a new device certificate from the CSR (renewal)."""
    cert = sim.sign_csr(device, body.get("certificateRequest"))
    sim.remember(device["device_id"], cert)
    return {"certificate": keys.certificate_pem(cert)}


def ping(_sim: Simulator, device: Any, _body: Any) -> dict[str, Any]:
    """Ping: the reporting frequency in minutes."""
    return {"reportingFrequency": 5}
