"""The review loop: storing an analyst's Queue_Review decisions (`pipeline review apply`).

``sync_workbook`` (run by ``pipeline process``) reads the workbook back only when its bytes
changed since ledgerctl wrote it. ``apply_workbook`` validates every edited row of
Queue_Review first; one invalid edit and nothing of that workbook is applied (exit 2, every
problem named by sheet row). Valid decisions are stored by fingerprint in
``pipeline_decisions`` (they survive every later run) and audited, in one unit of work
(``record_decisions``). ``review_apply`` is a ctx-level workflow: it applies, then rewrites
the Parquet files and the workbook (further transactions).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.pipeline.outputs import WORKBOOK_NAME, sha256_of
from ledgerctl.pipeline.paths import display_path, output_dir
from ledgerctl.pipeline.review_edits import H_FP, QUEUE, Edit, read_edits
from ledgerctl.pipeline.tables import PipelineDecision, PipelineTransaction
from ledgerctl.pipeline.workbook import record_output, recorded_sha, workbook_is_ours
from ledgerctl.work import Work, use_case

DECISIONS = PipelineDecision.__table__  # type: ignore[attr-defined]
TXN = PipelineTransaction.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SyncState:
    """What reading the workbook back during `pipeline process` did."""

    applied: int = 0
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewApplied:
    """What `pipeline review apply` did."""

    applied: int
    outputs: tuple[Path, ...]
    notes: tuple[str, ...]


def _existing(
    conn: Connection, tenant_id: int, prints: list[str]
) -> tuple[set[str], dict[str, Any]]:
    known: set[str] = set()
    decisions: dict[str, Any] = {}
    q_txn = select(TXN.c.fingerprint).where(
        TXN.c.tenant_id == tenant_id, TXN.c.fingerprint.in_(bindparam("f", expanding=True))
    )
    q_dec = select(DECISIONS).where(
        DECISIONS.c.tenant_id == tenant_id,
        DECISIONS.c.fingerprint.in_(bindparam("f", expanding=True)),
    )
    for start in range(0, len(prints), 500):
        chunk = prints[start : start + 500]
        known.update(conn.execute(q_txn, {"f": chunk}).scalars())
        for row in conn.execute(q_dec, {"f": chunk}).mappings():
            decisions[row["fingerprint"]] = dict(row)
    return known, decisions


def _decision_view(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"category": row["category"], "shared": row["shared"], "split_pct": row["split_pct"]}


def _unknown(path: Path, edits: list[Edit], known: set[str]) -> list[str]:
    return [
        f"{Path(path).name}, sheet {QUEUE!r}, row {edit.row}: fingerprint "
        f"{edit.fingerprint!r} is not a stored transaction; the "
        f"{H_FP} column must not be edited (export the workbook again)"
        for edit in edits
        if edit.fingerprint not in known
    ]


def _store_decision(work: Work, edit: Edit, before: dict[str, Any] | None, source: str) -> bool:
    """Insert or update one decision (audited); False when it did not change."""
    after = {"category": edit.category, "shared": edit.shared, "split_pct": edit.split_pct}
    if _decision_view(before) == after:
        return False
    conn = work.session.connection()
    values = {
        **after,
        "decided_at": utcnow(),
        "decided_by": work.actor.name[:64],
        "source": source[:255],
    }
    if before is None:
        conn.execute(
            insert(DECISIONS).values(
                tenant_id=work.tenant_id, fingerprint=edit.fingerprint, **values
            )
        )
    else:
        conn.execute(update(DECISIONS).where(DECISIONS.c.id == before["id"]).values(**values))
    work.audit(
        "pipeline.review.decide",
        "pipeline_transaction",
        edit.fingerprint,
        _decision_view(before),
        after,
    )
    return True


@use_case("pipeline.review")
def record_decisions(
    work: Work, path: Path, edits: list[Edit], errors: list[str], source: str = "review apply"
) -> int:
    """Store the validated edits of a workbook, all or nothing; returns how many changed.

    ``errors`` are the problems already found reading it; any of them, or an edit whose
    fingerprint is not stored, raises UsageError naming every one and applies nothing.
    """
    conn = work.session.connection()
    known, decisions = _existing(conn, work.tenant_id, [e.fingerprint for e in edits])
    errors = [*errors, *_unknown(path, edits, known)]
    if errors:
        raise UsageError(
            f"{len(errors)} invalid edit(s) in {Path(path).name}; nothing "
            "from it was applied:\n  " + "\n  ".join(errors)
        )
    label = f"{source}: {Path(path).name}"
    changed = sum(
        _store_decision(work, edit, decisions.get(edit.fingerprint), label) for edit in edits
    )
    record_output(conn, work.tenant_id, WORKBOOK_NAME, sha256_of(path), len(edits))
    return changed


def apply_workbook(
    ctx: AppContext,
    path: Path,
    *,
    permission: str = "pipeline.review",
    source: str = "review apply",
) -> int:
    """Validate and store the edits of a workbook (one unit of work, as ``permission``)."""
    from ledgerctl.pipeline.config import review_categories
    from ledgerctl.work import unit_of_work

    edits, errors = read_edits(path, review_categories(ctx.home))
    with unit_of_work(ctx, permission) as work:
        return record_decisions(work, path, edits, errors, source)


def sync_workbook(
    ctx: AppContext, path: Path, *, source: str = "process", permission: str = "pipeline.process"
) -> SyncState:
    """Apply the analyst's edits if the workbook changed since ledgerctl wrote it."""
    if not path.exists():
        return SyncState()
    if recorded_sha(ctx, permission=permission) == sha256_of(path):
        return SyncState()
    try:
        return SyncState(applied=apply_workbook(ctx, path, permission=permission, source=source))
    except UsageError as exc:
        return SyncState(errors=(exc.message,))


def review_apply(ctx: AppContext, workbook: Path | None = None) -> ReviewApplied:
    """`pipeline review apply [WORKBOOK]`: store the analyst's decisions, refresh the outputs.

    One invalid edit → UsageError (exit 2) listing every bad row; nothing is applied. The
    standard workbook is rewritten only if it is the one applied or unchanged since written.
    A ctx-level workflow: the decisions commit first, then the outputs are rewritten.
    """
    from ledgerctl.access import read_transaction
    from ledgerctl.pipeline.parquet import write_powerbi
    from ledgerctl.pipeline.workbook import write_review_workbook

    standard = output_dir(ctx) / WORKBOOK_NAME
    path = Path(workbook) if workbook else standard
    if not path.is_file():
        raise NotFound(f"{path}: workbook not found; run `ledgerctl pipeline process` first")
    is_standard = path.resolve() == standard.resolve()
    applied = apply_workbook(ctx, path, permission="pipeline.review")
    notes: list[str] = []
    written: list[Path] = []
    if applied:
        with read_transaction(ctx, "pipeline.review") as (conn, access):
            written += write_powerbi(conn, access.tenant_id, output_dir(ctx))
    if is_standard or workbook_is_ours(ctx, standard, "pipeline.review"):
        if applied or not standard.exists():
            written.append(write_review_workbook(ctx, standard, permission="pipeline.review"))
    else:
        notes.append(
            f"{display_path(ctx, standard)} has edits of its own and was not "
            "rewritten; apply it too (`pipeline review apply`)"
        )
    return ReviewApplied(applied, tuple(written), tuple(notes))
