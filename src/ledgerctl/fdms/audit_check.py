"""Re-check stored receipts: payload vs columns, content hash, hash, signatures, counters.

``check_rows`` takes plain tuples (``ReceiptRow``) and public keys as PEM. ``check_device``
runs it in this process, or for large audits in worker processes that each read their own
range of receiptGlobalNo from the database (nothing big crosses a pipe): signature checks
dominate, about 0.1 ms per receipt. Problems come back as ``(global_no, text)`` so the caller
can report the first break in receiptGlobalNo order.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import counters, protocol, wire

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PARALLEL_FROM = 4000
CHUNK = 5000


class ReceiptRow(NamedTuple):
    """What is stored about one receipt (the columns the audit re-checks)."""

    device_id: int
    global_no: int
    fiscal_day_no: int
    receipt_counter: int
    receipt_type: str
    currency: str
    invoice_no: str
    receipt_date: str
    total_cents: int
    payload: str
    content_hash: str
    previous_hash: str | None
    device_hash: str
    device_signature: str
    certificate_pk: int
    receipt_id: int | None
    server_date: str | None
    server_hash: str | None
    server_signature: str | None
    server_thumbprint: str | None


Problem = tuple[int, str]
DaySums = dict[tuple[int, int], dict[counters.CounterKey, Decimal]]

_KEYS: dict[str, str] = {}


@lru_cache(maxsize=64)
def _public(pem: str) -> keys.PublicKey:
    return keys.public_key(keys.load_certificate(pem))


def _set_keys(pems: dict[str, str]) -> None:
    _KEYS.clear()
    _KEYS.update(pems)


def _columns(row: ReceiptRow, r: dict[str, Any]) -> str | None:
    sig = r.get("receiptDeviceSignature") or {}
    expected = (
        row.receipt_type,
        row.currency,
        row.receipt_counter,
        row.global_no,
        row.invoice_no,
        row.receipt_date,
        row.total_cents,
        row.device_hash,
        row.device_signature,
    )
    found = (
        r.get("receiptType"),
        r.get("receiptCurrency"),
        r.get("receiptCounter"),
        r.get("receiptGlobalNo"),
        r.get("invoiceNo"),
        r.get("receiptDate"),
        protocol.cents(Decimal(str(r.get("receiptTotal")))),
        sig.get("hash"),
        sig.get("signature"),
    )
    names = (
        "type",
        "currency",
        "counter",
        "global number",
        "invoice number",
        "date",
        "total",
        "hash",
        "signature",
    )
    for name, a, b in zip(names, expected, found, strict=True):
        if a != b:
            return f"stored {name} {a!r} differs from the receipt as signed ({b!r})"
    return None


def check_one(row: ReceiptRow, sums: DaySums | None = None) -> str | None:
    """The first problem of one receipt, or None; adds the receipt to its day's ``sums``."""
    if hashlib.sha256(row.payload.encode("utf-8")).hexdigest() != row.content_hash:
        return "the stored receipt was edited after it was issued (content hash differs)"
    try:
        r = wire.loads(row.payload)
        problem = _columns(row, r)
        if sums is not None:
            counters.add_receipt(sums.setdefault((row.device_id, row.fiscal_day_no), {}), r)
    except (wire.WireError, ValueError, TypeError, ArithmeticError, KeyError) as exc:
        return f"stored receipt is unreadable ({exc})"
    if problem:
        return problem
    text = protocol.receipt_string(row.device_id, r, row.previous_hash)
    digest = keys.digest_of(text)
    if base64.b64encode(digest).decode("ascii") != row.device_hash:
        return "content does not hash to the stored device hash (edited after signing)"
    device_pem = _KEYS.get(f"device:{row.certificate_pk}")
    if device_pem is None or not keys.verify_digest(
        _public(device_pem), digest, row.device_signature
    ):
        return "device signature does not verify with the device certificate"
    if row.receipt_id is None:
        return None
    server_pem = _KEYS.get(f"server:{row.server_thumbprint}")
    server_text = protocol.receipt_server_string(
        row.device_signature, row.receipt_id, str(row.server_date)
    )
    signed = keys.Signed(str(row.server_hash), str(row.server_signature))
    if server_pem is None or not keys.verify_text(_public(server_pem), server_text, signed):
        return "FDMS's signature does not verify with its certificate"
    return None


def check_rows(
    rows: Sequence[ReceiptRow], pems: dict[str, str] | None = None
) -> tuple[list[Problem], DaySums]:
    """Problems of a batch of receipts and their days' counter sums (in this process)."""
    if pems is not None:
        _set_keys(pems)
    found, sums = [], {}  # type: ignore[var-annotated]
    for row in rows:
        problem = check_one(row, sums)
        if problem:
            found.append((row.global_no, problem))
    return found, sums


# --- reading the stored receipts ------------------------------------------------------------

_FULL = (
    "SELECT global_no, fiscal_day_no, receipt_counter, receipt_type, currency, invoice_no, "
    "receipt_date, total, payload, content_hash, previous_hash, device_hash, "
    "device_signature, certificate_pk, receipt_id, server_date, server_hash, "
    "server_signature, server_thumbprint FROM fdms_receipts WHERE tenant_id = :t AND "
    "device_pk = :d AND global_no BETWEEN :lo AND :hi ORDER BY global_no"
)


@dataclass(frozen=True)
class Scope:
    """Which device's receipts, in which database."""

    db_url: str
    tenant_id: int
    device_pk: int
    device_id: int


def read_rows(conn: Connection, scope: Scope, lo: int, hi: int) -> list[ReceiptRow]:
    """Receipts lo..hi (receiptGlobalNo) as stored: raw values, total in cents."""
    result = conn.execute(
        text(_FULL), {"t": scope.tenant_id, "d": scope.device_pk, "lo": lo, "hi": hi}
    )
    return [ReceiptRow(scope.device_id, *row) for row in result]


def _check_range(
    scope: Scope, lo: int, hi: int, pems: dict[str, str]
) -> tuple[list[Problem], DaySums]:
    """A worker's share: read receipts lo..hi with its own connection and check them."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(scope.db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = read_rows(conn, scope, lo, hi)
    finally:
        engine.dispose()
    return check_rows(rows, pems)


def _executor(workers: int) -> Executor:
    """Fork when this process runs no other thread (cheapest: the workers inherit what is
    imported); else a fork server (never fork a process that holds threads); else spawn."""
    import multiprocessing
    import threading

    context: BaseContext
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ledgerctl.fdms.audit_check", "sqlalchemy"])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def check_device(
    conn: Connection,
    scope: Scope,
    first: int,
    last: int,
    pems: dict[str, str],
    workers: int | None = None,
) -> tuple[list[Problem], DaySums]:
    """Problems of receipts first..last and their days' counter sums; in worker processes
    (each reading its own range) when there are many."""
    workers = workers or min(4, os.cpu_count() or 1)
    if last - first + 1 < PARALLEL_FROM or workers < 2:
        return check_rows(read_rows(conn, scope, first, last), pems)
    found: list[Problem] = []
    sums: DaySums = {}
    with _executor(workers) as pool:
        futures = [
            pool.submit(_check_range, scope, lo, min(lo + CHUNK - 1, last), pems)
            for lo in range(first, last + 1, CHUNK)
        ]
        for future in futures:
            problems, part = future.result()
            found.extend(problems)
            for day, day_sums in part.items():
                counters.merge(sums.setdefault(day, {}), day_sums)
    return found, sums
