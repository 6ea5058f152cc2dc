"""`pipeline process`: a ctx-level workflow, not a single use case.

It is a job run (exclusive per tenant: exit 8 while another run holds the lock, recorded in
``job_runs``) made of many transactions: the review workbook's edits are applied first (one
unit of work), then each new file is stored in its own unit of work (so a crash leaves no
partial file), then the outputs are rewritten. Files no schema matches and unreadable lines
are recorded as problems and the rest of the batch goes on. The result is a frozen
``ProcessResult``; the command raises the project's errors from it (``process_outcome``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.errors import IntegrityProblem, UsageError
from ledgerctl.pipeline.domain import RowProblem
from ledgerctl.pipeline.paths import display_path, output_dir, owner_of, resolve_inputs
from ledgerctl.pipeline.prepare import Job, Prepared, prepared_files

JOB_NAME = "pipeline.process"
OUTPUT_TYPES = ("all", "powerbi", "excel", "none")


@dataclass(frozen=True)
class FileReport:
    """One input file in a run summary."""

    file: str
    status: str  # stored | skipped | no_schema | unreadable
    schema: str = ""
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    problems: int = 0


@dataclass(frozen=True)
class ProcessResult:
    """What a `pipeline process` run did."""

    run_id: int
    files: tuple[FileReport, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    balance_gaps: int = 0
    review_applied: int = 0
    review_errors: tuple[str, ...] = ()
    outputs: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()

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


@dataclass
class _Tally:
    """The result while the run goes on."""

    files: list[FileReport] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    balance_gaps: int = 0

    @property
    def new_rows(self) -> int:
        return sum(f.new for f in self.files)


def _store_failed(ctx: AppContext, run: Any, prep: Prepared, tally: _Tally) -> None:
    """Record why a file was not stored (unreadable, or no schema matched)."""
    from ledgerctl.pipeline import store
    from ledgerctl.work import unit_of_work

    shown = prep.shown
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
    tally.files.append(FileReport(shown, status, problems=len(problems)))
    tally.problems.extend(problems)


def _store_prepared(ctx: AppContext, run: Any, prep: Prepared, tally: _Tally) -> None:
    """Store one prepared file whole (one unit of work), audited."""
    from ledgerctl.pipeline import store
    from ledgerctl.work import unit_of_work

    if prep.error or prep.schema_id is None:
        _store_failed(ctx, run, prep, tally)
        return
    with unit_of_work(ctx, "pipeline.process") as work:
        stored = store.store_prepared(
            work.session.connection(),
            work.tenant_id,
            path=prep.shown,
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
                "path": prep.shown,
                "sha256": prep.sha,
                "schema": prep.schema_id,
                "rows": stored.rows_read,
                "new": stored.rows_new,
                "duplicates": stored.rows_duplicate,
                "problems": stored.problems,
            },
        )
    tally.files.append(
        FileReport(
            prep.shown,
            "stored",
            prep.schema_id,
            stored.rows_read,
            stored.rows_new,
            stored.rows_duplicate,
            stored.problems,
        )
    )
    tally.problems.extend(prep.problems + prep.gaps)
    tally.balance_gaps += len(prep.gaps)


def _new_files(ctx: AppContext, paths: list[Path], owners: list[str], tally: _Tally) -> list[Job]:
    """Files whose content is not stored yet (the others are reported as skipped)."""
    from ledgerctl.access import read_transaction
    from ledgerctl.pipeline import store

    with read_transaction(ctx, "pipeline.process") as (conn, access):
        known = store.known_hashes(conn, access.tenant_id)
    jobs: list[Job] = []
    for path in paths:
        try:
            sha = store.file_sha256(path)
        except FileNotFoundError:  # moved away (e.g. archived) since it was listed
            continue
        if sha in known:
            tally.files.append(FileReport(display_path(ctx, path), "skipped"))
            continue
        known.add(sha)
        jobs.append((path, display_path(ctx, path), sha, owner_of(ctx, path, owners)))
    return jobs


def process(
    ctx: AppContext, patterns: list[str], *, output_type: str = "all", refresh_outputs: bool = False
) -> ProcessResult:
    """`pipeline process`: read edits back, store new files, rewrite outputs if anything changed."""
    from ledgerctl.jobs.api import job_run
    from ledgerctl.pipeline import outputs, review
    from ledgerctl.pipeline.config import load_config

    if output_type not in OUTPUT_TYPES:
        raise UsageError(f"--output-type {output_type!r}: use one of {', '.join(OUTPUT_TYPES)}")
    config = load_config(ctx.home)
    paths = resolve_inputs(ctx, patterns)
    with job_run(ctx, JOB_NAME, permission="pipeline.process") as run:
        tally = _Tally()
        workbook = output_dir(ctx) / outputs.WORKBOOK_NAME
        review_state = review.sync_workbook(ctx, workbook, source="process")
        run.heartbeat()
        jobs = _new_files(ctx, paths, config.owners, tally)
        iso_dates = ctx.engine.dialect.name == "sqlite"
        for prep in prepared_files(ctx, jobs, iso_dates):
            _store_prepared(ctx, run, prep, tally)
            run.heartbeat()
        changed = tally.new_rows > 0 or review_state.applied > 0 or refresh_outputs
        written, notes = outputs.refresh(
            ctx, output_type, changed=changed, workbook_ok=not review_state.errors
        )
        result = ProcessResult(
            run.run_id,
            tuple(tally.files),
            tuple(tally.problems),
            tally.balance_gaps,
            review_state.applied,
            tuple(review_state.errors),
            tuple(written),
            tuple(notes),
        )
        run.processed = result.new_rows
        run.errors = len(result.problems) + len(result.review_errors)
        run.detail = result.summary()
    return result


def process_outcome(result: ProcessResult) -> None:
    """Raise what the run's exit code should say, after its report was shown: invalid review
    edits → UsageError (exit 2); running-balance gaps → IntegrityProblem (exit 5)."""
    if result.review_errors:
        raise UsageError(
            f"{len(result.review_errors)} review workbook problem(s) (see above); "
            "nothing from the workbook was applied"
        )
    if result.balance_gaps:
        raise IntegrityProblem(
            f"{result.balance_gaps} running-balance gap(s): rows missing or extra (see above)"
        )
