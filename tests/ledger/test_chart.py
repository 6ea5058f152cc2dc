"""Chart of accounts: the shipped template, idempotent install, bad templates, `account add`."""

from __future__ import annotations

import json

from ledgerctl.ledger import accounts
from ledgerctl.ledger.chart import load_template


def test_every_workspace_has_the_retail_chart(cli) -> None:
    result = cli("ledger", "accounts", "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    by_code = {r["code"]: r for r in rows}
    assert len(rows) == len(load_template("retail").accounts) == 25
    assert by_code["1200"]["name"] == "Inventory" and by_code["1200"]["normal_side"] == "debit"
    assert by_code["2100"]["type"] == "liability" and by_code["2100"]["normal_side"] == "credit"
    assert by_code["4100"]["normal_side"] == "debit"  # sales returns: contra revenue


def test_install_is_idempotent(cli, ctx, db) -> None:
    before = db.counts()
    assert accounts.install_chart(ctx, "retail").added == 0
    result = cli("ledger", "chart", "install", "retail")
    assert result.code == 0 and "0 account(s) added" in result.err
    assert db.counts() == before


def test_install_adds_only_missing_codes(workspace, cli, db) -> None:
    (workspace.home / "rules" / "coa").mkdir(parents=True, exist_ok=True)
    (workspace.home / "rules" / "coa" / "extra.yaml").write_text(
        "name: extra\naccounts:\n"
        "  - {code: '1000', name: Cash again, type: asset}\n"
        "  - {code: '7000', name: Bank charges, type: expense}\n",
        encoding="utf-8",
    )
    result = cli("ledger", "chart", "install", "extra")
    assert result.code == 0, result.err
    assert "1 account(s) added" in result.err
    assert db.scalar("SELECT name FROM accounts WHERE code = '1000'") == "Cash on hand"
    assert db.scalar("SELECT normal_side FROM accounts WHERE code = '7000'") == "debit"


def test_bad_template_names_file_line_and_field(workspace, cli, db) -> None:
    (workspace.home / "rules" / "coa").mkdir(parents=True, exist_ok=True)
    path = workspace.home / "rules" / "coa" / "bad.yaml"
    path.write_text(
        "name: bad\naccounts:\n  - {code: '1000', name: Cash, type: asset}\n"
        "  - code: '2000'\n    name: Payables\n    type: debt\n",
        encoding="utf-8",
    )
    before = db.counts()
    result = cli("ledger", "chart", "install", "bad")
    assert result.code == 2
    assert f"{path}:6: accounts.1.type:" in result.err
    assert db.counts() == before


def test_unknown_template(cli) -> None:
    result = cli("ledger", "chart", "install", "nonesuch")
    assert result.code == 2 and "coa/nonesuch.yaml not found" in result.err


def test_account_add(cli, db) -> None:
    result = cli(
        "ledger",
        "account",
        "add",
        "6200",
        "--name",
        "Bank charges",
        "--type",
        "expense",
        "--parent",
        "6100",
    )
    assert result.code == 0, result.err
    assert db.rows("SELECT type, normal_side, parent_code FROM accounts WHERE code = '6200'") == [
        ("expense", "debit", "6100")
    ]
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.account_add'") == 1


def test_account_add_errors(cli, db) -> None:
    before = db.counts()
    dup = cli("ledger", "account", "add", "1000", "--name", "x", "--type", "asset")
    assert dup.code == 4 and "account 1000 already exists" in dup.err
    bad_type = cli("ledger", "account", "add", "7000", "--name", "x", "--type", "cash")
    assert bad_type.code == 2 and "--type 'cash' must be one of" in bad_type.err
    bad_code = cli("ledger", "account", "add", "7 000", "--name", "x", "--type", "asset")
    assert bad_code.code == 2 and "account code '7 000' is invalid" in bad_code.err
    parent = cli(
        "ledger", "account", "add", "7000", "--name", "x", "--type", "asset", "--parent", "9"
    )
    assert parent.code == 3 and "parent account 9 not found" in parent.err
    assert db.counts() == before


def test_accounts_csv_and_output_file(cli, workspace) -> None:
    out = workspace.home / "output" / "accounts.csv"
    result = cli("ledger", "accounts", "--format", "csv", "--output", str(out))
    assert result.code == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "code,name,type,normal_side,parent,status"
    assert lines[1].startswith("1000,Cash on hand,asset,debit")
