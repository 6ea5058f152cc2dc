"""Catalog (add, set, import all-or-nothing), stock adjustments and negative-stock variance,
reservations for lay-by, tax profile, and rule files with errors naming file and line."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from ledgerctl.core.errors import Conflict
from ledgerctl.pos.drafts import LineDraft, SaleDraft
from ledgerctl.pos.sales import record_sale
from ledgerctl.pos.stock import release_reservation, reserve_stock
from ledgerctl.work import unit_of_work
from tests.pos.conftest import ok
from tests.pos.test_sales import entry_lines, sale

D = Decimal


def products(cli) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {p["sku"]: p for p in json.loads(ok(cli("pos", "product", "list", "-f", "json")).out)}


def test_product_add_set_and_bad_input(shop, db) -> None:
    ok(shop("pos", "product", "set", "SOAP", "--price", "7.00", "--status", "inactive"))
    assert products(shop)["SOAP"]["price"] == "7.0000"
    refused = sale(shop, "-b", "ACC-01", "--line", "SOAP=1")
    assert refused.code == 2 and "product SOAP is inactive" in refused.err
    before = db.snapshot()
    for args, code, text in [
        (("add", "SOAP", "--name", "x", "--price", "1"), 4, "product SOAP already exists"),
        (("add", "bad sku!", "--name", "x", "--price", "1"), 2, "sku 'bad sku!' must be"),
        (("add", "X1", "--name", "x", "--price", "-1"), 2, "price -1 of X1 must be 0 or more"),
        (
            ("add", "X1", "--name", "x", "--price", "1", "--tax-class", "luxury"),
            2,
            "tax class 'luxury' of X1 must be one of exempt, standard, zero",
        ),
        (("set", "NOPE", "--price", "1"), 3, "product 'NOPE' not found"),
    ]:
        result = shop("pos", "product", *args)
        assert result.code == code and text in result.err, result.err
    assert db.snapshot() == before


def test_product_import_is_all_or_nothing(shop, db, tmp_path) -> None:
    good = tmp_path / "p.csv"
    good.write_text(
        "sku,name,price,tax_class,cost\nSOAP,,6.75,,\nOIL-1L,Cooking oil 1L,38.50,standard,30\n",
        encoding="utf-8",
    )
    result = ok(shop("pos", "product", "import", str(good)))
    assert "1 added, 1 updated, 0 unchanged" in result.err
    assert products(shop)["SOAP"]["name"] == "Soap bar"  # empty cell: unchanged
    assert products(shop)["OIL-1L"]["price"] == "38.5000"
    before = db.snapshot()
    names_before = products(shop)
    for text, code, message in [
        ("sku,name,price\nNEW1,New,1\nNEW2,,2\n", 2, "p2.csv:3: new product NEW2 needs name"),
        ("sku,name,price\nNEW1,New,abc\n", 2, "p2.csv:2: price: 'abc' is not a number"),
        ("sku,name,price\nNEW1,New,1\nNEW1,Again,1\n", 2, "p2.csv:3: sku NEW1 appears twice"),
        ("name,price\nNew,1\n", 2, "p2.csv:1: header: column(s) sku missing"),
    ]:
        bad = tmp_path / "p2.csv"
        bad.write_text(text, encoding="utf-8")
        result = shop("pos", "product", "import", str(bad))
        assert result.code == code and message in result.err, result.err
    assert db.snapshot() == before and products(shop) == names_before
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Products"
    ws.append(["SKU", "Name", "Price", "Unit"])
    ws.append(["YAM", "Yam tuber", 12.5, "each"])
    wb.save(tmp_path / "p.xlsx")
    ok(shop("pos", "product", "import", str(tmp_path / "p.xlsx")))
    assert products(shop)["YAM"]["price"] == "12.5000"


def test_adjustments_post_against_stock_adjustments(shop, db) -> None:
    number = ok(
        shop(
            "pos",
            "stock",
            "adjust",
            "-b",
            "ACC-01",
            "SOAP=-5",
            "RICE-5KG=+1",
            "--reason",
            "monthly count",
            "--date",
            "2026-02-10",
        )
    ).err.split(":")[0]
    assert entry_lines(db, number) == {"1200-ACC-01": D("54.00"), "5010": D("-54.00")}
    no_reason = shop("pos", "stock", "adjust", "-b", "ACC-01", "SOAP=-1", "--reason", " ")
    assert no_reason.code == 2 and "needs a reason" in no_reason.err
    too_many = shop("pos", "stock", "adjust", "-b", "ACC-01", "SOAP=-1000", "--reason", "x")
    assert too_many.code == 4
    moves = json.loads(ok(shop("pos", "stock", "movements", "--sku", "SOAP", "-f", "json")).out)
    assert [(m["kind"], m["quantity"]) for m in moves] == [
        ("receipt", "100.000"),
        ("adjustment", "-5.000"),
    ]


def test_receipt_into_negative_stock_books_the_variance(shop, db) -> None:
    ok(shop("pos", "branch", "set", "TEM-02", "--allow-negative-stock"))
    ok(sale(shop, "-b", "TEM-02", "--line", "RICE-5KG=2"))  # costed at standard cost 70
    number = ok(
        shop("pos", "stock", "receive", "-b", "TEM-02", "RICE-5KG=5@80", "--date", "2026-02-05")
    ).err.split(":")[0]
    lines = entry_lines(db, number)
    # 2 of the 5 fill the hole costed at 70: variance 2 x (80 - 70) = 20 to cost of sales
    assert lines == {"1200-TEM-02": D("380.00"), "2000": D("-400.00"), "5000": D("20.00")}
    level = json.loads(ok(shop("pos", "stock", "levels", "-b", "TEM-02", "-f", "json")).out)[0]
    assert (level["quantity"], level["value"], level["unit_cost"]) == ("3.000", "240.00", "80.0000")
    assert "pos stock levels = movements" in ok(shop("audit", "check")).out


def test_reservations_hold_stock_for_lay_by(shop, workspace) -> None:
    ctx = workspace.ctx()
    try:
        with unit_of_work(ctx, "pos.stock") as work:
            held = reserve_stock(work, "ACC-01", "RICE-5KG", D(8), "LAYBY-1")
        refused = sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=3")
        assert refused.code == 4 and "reserved 8.000" in refused.err
        with (
            pytest.raises(Conflict, match="only 2.000 of RICE-5KG available"),
            unit_of_work(ctx, "pos.stock") as work,
        ):
            reserve_stock(work, "ACC-01", "RICE-5KG", D(3), "LAYBY-2")
        with unit_of_work(ctx, "pos.sale") as work:
            sold = record_sale(
                work,
                SaleDraft(
                    date(2026, 2, 3),
                    (LineDraft("RICE-5KG", D(8)),),
                    branch="ACC-01",
                    reservations=(held.id,),
                ),
            )
            number = sold.number
        assert number == "ACC-01-INV-2026-000001"
        with unit_of_work(ctx, "pos.stock") as work:
            again = reserve_stock(work, "ACC-01", "RICE-5KG", D(1), "LAYBY-3")
        with unit_of_work(ctx, "pos.stock") as work:
            release_reservation(work, again.id)
        level = json.loads(
            ok(
                shop("pos", "stock", "levels", "-b", "ACC-01", "--sku", "RICE-5KG", "-f", "json")
            ).out
        )[0]
        assert (level["quantity"], level["reserved"]) == ("2.000", "0.000")
    finally:
        ctx.dispose()


def test_tax_profile_and_flat_rate_scheme(shop) -> None:
    ok(shop("pos", "tax-profile", "set", "--scheme", "flat_rate", "--tin", "P0012345678"))
    old = ok(
        sale(shop, "-b", "ACC-01", "--line", "SOAP=1", "--prices", "exclusive", day="2025-06-02")
    )
    assert "net 6.50 + VAT 0.20, COVID 0.07 = 6.77" in old.err
    new = sale(shop, "-b", "ACC-01", "--line", "SOAP=1")
    assert new.code == 2 and "tax scheme 'flat_rate' does not exist in regime ghana-2026" in new.err
    bad = shop("pos", "tax-profile", "set", "--retail-prices", "sometimes")
    assert bad.code == 2 and "must be inclusive or exclusive" in bad.err


def test_a_bad_tax_rule_file_names_file_line_and_field(shop, workspace) -> None:
    folder = workspace.home / "rules" / "tax"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ghana-2026.yaml").write_text(
        "regime: ghana-2026\ncountry: ghana\ncurrency: GHS\nvalid_from: 2026-01-01\n"
        "schemes:\n  standard:\n    taxes:\n      - {code: VAT, name: VAT, rate: 0.15}\n"
        "classes:\n  standard: [VAT]\n",
        encoding="utf-8",
    )
    result = sale(shop, "-b", "ACC-01", "--line", "SOAP=1")
    assert result.code == 2
    assert "ghana-2026.yaml:8: schemes.standard.taxes.0.rate" in result.err
    assert "quoted decimal string" in result.err
    (folder / "ghana-2026.yaml").write_text(
        "regime: ghana-2026\ncountry: ghana\ncurrency: GHS\nvalid_from: 2025-06-01\n"
        'schemes:\n  standard:\n    taxes:\n      - {code: VAT, name: VAT, rate: "0.15"}\n'
        "classes:\n  standard: [VAT]\n",
        encoding="utf-8",
    )
    overlap = sale(shop, "-b", "ACC-01", "--line", "SOAP=1")
    assert overlap.code == 2 and "overlap from 2025-06-01" in overlap.err
