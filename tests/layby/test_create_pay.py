"""`layby create`, `pay` and `refund` end to end: rules, numbers, schedule, reservations,
ledger; every bad input refused with a clear message, its exit code and nothing written."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.layby.conftest import create, new_layby, refused
from tests.pos.conftest import ok

D = Decimal


def test_create_takes_number_deposit_schedule_and_reserves(shop, db) -> None:
    result = ok(create(shop, "--item", "DRESS:2", "--item", "SHOE:1", "--method", "momo"))
    number = result.out.strip()
    assert number == "LAY-2026-00001"
    assert (
        "total 680.00 + fees 0.00; deposit 136.00 paid; balance 544.00 in 3 monthly" in result.err
    )
    plan = db.plan(number)
    assert (
        plan["total_amount"],
        plan["deposit_amount"],
        plan["total_paid"],
        plan["balance"],
        plan["status"],
    ) == (68000, 13600, 13600, 54400, "ACTIVE")
    rows = db.rows("SELECT seq, due_date, amount, paid, status FROM layby_instalments ORDER BY seq")
    assert [(s, str(d), a, p, st) for s, d, a, p, st in rows] == [
        (0, "2026-02-10", 13600, 13600, "paid"),
        (1, "2026-03-10", 18134, 0, "open"),
        (2, "2026-04-10", 18133, 0, "open"),
        (3, "2026-05-10", 18133, 0, "open"),
    ]
    assert db.rows("SELECT product_id, reserved FROM pos_stock_levels ORDER BY product_id") == [
        (1, 2000),
        (2, 1000),
        (3, 0),
    ]
    assert db.rows("SELECT reference, status FROM pos_stock_reservations") == [
        (number, "active"),
        (number, "active"),
    ]
    assert db.rows("SELECT receipt_number, kind, amount, method FROM layby_payments") == [
        ("LBR-2026-000001", "deposit", 13600, "momo")
    ]
    assert db.account("1020") == 13600 and db.account("2100") == -13600
    rules = db.rows("SELECT business_type, version, jurisdiction FROM layby_rule_versions")
    assert rules == [("clothing", 1, "GH")]
    assert new_layby(shop) == "LAY-2026-00002"


def test_hardware_fees_and_fortnightly_schedule(cli, db) -> None:
    from tests.layby.conftest import setup_layby_shop

    setup_layby_shop(cli, "hardware")
    refused = create(cli, "--item", "SCARF:3")
    assert (
        refused.code == 2 and "99.99 is outside the hardware limits 100.00-10,000.00" in refused.err
    )
    number = new_layby(cli, "--item", "SCARF:7", "--deposit", "35%", "--frequency", "fortnightly")
    plan = db.plan(number)
    # 7 x 33.33 = 233.31; service 1% = 2.3331 -> 2.33; admin 5.00; deposit 35% = 81.6585 -> 81.66
    assert (
        plan["total_amount"],
        plan["service_fee"],
        plan["administration_fee"],
        plan["total_fees"],
        plan["deposit_amount"],
    ) == (23331, 233, 500, 733, 8166)
    # (233.31 + 7.33 - 81.66) = 158.98 over 4 fortnights (60 days max) -> 39.75, 39.75, 39.74 x2
    assert [
        r[0] for r in db.rows("SELECT amount FROM layby_instalments WHERE seq > 0 ORDER BY seq")
    ] == [3975, 3975, 3974, 3974]
    assert db.account("1150") == 733 and db.account("4200") == -733
    assert plan["balance"] == 23331 + 733 - 8166
    ok(cli("layby", "check"))


def bad(cli, db, *args: str, code: int, text: str, customer: str = "C001") -> None:  # type: ignore[no-untyped-def]
    refused(
        cli,
        db,
        ("layby", "create", "--customer", customer, "--date", "2026-02-10", *args),
        code,
        text,
    )


def test_bad_create_input_changes_nothing(shop, db) -> None:
    new_layby(shop)
    bad(
        shop,
        db,
        "--item",
        "DRESS:1",
        "--deposit",
        "10%",
        code=2,
        text="--deposit 10% is outside the rule's range 20%-80% of the total 250.00 "
        "(50.00 to 200.00)",
    )
    bad(
        shop,
        db,
        "--item",
        "DRESS:1",
        "--deposit",
        "201.00",
        code=2,
        text="--deposit 201.00 is outside the rule's range",
    )
    bad(
        shop,
        db,
        "--item",
        "DRESS:1",
        "--frequency",
        "daily",
        code=2,
        text="--frequency 'daily' is not allowed for clothing lay-bys; allowed: weekly, "
        "fortnightly, monthly",
    )
    bad(
        shop,
        db,
        "--item",
        "DRESS:1",
        "--instalments",
        "4",
        code=2,
        text="over the maximum duration of 90 days for clothing lay-bys; use at most 3",
    )
    bad(
        shop,
        db,
        "--item",
        "DRESS:1",
        customer="C003",
        code=4,
        text="customer C003 is not enabled for lay-by (allowLayby is off)",
    )
    bad(
        shop,
        db,
        "--item",
        "SCARF:1",
        code=2,
        text="the lay-by total 33.33 is outside the clothing limits 50.00-5,000.00",
    )
    bad(
        shop,
        db,
        "--item",
        "SCARF:21",
        code=2,
        text="21 item(s) is outside the clothing limits of 1-20 items per lay-by",
    )
    bad(shop, db, "--item", "DRESS:0", code=2, text="--item 'DRESS:0': write SKU:QTY")
    bad(shop, db, "--item", "NOPE:1", code=3, text="unknown SKU 'NOPE'")
    bad(
        shop,
        db,
        "--item",
        "DRESS:1",
        "--method",
        "account",
        code=2,
        text="--method 'account' must be one of cash, card, momo",
    )
    bad(shop, db, "--item", "DRESS:1", customer="C999", code=3, text="customer 'C999' not found")
    bad(shop, db, "--item", "SHOE:5", code=4, text="only 4.000 of SHOE available at ACC-01")


def test_rules_of_creation_time_stay_with_the_layby(shop, workspace, db) -> None:
    first = new_layby(shop)
    shipped = workspace.home / "rules" / "layby"
    shipped.mkdir(parents=True, exist_ok=True)
    from ledgerctl.rules.loader import shipped_rules_dir

    text = (shipped_rules_dir() / "layby" / "clothing.yaml").read_text()
    (shipped / "clothing.yaml").write_text(
        text.replace("version: 1", "version: 2").replace('late_fee: "5.00"', 'late_fee: "7.50"')
    )
    second = new_layby(shop, "--item", "DRESS:1")
    assert (db.plan(first)["late_fee"], db.plan(second)["late_fee"]) == (500, 750)
    versions = db.rows("SELECT version FROM layby_rule_versions ORDER BY id")
    assert versions == [(1,), (2,)]
    shown = json.loads(ok(shop("layby", "show", first, "-f", "json")).out)
    assert shown["rules"].startswith("clothing v1 GH")
    rules = ok(shop("layby", "rules", "show", "-f", "json")).out
    assert '"7.50"' in rules and "clothing" in rules


def test_bad_rule_file_names_file_line_and_field(shop, workspace, db) -> None:
    folder = workspace.home / "rules" / "layby"
    folder.mkdir(parents=True, exist_ok=True)
    from ledgerctl.rules.loader import shipped_rules_dir

    text = (shipped_rules_dir() / "layby" / "clothing.yaml").read_text()
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "late_fee:" in ln)
    (folder / "clothing.yaml").write_text(text.replace('late_fee: "5.00"', "late_fee: 5.0"))
    before = db.snapshot()
    result = shop("layby", "rules", "show")
    assert result.code == 2
    assert f"clothing.yaml:{line}: fees.late_fee:" in result.err
    result = shop("layby", "create", "-c", "C001", "-i", "DRESS:1")
    assert result.code == 2 and "fees.late_fee" in result.err
    assert db.snapshot() == before
    assert "quoted decimal string" in result.err


def test_pay_and_refund(shop, db) -> None:
    number = new_layby(shop)
    receipt = ok(
        shop("layby", "pay", number, "200", "--method", "momo", "--date", "2026-03-01")
    ).out.strip()
    assert receipt == "LBR-2026-000002"
    plan = db.plan(number)
    assert (plan["total_paid"], plan["balance"], plan["next_due"].__str__()) == (
        33600,
        34400,
        "2026-04-10",
    )
    assert db.rows("SELECT seq, paid, status FROM layby_instalments ORDER BY seq") == [
        (0, 13600, "paid"),
        (1, 18134, "paid"),
        (2, 1866, "open"),
        (3, 0, "open"),
    ]
    refund = ok(
        shop(
            "layby", "refund", receipt, "--reason", "paid on the wrong plan", "--date", "2026-03-02"
        )
    ).out.strip()
    assert refund == "LBR-2026-000003"
    assert db.plan(number)["total_paid"] == 13600 and db.plan(number)["balance"] == 54400
    assert db.account("1020") == 0 and db.account("1000") == 13600
    assert db.account("2100") == -13600
    ok(shop("layby", "check"))


def test_bad_payments_and_refunds_change_nothing(shop, db) -> None:
    number = new_layby(shop)
    paid = ok(shop("layby", "pay", number, "100", "--method", "cash")).out.strip()
    refunded = ok(shop("layby", "refund", paid, "--reason", "mistake")).out.strip()
    cases = [
        (
            ("layby", "pay", number, "544.01", "--method", "cash"),
            4,
            "payment 544.01 is more than the balance of lay-by LAY-2026-00001 (544.00)",
        ),
        (("layby", "pay", number, "0", "--method", "cash"), 2, "must be a positive amount"),
        (("layby", "pay", number, "1.005", "--method", "cash"), 2, "more than 2 decimal"),
        (("layby", "pay", number, "10", "--method", "cheque"), 2, "--method 'cheque'"),
        (("layby", "pay", "LAY-2026-09999", "10", "--method", "cash"), 3, "not found"),
        (
            ("layby", "refund", refunded, "--reason", "again"),
            4,
            "is itself a refund; a refund cannot be refunded",
        ),
        (("layby", "refund", paid, "--reason", "again"), 4, f"already refunded by {refunded}"),
        (
            ("layby", "refund", "LBR-2026-000001", "--reason", "x"),
            4,
            "is the deposit of lay-by LAY-2026-00001; the deposit comes back only by cancelling",
        ),
        (("layby", "refund", "LBR-2099-000001", "--reason", "x"), 3, "not found"),
    ]
    for args, code, text in cases:
        refused(shop, db, args, code, text)


@pytest.mark.parametrize("amount", ["544.00"])
def test_paying_in_full_with_auto_complete(shop, workspace, db, amount: str) -> None:
    folder = workspace.home / "rules" / "layby"
    folder.mkdir(parents=True, exist_ok=True)
    from ledgerctl.rules.loader import shipped_rules_dir

    text = (shipped_rules_dir() / "layby" / "clothing.yaml").read_text()
    (folder / "clothing.yaml").write_text(
        text.replace("auto_complete: false", "auto_complete: true")
    )
    number = new_layby(shop)
    result = ok(shop("layby", "pay", number, amount, "--method", "cash", "--date", "2026-03-01"))
    assert "completed (rules: auto_complete)" in result.err
    assert db.plan(number)["status"] == "COMPLETED"
