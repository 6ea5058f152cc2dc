"""The `ledgerctl sequence` commands, run through the real CLI entry point."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from tests.conftest import Workspace
from tests.sequences.helpers import snapshot, take

SOA = "SOA-{year}-{n:05d}"


def test_define_list_preview_in_three_formats(cli, workspace: Workspace) -> None:
    assert cli("sequence", "define", "soa", "--pattern", SOA).code == 0
    defined = cli("sequence", "define", "inv", "--pattern", "INV-{month}-{n}", "--reset", "monthly")
    assert defined.code == 0 and "sequence inv defined" in defined.err
    take(workspace.ctx(), "soa", pattern=SOA, on=date(2025, 9, 1))

    rows = json.loads(cli("sequence", "list", "--date", "2025-09-30", "-f", "json").out)
    assert rows == [
        {
            "name": "inv",
            "pattern": "INV-{month}-{n}",
            "reset": "monthly",
            "scope": "2025-09",
            "next": "INV-202509-1",
        },
        {
            "name": "soa",
            "pattern": SOA,
            "reset": "yearly",
            "scope": "2025",
            "next": "SOA-2025-00002",
        },
    ]
    as_csv = list(
        csv.DictReader(
            io.StringIO(cli("sequence", "list", "-f", "csv", "--date", "2025-01-01").out)
        )
    )
    assert [r["next"] for r in as_csv] == ["INV-202501-1", "SOA-2025-00002"]
    table = cli("sequence", "list", "--date", "2025-09-30")
    assert table.code == 0 and "SOA-2025-00002" in table.out and "INV-202509-1" in table.out

    preview = cli("sequence", "preview", "soa", "--date", "2025-12-31")
    assert (preview.code, preview.out) == (0, "SOA-2025-00002\n")
    assert cli("sequence", "preview", "soa", "--date", "2026-01-01").out == "SOA-2026-00001\n"
    assert cli("sequence", "preview", "soa", "--date", "2025-12-31").out == "SOA-2025-00002\n"


def test_list_writes_an_output_file(cli, workspace: Workspace) -> None:
    cli("sequence", "define", "r", "--pattern", "R-{n}", "--reset", "never")
    target = workspace.home / "output" / "sequences.json"
    result = cli("sequence", "list", "-f", "json", "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert json.loads(target.read_text())[0]["next"] == "R-1"


def test_empty_list(cli) -> None:
    result = cli("sequence", "list", "-f", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_set_next_forward_then_backwards(cli, workspace: Workspace) -> None:
    cli("sequence", "define", "soa", "--pattern", SOA)
    moved = cli("sequence", "set-next", "soa", "120", "--date", "2025-05-05")
    assert moved.code == 0
    assert "now SOA-2025-00120 (was SOA-2025-00001)" in moved.err
    before = snapshot(workspace.ctx())
    back = cli("sequence", "set-next", "soa", "7", "--date", "2025-05-05")
    assert back.code == 4
    assert back.err.strip().splitlines() == [
        "error: sequence 'soa' is already past SOA-2025-00119 (last number used or skipped); "
        "it can only move forward, to 120 or more"
    ]
    assert snapshot(workspace.ctx()) == before


def test_bad_inputs_exit_codes_and_nothing_written(cli, workspace: Workspace) -> None:
    cli("sequence", "define", "soa", "--pattern", SOA)
    before = snapshot(workspace.ctx())
    cases = [
        (("sequence", "preview", "nope"), 3, "sequence 'nope' not found"),
        (("sequence", "set-next", "nope", "5"), 3, "sequence 'nope' not found"),
        (
            ("sequence", "define", "x", "--pattern", "X-{foo}-{n}"),
            2,
            "{n} (counter, e.g. {n:05d}), {year}, {yy}, {mm}, {month}",
        ),
        (("sequence", "define", "x", "--pattern", "X-{year}"), 2, "must contain {n}"),
        (
            ("sequence", "define", "x", "--pattern", "X-{n}", "--reset", "daily"),
            2,
            "reset must be one of",
        ),
        (("sequence", "define", "soa", "--pattern", "B-{year}-{n}"), 4, "already exists"),
        (("sequence", "set-next", "soa", "0"), 2, "1 or more"),
        (("sequence", "set-next", "soa", "ten"), 2, ""),
        (("sequence", "preview", "soa", "--date", "2025-02-30"), 2, "not a date"),
    ]
    for args, code, says in cases:
        result = cli(*args)
        assert result.code == code, (args, result.err)
        assert says in result.err, (args, result.err)
        assert "Traceback" not in result.err
    assert snapshot(workspace.ctx()) == before


def test_permissions(cli, workspace: Workspace) -> None:
    cli("sequence", "define", "soa", "--pattern", SOA)
    assert cli("user", "add", "bob", "--role", "viewer").code == 0
    assert cli("sequence", "list", user="bob").code == 0
    assert cli("sequence", "preview", "soa", user="bob").code == 0
    before = snapshot(workspace.ctx())
    denied = cli("sequence", "set-next", "soa", "50", user="bob")
    assert denied.code == 7 and "sequence.manage" in denied.err
    assert (
        cli("sequence", "define", "x", "--pattern", "X-{n}", "--reset", "never", user="bob").code
        == 7
    )
    assert snapshot(workspace.ctx()) == before
