"""The simulator's own control endpoints (not part of FDMS), under ``/_simulator/``:

- ``POST /_simulator/faults`` {kind, endpoint?, count?} — inject faults (see ``faults``);
  ``DELETE /_simulator/faults`` clears them, ``GET`` lists them;
- ``POST /_simulator/devices`` {deviceID, activationKey, serialNo, ...} — add a device;
- ``POST /_simulator/devices/{id}/mode`` {mode: Online|Offline};
- ``GET /_simulator/state`` — devices, days and receipt counts.

The server listens on loopback by default; these endpoints need no client certificate.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ledgerctl.fdms.domain import wire

if TYPE_CHECKING:
    from ledgerctl.fdms.simulator.engine import Answer, Request, Simulator

_MODE = re.compile(r"^/_simulator/devices/(\d+)/mode$")


def _body(request: Request) -> dict[str, Any]:
    from ledgerctl.fdms.simulator.engine import bad_request

    try:
        data = wire.loads(request.body or b"{}")
    except wire.WireError:
        raise bad_request({"$": ["not JSON"]}) from None
    if not isinstance(data, dict):
        raise bad_request({"$": ["must be an object"]})
    return data


def _faults(sim: Simulator, request: Request) -> Any:
    from ledgerctl.fdms.simulator.engine import bad_request

    if request.method == "DELETE":
        sim.faults.clear()
    elif request.method == "POST":
        data = _body(request)
        try:
            sim.faults.add(str(data.get("kind")), data.get("endpoint"), int(data.get("count", 1)))
        except ValueError as exc:
            raise bad_request({"kind": [str(exc)]}) from None
    return {"faults": sim.faults.pending()}


def _add_device(sim: Simulator, request: Request) -> Any:
    from ledgerctl.fdms.simulator.engine import DeviceSpec, bad_request

    data = _body(request)
    try:
        spec = DeviceSpec(
            int(data["deviceID"]),
            str(data["activationKey"]),
            str(data["serialNo"]),
            vat_number=data.get("vatNumber", "220012345"),
            mode=str(data.get("mode", "Online")),
        )
    except (KeyError, ValueError, TypeError):
        raise bad_request({"$": ["deviceID, activationKey and serialNo are required"]}) from None
    sim.add_device(spec)
    return {"deviceID": spec.device_id}


def _state(sim: Simulator) -> Any:
    with sim.lock:
        devices = [
            dict(r)
            for r in sim.store.all("SELECT device_id, serial_no, mode, taxpayer_name FROM devices")
        ]
        days = [
            dict(r)
            for r in sim.store.all(
                "SELECT device_id, day_no, status, opened, closed, error_code FROM days "
                "ORDER BY device_id, day_no"
            )
        ]
        counts = sim.store.one("SELECT COUNT(*) FROM receipts")
    return {"devices": devices, "days": days, "receipts": int(counts[0]) if counts else 0}


def handle(sim: Simulator, request: Request) -> Answer:
    from ledgerctl.fdms.simulator.engine import Answer, Problem

    path = request.path.rstrip("/")
    if path == "/_simulator/faults":
        return Answer(200, _faults(sim, request))
    if path == "/_simulator/devices" and request.method == "POST":
        return Answer(200, _add_device(sim, request))
    match = _MODE.match(path)
    if match and request.method == "POST":
        try:
            sim.set_mode(int(match.group(1)), str(_body(request).get("mode")))
        except ValueError as exc:
            raise Problem(400, {"title": str(exc), "status": 400}) from None
        return Answer(200, {"deviceID": int(match.group(1))})
    if path == "/_simulator/state":
        return Answer(200, _state(sim))
    raise Problem(404, {"title": "Not Found", "status": 404})
