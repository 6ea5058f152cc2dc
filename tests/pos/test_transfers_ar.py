"""Transfers between branches (at cost, through stock in transit), customers on account
(payments, statement, aging) and the day summary."""

from __future__ import annotations

import json
from decimal import Decimal

from tests.pos.conftest import ok
from tests.pos.test_sales import entry_lines, sale

D = Decimal


def levels(cli, branch: str) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = json.loads(ok(cli("pos", "stock", "levels", "-b", branch, "-f", "json")).out)
    return {r["sku"]: (r["quantity"], r["value"]) for r in rows}


def test_transfer_moves_stock_at_cost_through_transit(shop, db) -> None:
    sent = ok(
        shop(
            "pos",
            "transfer",
            "send",
            "RICE-5KG=2",
            "SOAP=10",
            "--from",
            "ACC-01",
            "--to",
            "TEM-02",
            "--date",
            "2026-02-03",
        )
    )
    number = sent.out.strip()
    assert number == "TRF-2026-00001" and "in transit at cost 172.00" in sent.err
    assert entry_lines(db, number) == {"1210": D("172.00"), "1200-ACC-01": D("-172.00")}
    assert levels(shop, "TEM-02") == {}
    listed = json.loads(ok(shop("pos", "transfer", "list", "-f", "json")).out)
    assert listed[0]["status"] == "in_transit"
    ok(shop("pos", "transfer", "receive", number, "--date", "2026-02-04"))
    assert levels(shop, "TEM-02") == {"RICE-5KG": ("2.000", "140.00"), "SOAP": ("10.000", "32.00")}
    assert levels(shop, "ACC-01")["RICE-5KG"] == ("8.000", "560.00")
    assert entry_lines(db, number) == {
        "1210": D("0.00"),
        "1200-ACC-01": D("-172.00"),
        "1200-TEM-02": D("172.00"),
    }
    again = shop("pos", "transfer", "receive", number)
    assert again.code == 4 and "was received on 2026-02-04 already" in again.err


def test_bad_transfers_change_nothing(shop, db) -> None:
    before = db.snapshot()
    for args, code, text in [
        (["SOAP=1", "--from", "ACC-01", "--to", "ACC-01"], 2, "ACC-01 is both"),
        (["SOAP=1000", "--from", "ACC-01", "--to", "TEM-02"], 4, "would go negative"),
        (["NOPE=1", "--from", "ACC-01", "--to", "TEM-02"], 3, "unknown SKU 'NOPE'"),
        (["SOAP=-1", "--from", "ACC-01", "--to", "TEM-02"], 2, "must be positive"),
        (["SOAP=1", "--from", "ACC-01", "--to", "XX-9"], 3, "branch 'XX-9' not found"),
    ]:
        result = shop("pos", "transfer", "send", *args, "--date", "2026-02-03")
        assert result.code == code and text in result.err, result.err
    assert shop("pos", "transfer", "receive", "TRF-2026-00009").code == 3
    assert db.snapshot() == before


def test_on_account_sale_return_payment_statement_and_aging(shop, db) -> None:
    ok(shop("pos", "customer", "add", "C001", "--name", "Kofi Wholesale", "--phone", "024"))
    number = ok(
        sale(
            shop,
            "-b",
            "ACC-01",
            "--kind",
            "wholesale",
            "--line",
            "RICE-5KG=3",
            "-c",
            "C001",
            "--pay",
            "account=360",
            day="2026-01-05",
        )
    ).out.strip()
    assert entry_lines(db, number)["1100"] == D("360.00")
    ok(
        shop(
            "pos",
            "return",
            "record",
            number,
            "--line",
            "RICE-5KG=1",
            "--refund",
            "account=120",
            "--date",
            "2026-01-06",
        )
    )
    ok(
        sale(
            shop,
            "-b",
            "ACC-01",
            "--line",
            "SOAP=2",
            "-c",
            "C001",
            "--pay",
            "account=13",
            day="2026-03-20",
        )
    )
    receipt = ok(
        shop(
            "pos",
            "ar",
            "pay",
            "C001",
            "100",
            "--tender",
            "momo",
            "-b",
            "ACC-01",
            "--date",
            "2026-03-21",
        )
    )
    assert receipt.out.strip() == "ACC-01-RCT-2026-00001" and "owes 153.00" in receipt.err
    assert entry_lines(db, "ACC-01-RCT-2026-00001") == {"1020": D("100.00"), "1100": D("-100.00")}
    customers = json.loads(ok(shop("pos", "customer", "list", "-f", "json")).out)
    assert customers[0]["balance"] == "153.00"
    rows = json.loads(
        ok(shop("pos", "ar", "statement", "C001", "--from", "2026-02-01", "-f", "json")).out
    )
    assert [(r["kind"], r["balance"]) for r in rows] == [
        ("opening", "240.00"),
        ("sale", "253.00"),
        ("payment", "153.00"),
        ("closing", "153.00"),
    ]
    aging = json.loads(ok(shop("pos", "ar", "aging", "--as-of", "2026-04-10", "-f", "json")).out)
    # payment 100 settles the oldest invoice first: 240 - 100 = 140 open since 2026-01-05
    # (95 days), the March invoice (21 days) is untouched
    assert aging[0]["91-120"] == "140.00" and aging[0]["61-90"] == "0.00"
    assert aging[0]["0-30"] == "13.00" and aging[0]["total"] == "153.00"


