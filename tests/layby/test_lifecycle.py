"""Complete, cancel, hold and reactivate end to end, with the accounting and stock effects;
acting on a closed lay-by is refused and changes nothing; permissions by seed level."""

from __future__ import annotations

import json

from tests.layby.conftest import new_layby, refused, setup_layby_shop
from tests.pos.conftest import ok


def pay(cli, number: str, amount: str, method: str = "cash", day: str = "2026-03-01"):  # type: ignore[no-untyped-def]
    return ok(cli("layby", "pay", number, amount, "--method", method, "--date", day))


def test_complete_records_the_sale_and_releases_the_items(shop, db) -> None:
    number = new_layby(shop)
    refused(
        shop,
        db,
        ("layby", "complete", number, "--date", "2026-03-05"),
        4,
        "still has a balance of 544.00",
    )
    pay(shop, number, "544.00", "momo")
    sale = ok(shop("layby", "complete", number, "--date", "2026-03-05")).out.strip()
    assert sale == "ACC-01-INV-2026-000001"
    plan = db.plan(number)
    assert (
        plan["status"],
        plan["balance"],
        plan["sale_number"],
        plan["items_released"],
        plan["items_released_by"],
    ) == ("COMPLETED", 0, sale, True, "admin")
    assert plan["items_released_at"] is not None
    assert db.rows("SELECT gross, source FROM pos_sales") == [(68000, "layby")]
    assert db.rows("SELECT tender, amount FROM pos_sale_payments") == [("deposit", 68000)]
    assert db.rows("SELECT status FROM pos_stock_reservations") == [("sold",), ("sold",)]
    assert db.rows(
        "SELECT product_id, quantity, reserved FROM pos_stock_levels ORDER BY product_id"
    )[:2] == [(1, 8000, 0), (2, 4000, 0)]
    # deposits released into sales + taxes; goods out of inventory at cost
    assert db.account("2100") == 0
    assert (
        db.account("4000") + db.account("2200") + db.account("2210") + db.account("2220") == -68000
    )
    assert db.account("5000") == 28000
    assert db.rows("SELECT DISTINCT status FROM layby_instalments") == [("closed",)]
    ok(shop("layby", "check"))


def test_complete_settles_fees_out_of_the_deposits(cli, db) -> None:
    setup_layby_shop(cli, "hardware")
    number = new_layby(cli, "--item", "DRESS:1", "--deposit", "50%")
    plan = db.plan(number)
    rest = plan["balance"]
    pay(cli, number, f"{rest // 100}.{rest % 100:02d}")
    ok(cli("layby", "complete", number, "--date", "2026-03-05"))
    # 250.00 + service 2.50 + admin 5.00: fees earned, receivable settled, nothing left owed
    assert db.account("4200") == -750 and db.account("1150") == 0 and db.account("2100") == 0
    ok(cli("layby", "check"))


def test_cancel_by_customer_keeps_the_fee_and_refunds_each_tender(shop, db) -> None:
    number = new_layby(shop)  # deposit 136.00 cash
    pay(shop, number, "200.00", "momo")  # paid 336.00
    result = ok(
        shop("layby", "cancel", number, "--reason", "changed mind", "--yes", "--date", "2026-03-02")
    )
    assert "fee 33.60 (10% of the amount paid)" in result.err
    assert "refunded 302.40" in result.err
    plan = db.plan(number)
    assert (
        plan["status"],
        plan["cancellation_fee"],
        plan["refunded"],
        plan["total_paid"],
        plan["balance"],
        plan["cancelled_by_party"],
    ) == ("CANCELLED", 3360, 30240, 3360, 0, "customer")
    # 302.40 split over cash 136.00 / momo 200.00 by largest remainder
    assert db.rows(
        "SELECT method, amount FROM layby_payments WHERE kind = 'cancellation' ORDER BY method"
    ) == [("cash", 12240), ("momo", 18000)]
    assert db.account("1000") == 13600 - 12240 and db.account("1020") == 20000 - 18000
    assert db.account("4210") == -3360 and db.account("2100") == 0
    assert db.rows("SELECT status FROM pos_stock_reservations") == [("released",), ("released",)]
    assert db.rows("SELECT reserved FROM pos_stock_levels ORDER BY product_id")[:2] == [(0,), (0,)]
    ok(shop("layby", "check"))


