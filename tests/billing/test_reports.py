"""Reports (ageing, client ledger) as table, CSV and Excel; billing agrees with the general
ledger; `audit check` finds tampering with statements and allocations."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from ledgerctl.billing.outputs import data_dictionary
from tests.billing.conftest import add_client, billed_month, cycle, issue, ok, pay, statements


def scenario(cli) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """ASANTE: Dec + Jan + Feb statements, partly paid; BOATENG (USD): one voided statement
    and a payment left as credit."""
    dec = billed_month(cli, "ASANTE", "1000.00", "2025-12")
    cycle(cli, "2026-01")
    jan = issue(cli, str(statements(cli, "--period", "2026-01")[0]["id"]))[0]
    assert (
        pay(cli, "ASANTE", "1200.00", "2026-01-20", "A1", f"{dec}=1000.00", f"{jan}=200.00").code
        == 0
    )
    cycle(cli, "2026-02")
    feb = issue(cli, str(statements(cli, "--period", "2026-02")[0]["id"]))[0]
    add_client(cli, "BOATENG", "--currency", "USD")
    ok(
        cli(
            "billing",
            "charge",
            "add",
            "--client",
            "BOATENG",
            "--amount",
            "300",
            "--date",
            "2026-01-10",
            "--description",
            "Contract review",
            user="bill",
        )
    )
    cycle(cli, "2026-01")
    usd = issue(cli, str(next(s["id"] for s in statements(cli, "--client", "BOATENG"))))[0]
    assert pay(cli, "BOATENG", "300.00", "2026-02-01", "B1", f"{usd}=300.00").code == 0
    ok(
        cli(
            "billing",
            "statement",
            "void",
            usd,
            "--reason",
            "billed twice",
            "--date",
            "2026-02-05",
            "--yes",
            user="rita",
        )
    )
    return {"dec": dec, "jan": jan, "feb": feb, "usd": usd}


def test_aging_report_csv_and_excel(billing, cli) -> None:
    scenario(cli)
    result = ok(cli("billing", "aging", "--as-of", "2026-03-15", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(result.out)))
    by_client = {(r["client"], r["currency"]): r for r in rows}
    asante = by_client[("ASANTE", "GHS")]
    # Feb (15 days): 1000 current; Jan (43 days): 800 open in the 30 bucket; Dec settled
    assert (
        asante["current"],
        asante["days_30"],
        asante["days_60"],
        asante["credit"],
        asante["balance"],
    ) == ("1000.00", "800.00", "0.00", "0.00", "1800.00")
    boateng = by_client[("BOATENG", "USD")]
    assert (boateng["current"], boateng["credit"], boateng["balance"]) == (
        "0.00",
        "300.00",
        "-300.00",
    )
    assert by_client[("TOTAL", "USD")]["balance"] == "-300.00"
    target = billing.home / "aging.xlsx"
    ok(
        cli(
            "billing", "aging", "--as-of", "2026-03-15", "--format", "xlsx", "--output", str(target)
        )
    )
    ws = load_workbook(target)["Ageing"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["client", "name", "currency", "current"]
    assert ws.freeze_panes == "A2"
    first = [c.value for c in ws[2]]
    assert first[0] == "ASANTE" and first[3] == 1000
    assert ws.cell(row=2, column=4).number_format == "#,##0.00"
    default = ok(cli("billing", "aging", "--as-of", "2026-03-15", "--format", "xlsx"))
    assert "output/billing/reports/aging-2026-03-15.xlsx" in default.err


def test_client_ledger_lists_every_movement_with_a_running_balance(billing, cli) -> None:
    numbers = scenario(cli)
    rows = json.loads(ok(cli("billing", "ledger", "--client", "BOATENG", "--format", "json")).out)
    assert [
        (r["date"], r["type"], r["reference"], r["debit"], r["credit"], r["balance"]) for r in rows
    ] == [
        ("2026-01-31", "statement", numbers["usd"], "300.00", "0.00", "300.00"),
        ("2026-02-01", "payment", "B1", "0.00", "300.00", "0.00"),
        ("2026-02-05", "void", numbers["usd"], "0.00", "300.00", "-300.00"),
    ]
    window = json.loads(
        ok(
            cli(
                "billing",
                "ledger",
                "--client",
                "ASANTE",
                "--from",
                "2026-02-01",
                "--to",
                "2026-02-28",
                "--format",
                "json",
            )
        ).out
    )
    assert [(r["type"], r["balance"]) for r in window] == [
        ("opening", "800.00"),
        ("statement", "1800.00"),
    ]
    target = billing.home / "ledger.xlsx"
    ok(cli("billing", "ledger", "--client", "ASANTE", "--format", "xlsx", "--output", str(target)))
    ws = load_workbook(target)["Ledger"]
    assert ws.cell(row=2, column=1).number_format == "yyyy-mm-dd"
    assert ws.cell(row=2, column=1).value.date() == date(2025, 12, 31)
    full = json.loads(ok(cli("billing", "ledger", "--client", "ASANTE", "--format", "json")).out)
    assert len(full) >= 4 and ws.max_row == 1 + len(full)  # header row + one row per movement
    bad = cli(
        "billing", "ledger", "--client", "ASANTE", "--from", "2026-03-01", "--to", "2026-02-01"
    )
    assert bad.code == 2 and "--to 2026-02-01 is before --from 2026-03-01" in bad.err
    unknown = cli("billing", "ledger", "--client", "NOPE")
    assert unknown.code == 3


def test_billing_balances_agree_with_the_receivable_account(billing, cli) -> None:
    scenario(cli)
    for as_of in ("2026-01-31", "2026-02-28", "2026-03-31"):
        aging = {
            r["currency"]: Decimal(r["balance"])
            for r in json.loads(
                ok(cli("billing", "aging", "--as-of", as_of, "--format", "json")).out
            )
            if r["client"] == "TOTAL"
        }
        ledger = {
            r["currency"]: Decimal(r["balance"])
            for r in json.loads(
                ok(cli("ledger", "balance", "1100", "--as-of", as_of, "--format", "json")).out
            )
        }
        assert aging["GHS"] == ledger["GHS"], as_of
        if as_of >= "2026-02-05":  # after the void the corrected view and the books agree
            assert aging["USD"] == ledger["USD"], as_of


def test_audit_check_finds_tampered_statements_and_allocations(billing, cli) -> None:
    numbers = scenario(cli)
    assert ok(cli("audit", "check")).code == 0
    billing.sql(
        "UPDATE billing_statements SET snapshot = REPLACE(snapshot, '1000.00', "
        f"'100.00') WHERE number = '{numbers['feb']}'"
    )
    billing.sql(f"UPDATE billing_statements SET paid = 0 WHERE number = '{numbers['jan']}'")
    result = cli("audit", "check", "--format", "json")
    assert result.code == 5
    problems = {r["check"]: r["detail"] for r in json.loads(result.out)}
    assert (
        f"statement {numbers['feb']}: snapshot changed after it was issued"
        in problems["billing statement hashes"]
    )
    assert (
        f"statement {numbers['jan']}: paid says 0.00, allocations add up to 200.00"
        in problems["billing allocations"]
    )


def test_the_docs_carry_the_data_dictionary() -> None:
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "billing.md"
    assert data_dictionary() in docs.read_text(encoding="utf-8"), (
        "docs/billing.md is out of date: paste ledgerctl.billing.outputs.data_dictionary()"
    )
