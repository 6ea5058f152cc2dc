"""`ledgerctl demo` builds a working sample workspace, and rebuilds only its own folder."""

import json
from pathlib import Path

from tests.conftest import run_cli


def test_demo_books_a_balanced_month_and_can_be_rerun(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGERCTL_DATABASE_URL", raising=False)
    env = {"LEDGERCTL_USER": "demo-user"}
    first = run_cli(["demo"], env)
    assert first.code == 0, first.err
    assert "TOTAL" in first.out and "67,450.00" in first.out
    assert "refused as it should be (exit 4)" in first.err
    assert "audit chain: " in first.err and "intact" in first.err
    home = tmp_path / "ledgerctl-demo"
    tb = run_cli(
        [
            "--home",
            str(home),
            "ledger",
            "trial-balance",
            "--as-of",
            "2026-01-31",
            "--format",
            "json",
        ],
        env,
    )
    rows = {r["code"]: r for r in json.loads(tb.out)}
    assert rows["1010"]["debit"] == "37500.00"
    assert rows["2320"]["credit"] == "3945.25"
    # the bank pipeline: 10 rows stored once, analyst edits applied, month settled
    assert "10 transactions" in first.err and "0 new rows (stored exactly once)" in first.err
    assert "settlement 2026-02: Ama owes Kofi 1,339.30 GHS" in first.err
    assert (home / "output" / "pipeline" / "balance_data.xlsx").is_file()
    assert (home / "output" / "pipeline" / "settlement_2026-02.csv").is_file()
    again = run_cli(["demo"], env)
    assert again.code == 0, again.err


def test_demo_refuses_a_folder_that_is_not_a_demo(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    result = run_cli(["demo", str(tmp_path)], {"LEDGERCTL_USER": "demo-user"})
    assert result.code == 4 and "not a ledgerctl demo folder" in result.err
    assert (tmp_path / "precious.txt").read_text() == "keep me"