def test_cancel_by_business_has_no_fee(shop, db) -> None:
    number = new_layby(shop)
    result = ok(
        shop("layby", "cancel", number, "--reason", "out of stock", "--by", "business", "--yes")
    )
    assert "fee 0.00 (no fee: the business cancelled)" in result.err
    assert db.plan(number)["refunded"] == 13600 and db.account("2100") == 0


def test_jurisdiction_caps_and_grace(cli, db, workspace) -> None:
    setup_layby_shop(cli, "clothing")
    ok(cli("layby", "config", "--jurisdiction", "ZA"))
    number = new_layby(cli, "--deposit", "50%")  # paid 340.00; 10% = 34.00, cap 1% = 6.80
    result = ok(cli("layby", "cancel", number, "--reason", "x", "--yes"))
    assert "fee 6.80 (capped at 1% of the price)" in result.err
    second = new_layby(cli, "--deposit", "50%")
    result = ok(
        cli(
            "layby", "cancel", second, "--reason", "x", "--yes", "--circumstance", "hospitalisation"
        )
    )
    assert "fee 0.00 (no fee: hospitalisation)" in result.err
    ok(cli("layby", "config", "--jurisdiction", "AU"))
    third = new_layby(cli, "--deposit", "80%")  # paid 544.00: 10% = 54.40, AU cap 50.00
    result = ok(cli("layby", "cancel", third, "--reason", "x", "--yes"))
    assert "fee 50.00 (capped at 50.00)" in result.err
    undisclosed = ok(
        cli("layby", "create", "-c", "C001", "-i", "DRESS:1", "--fee-not-disclosed")
    ).out.strip()
    result = ok(cli("layby", "cancel", undisclosed, "--reason", "x", "--yes"))
    assert "no fee: the fee was not disclosed" in result.err
    ok(cli("layby", "check"))


def test_hardware_full_refund_within_48_hours(cli, db, workspace) -> None:
    setup_layby_shop(cli, "hardware")
    recent = new_layby(cli, "--item", "DRESS:1")
    older = new_layby(cli, "--item", "DRESS:1")
    workspace.sql(
        f"UPDATE layby_plans SET created_at = '2020-01-01 00:00:00.000000' WHERE number = '{older}'"
    )
    assert (
        "no fee: cancelled within the grace period"
        in ok(cli("layby", "cancel", recent, "--reason", "x", "--yes")).err
    )
    assert (
        "fee 6.25 (5% of the amount paid)"
        in ok(cli("layby", "cancel", older, "--reason", "x", "--yes")).err
    )


def test_hold_and_reactivate(shop, db) -> None:
    number = new_layby(shop)
    ok(shop("layby", "hold", number, "--reason", "customer travelling"))
    assert db.plan(number)["status"] == "ON_HOLD"
    again = shop("layby", "hold", number, "--reason", "x")
    assert again.code == 4 and "already on hold" in again.err
    ok(shop("layby", "reactivate", number))
    assert db.plan(number)["status"] == "ACTIVE"
    again = shop("layby", "reactivate", number)
    assert again.code == 4 and "not on hold" in again.err


def test_acting_on_a_cancelled_layby_changes_nothing(shop, db) -> None:
    number = new_layby(shop)
    paid = pay(shop, number, "10.00").out.strip()
    ok(shop("layby", "cancel", number, "--reason", "x", "--yes"))
    for args in (
        ("layby", "pay", number, "10", "--method", "cash"),
        ("layby", "complete", number),
        ("layby", "hold", number, "--reason", "x"),
        ("layby", "reactivate", number),
        ("layby", "cancel", number, "--reason", "x", "--yes"),
        ("layby", "refund", paid, "--reason", "x"),
    ):
        refused(shop, db, args, 4, f"lay-by {number} is cancelled")


