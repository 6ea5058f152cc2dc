"""`pos sale record` end to end: taxes by date and price convention, gapless invoice numbers
per branch, stock out at average cost, the journal entry; bad input changes nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.pos.conftest import ok

D = Decimal


def sale(cli, *args: str, day: str = "2026-02-03", user: str | None = None):  # type: ignore[no-untyped-def]
    return cli("pos", "sale", "record", "--date", day, *args, user=user)


def entry_lines(db, reference: str) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    rows = db.rows(
        "SELECT a.code, p.amount FROM postings p JOIN accounts a ON a.id = "
        "p.account_id JOIN journal_entries e ON e.id = p.entry_id WHERE "
        "e.reference = :r",
        r=reference,
    )
    out: dict[str, Decimal] = {}
    for code, cents in rows:
        out[code] = out.get(code, D(0)) + D(cents) / 100
    return out


def test_retail_sale_tax_inclusive_2026(shop, db) -> None:
    result = ok(
        sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=1", "--line", "SOAP=2", "--pay", "cash=200")
    )
    number = result.out.strip()
    assert number == "ACC-01-INV-2026-000001"
    assert "net 110.83 + NHIL 2.77, GETFUND 2.77, VAT 16.63 = 133.00; change 67.00" in result.err
    row = db.rows(
        "SELECT net, tax_total, gross, tendered, change_given, cost, regime, "
        "price_mode FROM pos_sales"
    )[0]
    assert row == (11083, 2217, 13300, 20000, 6700, 7640, "ghana-2026", "inclusive")
    assert db.rows("SELECT code, rate, amount FROM pos_sale_taxes ORDER BY code") == [
        ("GETFUND", "0.025", 277),
        ("NHIL", "0.025", 277),
        ("VAT", "0.15", 1663),
    ]
    assert db.rows("SELECT tender, amount, tendered FROM pos_sale_payments") == [
        ("cash", 13300, 20000)
    ]
    assert entry_lines(db, number) == {
        "1000": D("133.00"),
        "4000": D("-110.83"),
        "2200": D("-16.63"),
        "2210": D("-2.77"),
        "2220": D("-2.77"),
        "5000": D("76.40"),
        "1200-ACC-01": D("-76.40"),
    }
    assert db.scalar("SELECT status FROM pos_postings WHERE doc_type = 'sale'") == "posted"
    levels = json.loads(ok(shop("pos", "stock", "levels", "-b", "ACC-01", "-f", "json")).out)
    rice = next(r for r in levels if r["sku"] == "RICE-5KG")
    assert (rice["quantity"], rice["value"]) == ("9.000", "630.00")


def test_line_taxes_are_stored_per_line_and_add_up(shop, db) -> None:
    ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=1", "--line", "SOAP=1", "--line", "MILK=1"))
    lines = db.rows("SELECT net, tax_total, gross, taxes FROM pos_sale_lines ORDER BY line_no")
    assert [json.loads(t) for *_, t in lines] == [
        {"NHIL": "0.14", "GETFUND": "0.14", "VAT": "0.81"},
        {"NHIL": "0.14", "GETFUND": "0.14", "VAT": "0.81"},
        {},
    ]
    assert lines[2][:3] == (4500, 0, 4500)  # zero-rated milk
    # sale VAT is the sum of the rounded line VATs (0.81 + 0.81), not VAT of the sum (1.63)
    assert db.scalar("SELECT amount FROM pos_sale_taxes WHERE code = 'VAT'") == 162
    assert db.scalar("SELECT gross FROM pos_sales") == 5800


def test_wholesale_uses_wholesale_price_tax_exclusive(shop, db) -> None:
    result = ok(sale(shop, "-b", "ACC-01", "--kind", "wholesale", "--line", "RICE-5KG=2"))
    assert "net 200.00 + NHIL 5.00, GETFUND 5.00, VAT 30.00 = 240.00" in result.err
    assert db.scalar("SELECT price_mode FROM pos_sales") == "exclusive"


def test_december_2025_sale_uses_the_old_regime_with_covid_levy(shop, db) -> None:
    result = ok(sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=1", day="2025-12-20"))
    number = result.out.strip()
    assert number == "ACC-01-INV-2025-000001"
    assert "net 98.45 + NHIL 2.46, GETFUND 2.46, COVID 0.98, VAT 15.65 = 120.00" in result.err
    assert entry_lines(db, number)["2230"] == D("-0.98")


def test_price_override_and_kg_quantities(shop, db) -> None:
    result = ok(
        sale(
            shop,
            "-b",
            "ACC-01",
            "--line",
            "SUGAR=0.333",
            "--line",
            "SOAP=1@6.00",
            "--prices",
            "exclusive",
        )
    )
    # 0.333 kg x 14.99 = 4.99167 -> 4.99 net; soap 6.00 net
    assert "net 10.99 +" in result.err
    assert db.rows("SELECT quantity, unit_price FROM pos_sale_lines ORDER BY line_no") == [
        (333, 149900),
        (1000, 60000),
    ]


def test_invoice_numbers_are_gapless_per_branch(shop, db) -> None:
    ok(shop("pos", "stock", "receive", "-b", "TEM-02", "SOAP=10", "--date", "2026-02-01"))
    numbers = [
        ok(sale(shop, "-b", b, "--line", "SOAP=1")).out.strip()
        for b in ("ACC-01", "TEM-02", "ACC-01")
    ]
    refused = sale(shop, "-b", "ACC-01", "--line", "NOPE=1")
    assert refused.code == 3
    numbers.append(ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=1")).out.strip())
    assert numbers == [
        "ACC-01-INV-2026-000001",
        "TEM-02-INV-2026-000001",
        "ACC-01-INV-2026-000002",
        "ACC-01-INV-2026-000003",
    ]


def test_card_and_momo_split_with_cash_change(shop, db) -> None:
    result = ok(
        sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=1", "--pay", "momo=50", "--pay", "cash=100")
    )
    assert "change 30.00" in result.err
    lines = entry_lines(db, result.out.strip())
    assert (lines["1020"], lines["1000"]) == (D("50.00"), D("70.00"))


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--line", "NOPE=1"], 3, "unknown SKU 'NOPE'"),
        (["--line", "SOAP=-2"], 2, "quantity of SOAP must be positive"),
        (["--line", "SOAP=0"], 2, "quantity of SOAP must be positive"),
        (["--line", "SOAP=1.0001"], 2, "more than 3 decimal places"),
        (["--line", "SOAP=1@6.123456"], 2, "more than 4 decimal places"),
        (["--line", "SOAP"], 2, "write SKU=QTY"),
        (["--line", "SOAP=1", "--pay", "cash=5"], 2, "do not cover the total 6.50"),
        (["--line", "SOAP=1", "--pay", "account=6.50"], 2, "needs a customer"),
        (["--line", "SOAP=1", "--customer", "NOBODY"], 3, "customer 'NOBODY' not found"),
        (["--line", "SOAP=1", "--kind", "bulk"], 2, "sale kind 'bulk' must be retail or wholesale"),
        (["--line", "SOAP=1", "-b", "XYZ"], 3, "branch 'XYZ' not found"),
        (["--line", "RICE-5KG=11"], 4, "stock of RICE-5KG at ACC-01 would go negative"),
    ],
)
def test_bad_sale_input_changes_nothing(shop, db, args, code, message) -> None:
    before = db.snapshot()
    result = sale(shop, "-b", "ACC-01", *args) if "-b" not in args else sale(shop, *args)
    assert result.code == code, result.err
    assert message in result.err and result.err.startswith("error: ")
    assert "Traceback" not in result.err
    assert db.snapshot() == before


def test_no_branch_given_with_two_branches_is_a_usage_error(shop) -> None:
    result = sale(shop, "--line", "SOAP=1")
    assert result.code == 2 and "pass --branch CODE (branches: ACC-01, TEM-02)" in result.err


def test_sale_in_a_closed_period_is_refused(shop, db) -> None:
    ok(shop("ledger", "period", "close", "2026-01"))
    before = db.snapshot()
    result = sale(shop, "-b", "ACC-01", "--line", "SOAP=1", day="2026-01-31")
    assert result.code == 4
    assert "2026-01-31 is in period 2026-01, which is closed" in result.err
    assert db.snapshot() == before


def test_negative_stock_only_where_the_branch_allows_it(shop, db) -> None:
    assert sale(shop, "-b", "TEM-02", "--line", "SOAP=1").code == 4
    ok(shop("pos", "branch", "set", "TEM-02", "--allow-negative-stock"))
    ok(sale(shop, "-b", "TEM-02", "--line", "SOAP=2"))
    levels = json.loads(ok(shop("pos", "stock", "levels", "-b", "TEM-02", "-f", "json")).out)
    # never received at TEM-02: costed at the product's standard cost 3.20
    assert (levels[0]["quantity"], levels[0]["value"]) == ("-2.000", "-6.40")


def test_same_till_receipt_twice_is_recorded_once(shop, db) -> None:
    first = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2", "--receipt", "T1-0001"))
    again = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2", "--receipt", "T1-0001"))
    assert again.out == first.out and "was recorded before" in again.err
    assert db.scalar("SELECT COUNT(*) FROM pos_sales") == 1
    clash = sale(shop, "-b", "ACC-01", "--line", "SOAP=3", "--receipt", "T1-0001")
    assert clash.code == 4 and "with different content" in clash.err


def test_show_and_list(shop) -> None:
    number = ok(sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=1")).out.strip()
    shown = json.loads(ok(shop("pos", "sale", "show", number, "-f", "json")).out)
    assert shown["gross"] == "120.00" and shown["number"] == number
    assert {"code": "VAT", "rate": "0.15", "amount": "15.00"} in shown["taxes"]
    assert shown["posting"] == "posted" and shown["entry"].startswith("JE-2026-")
    assert [ln["sku"] for ln in shown["lines"]] == ["RICE-5KG"]
    listed = json.loads(ok(shop("pos", "sale", "list", "-f", "json")).out)
    assert [r["number"] for r in listed] == [number]
    assert shop("pos", "sale", "show", "ACC-01-INV-2026-999999").code == 3
