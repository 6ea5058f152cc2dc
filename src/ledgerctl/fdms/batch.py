"""Submit many receipts at once (a backlog of sales, a benchmark): stored in batches while a
sender thread sends the previous batch.

The rules do not change: every receipt is committed before it is sent; receipts are sent one
at a time in receiptGlobalNo order on one keep-alive connection (older queued receipts first);
the first failure stops the sending and everything after it stays queued for `fdms sync`.
What changes is the cost: one transaction stores a batch, one records its answers, and
storing batch k+1 overlaps with sending batch k.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.fdms.client import FdmsError
from ledgerctl.fdms.domain.drafts import ReceiptDraft
from ledgerctl.fdms.issue import Queued, Stored, existing, queued, store_many
from ledgerctl.fdms.send import send
from ledgerctl.fdms.session import DeviceSession, open_session

BATCH = 50
AHEAD = 4  # batches stored ahead of the sender at most


@dataclass
class BatchReport:
    """What a batch submission did."""

    stored: list[Stored] = field(default_factory=list)
    already: int = 0
    accepted: int = 0
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    error: FdmsError | None = None

    @property
    def queued(self) -> int:
        return len(self.stored) - self.accepted


class _Sender(threading.Thread):
    """Sends queued batches in order; after a failure it only drains the queue."""

    def __init__(self, dev: DeviceSession, report: BatchReport) -> None:
        super().__init__(name="fdms-sender", daemon=True)
        self.dev, self.report = dev, report
        self.batches: queue.Queue[list[Queued] | None] = queue.Queue(maxsize=AHEAD)
        self.crash: BaseException | None = None

    def run(self) -> None:
        while (batch := self.batches.get()) is not None:
            if self.report.error is not None or self.crash is not None:
                continue
            try:
                sent = send(self.dev, batch, record_every=len(batch))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                self.crash = exc
                continue
            self.report.answers.update(sent.answers)
            self.report.error = sent.error


def _store_batch(
    dev: DeviceSession, drafts: Sequence[ReceiptDraft], report: BatchReport
) -> list[Queued]:
    with dev.tx() as session:
        todo, sources = [], set()
        for draft in drafts:
            if draft.source and (
                draft.source in sources or existing(session, dev, draft.source) is not None
            ):
                report.already += 1
                continue
            sources.add(draft.source)
            todo.append(draft)
        fresh = store_many(session, dev, todo) if todo else []
    report.stored.extend(fresh)
    return [(s.pk, s.global_no, s.payload, s.device_signature) for s in fresh]


def submit_many_with(
    dev: DeviceSession, drafts: Sequence[ReceiptDraft], batch: int = BATCH
) -> BatchReport:
    """Store and send ``drafts`` on an open device session (see the module docstring)."""
    dev.require_valid_certificate()
    report = BatchReport()
    if dev.offline:
        for start in range(0, len(drafts), batch):
            _store_batch(dev, drafts[start : start + batch], report)
        return report
    sender = _Sender(dev, report)
    sender.start()
    try:
        with dev.tx() as session:
            backlog = queued(session, dev)
        if backlog:
            sender.batches.put(backlog)
        for start in range(0, len(drafts), batch):
            stored = _store_batch(dev, drafts[start : start + batch], report)
            if stored:
                sender.batches.put(stored)
    finally:
        sender.batches.put(None)
        sender.join()
    if sender.crash is not None:
        raise sender.crash
    report.accepted = sum(1 for s in report.stored if s.global_no in report.answers)
    return report


def submit_many(
    ctx: AppContext,
    drafts: Sequence[ReceiptDraft],
    device_id: int | None = None,
    batch: int = BATCH,
) -> BatchReport:
    """Issue many receipts: all are stored; those FDMS accepted have ``answers``."""
    with open_session(ctx, "fdms.receipt", device_id) as dev:
        return submit_many_with(dev, drafts, batch)
