"""Review loop: edits read back by fingerprint, stored, audited, kept; bad edits refused."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from tests.conftest import Workspace
from tests.pipeline.test_store_helpers import SEPT, edit_queue, queue_fingerprints, write_csv


def _setup(workspace: Workspace, cli) -> tuple[Path, dict[str, str]]:
    write_csv(workspace.home / "csv_inbox" / "sept.csv", SEPT)
    assert cli("pipeline", "process").code == 0
    book = workspace.home / "output" / "pipeline" / "balance_data.xlsx"
    return book, queue_fingerprints(book)


def _decisions(workspace: Workspace) -> dict[str, tuple]:
    ctx = workspace.ctx()
    try:
        with ctx.engine.connect() as conn:
            return {
                r[0]: tuple(r[1:])
                for r in conn.execute(
                    text("SELECT fingerprint, category, shared, split_pct FROM pipeline_decisions")
                )
            }
    finally:
        ctx.dispose()


def test_edits_are_applied_by_the_next_process_and_survive(workspace: Workspace, cli) -> None:
    book, fps = _setup(workspace, cli)
    edit_queue(
        book,
        {
            fps["Shoprite Accra Mall"]: {"Category": "groceries", "Shared": "S", "Split %": 40},
            fps["KFC Osu"]: {"Shared": "Y"},
        },
    )
    result = cli("pipeline", "process")
    assert result.code == 0, result.err
    assert "2 decision(s) applied" in result.err
    decided = _decisions(workspace)
    assert decided[fps["Shoprite Accra Mall"]] == ("Groceries", "S", 4000)
    assert decided[fps["KFC Osu"]] == (None, "Y", None)
    # reviewed rows leave the queue; the decisions survive later runs
    assert set(queue_fingerprints(book)) == {"Salary", "Zelle to Jordyn"}
    write_csv(workspace.home / "csv_inbox" / "oct.csv", ["2025-10-01,KFC Osu,-5.00,GHS,"])
    assert cli("pipeline", "process").code == 0
    assert _decisions(workspace)[fps["Shoprite Accra Mall"]] == ("Groceries", "S", 4000)
    ctx = workspace.ctx()
    try:
        with ctx.engine.connect() as conn:
            audited = conn.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'pipeline.review.decide'")
            ).scalar_one()
    finally:
        ctx.dispose()
    assert audited == 2
    import pyarrow.parquet as pq

    rows = pq.read_table(workspace.home / "output" / "pipeline" / "transactions.parquet")
    cats = dict(
        zip(
            rows.column("description").to_pylist(), rows.column("category").to_pylist(), strict=True
        )
    )
    assert cats["Shoprite Accra Mall"] == "Groceries"


def test_invalid_edits_are_refused_whole(workspace: Workspace, cli) -> None:
    book, fps = _setup(workspace, cli)
    edit_queue(
        book,
        {
            fps["Shoprite Accra Mall"]: {"Category": "Groceries", "Shared": "Y"},
            fps["KFC Osu"]: {"Category": "Spaceships"},
            fps["Salary"]: {"Shared": "S"},
            fps["Zelle to Jordyn"]: {"Shared": "S", "Split %": 140},
        },
    )
    result = cli("pipeline", "review", "apply")
    assert result.code == 2
    assert "Spaceships" in result.err
    assert "needs a Split %" in result.err
    assert "140" in result.err
    assert "row " in result.err
    assert _decisions(workspace) == {}
    # process still stores files but refuses the workbook and does not overwrite it
    before = book.read_bytes()
    again = cli("pipeline", "process")
    assert again.code == 2
    assert book.read_bytes() == before
    assert _decisions(workspace) == {}


def test_deleted_column_and_edited_fingerprint(workspace: Workspace, cli) -> None:
    from openpyxl import load_workbook

    book, fps = _setup(workspace, cli)
    edit_queue(book, {fps["KFC Osu"]: {"Fingerprint": "0" * 32 + "-1", "Shared": "N"}})
    result = cli("pipeline", "review", "apply", str(book))
    assert result.code == 2
    assert "is not a stored transaction" in result.err
    wb = load_workbook(book)
    wb["Queue_Review"].delete_cols([c.value for c in wb["Queue_Review"][1]].index("Shared") + 1)
    wb.save(book)
    result = cli("pipeline", "review", "apply", str(book))
    assert result.code == 2
    assert "column 'Shared' is missing" in result.err


def test_review_apply_command_then_status(workspace: Workspace, cli) -> None:
    book, fps = _setup(workspace, cli)
    edit_queue(book, {fps["Salary"]: {"Category": "Income", "Shared": "N"}})
    result = cli("pipeline", "review", "apply")
    assert result.code == 0, result.err
    status = json.loads(cli("pipeline", "status", "--format", "json").out)
    assert status["decisions"] == 1
    assert status["review_queue"] == 3
