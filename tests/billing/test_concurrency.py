"""Two `ledgerctl` processes at once: a draft is issued once, numbers stay unique and gapless,
a receipt number is recorded once (SQLite: writers queue; Postgres: row locks)."""

from __future__ import annotations

import subprocess
import sys

from tests.billing.conftest import add_client, cycle, set_retainer, statements

RUN = "from ledgerctl.cli import main; main()"


def together(workspace, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:  # type: ignore[no-untyped-def]
    """Start every command as its own OS process at once; wait for all."""
    import os

    env = {**os.environ, **workspace.env()}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RUN, *args],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in commands
    ]
    results = []
    for args, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def test_two_reviewers_issuing_the_same_period_issue_each_draft_once(billing, cli) -> None:
    for i in range(6):
        add_client(cli, f"C{i}")
        set_retainer(cli, f"C{i}", "100", "2026-02")
    cycle(cli, "2026-02")
    issue = [
        "--user",
        "rita",
        "billing",
        "statement",
        "issue",
        "--period",
        "2026-02",
        "--all",
        "--yes",
        "--processes",
        "1",
    ]
    results = together(billing, issue, issue)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    numbers = [n for r in results for n in r.stdout.split()]
    assert sorted(numbers) == sorted(set(numbers)) and len(numbers) == 6
    rows = statements(cli)
    assert sorted(r["number"] for r in rows) == sorted(numbers)
    assert {r["status"] for r in rows} == {"issued"}


def test_the_same_draft_issued_twice_at_once_is_issued_once(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "100", "2026-02")
    cycle(cli, "2026-02")
    draft = str(statements(cli)[0]["id"])
    issue = ["--user", "rita", "billing", "statement", "issue", draft, "--yes"]
    results = together(billing, issue, issue)
    assert sorted(r.returncode for r in results) == [0, 4], [r.stderr for r in results]
    loser = next(r for r in results if r.returncode == 4)
    assert "is issued; an issued statement cannot be changed" in loser.stderr
    assert db.scalar("SELECT COUNT(*) FROM journal_entries") == 1


def test_a_receipt_number_recorded_twice_at_once_is_recorded_once(billing, cli, db) -> None:
    add_client(cli)
    record = [
        "--user",
        "bill",
        "billing",
        "payment",
        "record",
        "--client",
        "ASANTE",
        "--amount",
        "100",
        "--date",
        "2026-03-01",
        "--method",
        "bank",
        "--invoice-no",
        "RCT-1",
    ]
    results = together(billing, record, record)
    assert sorted(r.returncode for r in results) == [0, 4], [r.stderr for r in results]
    assert db.scalar("SELECT COUNT(*) FROM billing_payments") == 1
    assert db.scalar("SELECT COUNT(*) FROM journal_entries") == 1
