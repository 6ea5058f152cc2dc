"""`ledger export`: hledger, ledger-cli and beancount read the file and agree with our trial
balance to the cent (each tool skipped with a reason only if it is not installed)."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ledgerctl.ledger import peers
from ledgerctl.ledger.export import account_name


def _seed(cli) -> None:
    posts = [
        ("2025-09-01", 'Rent "Sept"', ["6100=1500.00"], ["1010=1500.00"]),
        ("2025-09-15", "Sale R-1", ["1000=1150.00"], ["4000=1000.00", "2200=150.00"]),
        ("2025-09-30", "Owner's money; capital", ["1010=5000.00"], ["3000=5000.00"]),
        ("2025-10-03", "Stock", ["1200=2000.55"], ["2000=2000.55"]),
    ]
    for day, desc, debits, credits in posts:
        args = ["ledger", "post", "--date", day, "--desc", desc]
        for d in debits:
            args += ["--debit", d]
        for c in credits:
            args += ["--credit", c]
        assert cli(*args).code == 0
    assert (
        cli(
            "ledger",
            "post",
            "--date",
            "2025-10-04",
            "--desc",
            "USD sale",
            "--debit",
            "1010=99.99",
            "--credit",
            "4000=99.99",
            "--currency",
            "USD",
        ).code
        == 0
    )
    assert (
        cli(
            "ledger", "reverse", "JE-2025-000002", "--date", "2025-10-05", "--reason", "wrong price"
        ).code
        == 0
    )


def _ours(cli, as_of: str) -> dict[tuple[str, str], Decimal]:
    accounts = {a["code"]: a for a in json.loads(cli("ledger", "accounts", "-f", "json").out)}
    tb = json.loads(cli("ledger", "trial-balance", "--as-of", as_of, "-f", "json").out)
    out = {}
    for row in tb:
        if row["code"] == "TOTAL":
            continue
        acc = SimpleNamespace(**accounts[row["code"]])
        out[(account_name(acc), row["currency"])] = Decimal(row["debit"]) - Decimal(row["credit"])
    return out


def _export(cli, workspace, fmt: str, name: str):
    path = workspace.home / "output" / name
    result = cli("ledger", "export", "--format", fmt, "--output", str(path))
    assert result.code == 0, result.err
    assert "6 entries written" in result.err
    return path


@pytest.mark.parametrize("as_of", ["2025-09-20", "2025-12-31"])
def test_hledger_agrees(cli, workspace, as_of) -> None:
    if not peers.tool_path("hledger"):
        pytest.skip("hledger is not installed (apt-get install hledger)")
    _seed(cli)
    path = _export(cli, workspace, "hledger", "books.journal")
    theirs = peers.hledger_balances(path, date.fromisoformat(as_of))
    assert theirs == _ours(cli, as_of) and theirs


@pytest.mark.parametrize("as_of", ["2025-09-20", "2025-12-31"])
def test_ledger_cli_agrees(cli, workspace, as_of) -> None:
    if not peers.tool_path("ledger"):
        pytest.skip("ledger (ledger-cli) is not installed (apt-get install ledger)")
    _seed(cli)
    path = _export(cli, workspace, "hledger", "books.ledger")
    theirs = peers.ledger_balances(path, date.fromisoformat(as_of))
    assert theirs == _ours(cli, as_of) and theirs


def test_beancount_agrees_and_bean_check_passes(cli, workspace) -> None:
    _seed(cli)
    path = _export(cli, workspace, "beancount", "books.beancount")
    assert peers.beancount_balances(path) == _ours(cli, "2025-12-31")
    assert peers.beancount_balances(path, date(2025, 9, 20)) == _ours(cli, "2025-09-20")
    check = peers.tool_path("bean-check")
    if check:
        done = subprocess.run([check, str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    text = path.read_text()
    assert "1970-01-01 commodity USD" in text and "open Equity:3000-OwnersEquity" in text
    assert 'Rent \\"Sept\\"' in text


def test_export_to_stdout_and_bad_format(cli) -> None:
    _seed(cli)
    out = cli("ledger", "export")
    assert out.code == 0 and '(JE-2025-000001) Rent "Sept"' in out.out
    assert "Expenses:6100-OperatingExpensesRentAndUtilities  1500.00 GHS" in out.out
    bad = cli("ledger", "export", "--format", "gnucash")
    assert bad.code == 2 and "must be one of hledger, beancount" in bad.err


def test_account_names_are_valid_everywhere() -> None:
    acc = SimpleNamespace(code="a.1_b", name="Owner's  drawings (cash) é", type="equity")
    assert account_name(acc) == "Equity:A-1-b-OwnersDrawingsCash"