def test_cancel_needs_confirmation_without_a_terminal(shop, db) -> None:
    number = new_layby(shop)
    refused(shop, db, ("layby", "cancel", number, "--reason", "x"), 2, "pass --yes")


def test_show_and_list_with_filters(shop, db) -> None:
    first = new_layby(shop)
    second = new_layby(shop, "--item", "DRESS:1", customer="C002")
    ok(shop("layby", "hold", second, "--reason", "x"))
    rows = json.loads(ok(shop("layby", "list", "-f", "json")).out)
    assert [r["number"] for r in rows] == [first, second]
    rows = json.loads(ok(shop("layby", "list", "--status", "on_hold", "-f", "json")).out)
    assert [r["number"] for r in rows] == [second]
    rows = json.loads(ok(shop("layby", "list", "--customer", "C001", "-f", "json")).out)
    assert [r["number"] for r in rows] == [first]
    rows = json.loads(
        ok(shop("layby", "list", "--overdue", "--as-of", "2026-03-11", "-f", "json")).out
    )
    assert [r["number"] for r in rows] == [first]
    rows = json.loads(ok(shop("layby", "list", "--due", "2026-03-09", "-f", "json")).out)
    assert rows == []
    bad = shop("layby", "list", "--status", "LOST")
    assert bad.code == 2 and "--status 'LOST' must be one of" in bad.err
    shown = ok(shop("layby", "show", first))
    assert "LBR-2026-000001" in shown.out and "2026-05-10" in shown.out
    assert shop("layby", "show", "LAY-2026-09999").code == 3


def test_permissions_follow_the_seed_levels(shop, db) -> None:
    ok(shop("user", "add", "vera", "--role", "viewer"))
    ok(shop("user", "add", "cash", "--role", "user"))
    ok(shop("user", "add", "lm", "--role", "layby-manager"))
    ok(shop("user", "add", "stranger", "--role", "analyst"))
    number = new_layby(shop)
    assert ok(shop("layby", "list", user="vera"))
    denied = shop("layby", "create", "-c", "C001", "-i", "DRESS:1", user="vera")
    assert denied.code == 7 and "lacks permission 'layby.create'" in denied.err
    made = ok(shop("layby", "create", "-c", "C001", "-i", "DRESS:1", user="cash")).out.strip()
    ok(shop("layby", "pay", made, "10", "--method", "cash", user="cash"))
    denied = shop("layby", "cancel", made, "--reason", "x", "--yes", user="cash")
    assert denied.code == 7 and "layby.manage" in denied.err
    ok(shop("layby", "hold", number, "--reason", "x", user="lm"))
    denied = shop("layby", "config", "--jurisdiction", "AU", user="lm")
    assert denied.code == 7 and "layby.admin" in denied.err
    denied = shop("layby", "list", user="stranger")
    assert denied.code == 7 and "layby.read" in denied.err
    created_by = db.rows("SELECT number, created_by FROM layby_plans ORDER BY id")
    assert created_by == [(number, "admin"), (made, "cash")]
    assert db.rows("SELECT processed_by FROM layby_payments WHERE kind = 'instalment'") == [
        ("cash",)
    ]


def test_reservation_policy_none_holds_nothing_and_sells_from_stock(shop, db, workspace) -> None:
    from ledgerctl.rules.loader import shipped_rules_dir

    folder = workspace.home / "rules" / "layby"
    folder.mkdir(parents=True, exist_ok=True)
    text = (shipped_rules_dir() / "layby" / "clothing.yaml").read_text()
    (folder / "clothing.yaml").write_text(text.replace("reservation: reserve", "reservation: none"))
    number = new_layby(shop, "--item", "SHOE:1", "--deposit", "80%")
    assert db.scalar("SELECT COUNT(*) FROM pos_stock_reservations") == 0
    assert db.scalar("SELECT reserved FROM pos_stock_levels WHERE product_id = 2") == 0
    ok(shop("layby", "pay", number, "36.00", "--method", "cash"))
    ok(shop("layby", "complete", number))
    assert db.scalar("SELECT quantity FROM pos_stock_levels WHERE product_id = 2") == 4000
    ok(shop("layby", "check"))
