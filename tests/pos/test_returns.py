"""`pos return record`: partial returns, never more than sold, the sale's own regime and
rounding reversed, stock back at the original cost, refunds by tender."""

from __future__ import annotations

import json
from decimal import Decimal

from tests.pos.conftest import ok
from tests.pos.test_sales import entry_lines, sale

D = Decimal


def ret(cli, number: str, *args: str, day: str = "2026-02-10"):  # type: ignore[no-untyped-def]
    return cli("pos", "return", "record", number, "--date", day, *args)


def test_partial_returns_add_up_to_the_sale(shop, db) -> None:
    number = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=3")).out.strip()
    # 3 x 6.50 = 19.50 inclusive: NHIL 0.41, GETFUND 0.41, VAT 2.44 (2026), net 16.24
    assert db.rows("SELECT net, tax_total, gross FROM pos_sale_lines") == [(1624, 326, 1950)]
    first = ok(ret(shop, number, "--line", "SOAP=1"))
    second = ok(ret(shop, number, "--line", "SOAP=2"))
    assert first.out.strip() == "ACC-01-RET-2026-000001"
    assert second.out.strip() == "ACC-01-RET-2026-000002"
    rows = db.rows("SELECT net, tax_total, gross, cost FROM pos_returns ORDER BY id")
    assert [sum(col) for col in zip(*rows, strict=True)] == [1624, 326, 1950, 960]
    taxes = db.rows("SELECT code, SUM(amount) FROM pos_return_taxes GROUP BY code ORDER BY code")
    assert taxes == [("GETFUND", 41), ("NHIL", 41), ("VAT", 244)]
    again = ret(shop, number, "--line", "SOAP=1")
    assert again.code == 4 and "everything" not in again.err
    assert "cannot return 1 of SOAP" in again.err and "3.000 sold, only 0" in again.err


def test_more_returned_than_sold_is_refused_and_changes_nothing(shop, db) -> None:
    number = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2")).out.strip()
    before = db.snapshot()
    result = ret(shop, number, "--line", "SOAP=3")
    assert result.code == 4 and "cannot return 3 of SOAP" in result.err
    for args, code, text in [
        (["--line", "RICE-5KG=1"], 2, "RICE-5KG is not on sale"),
        (["--line", "SOAP=-1"], 2, "must be positive"),
        (["--refund", "cash=1"], 2, "refunds add up to 1.00"),
        (["--refund", "account=13"], 2, "has no customer"),
    ]:
        bad = ret(shop, number, *args)
        assert bad.code == code and text in bad.err, bad.err
    assert ret(shop, "ACC-01-INV-2026-000099").code == 3
    early = ret(shop, number, day="2026-02-01")
    assert early.code == 2 and "before the sale date" in early.err
    assert db.snapshot() == before


def test_return_in_2026_of_a_2025_sale_reverses_the_old_regime(shop, db) -> None:
    number = ok(sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=1", day="2025-12-20")).out.strip()
    back = ok(ret(shop, number, "--refund", "card=120.00")).out.strip()
    lines = entry_lines(db, back)
    assert lines == {
        "4100": D("98.45"),
        "2210": D("2.46"),
        "2220": D("2.46"),
        "2230": D("0.98"),
        "2200": D("15.65"),
        "1010": D("-120.00"),
        "1200-ACC-01": D("70.00"),
        "5000": D("-70.00"),
    }
    levels = json.loads(
        ok(shop("pos", "stock", "levels", "--sku", "RICE-5KG", "-b", "ACC-01", "-f", "json")).out
    )
    assert (levels[0]["quantity"], levels[0]["value"]) == ("10.000", "700.00")


def test_stock_comes_back_at_the_original_cost(shop, db) -> None:
    number = ok(sale(shop, "-b", "ACC-01", "--line", "RICE-5KG=2")).out.strip()  # cost 140
    ok(
        shop("pos", "stock", "receive", "-b", "ACC-01", "RICE-5KG=2@100", "--date", "2026-02-04")
    )  # 8 @ 70 + 2 @ 100 = 760 / 10
    ok(ret(shop, number, "--line", "RICE-5KG=1"))
    assert db.scalar("SELECT cost FROM pos_returns") == 7000
    level = json.loads(
        ok(shop("pos", "stock", "levels", "--sku", "RICE-5KG", "-b", "ACC-01", "-f", "json")).out
    )[0]
    assert (level["quantity"], level["value"]) == ("11.000", "830.00")


def test_default_refund_goes_back_to_the_sale_tender(shop, db) -> None:
    number = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2", "--pay", "momo=13.00")).out.strip()
    back = ok(ret(shop, number)).out.strip()
    assert entry_lines(db, back)["1020"] == D("-13.00")
    listed = json.loads(ok(shop("pos", "return", "list", "-f", "json")).out)
    assert [r["number"] for r in listed] == [back]
    assert ret(shop, number).code == 4  # nothing left to return
