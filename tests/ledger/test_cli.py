"""The ledger commands end to end: post, files, reverse, journal, balance, trial balance,
periods and permissions; bad input leaves the database unchanged."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ledgerctl.tenancy import service as tenancy


def rent(cli, day: str = "2025-09-01", amount: str = "1500.00", user: str | None = None):
    return cli(
        "ledger",
        "post",
        "--date",
        day,
        "--desc",
        "Rent",
        "--debit",
        f"6100={amount}",
        "--credit",
        f"1010={amount}",
        user=user,
    )


def test_post_from_arguments(cli, db) -> None:
    result = rent(cli)
    assert result.code == 0, result.err
    assert result.out.strip() == "JE-2025-000001"
    sale = cli(
        "ledger",
        "post",
        "--date",
        "2025-09-02",
        "--desc",
        "Sale",
        "--debit",
        "1000=1,150.00",
        "--credit",
        "4000=1000",
        "--credit",
        "2200=150",
        "--reference",
        "R-1",
    )
    assert sale.code == 0, sale.err
    assert (
        db.scalar("SELECT reference FROM journal_entries WHERE number = 'JE-2025-000002'") == "R-1"
    )
    assert db.scalar("SELECT COUNT(*) FROM postings") == 5


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--debit", "6100=100", "--credit", "1010=90"], 2, "does not balance in GHS"),
        (
            ["--debit", "6100=10.005", "--credit", "1010=10.005"],
            2,
            "more than 2 decimal places for GHS",
        ),
        (["--debit", "6100:100", "--credit", "1010=100"], 2, "write ACCOUNT=AMOUNT"),
        (["--debit", "6100=abc", "--credit", "1010=100"], 2, "is not an amount"),
        (["--debit", "6100=-5", "--credit", "1010=-5"], 2, "must be positive"),
        (["--debit", "9999=100", "--credit", "1010=100"], 3, "account 9999 not found"),
        (["--debit", "6100=100", "--credit", "1010=100", "--currency", "XX"], 2, "3-letter ISO"),
    ],
)
def test_bad_post_arguments(cli, db, args, code, message) -> None:
    before = db.counts()
    result = cli("ledger", "post", "--date", "2025-09-01", "--desc", "x", *args)
    assert result.code == code, result.err
    assert message in result.err and result.err.startswith("error: ")
    assert "Traceback" not in result.err
    assert db.counts() == before


def test_bad_date(cli, db) -> None:
    result = cli(
        "ledger", "post", "--date", "01/09/2025", "--debit", "6100=1", "--credit", "1010=1"
    )
    assert result.code == 2 and "--date: '01/09/2025' is not a date" in result.err


def test_post_csv_file(cli, db, tmp_path) -> None:
    path = tmp_path / "entries.csv"
    path.write_text(
        "date,description,account,debit,credit,memo\n"
        "2025-09-01,Rent,6100,1500.00,,September\n"
        "2025-09-01,Rent,1010,,1500.00,\n"
        "2025-09-03,Sale,1000,115.00,,\n"
        "2025-09-03,Sale,4000,,100.00,\n"
        "2025-09-03,Sale,2200,,15.00,\n",
        encoding="utf-8",
    )
    result = cli("ledger", "post", "--file", str(path))
    assert result.code == 0, result.err
    assert "2 entries posted" in result.err
    assert db.rows("SELECT number, description FROM journal_entries ORDER BY id") == [
        ("JE-2025-000001", "Rent"),
        ("JE-2025-000002", "Sale"),
    ]
    assert (
        db.scalar("SELECT memo FROM postings WHERE line_no = 1 AND amount = 150000") == "September"
    )


def test_post_csv_with_entry_column(cli, db, tmp_path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "entry,date,description,account,debit,credit,currency\n"
        "a,2025-09-01,Same,1000,10,,USD\n"
        "b,2025-09-01,Same,1000,20,,USD\n"
        "a,2025-09-01,Same,4000,,10,USD\n"
        "b,2025-09-01,Same,4000,,20,USD\n",
        encoding="utf-8",
    )
    assert cli("ledger", "post", "--file", str(path)).code == 0
    assert db.scalar("SELECT COUNT(*) FROM journal_entries") == 2
    assert db.scalar("SELECT COUNT(DISTINCT currency) FROM postings") == 1


@pytest.mark.parametrize(
    "body,code,message",
    [
        (
            "2025-09-01,Rent,6100,1500.00,\n2025-09-01,Rent,1010,,1O.00\n",
            2,
            "e.csv:3: credit: '1O.00' is not an amount",
        ),
        (
            "2025-09-01,Rent,6100,1500.00,\n2025-09-01,Rent,1010,,1400.00\n",
            2,
            "e.csv:2-3: entry 'Rent' does not balance",
        ),
        (
            "2025-09-01,Rent,6100,15.001,\n2025-09-01,Rent,1010,,15.001\n",
            2,
            "e.csv:2: debit: 15.001 has more than 2 decimal places",
        ),
        (
            "2025-09-01,Rent,6100,1,1\n2025-09-01,Rent,1010,,1\n",
            2,
            "e.csv:2: debit/credit: give exactly one",
        ),
        (
            "2025-09-01,Rent,6100,1,\n2025-09-01,Rent,9999,,1\n",
            3,
            "e.csv:3: account: 9999 not found",
        ),
        ("2025-13-01,Rent,6100,1,\n2025-13-01,Rent,1010,,1\n", 2, "e.csv:2: date:"),
    ],
)
def test_bad_csv_posts_nothing(cli, db, tmp_path, body, code, message) -> None:
    path = tmp_path / "e.csv"
    good = "2025-08-01,Good,1000,5.00,\n2025-08-01,Good,4000,,5.00\n"
    path.write_text("date,description,account,debit,credit\n" + body + good, encoding="utf-8")
    before = db.counts()
    result = cli("ledger", "post", "--file", str(path))
    assert result.code == code, result.err
    assert message in result.err
    assert db.counts() == before


def test_csv_missing_column(cli, db, tmp_path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("date,account,debit,credit\n2025-09-01,1000,1,\n", encoding="utf-8")
    result = cli("ledger", "post", "--file", str(path))
    assert result.code == 2 and "e.csv:1: header: missing column(s) description" in result.err


def test_post_json_file(cli, db, tmp_path) -> None:
    path = tmp_path / "e.json"
    path.write_text(
        json.dumps(
            {
                "entries": [
                    {
                        "date": "2025-09-05",
                        "description": "Deposit",
                        "reference": "LB-1",
                        "lines": [
                            {"account": "1020", "debit": "50.00"},
                            {"account": "2100", "amount": "-50.00", "memo": "lay-by"},
                        ],
                    }
                ]
            }
        )
    )
    result = cli("ledger", "post", "--file", str(path))
    assert result.code == 0, result.err
    assert db.scalar("SELECT reference FROM journal_entries") == "LB-1"


def test_json_float_amount_refused(cli, db, tmp_path) -> None:
    path = tmp_path / "e.json"
    path.write_text(
        json.dumps(
            [
                {
                    "date": "2025-09-05",
                    "description": "x",
                    "lines": [
                        {"account": "1020", "debit": 0.1},
                        {"account": "2100", "credit": "0.10"},
                    ],
                }
            ]
        )
    )
    before = db.counts()
    result = cli("ledger", "post", "--file", str(path))
    assert result.code == 2
    assert "e.json: entries[0].lines[0].debit: 0.1 must be a string" in result.err
    assert db.counts() == before


def test_reverse_once(cli, db) -> None:
    rent(cli)
    result = cli(
        "ledger", "reverse", "JE-2025-000001", "--date", "2025-09-10", "--reason", "duplicate"
    )
    assert result.code == 0, result.err
    assert result.out.strip() == "JE-2025-000002"
    assert (
        db.scalar(
            "SELECT SUM(amount) FROM postings p JOIN accounts a ON a.id = "
            "p.account_id WHERE a.code = '6100'"
        )
        == 0
    )
    assert db.scalar(
        "SELECT reverses_id FROM journal_entries WHERE number = 'JE-2025-000002'"
    ) == db.scalar("SELECT id FROM journal_entries WHERE number = 'JE-2025-000001'")
    again = cli("ledger", "reverse", "JE-2025-000001", "--date", "2025-09-10", "--reason", "x")
    assert again.code == 4 and "already reversed by JE-2025-000002" in again.err
    missing = cli("ledger", "reverse", "JE-2025-000099", "--reason", "x")
    assert missing.code == 3


def test_reverse_into_closed_period_refused(cli, db) -> None:
    rent(cli)
    assert cli("ledger", "period", "close", "2025-10").code == 0
    result = cli("ledger", "reverse", "JE-2025-000001", "--date", "2025-10-02", "--reason", "x")
    assert result.code == 4 and "period 2025-10 is closed" in result.err
    assert db.scalar("SELECT COUNT(*) FROM journal_entries") == 1


def test_periods_close_reopen_and_audit(cli, db) -> None:
    rent(cli)
    assert cli("ledger", "period", "close", "2025-09").code == 0
    late = rent(cli, "2025-09-30")
    assert late.code == 4
    assert "period 2025-09 is closed" in late.err and "ledger period reopen" in late.err
    again = cli("ledger", "period", "close", "2025-09")
    assert again.code == 4 and "already closed" in again.err
    no_reason = cli("ledger", "period", "reopen", "2025-09", "--reason", " ")
    assert no_reason.code == 2
    assert cli("ledger", "period", "reopen", "2025-09", "--reason", "late invoice").code == 0
    assert rent(cli, "2025-09-30").code == 0
    listing = json.loads(cli("ledger", "period", "list", "--format", "json").out)
    assert [(p["period"], p["status"]) for p in listing] == [("2025-09", "open")]
    after = db.scalar("SELECT after FROM audit_log WHERE action = 'ledger.period_reopen'")
    assert "late invoice" in after
    assert cli("ledger", "period", "reopen", "2025-09", "--reason", "x").code == 4
    assert cli("ledger", "period", "reopen", "2031-01", "--reason", "x").code == 3
    assert cli("ledger", "period", "close", "2025-9").code == 2


def test_permissions(cli, ctx, db) -> None:
    tenancy.add_user(ctx, "bob", ["biller"])
    tenancy.add_user(ctx, "ann", ["accountant"])
    rent(cli)
    assert cli("ledger", "trial-balance", user="bob").code == 0
    denied = rent(cli, "2025-09-02", "1", user="bob")
    assert denied.code == 7 and "'ledger.post'" in denied.err
    assert cli("ledger", "period", "close", "2025-09", user="bob").code == 7
    assert cli("ledger", "period", "close", "2025-09", user="ann").code == 0
    assert cli("ledger", "export", user="bob").code == 7
    assert cli("ledger", "period", "reopen", "2025-09", "--reason", "x", user="bob").code == 7
    assert db.scalar("SELECT status FROM fiscal_periods") == "closed"


def test_trial_balance_read_path_checks_membership_and_permission(cli, ctx) -> None:
    tenancy.add_user(ctx, "otto", ["operator"])  # operator has no ledger.read
    denied = cli("ledger", "trial-balance", user="otto")
    assert denied.code == 7 and "lacks permission 'ledger.read'" in denied.err
    stranger = cli("ledger", "trial-balance", user="nobody")
    assert stranger.code == 7 and "'nobody' is not a ledgerctl user" in stranger.err
    assert cli("ledger", "--help").code == 0
    missing = cli("--tenant", "ghost", "ledger", "trial-balance")
    assert missing.code == 3 and "tenant 'ghost' not found" in missing.err


def _seed(cli) -> None:
    rent(cli, "2025-08-31", "100.00")
    rent(cli, "2025-09-01", "1500.00")
    cli(
        "ledger",
        "post",
        "--date",
        "2025-09-15",
        "--desc",
        "Sale",
        "--debit",
        "1000=115",
        "--credit",
        "4000=100",
        "--credit",
        "2200=15",
    )
    cli(
        "ledger",
        "post",
        "--date",
        "2025-10-01",
        "--desc",
        "Sale",
        "--debit",
        "1000=20",
        "--credit",
        "4000=20",
        "--currency",
        "USD",
    )


def test_journal_filters(cli) -> None:
    _seed(cli)
    rows = json.loads(cli("ledger", "journal", "--format", "json").out)
    assert [r["number"] for r in rows][:2] == ["JE-2025-000001"] * 2 and len(rows) == 9
    assert rows[0]["debit"] == "100.00" and rows[0]["credit"] is None
    sept = json.loads(cli("ledger", "journal", "--period", "2025-09", "--format", "json").out)
    assert {r["number"] for r in sept} == {"JE-2025-000002", "JE-2025-000003"}
    cash = json.loads(cli("ledger", "journal", "--account", "1000", "--format", "json").out)
    assert {r["number"] for r in cash} == {"JE-2025-000003", "JE-2025-000004"}
    ranged = json.loads(
        cli(
            "ledger", "journal", "--from", "2025-09-02", "--to", "2025-12-31", "--format", "json"
        ).out
    )
    assert {r["number"] for r in ranged} == {"JE-2025-000003", "JE-2025-000004"}
    last = json.loads(cli("ledger", "journal", "--limit", "1", "--format", "json").out)
    assert {r["number"] for r in last} == {"JE-2025-000004"}
    text = cli("ledger", "journal", "--format", "csv").out
    assert next(csv.reader(io.StringIO(text))) == [
        "number",
        "date",
        "description",
        "account",
        "debit",
        "credit",
        "currency",
        "memo",
    ]
    assert cli("ledger", "journal", "--account", "42").code == 3


def test_balance_and_trial_balance(cli, workspace) -> None:
    _seed(cli)
    one = json.loads(
        cli("ledger", "balance", "1010", "--as-of", "2025-09-01", "--format", "json").out
    )
    assert one == [
        {
            "code": "1010",
            "name": "Bank current account",
            "currency": "GHS",
            "balance": "-1600.00",
            "normal_side": "debit",
        }
    ]
    allb = json.loads(cli("ledger", "balance", "--format", "json").out)
    assert {(r["code"], r["currency"]): r["balance"] for r in allb}[("4000", "USD")] == "20.00"
    assert cli("ledger", "balance", "4242").code == 3
    tb = json.loads(cli("ledger", "trial-balance", "--as-of", "2025-09-14", "--format", "json").out)
    assert tb == [
        {
            "code": "1010",
            "name": "Bank current account",
            "type": "asset",
            "currency": "GHS",
            "debit": "0.00",
            "credit": "1600.00",
        },
        {
            "code": "6100",
            "name": "Operating expenses (rent and utilities)",
            "type": "expense",
            "currency": "GHS",
            "debit": "1600.00",
            "credit": "0.00",
        },
        {
            "code": "TOTAL",
            "name": "Total GHS",
            "type": "",
            "currency": "GHS",
            "debit": "1600.00",
            "credit": "1600.00",
        },
    ]
    out = workspace.home / "output" / "tb.csv"
    assert (
        cli(
            "ledger",
            "trial-balance",
            "--as-of",
            "2025-12-31",
            "--format",
            "csv",
            "--output",
            str(out),
        ).code
        == 0
    )
    rows = list(csv.DictReader(out.open()))
    totals = {r["currency"]: (r["debit"], r["credit"]) for r in rows if r["code"] == "TOTAL"}
    assert totals == {"GHS": ("1715.00", "1715.00"), "USD": ("20.00", "20.00")}
    table = cli("ledger", "trial-balance", "--as-of", "2025-12-31")
    assert table.code == 0 and "Total GHS" in table.out and "1,715.00" in table.out


def test_accountant_closes_but_only_an_admin_reopens(cli) -> None:
    assert cli("user", "add", "ama", "--role", "accountant").code == 0
    posted = cli(
        "ledger",
        "post",
        "--date",
        "2025-09-01",
        "--desc",
        "Rent",
        "--debit",
        "6100=100.00",
        "--credit",
        "1010=100.00",
        user="ama",
    )
    assert posted.code == 0, posted.err
    assert cli("ledger", "period", "close", "2025-09", user="ama").code == 0
    refused = cli("ledger", "period", "reopen", "2025-09", "--reason", "late", user="ama")
    assert refused.code == 7 and "ledger.reopen" in refused.err
