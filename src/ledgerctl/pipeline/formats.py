"""Use cases behind `pipeline schemas list|test` and `pipeline diagnose` (read-only).

Each checks the ``pipeline.read`` permission, reads rule files from the workspace (overrides)
and the shipped rules, reads the bank file given, and returns frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.pipeline.domain import RowProblem
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class SchemaRow:
    """One bank format, in match order."""

    id: str
    name: str
    bank: str
    file_pattern: str
    currency: str
    source: str
    path: str


@dataclass(frozen=True)
class CandidateRow:
    """How one format fared against a file."""

    schema: str
    matched: str  # yes | no
    why: str


@dataclass(frozen=True)
class PreviewRow:
    """A normalised row of the file, with its merchant and category."""

    line: int
    date: date
    amount: Decimal
    currency: str
    description: str
    merchant: str
    category: str
    account: str
    balance: Decimal | None


@dataclass(frozen=True)
class ProblemLine:
    """A problem of the file, by line."""

    line: int
    field: str
    message: str


@dataclass(frozen=True)
class SchemaCheck:
    """`pipeline schemas test FILE`: which format matched and why, a preview, problems."""

    file: str
    encoding: str
    schema: str | None
    schema_path: str | None
    header_line: int | None
    rows: int
    candidates: tuple[CandidateRow, ...]
    preview: tuple[PreviewRow, ...]
    problems: tuple[ProblemLine, ...]


@dataclass(frozen=True)
class Diagnosis:
    """`pipeline diagnose FILE`: how the file reads, whether a format matched, problems."""

    file: str
    size_bytes: int
    sha256: str
    encoding: str
    header_line: int | None
    header: str
    schema: str
    schema_file: str
    data_lines: int
    rows_read: int
    summary_lines_skipped: int
    problems: int
    balance_check: str
    matched: bool
    problem_lines: tuple[ProblemLine, ...]


def no_format(file: Path) -> UsageError:
    """The error of a file no bank format matches (exit 2)."""
    return UsageError(
        f"no bank format matches {file}; add a schema in rules/schemas/ of the "
        "workspace (see docs/pipeline-formats.md), then run `ledgerctl pipeline "
        f"schemas test {file}` again"
    )


def _readable(path: Path) -> Path:
    if not path.is_file():
        raise NotFound(f"file {path} not found; give the path of a bank export (CSV)")
    return path


def _problem_rows(problems: list[RowProblem]) -> tuple[ProblemLine, ...]:
    return tuple(ProblemLine(p.line_no, p.field, p.message) for p in problems)


@use_case("pipeline.read", write=False)
def list_schemas(work: Work) -> list[SchemaRow]:
    """Every bank format, in the order files are matched against them."""
    from ledgerctl.pipeline.schemas import load_schemas

    return [
        SchemaRow(
            s.schema.id,
            s.schema.name,
            s.schema.bank,
            s.schema.file_pattern,
            s.schema.currency,
            s.source,
            str(s.path),
        )
        for s in load_schemas(work.ctx.home)
    ]


@use_case("pipeline.read", write=False)
def check_file(work: Work, path: Path, limit: int = 10) -> SchemaCheck:
    """Which format matches ``path`` and why (or why each did not), a preview of the first
    ``limit`` normalised rows with merchant and category, and the problems."""
    from ledgerctl.pipeline.merchants import MerchantLookup
    from ledgerctl.pipeline.parsing import inspect_file

    home = work.ctx.home
    insp = inspect_file(_readable(path), home)
    lookup = MerchantLookup.load(home)
    preview = []
    for row in insp.parsed.rows[: max(limit, 0)]:
        merchant, category = lookup.clean(row.description)
        preview.append(
            PreviewRow(
                row.line_no,
                row.date,
                row.amount,
                row.currency,
                row.description,
                merchant,
                category,
                row.account,
                row.balance,
            )
        )
    return SchemaCheck(
        file=str(path),
        encoding=insp.encoding,
        schema=insp.parsed.schema_id,
        schema_path=str(insp.schema.path) if insp.schema else None,
        header_line=insp.header_line,
        rows=len(insp.parsed.rows),
        candidates=tuple(
            CandidateRow(c.schema_id, "yes" if c.matched else "no", c.why) for c in insp.candidates
        ),
        preview=tuple(preview),
        problems=_problem_rows(insp.parsed.problems),
    )


def _balance_check(matched: bool, steps: int, gaps: list[RowProblem]) -> str:
    if not matched:
        return "not checked (no format)"
    if steps == 0:
        return "no running balance in this file"
    if gaps:
        return f"{len(gaps)} gap(s) in {steps} steps: rows missing or extra"
    return f"continuous ({steps} steps checked)"


@use_case("pipeline.read", write=False)
def diagnose_file(work: Work, path: Path) -> Diagnosis:
    """How a file reads: encoding, header, format, row count, problems per line, and the
    running-balance continuity check when the file has balances."""
    from ledgerctl.pipeline.parsing import balance_summary, inspect_file

    insp = inspect_file(_readable(path), work.ctx.home)
    parsed = insp.parsed
    steps, gaps = balance_summary(parsed.rows)
    matched = parsed.schema_id is not None
    return Diagnosis(
        file=str(path),
        size_bytes=path.stat().st_size,
        sha256=parsed.content_sha256,
        encoding=insp.encoding,
        header_line=insp.header_line,
        header=", ".join(insp.header),
        schema=parsed.schema_id or "(none)",
        schema_file=str(insp.schema.path) if insp.schema else "",
        data_lines=insp.data_lines,
        rows_read=len(parsed.rows),
        summary_lines_skipped=insp.skipped_trailer,
        problems=len(parsed.problems),
        balance_check=_balance_check(matched, steps, gaps),
        matched=matched,
        problem_lines=_problem_rows(parsed.problems + gaps),
    )
