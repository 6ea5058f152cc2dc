"""Payments: record with allocations, credit on account, later allocation, verification, and
every refusal (over-allocation, drafts, voided statements, duplicates, own verification)."""

from __future__ import annotations

import json

import pytest

from tests.billing.conftest import add_client, billed_month, cycle, ok, pay, statements


def test_payment_is_posted_allocated_and_settles_the_statement(billing, cli, db) -> None:
    number = billed_month(cli, amount="1500.00")
    result = pay(cli, "ASANTE", "2000.00", "2026-03-05", "RCT-0042", f"{number}=1500.00")
    assert result.code == 0, result.err
    pid = result.out.strip()
    assert pid.isdigit()
    assert "500.00 stays as credit on account; a reviewer must verify it" in result.err
    row = statements(cli)[0]
    assert (row["status"], row["paid"], row["open"]) == ("settled", "1500.00", "0.00")
    postings = db.rows(
        "SELECT a.code, p.amount, p.entry_date FROM postings p JOIN accounts a "
        "ON a.id = p.account_id JOIN journal_entries j ON j.id = p.entry_id "
        "WHERE j.reference = 'RCT-0042' ORDER BY p.line_no"
    )
    assert [(c, a) for c, a, _ in postings] == [("1010", 200000), ("1100", -200000)]
    assert str(postings[0][2]) == "2026-03-05"
    shown = json.loads(ok(cli("billing", "payment", "show", pid, "--format", "json")).out)
    assert (shown["allocated"], shown["unallocated"]) == ("1500.00", "500.00")
    client = json.loads(ok(cli("billing", "client", "show", "ASANTE", "--format", "json")).out)
    assert (client["balance"], client["credit_on_account"]) == ("-500.00", "500.00")


def test_partial_payment_then_credit_allocated_later(billing, cli) -> None:
    number = billed_month(cli, amount="1000.00")
    pid = ok(pay(cli, "ASANTE", "600.00", "2026-03-01", "R1", f"{number}=400.00")).out.strip()
    assert statements(cli)[0]["open"] == "600.00"
    result = ok(
        cli(
            "billing",
            "payment",
            "allocate",
            pid,
            "--allocate",
            f"{number}=200.00",
            "--date",
            "2026-03-02",
            user="bill",
        )
    )
    assert "0.00 unallocated" in result.err
    assert pay(cli, "ASANTE", "400.00", "2026-03-03", "R2", f"{number}=400.00").code == 0
    assert statements(cli)[0]["status"] == "settled"


def test_unverified_payments_are_verified_by_another_reviewer(billing, cli, db) -> None:
    add_client(cli)
    first = ok(pay(cli, "ASANTE", "100.00", "2026-03-01", "R1")).out.strip()
    ok(cli("user", "add", "kojo", "--role", "reviewer", "--role", "biller"))
    second = ok(
        cli(
            "billing",
            "payment",
            "record",
            "--client",
            "ASANTE",
            "--amount",
            "50",
            "--date",
            "2026-03-02",
            "--method",
            "cash",
            "--invoice-no",
            "R2",
            user="kojo",
        )
    ).out.strip()
    pending = json.loads(
        ok(cli("billing", "payment", "list", "--unverified", "--format", "json")).out
    )
    assert [(p["invoice_no"], p["recorded_by"]) for p in pending] == [
        ("R1", "bill"),
        ("R2", "kojo"),
    ]
    before = db.snapshot()
    own = cli("billing", "payment", "verify", second, user="kojo")
    assert own.code == 7
    assert (
        f"payment {second} was recorded by you (kojo); another reviewer must verify it" in own.err
    )
    biller = cli("billing", "payment", "verify", first, user="bill")
    assert biller.code == 7 and "'billing.verify'" in biller.err
    assert db.snapshot() == before
    ok(cli("billing", "payment", "verify", first, user="rita"))
    ok(cli("billing", "payment", "verify", second, user="rita"))
    assert (
        json.loads(ok(cli("billing", "payment", "list", "--unverified", "--format", "json")).out)
        == []
    )
    twice = cli("billing", "payment", "verify", first, user="kojo")
    assert twice.code == 4 and "already verified by rita" in twice.err


def test_an_allocation_never_exceeds_a_statement_or_a_payment(billing, cli, db) -> None:
    number = billed_month(cli, amount="1000.00")
    before = db.snapshot()
    over_statement = pay(cli, "ASANTE", "5000.00", "2026-03-01", "R1", f"{number}=1000.01")
    assert over_statement.code == 4
    assert (
        f"--allocate {number}=1000.01: only 1000.00 of the statement is open" in over_statement.err
    )
    over_payment = pay(cli, "ASANTE", "100.00", "2026-03-01", "R1", f"{number}=100.01")
    assert over_payment.code == 2
    assert "add up to 100.01, more than the 100.00 available" in over_payment.err
    assert db.snapshot() == before
    pid = ok(pay(cli, "ASANTE", "300.00", "2026-03-01", "R1", f"{number}=300.00")).out.strip()
    later = cli("billing", "payment", "allocate", pid, "--allocate", f"{number}=0.01", user="bill")
    assert later.code == 2 and "more than the 0.00 available" in later.err


