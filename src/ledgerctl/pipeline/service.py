"""Use cases of the `pipeline` group: process the inbox, status, review apply, settle.

``process`` is a job run (exclusive per tenant, exit 8 while another run holds the lock,
recorded in ``job_runs``). Each file is stored in its own unit of work, so a crash leaves no
partial file; files no schema matches and unreadable lines are recorded as problems and the
rest of the batch goes on.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.pipeline.domain import RowProblem

JOB_NAME = "pipeline.process"
OUTPUT_TYPES = ("all", "powerbi", "excel", "none")


@dataclass
class FileReport:
    """One input file in a run summary."""

    file: str
    status: str  # stored | skipped | no_schema | unreadable
    schema: str = ""
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    problems: int = 0


@dataclass
class ProcessResult:
    """What a `pipeline process` run did."""

    run_id: int
    files: list[FileReport] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    balance_gaps: int = 0
    review_applied: int = 0
    review_errors: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def new_rows(self) -> int:
        return sum(f.new for f in self.files)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def summary(self) -> str:
        text_ = (
            f"{len(self.files)} file(s): {self.count('stored')} stored, "
            f"{self.count('skipped')} already processed, {self.count('no_schema')} "
            f"without a matching schema, {self.count('unreadable')} unreadable; "
            f"{self.new_rows} new transaction(s), "
            f"{sum(f.duplicates for f in self.files)} duplicate(s) skipped"
        )
        if self.problems:
            text_ += f"; {len(self.problems)} problem(s), see below and `pipeline status`"
        else:
            text_ += "; no problems"
        return text_


def inbox(ctx: AppContext) -> Path:
    return ctx.home / "csv_inbox"


def resolve_inputs(ctx: AppContext, patterns: list[str]) -> list[Path]:
    """Files to read: each PATH (a file, or a folder read recursively) or GLOB; default inbox."""
    found: dict[Path, None] = {}
    if not patterns:
        base = inbox(ctx)
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file() and path.suffix.lower() == ".csv":
                found[path.resolve()] = None
        return list(found)
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            for name in sorted(glob.glob(pattern, recursive=True)):
                if Path(name).is_file():
                    found[Path(name).resolve()] = None
            continue
        path = Path(pattern)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and sub.suffix.lower() == ".csv":
                    found[sub.resolve()] = None
        elif path.is_file():
            found[path.resolve()] = None
        else:
            raise NotFound(
                f"{pattern}: no such file or folder; check the path "
                "(globs like 'csv_inbox/**/*.csv' are allowed)"
            )
    return list(found)


def display_path(ctx: AppContext, path: Path) -> str:
    """The path as shown and stored: relative to the workspace when inside it."""
    try:
        return path.relative_to(ctx.home.resolve()).as_posix()
    except ValueError:
        return str(path)


def owner_of(ctx: AppContext, path: Path, owners: list[str]) -> str:
    """csv_inbox/<owner>/... belongs to that owner (a configured one, any case)."""
    try:
        parts = path.relative_to(inbox(ctx).resolve()).parts
    except ValueError:
        return ""
    if len(parts) < 2:
        return ""
    wanted = parts[0].lower()
    return next((o for o in owners if o.lower() == wanted), "")


def output_dir(ctx: AppContext) -> Path:
    """output/pipeline/ for the default tenant, output/pipeline/<tenant>/ for others."""
    base = ctx.home / "output" / "pipeline"
    slug = ctx.tenant_slug
    return base if slug == ctx.settings.default_tenant else base / slug


@dataclass
class Prepared:
    """One file read, normalised, fingerprinted and merchant-cleaned (picklable)."""

    shown: str
    sha: str
    owner: str
    schema_id: str | None = None
    rows: list[tuple[object, ...]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    gaps: list[RowProblem] = field(default_factory=list)
    error: str = ""


_LOOKUPS: dict[str, Any] = {}


def prepare_file(
    path: Path, home: Path, shown: str, sha: str, owner: str, iso_dates: bool
) -> Prepared:
    """Everything about a file that needs no database; runs in a worker process."""
    from ledgerctl.pipeline import parsing, store
    from ledgerctl.pipeline.merchants import MerchantLookup

    out = Prepared(shown, sha, owner)
    try:
        parsed = parsing.parse_file(path, home, owner)
    except UsageError as exc:
        out.error = exc.message
        return out
    out.schema_id = parsed.schema_id
    out.problems = [RowProblem(shown, p.line_no, p.field, p.message) for p in parsed.problems]
    if parsed.schema_id is None:
        return out
    out.gaps = [
        RowProblem(shown, p.line_no, p.field, p.message) for p in parsing.balance_gaps(parsed.rows)
    ]
    key = str(home)
    if key not in _LOOKUPS:
        _LOOKUPS[key] = MerchantLookup.load(home)
    out.rows = store.prepare_rows(parsed.rows, _LOOKUPS[key].clean, iso_dates)
    return out


def _store_prepared(ctx: AppContext, run: Any, prep: Prepared, result: ProcessResult) -> None:
    from ledgerctl.pipeline import store
    from ledgerctl.work import unit_of_work

    shown = prep.shown
    if prep.error or prep.schema_id is None:
        if prep.error:
            kind, status = "file", "unreadable"
            problems = [RowProblem(shown, 0, "file", prep.error)]
        else:
            kind, status = "no_schema", "no_schema"
            problems = prep.problems or [
                RowProblem(
                    shown,
                    0,
                    "schema",
                    "no bank schema matches this file; add one under "
                    "rules/schemas/ (see `pipeline schemas test`)",
                )
            ]
        with unit_of_work(ctx, "pipeline.process") as work:
            conn = work.session.connection()
            store.clear_file_problems(conn, work.tenant_id, shown)
            store.record_problems(conn, work.tenant_id, run.run_id, kind, problems)
        result.files.append(FileReport(shown, status, problems=len(problems)))
        result.problems.extend(problems)
        return
    with unit_of_work(ctx, "pipeline.process") as work:
        stored = store.store_prepared(
            work.session.connection(),
            work.tenant_id,
            path=shown,
            sha256=prep.sha,
            schema_id=prep.schema_id,
            owner=prep.owner,
            prepared=prep.rows,
            problems=prep.problems,
            gaps=prep.gaps,
            run_id=run.run_id,
            actor=work.actor.name,
        )
        work.audit(
            "pipeline.file.process",
            "pipeline_file",
            stored.file_id,
            None,
            {
                "path": shown,
                "sha256": prep.sha,
                "schema": prep.schema_id,
                "rows": stored.rows_read,
                "new": stored.rows_new,
                "duplicates": stored.rows_duplicate,
                "problems": stored.problems,
            },
        )
    result.files.append(
        FileReport(
            shown,
            "stored",
            prep.schema_id,
            stored.rows_read,
            stored.rows_new,
            stored.rows_duplicate,
            stored.problems,
        )
    )
    result.problems.extend(prep.problems + prep.gaps)
    result.balance_gaps += len(prep.gaps)


PARALLEL_BYTES = 8 << 20  # below this much new data, workers cost more than they save


def _prepared_files(
    ctx: AppContext, jobs: list[tuple[Path, str, str, str]], iso_dates: bool
) -> Iterator[Prepared]:
    """Prepare each file, in worker processes when there is enough to do.

    Storing stays in this process, in file order; at most ``workers + 1`` files are prepared
    ahead, so memory holds a few files, not the batch.
    """
    import os

    workers = min(os.cpu_count() or 1, 4, len(jobs))
    size = sum(p.stat().st_size for p, _, _, _ in jobs)
    if workers < 2 or size < PARALLEL_BYTES:
        for path, shown, sha, owner in jobs:
            yield prepare_file(path, ctx.home, shown, sha, owner, iso_dates)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Any] = deque()
        queue = iter(jobs)
        for path, shown, sha, owner in queue:
            pending.append(pool.submit(prepare_file, path, ctx.home, shown, sha, owner, iso_dates))
            if len(pending) > workers:
                break
        while pending:
            yield pending.popleft().result()
            nxt = next(queue, None)
            if nxt is not None:
                path, shown, sha, owner = nxt
                pending.append(
                    pool.submit(prepare_file, path, ctx.home, shown, sha, owner, iso_dates)
                )


def process(
    ctx: AppContext, patterns: list[str], *, output_type: str = "all", refresh_outputs: bool = False
) -> ProcessResult:
    """`pipeline process`: read edits back, store new files, rewrite outputs if anything changed."""
    from ledgerctl.access import read_transaction
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pipeline import outputs, review, store
    from ledgerctl.pipeline.config import load_config

    if output_type not in OUTPUT_TYPES:
        raise UsageError(f"--output-type {output_type!r}: use one of {', '.join(OUTPUT_TYPES)}")
    config = load_config(ctx.home)
    paths = resolve_inputs(ctx, patterns)
    with job_run(ctx, JOB_NAME, permission="pipeline.process") as run:
        result = ProcessResult(run.run_id)
        workbook = output_dir(ctx) / outputs.WORKBOOK_NAME
        review_state = review.sync_workbook(ctx, workbook, source="process")
        result.review_applied = review_state.applied
        result.review_errors = review_state.errors
        run.heartbeat()
        with read_transaction(ctx, "pipeline.process") as (conn, access):
            known = store.known_hashes(conn, access.tenant_id)
        jobs: list[tuple[Path, str, str, str]] = []
        for path in paths:
            try:
                sha = store.file_sha256(path)
            except FileNotFoundError:  # moved away (e.g. archived) since it was listed
                continue
            if sha in known:
                result.files.append(FileReport(display_path(ctx, path), "skipped"))
                continue
            known.add(sha)
            jobs.append((path, display_path(ctx, path), sha, owner_of(ctx, path, config.owners)))
        iso_dates = ctx.engine.dialect.name == "sqlite"
        for prep in _prepared_files(ctx, jobs, iso_dates):
            _store_prepared(ctx, run, prep, result)
            run.heartbeat()
        changed = result.new_rows > 0 or result.review_applied > 0 or refresh_outputs
        result.outputs, result.notes = outputs.refresh(
            ctx, output_type, changed=changed, workbook_ok=not review_state.errors
        )
        run.processed = result.new_rows
        run.errors = len(result.problems) + len(result.review_errors)
        run.detail = result.summary()
    return result


def status(ctx: AppContext, *, problems_limit: int = 50) -> dict[str, Any]:
    """`pipeline status`: files, rows, last run, review queue length, problems."""
    from ledgerctl.access import read_transaction
    from ledgerctl.jobs.api import JobRun
    from ledgerctl.pipeline.tables import (
        PipelineDecision,
        PipelineFile,
        PipelineProblem,
        PipelineTransaction,
    )

    files = PipelineFile.__table__  # type: ignore[attr-defined]
    txns = PipelineTransaction.__table__  # type: ignore[attr-defined]
    decisions = PipelineDecision.__table__  # type: ignore[attr-defined]
    probs = PipelineProblem.__table__  # type: ignore[attr-defined]
    runs = JobRun.__table__  # type: ignore[attr-defined]
    with read_transaction(ctx, "pipeline.read") as (conn, access):
        t = access.tenant_id
        n_files = conn.execute(
            select(func.count()).select_from(files).where(files.c.tenant_id == t)
        ).scalar_one()
        n_rows = conn.execute(
            select(func.count()).select_from(txns).where(txns.c.tenant_id == t)
        ).scalar_one()
        n_reviewed = conn.execute(
            text(
                "SELECT count(*) FROM pipeline_transactions t JOIN pipeline_decisions d "
                "ON d.tenant_id = t.tenant_id AND d.fingerprint = t.fingerprint "
                "WHERE t.tenant_id = :t"
            ),
            {"t": t},
        ).scalar_one()
        n_decisions = conn.execute(
            select(func.count()).select_from(decisions).where(decisions.c.tenant_id == t)
        ).scalar_one()
        last = (
            conn.execute(
                select(runs)
                .where(runs.c.tenant_id == t, runs.c.name == JOB_NAME)
                .order_by(runs.c.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        by_kind = dict(
            conn.execute(
                select(probs.c.kind, func.count())
                .where(probs.c.tenant_id == t)
                .group_by(probs.c.kind)
            ).all()
        )
        listed = (
            conn.execute(
                select(probs.c.kind, probs.c.file, probs.c.line_no, probs.c.field, probs.c.message)
                .where(probs.c.tenant_id == t)
                .order_by(probs.c.id.desc())
                .limit(problems_limit)
            )
            .mappings()
            .all()
        )
    return {
        "files": n_files,
        "transactions": n_rows,
        "review_queue": n_rows - n_reviewed,
        "decisions": n_decisions,
        "last_run": dict(last) if last else None,
        "problems": sum(by_kind.values()),
        "problems_by_kind": by_kind,
        "problem_list": [dict(p) for p in reversed(listed)],
    }


@dataclass
class ReviewResult:
    applied: int
    outputs: list[Path]
    notes: list[str]


def review_apply(ctx: AppContext, workbook: Path | None = None) -> ReviewResult:
    """`pipeline review apply [WORKBOOK]`: store the analyst's decisions, refresh the outputs.

    One invalid edit → UsageError (exit 2) listing every bad row; nothing is applied. The
    standard workbook is rewritten only if it is the one applied or unchanged since written.
    """
    from ledgerctl.access import read_transaction
    from ledgerctl.pipeline import outputs, review

    standard = output_dir(ctx) / outputs.WORKBOOK_NAME
    path = Path(workbook) if workbook else standard
    if not path.is_file():
        raise NotFound(f"{path}: workbook not found; run `ledgerctl pipeline process` first")
    is_standard = path.resolve() == standard.resolve()
    applied = review.apply_workbook(ctx, path, permission="pipeline.review")
    notes: list[str] = []
    written: list[Path] = []
    if applied:
        with read_transaction(ctx, "pipeline.review") as (conn, access):
            written += outputs.write_powerbi(conn, access.tenant_id, output_dir(ctx))
    if is_standard or review.workbook_is_ours(ctx, standard, "pipeline.review"):
        if applied or not standard.exists():
            written.append(
                review.write_review_workbook(ctx, standard, permission="pipeline.review")
            )
    else:
        notes.append(
            f"{display_path(ctx, standard)} has edits of its own and was not "
            "rewritten; apply it too (`pipeline review apply`)"
        )
    return ReviewResult(applied, written, notes)


@dataclass
class SettleResult:
    settlement: Any
    files: list[Path]
    notes: list[str]


def settle(ctx: AppContext, period: str) -> SettleResult:
    """`pipeline settle --period YYYY-MM`: who owes whom, with the lines (CSV, JSON, workbook)."""
    import json

    from ledgerctl.access import read_transaction
    from ledgerctl.core.clock import parse_period
    from ledgerctl.outputs.api import atomic_write_text, csv_value, write_csv
    from ledgerctl.pipeline import outputs, review, store
    from ledgerctl.pipeline import settle as settle_mod
    from ledgerctl.pipeline.config import load_config

    period = parse_period(period, field="--period")
    config = load_config(ctx.home)
    with read_transaction(ctx, "pipeline.settle") as (conn, access):
        result = settle_mod.compute(
            config, period, store.settle_inputs(conn, access.tenant_id, period)
        )
    out = output_dir(ctx)
    rows = result.line_rows()
    columns = [
        "date",
        "description",
        "paid_by",
        "paid_to",
        "kind",
        "split_pct",
        "amount",
        *[f"share_{o}" for o in result.owners],
        "fingerprint",
    ]
    files = [write_csv(out / f"settlement_{period}.csv", rows, columns, bom=True)]
    doc = {
        "period": period,
        "currency": result.currency,
        "result": result.result,
        "transfers": [{"from": a, "to": b, "amount": csv_value(x)} for a, b, x in result.transfers],
        "positions": {o: csv_value(p) for o, p in result.positions.items()},
        "lines": [{k: csv_value(v) for k, v in r.items()} for r in rows],
        "notes": result.notes,
    }
    files.append(
        atomic_write_text(out / f"settlement_{period}.json", json.dumps(doc, indent=2) + "\n")
    )
    notes = list(result.notes)
    workbook = out / outputs.WORKBOOK_NAME
    if review.workbook_is_ours(ctx, workbook, "pipeline.settle"):
        files.append(
            review.write_review_workbook(
                ctx, workbook, settlement_period=period, permission="pipeline.settle"
            )
        )
    else:
        notes.append(
            f"{display_path(ctx, workbook)} has analyst edits not yet applied, so its "
            "Settlement sheet was not rewritten; run `pipeline review apply` first"
        )
    return SettleResult(result, files, notes)
