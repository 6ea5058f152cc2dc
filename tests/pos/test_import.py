"""`pos sale import`: a till export recorded whole or not at all, bad rows named by file and
line, receipts imported twice recorded once, one journal entry per branch and day."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.pos.conftest import ok
from tests.pos.test_post_unposted import override_accounts

HEADER = "receipt,date,branch,kind,customer,sku,quantity,unit_price,payment,prices\n"
GOOD = (
    HEADER + "T1,2026-02-03,ACC-01,retail,,RICE-5KG,1,,cash=150.00,\n"
    "T1,2026-02-03,ACC-01,retail,,SOAP,2,,,\n"
    "T2,2026-02-03,ACC-01,retail,,SOAP,1,,momo=6.50,\n"
    "T3,2026-02-04,ACC-01,wholesale,C001,RICE-5KG,2,,account=240,\n"
    "T4,2026-02-03,TEM-02,retail,,SOAP,1,,,\n"
)


def write(tmp_path: Path, text: str, name: str = "till.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ready(shop):  # type: ignore[no-untyped-def]
    ok(shop("pos", "customer", "add", "C001", "--name", "Kofi Wholesale"))
    ok(shop("pos", "stock", "receive", "-b", "TEM-02", "SOAP=10", "--date", "2026-02-01"))
    return shop


def test_import_records_every_sale_and_posts_one_entry_per_branch_and_day(
    ready, db, tmp_path
) -> None:
    result = ok(ready("pos", "sale", "import", str(write(tmp_path, GOOD))))
    assert "4 sales recorded (ACC-01-INV-2026-000001 .. TEM-02-INV-2026-000001)" in result.err
    assert "gross 386.00" in result.err
    rows = db.rows(
        "SELECT s.till_receipt, s.number, s.gross, j.entry_number, j.batch FROM "
        "pos_sales s JOIN pos_postings j ON j.doc_id = s.id AND j.doc_type = 'sale' "
        "ORDER BY s.id"
    )
    assert [r[:3] for r in rows] == [
        ("T1", "ACC-01-INV-2026-000001", 13300),
        ("T2", "ACC-01-INV-2026-000002", 650),
        ("T3", "ACC-01-INV-2026-000003", 24000),
        ("T4", "TEM-02-INV-2026-000001", 650),
    ]
    assert rows[0][3] == rows[1][3] != rows[2][3]  # T1 and T2: ACC-01 on 2026-02-03
    assert rows[0][4] == "ACC-01/2026-02-03"
    entry = db.rows(
        "SELECT description, reference FROM journal_entries WHERE number = :n", n=rows[0][3]
    )[0]
    assert entry == (
        "Sales ACC-01 2026-02-03: 2 documents (ACC-01-INV-2026-000001 .. ACC-01-INV-2026-000002)",
        "ACC-01-INV-2026-000001..ACC-01-INV-2026-000002",
    )
    lines = dict(
        db.rows(
            "SELECT a.code, SUM(p.amount) FROM postings p JOIN accounts a ON "
            "a.id = p.account_id WHERE p.entry_id = (SELECT id FROM "
            "journal_entries WHERE number = :n) GROUP BY a.code",
            n=rows[0][3],
        )
    )
    assert lines["1000"] == 13300 and lines["1020"] == 650
    assert lines["2200"] == -(1500 + 163 + 81)
    check = ok(ready("audit", "check"))
    assert "pos tax accounts" in check.out + check.err


def test_importing_the_same_file_twice_records_it_once(ready, db, tmp_path) -> None:
    path = write(tmp_path, GOOD)
    ok(ready("pos", "sale", "import", str(path)))
    before = db.snapshot()
    again = ok(ready("pos", "sale", "import", str(path)))
    assert "0 sales recorded, gross 0.00; 4 already imported" in again.err
    after = db.snapshot()
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    changed = write(
        tmp_path,
        GOOD.replace("T2,2026-02-03,ACC-01,retail,,SOAP,1", "T2,2026-02-03,ACC-01,retail,,SOAP,3"),
        "b.csv",
    )
    clash = ready("pos", "sale", "import", str(changed))
    assert (
        clash.code == 4
        and "b.csv:4: till receipt T2 of branch ACC-01 was recorded "
        "before as ACC-01-INV-2026-000002 with different content"
        in clash.err
    )


@pytest.mark.parametrize(
    "line,code,message",
    [
        ("T9,2026-02-03,ACC-01,retail,,NOPE,1,,,", 3, "till.csv:7: sku: unknown SKU 'NOPE'"),
        ("T9,2026-02-03,ACC-01,retail,,SOAP,-1,,,", 2, "till.csv:7: quantity: -1 must be positive"),
        (
            "T9,2026-02-03,ACC-01,retail,,SOAP,abc,,,",
            2,
            "till.csv:7: quantity: 'abc' is not a number",
        ),
        (
            "T9,03/02/2026,ACC-01,retail,,SOAP,1,,,",
            2,
            "till.csv:7: date: '03/02/2026' is not a date",
        ),
        (
            "T9,2026-02-03,ACC-01,retail,,SOAP,1,6.12345,,",
            2,
            "till.csv:7: unit_price: 6.12345 has more than 4 decimal places",
        ),
        (
            "T1,2026-02-05,ACC-01,retail,,SOAP,1,,,",
            2,
            "till.csv:7: date: '2026-02-05' differs from till.csv:2 ('2026-02-03') for receipt T1",
        ),
        ("T9,2026-02-03,ACC-01,retail,,SOAP,1,,cash:5,", 2, "till.csv:7: payment: 'cash:5'"),
        (
            "T9,2026-02-03,ACC-01,retail,,SOAP,1,,cash=1.00,",
            2,
            "till.csv:7: payments 1.00 do not cover the total 6.50",
        ),
        (
            "T9,2026-02-03,ACC-01,retail,,RICE-5KG,50,,,",
            4,
            "till.csv:7: stock of RICE-5KG at ACC-01 would go negative",
        ),
        ("T9,2026-02-03,XX-1,retail,,SOAP,1,,,", 3, "branch 'XX-1' not found"),
        (
            "T9,2026-02-03,ACC-01,retail,NOBODY,SOAP,1,,,",
            3,
            "till.csv:7: customer 'NOBODY' not found",
        ),
        (",2026-02-03,ACC-01,retail,,SOAP,1,,,", 2, "till.csv:7: receipt: a value is required"),
    ],
)
def test_a_bad_row_rejects_the_whole_file(ready, db, tmp_path, line, code, message) -> None:
    before = db.snapshot()
    result = ready("pos", "sale", "import", str(write(tmp_path, GOOD + line + "\n")))
    assert result.code == code, result.err
    assert message in result.err, result.err
    assert db.snapshot() == before


def test_closed_period_and_missing_columns_and_bad_files(ready, db, tmp_path) -> None:
    ok(ready("ledger", "period", "close", "2026-01"))
    before = db.snapshot()
    late = write(tmp_path, GOOD + "T9,2026-01-31,ACC-01,retail,,SOAP,1,,,\n")
    result = ready("pos", "sale", "import", str(late))
    assert result.code == 4 and "till.csv:7: 2026-01-31 is in period 2026-01" in result.err
    nocol = write(tmp_path, "receipt,date,sku\nT1,2026-02-03,SOAP\n", "x.csv")
    result = ready("pos", "sale", "import", str(nocol))
    assert result.code == 2 and "x.csv:1: header: column(s) quantity missing" in result.err
    assert ready("pos", "sale", "import", str(tmp_path / "missing.csv")).code == 3
    assert ready("pos", "sale", "import", str(write(tmp_path, "x", "a.pdf"))).code == 2
    assert db.snapshot() == before


def test_excel_till_export(ready, db, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sales"
    ws.append(
        [
            "receipt",
            "date",
            "branch",
            "kind",
            "customer",
            "sku",
            "quantity",
            "unit_price",
            "payment",
        ]
    )
    from datetime import datetime

    ws.append(
        ["X1", datetime(2026, 2, 3), "ACC-01", "retail", None, "SUGAR", 0.5, 14.99, "cash=20"]
    )
    ws.append(["X1", None, None, None, None, "SOAP", 1, None, None])
    ws.append(["X2", "2026-02-03", "ACC-01", None, None, "SOAP", 2, None, None])
    wb.save(tmp_path / "till.xlsx")
    result = ok(ready("pos", "sale", "import", str(tmp_path / "till.xlsx")))
    assert "2 sales recorded" in result.err
    assert db.rows("SELECT quantity, unit_price FROM pos_sale_lines ORDER BY id") == [
        (500, 149900),
        (1000, 65000),
        (2000, 65000),
    ]
    ws.append(["X3", "2026-02-03", "ACC-01", None, None, "SOAP", "two", None, None])
    wb.save(tmp_path / "bad.xlsx")
    bad = ready("pos", "sale", "import", str(tmp_path / "bad.xlsx"))
    assert bad.code == 2 and "bad.xlsx:5: quantity: 'two' is not a number" in bad.err


def test_per_sale_posting_and_deferred_posting(ready, db, workspace, tmp_path) -> None:
    override_accounts(workspace, "import_posting: daily", "import_posting: per_sale")
    ok(ready("pos", "sale", "import", str(write(tmp_path, GOOD))))
    numbers = db.rows("SELECT entry_number FROM pos_postings WHERE doc_type = 'sale'")
    assert len({n for (n,) in numbers}) == 4
    override_accounts(workspace, "import_posting: daily", "import_posting: daily")
    later = GOOD.replace("\nT", "\nU").replace("2026-02-04", "2026-02-03")
    result = ok(
        ready("pos", "sale", "import", "--defer-posting", str(write(tmp_path, later, "later.csv")))
    )
    assert "posting deferred" in result.err
    assert db.scalar("SELECT COUNT(*) FROM pos_postings WHERE status = 'pending'") == 4
    posted = ok(ready("pos", "post-unposted"))
    assert "4 posted, 0 failed" in posted.err
    entries = db.rows(
        "SELECT DISTINCT entry_number FROM pos_postings WHERE batch = "
        "'ACC-01/2026-02-03' AND reference LIKE 'ACC-01-INV-2026-00000%' AND "
        "doc_id > 4"
    )
    assert len(entries) == 1  # U1, U2, U3 of ACC-01 on 2026-02-03 share one entry again
    levels = json.loads(
        ok(ready("pos", "stock", "levels", "-b", "ACC-01", "--sku", "SOAP", "-f", "json")).out
    )
    assert Decimal(levels[0]["quantity"]) == Decimal(100 - 3 - 3)