@pytest.mark.parametrize(
    "target,code,message",
    [
        ("draft", 4, "statement is draft; payments can only be allocated to issued statements"),
        ("void", 4, "statement is void; payments can only be allocated to issued statements"),
        ("other", 2, "that statement belongs to another client"),
        ("missing", 3, "statement 'SOA-1999-00001' not found"),
    ],
)
def test_allocation_targets_must_be_this_clients_issued_statements(
    billing, cli, db, target, code, message
) -> None:
    issued = billed_month(cli, "ASANTE", "1000.00", "2026-01")
    other = billed_month(cli, "BOATENG", "1000.00", "2026-01")
    cycle(cli, "2026-02")
    draft = next(s["id"] for s in statements(cli) if s["status"] == "draft")
    if target == "void":
        ok(cli("billing", "statement", "void", issued, "--reason", "x", "--yes", user="rita"))
    ref = {"draft": str(draft), "void": issued, "other": other, "missing": "SOA-1999-00001"}[target]
    before = db.snapshot()
    result = pay(cli, "ASANTE", "100.00", "2026-03-01", "R1", f"{ref}=100.00")
    assert result.code == code, result.err
    assert message in result.err
    assert db.snapshot() == before


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--client", "NOPE"], 3, "client 'NOPE' not found"),
        (["--amount", "-10"], 2, "a payment must be more than zero"),
        (["--amount", "12.345"], 2, "more than 2 decimal places"),
        (["--method", "bitcoin"], 2, "--method 'bitcoin' is not a payment method; use one of bank"),
        (["--date", "05/03/2026"], 2, "--date: '05/03/2026' is not a date"),
        (["--invoice-no", ""], 2, "--invoice-no must not be empty"),
        (["--allocate", "SOA-1=ten"], 2, "--allocate SOA-1: 'ten' is not an amount"),
    ],
)
def test_bad_payment_input(billing, cli, db, args, code, message) -> None:
    add_client(cli)
    defaults = {
        "--client": "ASANTE",
        "--amount": "100",
        "--date": "2026-03-05",
        "--method": "bank",
        "--invoice-no": "R1",
    }
    given = dict(zip(args[::2], args[1::2], strict=True))
    merged = [x for k, v in {**defaults, **given}.items() for x in (k, v)]
    before = db.snapshot()
    result = cli("billing", "payment", "record", *merged, user="bill")
    assert result.code == code, result.err
    assert message in result.err
    assert db.snapshot() == before


def test_a_receipt_number_is_recorded_once_per_client(billing, cli, db) -> None:
    add_client(cli, "ASANTE")
    add_client(cli, "BOATENG")
    assert pay(cli, "ASANTE", "100.00", "2026-03-01", "RCT-7").code == 0
    before = db.snapshot()
    again = pay(cli, "ASANTE", "100.00", "2026-03-02", "RCT-7")
    assert again.code == 4
    assert "--invoice-no 'RCT-7' is already used by payment 1 of client 'ASANTE'" in again.err
    assert db.snapshot() == before
    assert pay(cli, "BOATENG", "100.00", "2026-03-02", "RCT-7").code == 0  # another client


def test_a_payment_needs_an_open_billing_period(billing, cli, db) -> None:
    number = billed_month(cli, period="2026-01")
    ok(cli("billing", "period", "close", "2026-03", "--yes"))
    before = db.snapshot()
    result = pay(cli, "ASANTE", "100.00", "2026-03-05", "R1", f"{number}=100.00")
    assert result.code == 4
    assert "billing period 2026-03 is closed: a payment cannot be dated in it" in result.err
    assert db.snapshot() == before
    pid = ok(pay(cli, "ASANTE", "100.00", "2026-04-01", "R1")).out.strip()
    late = cli(
        "billing",
        "payment",
        "allocate",
        pid,
        "--allocate",
        f"{number}=50",
        "--date",
        "2026-04-01",
        user="bill",
    )
    assert late.code == 0, late.err
    before_allocation = cli(
        "billing",
        "payment",
        "allocate",
        pid,
        "--allocate",
        f"{number}=10",
        "--date",
        "2026-03-31",
        user="bill",
    )
    assert before_allocation.code == 2 and "before the payment date" in before_allocation.err
