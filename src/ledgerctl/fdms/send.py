"""Send queued receipts to FDMS in receiptGlobalNo order and record the answers.

One request at a time on the session's keep-alive connection; each answer (FDMS's receiptID,
server date, signature — verified with FDMS's certificate — and validation errors) is recorded
in its own short transaction, never while a request is in flight. The first failure stops
the pass: later receipts are never sent ahead of an earlier one. A receipt whose answer was
lost stays queued; sending it again gets the same receiptID from FDMS, recorded once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, update

from ledgerctl.audit.api import chain
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import IntegrityProblem
from ledgerctl.fdms import keys
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.domain import protocol
from ledgerctl.fdms.issue import RECEIPTS, Queued, queued
from ledgerctl.fdms.session import DeviceSession

COLOUR_RANK = {"Red": 3, "Gray": 2, "Grey": 2, "Yellow": 1}


@dataclass
class SendReport:
    """What one pass over the queue did; ``answers`` by receiptGlobalNo."""

    sent: int = 0
    duplicates: int = 0
    remaining: int = 0
    error: FdmsError | None = None
    red: list[int] = field(default_factory=list)
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)


def worst_colour(errors: list[dict[str, Any]]) -> str | None:
    colours = [str(e.get("validationErrorColor")) for e in errors]
    return max(colours, key=lambda c: COLOUR_RANK.get(c, 0)) if colours else None


def _server_key(dev: DeviceSession, thumbprint: str) -> keys.PublicKey | None:
    """FDMS's signing key by thumbprint; fetched (GetServerCertificate) when new."""
    if thumbprint and thumbprint not in dev.server_keys:
        from ledgerctl.fdms.registration import store_server_certificate

        answer = dev.client.get_server_certificate(thumbprint)
        with dev.tx() as session:
            store_server_certificate(session, dev.tenant_id, answer)
        chain = list(answer.get("certificate") or [])
        if chain:
            dev.server_keys[thumbprint] = keys.public_key(keys.load_certificate(chain[0]))
    return dev.server_keys.get(thumbprint)


def _verified(dev: DeviceSession, device_sig: str, answer: dict[str, Any]) -> bool:
    sig = answer.get("receiptServerSignature") or {}
    public = _server_key(dev, str(sig.get("certificateThumbprint") or ""))
    text = protocol.receipt_server_string(
        device_sig, int(answer["receiptID"]), str(answer["serverDate"])
    )
    return public is not None and keys.verify_text(
        public, text, keys.Signed(str(sig.get("hash")), str(sig.get("signature")))
    )


Answered = tuple[int, int, str, dict[str, Any]]  # pk, receiptGlobalNo, device signature, answer


def _values(pk: int, answer: dict[str, Any], now: Any) -> dict[str, Any]:
    sig = answer.get("receiptServerSignature") or {}
    errors = list(answer.get("validationErrors") or [])
    return {
        "b_pk": pk,
        "receipt_id": int(answer["receiptID"]),
        "server_date": str(answer["serverDate"]),
        "server_hash": sig.get("hash"),
        "server_signature": sig.get("signature"),
        "server_thumbprint": sig.get("certificateThumbprint") or None,
        "validation_errors": errors,
        "validation_color": worst_colour(errors),
        "accepted_at": now,
        "last_attempt_at": now,
    }


_ACCEPT = (
    update(RECEIPTS)
    .where(
        RECEIPTS.c.id == bindparam("b_pk"),
        RECEIPTS.c.tenant_id == bindparam("b_tenant"),
        RECEIPTS.c.status == "queued",
    )
    .values(
        status="accepted",
        attempts=RECEIPTS.c.attempts + 1,
        last_error=None,
        last_error_code=None,
        **{
            c: bindparam(c)
            for c in (
                "receipt_id",
                "server_date",
                "server_hash",
                "server_signature",
                "server_thumbprint",
                "validation_errors",
                "validation_color",
                "accepted_at",
                "last_attempt_at",
            )
        },
    )
)


def record_answers(dev: DeviceSession, items: list[Answered]) -> int:
    """FDMS's answers on their receipts, in one transaction; how many were new.

    Raises IntegrityProblem (after storing them) if FDMS's signature on one does not verify.
    """
    if not items:
        return 0
    bad = [g for _pk, g, device_sig, answer in items if not _verified(dev, device_sig, answer)]
    now, changes = utcnow(), []
    with dev.tx() as session:
        for pk, global_no, _sig, answer in items:
            values = {**_values(pk, answer, now), "b_tenant": dev.tenant_id}
            if cast(CursorResult[Any], session.execute(_ACCEPT, values)).rowcount:
                changes.append(
                    chain.Change(
                        "fdms.receipt.accepted",
                        "fdms_receipt",
                        f"{dev.device_id}/{global_no}",
                        None,
                        {"receipt_id": values["receipt_id"], "colour": values["validation_color"]},
                    )
                )
        chain.append_many(session, dev.tenant_id, dev.actor, changes)
    changed = len(changes)
    if bad:
        raise IntegrityProblem(
            f"FDMS's signature on receipt(s) {bad[:5]} does not verify with "
            "its certificate; the answers are stored — run `ledgerctl fdms "
            "audit` and contact ZIMRA support"
        )
    return changed


def _record_failure(dev: DeviceSession, pk: int, exc: FdmsError) -> None:
    with dev.tx() as session:
        session.execute(
            update(RECEIPTS)
            .where(RECEIPTS.c.id == pk, RECEIPTS.c.tenant_id == dev.tenant_id)
            .values(
                attempts=RECEIPTS.c.attempts + 1,
                last_error=exc.message[:2000],
                last_error_code=(exc.code or exc.kind)[:30],
                last_attempt_at=utcnow(),
            )
        )


def _flush_answers(dev: DeviceSession, pending: list[Answered], report: SendReport) -> None:
    changed = record_answers(dev, pending)
    report.sent += changed
    report.duplicates += len(pending) - changed
    pending.clear()


def send(dev: DeviceSession, queue: list[Queued], *, record_every: int = 1) -> SendReport:
    """Send ``queue`` in order, recording answers every ``record_every`` receipts (and at the
    end or the first failure); stop at the first failure."""
    report, pending = SendReport(), []  # type: ignore[var-annotated]
    for index, (pk, global_no, payload, device_sig) in enumerate(queue):
        body = ('{"receipt":' + payload + "}").encode("utf-8")
        try:
            answer = dev.client.call("POST", f"/Device/v1/{dev.device_id}/SubmitReceipt", raw=body)
        except FdmsError as exc:
            _flush_answers(dev, pending, report)
            _record_failure(dev, pk, exc)
            report.error, report.remaining = exc, len(queue) - index
            return report
        pending.append((pk, global_no, device_sig, answer))
        report.answers[global_no] = answer
        if worst_colour(list(answer.get("validationErrors") or [])) == "Red":
            report.red.append(global_no)
        if len(pending) >= record_every:
            _flush_answers(dev, pending, report)
    _flush_answers(dev, pending, report)
    return report


def send_queued(dev: DeviceSession, *, up_to: int | None = None) -> SendReport:
    """Send every queued receipt of the device (up to a receiptGlobalNo), oldest first."""
    with dev.tx() as session:
        queue = queued(session, dev, up_to)
    return send(dev, queue)