def test_payment_beyond_balance_and_bad_tender_are_refused(shop, db) -> None:
    ok(shop("pos", "customer", "add", "C002", "--name", "Ama"))
    before = db.snapshot()
    over = shop("pos", "ar", "pay", "C002", "10", "-b", "ACC-01")
    assert over.code == 4 and "more than C002 owes (0.00)" in over.err
    bad = shop("pos", "ar", "pay", "C002", "10", "--tender", "account", "-b", "ACC-01")
    assert bad.code == 2 and "--tender 'account' must be one of" in bad.err
    assert shop("pos", "ar", "pay", "NOBODY", "10").code == 3
    assert shop("pos", "customer", "add", "C002", "--name", "Again").code == 4
    assert db.snapshot() == before


def test_day_summary_table_csv_and_excel(shop, db, tmp_path) -> None:
    ok(shop("pos", "customer", "add", "C001", "--name", "Kofi"))
    cash = ok(
        sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=1", "--line", "SOAP=2", "--pay", "cash=200")
    ).out.strip()
    ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=1", "--pay", "momo=6.50"))
    ok(
        sale(
            shop,
            "-b",
            "ACC-01",
            "--kind",
            "wholesale",
            "--line",
            "RICE-5KG=1",
            "-c",
            "C001",
            "--pay",
            "account=120",
        )
    )
    ok(shop("pos", "return", "record", cash, "--line", "SOAP=1", "--date", "2026-02-03"))
    ok(shop("pos", "ar", "pay", "C001", "50", "-b", "ACC-01", "--date", "2026-02-03"))
    ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=1", day="2026-02-04"))  # another day
    result = ok(shop("pos", "day", "summary", "-b", "ACC-01", "--date", "2026-02-03", "-f", "json"))
    rows = {
        (section, r["item"]): (r["count"], r["amount"])
        for section, items in json.loads(result.out).items()
        for r in items
    }
    assert rows[("sales", "sales")] == (3, "259.50")
    assert rows[("sales by tender", "cash")] == (None, "133.00")
    assert rows[("sales by tender", "momo")] == (None, "6.50")
    assert rows[("sales by tender", "account")] == (None, "120.00")
    assert rows[("returns", "returns")] == (1, "6.50")
    assert rows[("refunds by tender", "cash")] == (None, "6.50")
    assert rows[("received on account", "cash")] == (None, "50.00")
    # VAT: 15.00 + 2 x 0.81 (soap lines) + 0.81 (momo soap) + 15.00 (wholesale 100 net) - 0.81
    assert rows[("tax by type", "VAT")] == (None, "31.62")
    assert rows[("cash", "cash expected")] == (None, "176.50")  # 133 - 6.50 + 50
    target = tmp_path / "z.xlsx"
    ok(shop("pos", "day", "summary", "-b", "ACC-01", "--date", "2026-02-03", "-o", str(target)))
    from openpyxl import load_workbook

    wb = load_workbook(target)
    assert wb.sheetnames == ["Z report", "Sales", "Returns"]
    z = wb["Z report"]
    assert z.freeze_panes == "A2" and z["A1"].value == "Section"
    cash_row = [r for r in z.iter_rows(values_only=True) if r[1] == "cash expected"][0]
    assert cash_row[3] == 176.5 and z["D2"].number_format == "#,##0.00"
    assert wb["Sales"].max_row == 5  # header, 3 sales, totals
    csv_out = ok(
        shop("pos", "day", "summary", "-b", "ACC-01", "--date", "2026-02-03", "-f", "csv")
    ).out
    assert csv_out.splitlines()[0] == "section,item,count,amount"
