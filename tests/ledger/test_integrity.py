"""`audit check` re-checks the ledger: entry hashes, balance per entry, period totals."""

import json

from tests.conftest import Workspace


def _post_two(cli) -> None:
    for day, amount in (("2025-09-01", "100.00"), ("2025-10-02", "250.50")):
        done = cli(
            "ledger",
            "post",
            "--date",
            day,
            "--desc",
            "Sale",
            "--debit",
            f"1000={amount}",
            "--credit",
            f"4000={amount}",
        )
        assert done.code == 0, done.err


def test_untouched_ledger_passes_every_check(cli) -> None:
    _post_two(cli)
    result = cli("audit", "check", "--format", "json")
    assert result.code == 0, result.out
    status = {row["check"]: (row["checked"], row["status"]) for row in json.loads(result.out)}
    assert status["ledger entry hashes"] == (2, "ok")
    assert status["ledger entries balance"] == (2, "ok")
    assert status["ledger period totals"][1] == "ok"


def test_an_amount_edited_behind_the_tools_back_is_found(cli, workspace: Workspace) -> None:
    _post_two(cli)
    workspace.sql(
        "UPDATE postings SET amount = amount + 1 WHERE line_no = 1 AND "
        "entry_id = (SELECT MIN(id) FROM journal_entries)"
    )
    result = cli("audit", "check", "--format", "json")
    assert result.code == 5
    assert "was changed after it was posted" in result.out
    assert "does not balance" in result.out
    assert "totals say" in result.out


def test_an_edited_description_is_found(cli, workspace: Workspace) -> None:
    _post_two(cli)
    workspace.sql(
        "UPDATE journal_entries SET description = 'Refund' "
        "WHERE id = (SELECT MAX(id) FROM journal_entries)"
    )
    result = cli("audit", "check", "--format", "json")
    assert result.code == 5 and "JE-2025-000002 was changed" in result.out
