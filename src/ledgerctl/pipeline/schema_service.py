"""Use cases behind `pipeline schemas list|test` and `pipeline diagnose` (read-only).

Each function checks the ``pipeline.read`` permission, reads rule files from the workspace
(overrides) and the shipped rules, and returns plain data for the CLI to render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.errors import NotFound


def _allowed(ctx: AppContext) -> None:
    from ledgerctl.access import read_transaction

    with read_transaction(ctx, "pipeline.read"):
        pass


def _readable(path: Path) -> Path:
    if not path.is_file():
        raise NotFound(f"file {path} not found; give the path of a bank export (CSV)")
    return path


def list_schemas(ctx: AppContext) -> list[dict[str, Any]]:
    """Every bank format, in the order files are matched against them."""
    from ledgerctl.pipeline.schemas import load_schemas

    _allowed(ctx)
    return [
        {
            "id": s.schema.id,
            "name": s.schema.name,
            "bank": s.schema.bank,
            "file_pattern": s.schema.file_pattern,
            "currency": s.schema.currency,
            "source": s.source,
            "path": str(s.path),
        }
        for s in load_schemas(ctx.home)
    ]


def _problem_rows(problems: list[Any]) -> list[dict[str, Any]]:
    return [{"line": p.line_no, "field": p.field, "message": p.message} for p in problems]


def check_file(ctx: AppContext, path: Path, limit: int = 10) -> dict[str, Any]:
    """Which format matches ``path`` and why (or why each did not), a preview of the first
    ``limit`` normalised rows with merchant and category, and the problems."""
    from ledgerctl.pipeline.merchants import MerchantLookup
    from ledgerctl.pipeline.parsing import inspect_file

    _allowed(ctx)
    insp = inspect_file(_readable(path), ctx.home)
    lookup = MerchantLookup.load(ctx.home)
    preview = []
    for row in insp.parsed.rows[: max(limit, 0)]:
        merchant, category = lookup.clean(row.description)
        preview.append(
            {
                "line": row.line_no,
                "date": row.date,
                "amount": row.amount,
                "currency": row.currency,
                "description": row.description,
                "merchant": merchant,
                "category": category,
                "account": row.account,
                "balance": row.balance,
            }
        )
    return {
        "file": str(path),
        "encoding": insp.encoding,
        "schema": insp.parsed.schema_id,
        "schema_path": str(insp.schema.path) if insp.schema else None,
        "header_line": insp.header_line,
        "rows": len(insp.parsed.rows),
        "candidates": [
            {"schema": c.schema_id, "matched": "yes" if c.matched else "no", "why": c.why}
            for c in insp.candidates
        ],
        "preview": preview,
        "problems": _problem_rows(insp.parsed.problems),
    }


def diagnose_file(ctx: AppContext, path: Path) -> dict[str, Any]:
    """How a file reads: encoding, header, format, row count, problems per line, and the
    running-balance continuity check when the file has balances."""
    from ledgerctl.pipeline.parsing import balance_summary, inspect_file

    _allowed(ctx)
    insp = inspect_file(_readable(path), ctx.home)
    parsed = insp.parsed
    steps, gaps = balance_summary(parsed.rows)
    if parsed.schema_id is None:
        balance = "not checked (no format)"
    elif steps == 0:
        balance = "no running balance in this file"
    elif gaps:
        balance = f"{len(gaps)} gap(s) in {steps} steps: rows missing or extra"
    else:
        balance = f"continuous ({steps} steps checked)"
    summary = {
        "file": str(path),
        "size_bytes": path.stat().st_size,
        "sha256": parsed.content_sha256,
        "encoding": insp.encoding,
        "header_line": insp.header_line,
        "header": ", ".join(insp.header),
        "schema": parsed.schema_id or "(none)",
        "schema_file": str(insp.schema.path) if insp.schema else "",
        "data_lines": insp.data_lines,
        "rows_read": len(parsed.rows),
        "summary_lines_skipped": insp.skipped_trailer,
        "problems": len(parsed.problems),
        "balance_check": balance,
    }
    return {
        "summary": summary,
        "matched": parsed.schema_id is not None,
        "problems": _problem_rows(parsed.problems + gaps),
    }
