"""Receipts and offline files arriving at the simulated FDMS.

SubmitReceipt: 400 when malformed, 422 RCPT01 when the day is not open; otherwise the receipt
is stored with its validation errors and answered with FDMS's signature. A resubmission of the
same receipt (same device, receiptGlobalNo and hash) gets the same answer, nothing new stored.

SubmitFile (offline mode): one fiscal day per file, ``header`` {deviceID, fiscalDayNo,
fiscalDayOpened, fileSequence}, ``content`` {receipts}, optional ``footer`` {fiscalDayCounters,
fiscalDayDeviceSignature, receiptCounter, fiscalDayClosed} closing the day. Outcome codes
(the simulator's reading of FILE01–05): FILE01 larger than 3 MB, FILE02 not a valid file
(JSON, header, receipts), FILE03 wrong day number or file sequence, FILE04 the day is already
closed, FILE05 the footer does not close the day (signature, missing receipts, errors,
counters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import protocol, wire
from ledgerctl.fdms.simulator import rules
from ledgerctl.fdms.simulator.days import OPEN_STATES, _check_online, close_now
from ledgerctl.fdms.simulator.shape import shape_errors
from ledgerctl.fdms.simulator.store import dump, load

if TYPE_CHECKING:
    from ledgerctl.fdms.simulator.engine import Simulator

MAX_FILE_BYTES = 3 * 1024 * 1024


def _answer(row: Any) -> dict[str, Any]:
    return {
        "receiptID": row["receipt_id"],
        "serverDate": row["server_date"],
        "receiptServerSignature": load(row["server_sig"]),
        "validationErrors": load(row["errors"]),
    }


def _context(sim: Simulator, device: Any, day: Any) -> rules.Context:
    return rules.Context(
        sim.store,
        device,
        int(day["day_no"]),
        protocol.parse_fdms_datetime(day["opened"]),
        sim.taxes,
        sim.device_keys(device["device_id"]),
        sim.now(),
    )


def _recheck_next(sim: Simulator, device: Any, global_no: int) -> None:
    """A late receipt arrived: re-validate the next one if it was marked as a gap."""
    following = sim.store.receipt_by_global(device["device_id"], global_no + 1)
    if following is None or not any(
        e["validationErrorColor"] == "Gray" for e in load(following["errors"])
    ):
        return
    day = sim.store.one(
        "SELECT * FROM days WHERE device_id = ? AND day_no = ?",
        device["device_id"],
        following["day_no"],
    )
    body = load(following["body"])
    errors = rules.validate(_context(sim, device, day), body)
    sim.store.run(
        "UPDATE receipts SET errors = ? WHERE receipt_id = ?", dump(errors), following["receipt_id"]
    )


def store_receipt(sim: Simulator, device: Any, day: Any, receipt: dict[str, Any]) -> dict[str, Any]:
    """Validate, sign and store one well-formed receipt (idempotent)."""
    from ledgerctl.fdms.simulator.engine import refused

    global_no = int(receipt["receiptGlobalNo"])
    signature = receipt["receiptDeviceSignature"]
    existing = sim.store.receipt_by_global(device["device_id"], global_no)
    if existing is not None:
        if existing["hash"] == signature["hash"]:
            return _answer(existing)
        raise refused(
            "RCPT012", f"Receipt global number {global_no} was already submitted with other content"
        )
    errors = rules.validate(_context(sim, device, day), receipt)
    row = sim.store.one("SELECT COALESCE(MAX(receipt_id), 0) + 1 FROM receipts")
    receipt_id = int(row[0]) if row else 1
    server_date = protocol.fdms_datetime(sim.now())
    signed = keys.sign_text(
        sim.authority.signing_key,
        protocol.receipt_server_string(signature["signature"], receipt_id, server_date),
    )
    server_sig = {
        "certificateThumbprint": sim.authority.signing_thumbprint,
        "hash": signed.hash,
        "signature": signed.signature,
    }
    note = receipt.get("creditDebitNote") or {}
    original = rules.find_original(sim.store, note) if note else None
    sim.store.run(
        "INSERT INTO receipts (receipt_id, device_id, day_no, counter, global_no, hash, "
        "receipt_date, tin, invoice_no, note_device, note_global, body, signature, server_date, "
        "server_sig, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        receipt_id,
        device["device_id"],
        day["day_no"],
        int(receipt["receiptCounter"]),
        global_no,
        signature["hash"],
        receipt["receiptDate"],
        device["tin"],
        receipt["invoiceNo"],
        original["device_id"] if original else None,
        original["global_no"] if original else None,
        dump(receipt),
        signature["signature"],
        server_date,
        dump(server_sig),
        dump(errors),
    )
    _recheck_next(sim, device, global_no)
    return {
        "receiptID": receipt_id,
        "serverDate": server_date,
        "receiptServerSignature": server_sig,
        "validationErrors": errors,
    }


def receipt(sim: Simulator, device: Any, body: dict[str, Any]) -> dict[str, Any]:
    """SubmitReceipt."""
    from ledgerctl.fdms.simulator.engine import bad_request, refused

    _check_online(device)
    problems = shape_errors(body)
    if problems:
        raise bad_request(problems)
    day = sim.store.current_day(device["device_id"])
    if day is None or day["status"] not in OPEN_STATES:
        raise refused("RCPT01", "Fiscal day is not opened")
    with sim.store.transaction():
        return store_receipt(sim, device, day, body["receipt"])


# --- offline files --------------------------------------------------------------------------


class FileError(Exception):
    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


def _file_day(sim: Simulator, device: Any, header: dict[str, Any]) -> Any:
    current = sim.store.current_day(device["device_id"])
    number, sequence = header.get("fiscalDayNo"), header.get("fileSequence")
    last_no = current["day_no"] if current else 0
    if current is not None and number == last_no and current["status"] in OPEN_STATES:
        done = sim.store.one(
            "SELECT MAX(file_sequence) FROM files WHERE device_id = ? AND "
            "day_no = ? AND status = 'FileProcessingIsSuccessful'",
            device["device_id"],
            number,
        )
        if sequence != int((done[0] if done else None) or 0) + 1:
            raise FileError("FILE03", f"file sequence {sequence} is not the next one")
        return current
    if current is not None and number == last_no:
        raise FileError("FILE04", f"fiscal day {number} is already closed")
    if number != last_no + 1 or sequence != 1:
        raise FileError("FILE03", f"fiscal day {number} / file {sequence} is not the next one")
    try:
        protocol.parse_fdms_datetime(str(header.get("fiscalDayOpened")))
    except ValueError:
        raise FileError("FILE02", "fiscalDayOpened must be yyyy-MM-ddTHH:mm:ss") from None
    sim.store.run(
        "INSERT INTO days (device_id, day_no, status, opened) VALUES (?, ?, ?, ?)",
        device["device_id"],
        number,
        "FiscalDayOpened",
        header["fiscalDayOpened"],
    )
    return sim.store.current_day(device["device_id"])


def _process_file(sim: Simulator, device: Any, raw: bytes) -> int:
    if len(raw) > MAX_FILE_BYTES:
        raise FileError("FILE01", "file is larger than 3 MB")
    try:
        data = wire.loads(raw)
        header, receipts = data["header"], data["content"]["receipts"]
    except (wire.WireError, KeyError, TypeError):
        raise FileError("FILE02", "not a fiscal day file") from None
    if (
        not isinstance(header, dict)
        or header.get("deviceID") != device["device_id"]
        or not isinstance(receipts, list)
    ):
        raise FileError("FILE02", "header or receipts missing")
    day = _file_day(sim, device, header)
    for item in receipts:
        if shape_errors({"receipt": item}):
            raise FileError("FILE02", "a receipt in the file is malformed")
        store_receipt(sim, device, day, item)
    footer = data.get("footer")
    if footer:
        sim.store.run(
            "UPDATE days SET close_request = ? WHERE device_id = ? AND day_no = ?",
            dump(footer),
            device["device_id"],
            day["day_no"],
        )
        if close_now(sim, device["device_id"], int(day["day_no"])):
            raise FileError("FILE05", "the footer does not close the day")
    return len(receipts)


def _header(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_FILE_BYTES:
        return {}
    try:
        data = wire.loads(raw)
    except wire.WireError:
        return {}
    header = data.get("header") if isinstance(data, dict) else None
    return header if isinstance(header, dict) else {}


def file(sim: Simulator, device: Any, raw: bytes) -> dict[str, Any]:
    """SubmitFile: processed at once; the outcome is read with SubmittedFileList."""
    operation, header = sim.operation_id(), _header(raw)
    status, code, count = "FileProcessingIsSuccessful", None, 0
    try:
        with sim.store.transaction():
            count = _process_file(sim, device, raw)
    except FileError as exc:
        status, code = "FileProcessingError", exc.code
    except Exception as exc:  # noqa: BLE001 - a 422 inside a file is a file error
        body = getattr(exc, "body", None) or {}
        status, code = "FileProcessingError", body.get("errorCode", "FILE02")
    sim.store.run(
        "INSERT INTO files (operation_id, device_id, day_no, file_sequence, uploaded, "
        "status, error_code, receipts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        operation,
        device["device_id"],
        header.get("fiscalDayNo"),
        header.get("fileSequence"),
        protocol.fdms_datetime(sim.now()),
        status,
        code,
        count,
    )
    return {"operationID": operation}


def file_list(sim: Simulator, device: Any, _body: Any) -> dict[str, Any]:
    rows = sim.store.all(
        "SELECT * FROM files WHERE device_id = ? ORDER BY uploaded, operation_id",
        device["device_id"],
    )
    return {
        "rows": [
            {
                "operationID": r["operation_id"],
                "deviceId": r["device_id"],
                "fiscalDayNo": r["day_no"],
                "fileSequence": r["file_sequence"],
                "fileUploadDate": r["uploaded"],
                "fileProcessingStatus": r["status"],
                "fileProcessingError": r["error_code"],
                "receiptCount": r["receipts"],
            }
            for r in rows
        ],
        "total": len(rows),
    }
