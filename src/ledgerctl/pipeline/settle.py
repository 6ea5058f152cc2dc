"""`pipeline settle --period YYYY-MM`: who owes whom for a month's shared expenses.

``compute_settlement`` is a read use case (the arithmetic is ``domain.settlement``);
``settle`` is a ctx-level workflow: it computes, then writes the settlement CSV and JSON
(products of the pipeline, under output/pipeline/) and the workbook's Settlement sheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.pipeline.domain.settlement import Settlement, compute
from ledgerctl.pipeline.paths import display_path, output_dir
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class SettleDone:
    """A month settled: the settlement, the files written, and notes for the operator."""

    settlement: Settlement
    files: tuple[Path, ...]
    notes: tuple[str, ...]


@use_case("pipeline.settle", write=False)
def compute_settlement(work: Work, period: str) -> Settlement:
    """The settlement of ``period`` (YYYY-MM) from the stored transactions and decisions."""
    from ledgerctl.pipeline import store
    from ledgerctl.pipeline.config import load_config

    config = load_config(work.ctx.home)
    rows = store.settle_inputs(work.session.connection(), work.tenant_id, period)
    return compute(config, period, rows)


def _columns(result: Settlement) -> list[str]:
    return [
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


def _document(result: Settlement, rows: list[dict[str, Any]]) -> str:
    from ledgerctl.outputs.api import csv_value

    doc = {
        "period": result.period,
        "currency": result.currency,
        "result": result.result,
        "transfers": [{"from": a, "to": b, "amount": csv_value(x)} for a, b, x in result.transfers],
        "positions": {o: csv_value(p) for o, p in result.positions.items()},
        "lines": [{k: csv_value(v) for k, v in r.items()} for r in rows],
        "notes": result.notes,
    }
    return json.dumps(doc, indent=2) + "\n"


def _write_files(out: Path, result: Settlement) -> list[Path]:
    from ledgerctl.outputs.api import atomic_write_text, write_csv

    rows = result.line_rows()
    period = result.period
    return [
        write_csv(out / f"settlement_{period}.csv", rows, _columns(result), bom=True),
        atomic_write_text(out / f"settlement_{period}.json", _document(result, rows)),
    ]


def settle(ctx: AppContext, period: str) -> SettleDone:
    """`pipeline settle --period YYYY-MM`: the settlement, its CSV + JSON, the workbook sheet.

    ``period`` is a valid ``YYYY-MM`` (the command parses it with ``core.clock.parse_month``).
    """
    from ledgerctl.pipeline.outputs import WORKBOOK_NAME
    from ledgerctl.pipeline.workbook import workbook_is_ours, write_review_workbook

    result = compute_settlement.run(ctx, period)
    out = output_dir(ctx)
    files = _write_files(out, result)
    notes = list(result.notes)
    workbook = out / WORKBOOK_NAME
    if workbook_is_ours(ctx, workbook, "pipeline.settle"):
        files.append(
            write_review_workbook(
                ctx, workbook, settlement_period=period, permission="pipeline.settle"
            )
        )
    else:
        notes.append(
            f"{display_path(ctx, workbook)} has analyst edits not yet applied, so its "
            "Settlement sheet was not rewritten; run `pipeline review apply` first"
        )
    return SettleDone(result, tuple(files), tuple(notes))
