"""`ledgerctl demo` shows the pos group on its own sample tenant, and its books check out."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run_cli


def test_demo_runs_the_pos_group(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGERCTL_DATABASE_URL", raising=False)
    env = {"LEDGERCTL_USER": "demo-user"}
    result = run_cli(["demo"], env)
    assert result.code == 0, result.err
    assert "pos: onboarded tenant demo-shop" in result.err
    assert re.search(r"audit check: \d+ checks, all passed", result.err)  # other groups add checks
    assert "cash expected" in result.out
    home = tmp_path / "ledgerctl-demo"
    assert (home / "output" / "pos" / "z-ACC-01-2026-02-03.xlsx").is_file()
    sales = run_cli(
        ["--home", str(home), "--tenant", "demo-shop", "pos", "sale", "list", "-f", "json"], env
    )
    assert [s["posting"] for s in json.loads(sales.out)] == ["posted"] * 3
    tb = run_cli(
        [
            "--home",
            str(home),
            "--tenant",
            "demo-shop",
            "ledger",
            "trial-balance",
            "--as-of",
            "2026-02-28",
            "--format",
            "json",
        ],
        env,
    )
    total = [r for r in json.loads(tb.out) if r["code"] == "TOTAL"][0]
    assert total["debit"] == total["credit"]
