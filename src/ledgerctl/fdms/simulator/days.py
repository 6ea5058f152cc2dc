"""The fiscal day state machine of the simulated FDMS: status, open, asynchronous close.

FiscalDayClosed → OpenDay → FiscalDayOpened → CloseDay → FiscalDayCloseInitiated → (after
``close_delay`` seconds) FiscalDayClosed with FDMS's day signature, or FiscalDayCloseFailed with
BadCertificateSignature, MissingReceipts, ReceiptsWithValidationErrors or CountersMismatch.
From CloseFailed receipts may still come and CloseDay may be retried.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING, Any

from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import counters, protocol
from ledgerctl.fdms.simulator.store import dump, load

if TYPE_CHECKING:
    from ledgerctl.fdms.simulator.engine import Simulator

OPEN_STATES = ("FiscalDayOpened", "FiscalDayCloseFailed")


def _check_online(device: Any) -> None:
    from ledgerctl.fdms.simulator.engine import refused

    if device["mode"] != "Online":
        raise refused("DEV01", "Device operates in Offline mode; submit files instead")


def status(sim: Simulator, device: Any, _body: Any) -> dict[str, Any]:
    _check_online(device)
    day = sim.store.current_day(device["device_id"])
    answer: dict[str, Any] = {
        "fiscalDayStatus": day["status"] if day else "FiscalDayClosed",
        "lastFiscalDayNo": day["day_no"] if day else 0,
        "lastReceiptGlobalNo": sim.store.last_global(device["device_id"]),
    }
    if day and day["status"] == "FiscalDayCloseFailed":
        answer["fiscalDayClosingErrorCode"] = day["error_code"]
    if day and day["status"] == "FiscalDayClosed" and day["server_sig"]:
        answer["fiscalDayReconciliationMode"] = "Auto"
        answer["fiscalDayServerSignature"] = load(day["server_sig"])
        answer["fiscalDayClosed"] = day["closed"]
    return answer


def open_day(sim: Simulator, device: Any, body: dict[str, Any]) -> dict[str, Any]:
    from ledgerctl.fdms.simulator.engine import bad_request, refused

    _check_online(device)
    day = sim.store.current_day(device["device_id"])
    if day is not None and day["status"] != "FiscalDayClosed":
        raise refused("FISC01", f"Fiscal day {day['day_no']} is not closed")
    number = (day["day_no"] if day else 0) + 1
    opened = str(body.get("fiscalDayOpened") or "")
    try:
        protocol.parse_fdms_datetime(opened)
    except ValueError:
        raise bad_request({"fiscalDayOpened": ["must be yyyy-MM-ddTHH:mm:ss"]}) from None
    if body.get("fiscalDayNo") not in (None, number):
        raise bad_request({"fiscalDayNo": [f"must be {number}"]})
    sim.store.run(
        "INSERT INTO days (device_id, day_no, status, opened) VALUES (?, ?, ?, ?)",
        device["device_id"],
        number,
        "FiscalDayOpened",
        opened,
    )
    return {"fiscalDayNo": number}


def close_day(sim: Simulator, device: Any, body: dict[str, Any]) -> dict[str, Any]:
    from ledgerctl.fdms.simulator.engine import bad_request, refused

    _check_online(device)
    day = sim.store.current_day(device["device_id"])
    if day is None or day["status"] == "FiscalDayClosed":
        raise refused("FISC04", "Fiscal day is not opened")
    if day["status"] == "FiscalDayCloseInitiated":
        raise refused("FISC03", "Fiscal day close is in progress")
    if body.get("fiscalDayNo") != day["day_no"]:
        raise bad_request({"fiscalDayNo": [f"must be the open day {day['day_no']}"]})
    sig = body.get("fiscalDayDeviceSignature")
    if not isinstance(body.get("fiscalDayCounters"), list) or not isinstance(sig, dict):
        raise bad_request({"fiscalDayCounters": ["counters and device signature are required"]})
    sim.store.run(
        "UPDATE days SET status = 'FiscalDayCloseInitiated', close_request = ?, "
        "error_code = NULL WHERE device_id = ? AND day_no = ?",
        dump(body),
        device["device_id"],
        day["day_no"],
    )
    timer = threading.Timer(
        sim.close_delay, finish_close, (sim, device["device_id"], day["day_no"])
    )
    timer.daemon = True
    sim.timers.append(timer)
    timer.start()
    return {}


def closing_error(
    sim: Simulator, device_id: int, day_no: int, opened: str, request: dict[str, Any]
) -> str | None:
    """Why the day cannot close with this request, or None."""
    day_date = date.fromisoformat(opened[:10])
    submitted = request["fiscalDayCounters"]
    sig = request["fiscalDayDeviceSignature"]
    text = protocol.day_string(device_id, day_no, day_date, submitted)
    try:
        signed = keys.Signed(str(sig["hash"]), str(sig["signature"]))
        good = any(keys.verify_text(k, text, signed) for k in sim.device_keys(device_id))
    except (KeyError, ValueError, TypeError):
        good = False
    if not good:
        return "BadCertificateSignature"
    rows = list(sim.store.day_receipts(device_id, day_no))
    errors = [e for r in rows for e in load(r["errors"])]
    if (
        [r["counter"] for r in rows] != list(range(1, len(rows) + 1))
        or request.get("receiptCounter") != len(rows)
        or any(e["validationErrorColor"] == "Gray" for e in errors)
    ):
        return "MissingReceipts"
    if any(e["validationErrorColor"] == "Red" for e in errors):
        return "ReceiptsWithValidationErrors"
    if not counters.same_counters(counters.day_counters(load(r["body"]) for r in rows), submitted):
        return "CountersMismatch"
    return None


def close_now(sim: Simulator, device_id: int, day_no: int) -> str | None:
    """Process a requested close; returns the error code, or None when the day closed."""
    day = sim.store.one("SELECT * FROM days WHERE device_id = ? AND day_no = ?", device_id, day_no)
    if day is None or day["close_request"] is None:
        return "MissingReceipts"
    request = load(day["close_request"])
    error = closing_error(sim, device_id, day_no, day["opened"], request)
    if error:
        sim.store.run(
            "UPDATE days SET status = 'FiscalDayCloseFailed', error_code = ? WHERE "
            "device_id = ? AND day_no = ?",
            error,
            device_id,
            day_no,
        )
        return error
    closed = protocol.fdms_datetime(sim.now())
    text = protocol.day_server_string(
        device_id,
        day_no,
        date.fromisoformat(day["opened"][:10]),
        closed,
        "AUTO",
        request["fiscalDayCounters"],
        request["fiscalDayDeviceSignature"]["signature"],
    )
    signed = keys.sign_text(sim.authority.signing_key, text)
    server_sig = {
        "certificateThumbprint": sim.authority.signing_thumbprint,
        "hash": signed.hash,
        "signature": signed.signature,
    }
    sim.store.run(
        "UPDATE days SET status = 'FiscalDayClosed', closed = ?, server_sig = ? "
        "WHERE device_id = ? AND day_no = ?",
        closed,
        dump(server_sig),
        device_id,
        day_no,
    )
    return None


def finish_close(sim: Simulator, device_id: int, day_no: int) -> None:
    """Timer callback: the asynchronous part of CloseDay."""
    with sim.lock:
        try:
            close_now(sim, device_id, day_no)
        except Exception:  # noqa: BLE001 - a stopped simulator's database is closed
            return
