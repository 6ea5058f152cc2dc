"""`layby archive` (tables + Parquet, still shown) and `layby report` (tables, Excel)."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow.parquet as pq
from openpyxl import load_workbook

from tests.layby.conftest import new_layby
from tests.pos.conftest import ok

D = Decimal


def completed(cli, day: str) -> str:  # type: ignore[no-untyped-def]
    number = new_layby(cli, "--item", "DRESS:1", "--deposit", "200.00", day="2026-02-10")
    ok(cli("layby", "pay", number, "50.00", "--method", "momo", "--date", day))
    ok(cli("layby", "complete", number, "--date", day))
    return number


def test_archive_moves_completed_laybys_and_keeps_them_readable(shop, db, workspace) -> None:
    old, recent = completed(shop, "2026-03-01"), completed(shop, "2026-05-01")
    active = new_layby(shop)
    preview = ok(shop("layby", "archive", "--completed-before", "2026-04-01", "--dry-run"))
    assert f"would archive 1 lay-by(s): {old}" in preview.err
    assert db.scalar("SELECT COUNT(*) FROM layby_archive") == 0
    refused = shop("layby", "archive", "--completed-before", "2026-04-01")
    assert refused.code == 2 and "--yes" in refused.err
    result = ok(shop("layby", "archive", "--completed-before", "2026-04-01", "--yes"))
    assert f"archived 1 lay-by(s): {old}" in result.err
    assert [r[0] for r in db.rows("SELECT number FROM layby_plans ORDER BY id")] == [recent, active]
    assert (
        db.scalar(
            "SELECT COUNT(*) FROM layby_payments p JOIN layby_plans l ON "
            "l.id = p.layby_id WHERE l.number = :n",
            n=old,
        )
        == 0
    )
    assert db.rows("SELECT receipt_number, amount FROM layby_archive_payments ORDER BY id") == [
        ("LBR-2026-000001", 20000),
        ("LBR-2026-000002", 5000),
    ]
    shown = json.loads(ok(shop("layby", "show", old, "-f", "json")).out)
    assert shown["status"] == "COMPLETED" and shown["archived_by"] == "admin"
    assert [p["receipt"] for p in shown["payments"]] == ["LBR-2026-000001", "LBR-2026-000002"]
    files = sorted((workspace.home / "output" / "layby" / "archive").glob("*.parquet"))
    assert [f.name.split("-")[0] for f in files] == ["laybys", "payments"]
    plans = pq.read_table(files[0])
    assert plans.schema.field("total_amount").type.scale == 2
    assert plans.to_pylist()[0]["number"] == old
    assert plans.to_pylist()[0]["total_paid"] == D("250.00")
    pays = pq.read_table(files[1]).to_pylist()
    assert [(p["receipt"], p["amount"]) for p in pays] == [
        ("LBR-2026-000001", D("200.00")),
        ("LBR-2026-000002", D("50.00")),
    ]
    ok(shop("layby", "check"))
    again = ok(shop("layby", "archive", "--completed-before", "2026-04-01", "--yes"))
    assert "archived 0 lay-by(s)" in again.err


def test_report_sections_and_excel(shop, db, workspace) -> None:
    completed(shop, "2026-03-01")
    late = new_layby(shop)  # 680.00, 136.00 deposit cash
    ok(shop("layby", "pay", late, "100", "--method", "momo", "--date", "2026-03-02"))
    ok(shop("layby", "automation", "run", "--as-of", "2026-04-10"))  # 03-10 missed
    report = json.loads(
        ok(
            shop("layby", "report", "--as-of", "2026-04-10", "--period", "2026-03", "-f", "json")
        ).out
    )
    assert report["active"][-1] == {
        "status": "TOTAL",
        "laybys": 1,
        "value": "680.00",
        "paid": "236.00",
        "outstanding": "449.00",
    }
    assert report["collected"] == [
        {"method": "momo", "received": "150.00", "refunded": "0.00", "net": "150.00"},
        {"method": "TOTAL", "received": "150.00", "refunded": "0.00", "net": "150.00"},
    ]
    # 03-10 instalment 181.34 + 5.00 fee - 100 paid = 86.34, 31 days late; 04-10 due today
    ageing = {r["days_overdue"]: r["amount"] for r in report["overdue_ageing"]}
    assert ageing == {
        "1-30": "0.00",
        "31-60": "86.34",
        "61-90": "0.00",
        "over 90": "0.00",
        "TOTAL": "86.34",
    }
    assert report["default_rate"] == [
        {
            "business_type": "clothing",
            "made": 2,
            "open": 1,
            "completed": 1,
            "cancelled": 0,
            "defaulted": 0,
            "default_rate_pct": "0.0",
        }
    ]
    target = workspace.home / "output" / "layby-report.xlsx"
    ok(shop("layby", "report", "--as-of", "2026-04-10", "-o", str(target)))
    wb = load_workbook(target)
    assert wb.sheetnames == [
        "Open lay-bys",
        "Collected 2026-04",
        "Overdue ageing as of 2026-04-10",
        "Default rate by business type",
    ]
    sheet = wb["Overdue ageing as of 2026-04-10"]
    assert [c.value for c in sheet[1]] == ["days_overdue", "laybys", "amount"]
    assert sheet["C6"].value == 86.34 and sheet["C6"].number_format == "#,##0.00"
