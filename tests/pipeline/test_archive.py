"""`pipeline archive`: only stored files move; nothing unread leaves the inbox."""

from __future__ import annotations

import json

from tests.conftest import Workspace
from tests.pipeline.test_store_helpers import SEPT, write_csv


def test_archive_moves_only_stored_files(workspace: Workspace, cli) -> None:
    inbox = workspace.home / "csv_inbox"
    write_csv(inbox / "bank" / "sept.csv", SEPT)
    assert cli("pipeline", "process").code == 0
    late = write_csv(inbox / "bank" / "october.csv", ["2025-10-01,Melcom,-10.00,GHS,"])
    dry = cli("pipeline", "archive", "--dry-run")
    assert dry.code == 0, dry.err
    assert "would move 1 file(s); 1 left in the inbox" in dry.err
    assert (inbox / "bank" / "sept.csv").exists()
    result = cli("pipeline", "archive")
    assert result.code == 0, result.err
    archived = workspace.home / "csv_archive" / "bank" / "sept.csv"
    assert SEPT[0] in archived.read_text()
    assert not (inbox / "bank" / "sept.csv").exists()
    assert late.exists() and "kept csv_inbox/bank/october.csv" in result.err
    again = cli("pipeline", "archive")
    assert "moved 0 file(s)" in again.err
    assert cli("pipeline", "process").code == 0  # archived rows are not lost
    status = json.loads(cli("pipeline", "status", "--format", "json").out)
    assert status["transactions"] == 5


def test_a_different_file_with_the_same_name_is_not_overwritten(workspace: Workspace, cli) -> None:
    inbox = workspace.home / "csv_inbox"
    write_csv(inbox / "sept.csv", SEPT)
    assert cli("pipeline", "process").code == 0 and cli("pipeline", "archive").code == 0
    write_csv(inbox / "sept.csv", [*SEPT, "2025-09-09,Melcom,-10.00,GHS,1806.67"])
    assert cli("pipeline", "process").code == 0 and cli("pipeline", "archive").code == 0
    names = sorted(p.name for p in (workspace.home / "csv_archive").iterdir())
    assert len(names) == 2 and names[0] == "sept.csv" and names[1].startswith("sept.")


def test_archive_needs_permission(workspace: Workspace, cli) -> None:
    assert cli("user", "add", "kofi", "--role", "viewer").code == 0
    result = cli("pipeline", "archive", user="kofi")
    assert result.code == 7 and "pipeline.process" in result.err
