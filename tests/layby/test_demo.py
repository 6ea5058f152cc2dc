"""`ledgerctl demo` shows lay-by working: the sample lay-bys, the automation's notices and
files, and a clean `layby check` in the demo workspace."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_demo_shows_layby(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGERCTL_DATABASE_URL", raising=False)
    env = {"LEDGERCTL_USER": "demo-user"}
    result = run_cli(["demo"], env)
    assert result.code == 0, result.err
    assert "created LAY-2026-00001 (total 680.00, deposit 136.00, 3 monthly" in result.err
    assert "1 late fee(s) (5.00)" in result.err and "1 reminder(s)" in result.err
    assert "completed: sale ACC-01-INV-2026-000001" in result.err
    assert "fee 9.46 (10% of the amount paid), refunded 85.13" in result.err
    assert "layby check: all checks pass" in result.err
    assert "ledgerctl layby show LAY-2026-00001" in result.err
    home = tmp_path / "ledgerctl-demo"
    assert (home / "output" / "layby" / "outbox" / "2026-02-21" / "sms.csv").is_file()
    listed = run_cli(["--home", str(home), "layby", "list", "-f", "json"], env)
    assert [r["status"] for r in json.loads(listed.out)] == ["COMPLETED", "CANCELLED"]
    assert run_cli(["--home", str(home), "layby", "check"], env).code == 0
