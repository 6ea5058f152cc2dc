"""Statements: review and edit drafts, issue (number, snapshot, posting, PDF), void, reissue."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ledgerctl.billing.snapshot import content_hash
from tests.billing.conftest import (
    add_client,
    billed_month,
    cycle,
    issue,
    ok,
    pay,
    pdf_text,
    set_retainer,
    statements,
)

YEAR = date.today().year


def draft_of(cli, code: str = "ASANTE", period: str = "2026-02") -> str:  # type: ignore[no-untyped-def]
    return str(
        next(
            s["id"]
            for s in statements(cli, "--period", period, "--client", code)
            if s["status"] == "draft"
        )
    )


def letterhead(home: Path) -> None:
    """Firm settings and a logo in the workspace's ledgerctl.toml."""
    from PIL import Image

    Image.new("RGB", (120, 40), (31, 58, 95)).save(home / "logo.png")
    (home / "ledgerctl.toml").write_text(
        '[ledgerctl]\ndefault_tenant = "default"\nbusiness_name = "Mensah & Associates"\n'
        'business_address = "12 Independence Ave\\nAccra"\nbusiness_phone = "+233 30 123 4567"\n'
        'business_tax_id = "C0012345678"\nbusiness_logo = "logo.png"\n',
        encoding="utf-8",
    )


def test_issue_freezes_numbers_posts_and_writes_the_pdf(billing, cli, db) -> None:
    letterhead(billing.home)
    add_client(cli, "ASANTE", "--address", "PO Box 123\\nKumasi", "--contact", "Kwame Asante")
    set_retainer(cli, "ASANTE", "1500", "2026-01", "--description", "Bookkeeping retainer")
    ok(
        cli(
            "billing",
            "charge",
            "add",
            "--client",
            "ASANTE",
            "--amount",
            "45.50",
            "--date",
            "2026-02-12",
            "--description",
            "Courier to GRA",
            "--kind",
            "disbursement",
            user="bill",
        )
    )
    cycle(cli, "2026-02")
    number = issue(cli, draft_of(cli))[0]
    assert number == f"SOA-{YEAR}-00001"
    row = statements(cli)[0]
    assert (row["number"], row["status"], row["total"], row["open"]) == (
        number,
        "issued",
        "1545.50",
        "1545.50",
    )
    entry = db.rows("SELECT number, entry_date, reference, source FROM journal_entries")
    assert [(e[2], e[3]) for e in entry] == [(number, "billing")]
    assert str(entry[0][1]) == "2026-02-28"
    postings = db.rows(
        "SELECT a.code, p.amount FROM postings p JOIN accounts a ON "
        "a.id = p.account_id ORDER BY p.line_no"
    )
    assert postings == [("1100", 154550), ("4200", -150000), ("4210", -4550)]
    stored, digest = db.rows("SELECT snapshot, content_hash FROM billing_statements")[0]
    assert content_hash(json.loads(stored)) == digest
    pdf = billing.home / "output" / "billing" / "statements" / f"{number}.pdf"
    text = pdf_text(pdf)
    for expected in (
        "STATEMENT OF ACCOUNT",
        number,
        "Asante Ltd",
        "Attn. Kwame Asante",
        "PO Box 123",
        "Kumasi",
        "Mensah & Associates",
        "12 Independence Ave Accra",
        "Tel +233 30 123 4567",
        "Tax ID C0012345678",
        "28 Feb 2026",
        "February 2026",
        "Bookkeeping retainer — February 2026",
        "1,500.00",
        "Courier to GRA",
        "45.50",
        "Total charges 1,545.50",
        "Amount due 1,545.50 GHS",
        "No payments were received in this period.",
        "Current (0–29 days)",
        "90+ days",
        "quoting " + number,
        "Please pay by bank transfer",
    ):
        assert expected in text, expected
    assert "VOID" not in text
    assert len(PdfReader(pdf).pages[0].images) == 1  # the logo


def test_the_second_statement_carries_the_balance_payments_and_ageing(billing, cli) -> None:
    first = billed_month(cli, period="2025-12")  # 59 days old at 28 Feb: the 30 bucket
    assert pay(cli, "ASANTE", "1000.00", "2026-02-10", "RCT-1", f"{first}=1000.00").code == 0
    cycle(cli, "2026-02")
    second = issue(cli, draft_of(cli))[0]
    shown = json.loads(ok(cli("billing", "statement", "show", second, "--format", "json")).out)
    assert shown["summary"] == {
        "opening_balance": "1500.00",
        "charges_total": "1500.00",
        "payments_total": "1000.00",
        "closing_balance": "2000.00",
    }
    aging = shown["aging"]
    assert (aging["current"], aging["d30"], aging["balance"]) == ("1500.00", "500.00", "2000.00")
    text = pdf_text(billing.home / "output" / "billing" / "statements" / f"{second}.pdf")
    assert "RCT-1" in text and "Brought forward 1,500.00" in text
    assert "Amount due 2,000.00 GHS" in text
    assert re.search(r"1,500\.00\s+500\.00\s+0\.00\s+0\.00", text)  # ageing row


def test_issue_all_drafts_of_a_period_numbers_them_in_client_order(billing, cli) -> None:
    for code in ("CUDJOE", "ASANTE", "BOATENG"):
        add_client(cli, code)
        set_retainer(cli, code, "100", "2026-02")
    cycle(cli, "2026-02")
    result = ok(
        cli(
            "billing",
            "statement",
            "issue",
            "--period",
            "2026-02",
            "--all",
            "--yes",
            "--processes",
            "2",
            user="rita",
        )
    )
    numbers = result.out.split()
    assert numbers == [f"SOA-{YEAR}-0000{i}" for i in (1, 2, 3)]
    rows = {s["client"]: s["number"] for s in statements(cli)}
    assert rows == {"ASANTE": numbers[0], "BOATENG": numbers[1], "CUDJOE": numbers[2]}
    folder = billing.home / "output" / "billing" / "statements"
    assert sorted(p.name for p in folder.glob("*.pdf")) == [f"{n}.pdf" for n in numbers]
    again = ok(
        cli("billing", "statement", "issue", "--period", "2026-02", "--all", "--yes", user="rita")
    )
    assert again.out == "" and "no drafts to issue for 2026-02" in again.err


def test_a_biller_cannot_issue(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "100", "2026-02")
    cycle(cli, "2026-02")
    before = db.snapshot()
    result = cli("billing", "statement", "issue", draft_of(cli), "--yes", user="bill")
    assert result.code == 7
    assert "user 'bill' lacks permission 'billing.issue'" in result.err
    assert db.snapshot() == before


def test_issuing_into_a_closed_ledger_period_is_refused(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "100", "2026-02")
    cycle(cli, "2026-02")
    ok(cli("ledger", "period", "close", "2026-02"))
    before = db.snapshot()
    result = cli("billing", "statement", "issue", draft_of(cli), "--yes", user="rita")
    assert result.code == 4
    assert "ledger period 2026-02 is closed" in result.err
    assert db.snapshot() == before
    assert not list((billing.home / "output").rglob("*.pdf"))


def test_issue_needs_a_confirmation_without_a_terminal(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "100", "2026-02")
    cycle(cli, "2026-02")
    result = cli("billing", "statement", "issue", draft_of(cli), user="rita")
    assert result.code == 2 and "pass --yes" in result.err
    assert statements(cli)[0]["status"] == "draft"


def test_drafts_can_be_edited_and_issued_ones_cannot(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "1000", "2026-02")
    cycle(cli, "2026-02")
    draft = draft_of(cli)
    ok(
        cli(
            "billing",
            "statement",
            "add-line",
            draft,
            "--description",
            "Tax return",
            "--amount",
            "250.00",
            user="bill",
        )
    )
    ok(
        cli(
            "billing",
            "statement",
            "add-line",
            draft,
            "--description",
            "Loyalty discount",
            "--amount",
            "-50.00",
            "--kind",
            "adjustment",
            user="rita",
        )
    )
    ok(
        cli(
            "billing",
            "statement",
            "edit",
            draft,
            "--note",
            "Thank you",
            "--due-date",
            "2026-03-31",
            user="bill",
        )
    )
    removed = ok(cli("billing", "statement", "remove-line", draft, "2", user="bill"))
    assert "draft total 950.00" in removed.err
    shown = json.loads(ok(cli("billing", "statement", "show", draft, "--format", "json")).out)
    assert [(ln["no"], ln["kind"], ln["amount"]) for ln in shown["lines"]] == [
        (1, "retainer", "1000.00"),
        (3, "adjustment", "-50.00"),
    ]
    assert shown["statement"]["note"] == "Thank you"
    number = issue(cli, draft)[0]
    postings = db.rows(
        "SELECT a.code, p.amount FROM postings p JOIN accounts a ON "
        "a.id = p.account_id ORDER BY p.line_no"
    )
    assert postings == [("1100", 95000), ("4200", -95000)]
    before = db.snapshot()
    for args in (
        ["edit", number, "--note", "x"],
        ["delete", number, "--yes"],
        ["add-line", number, "--description", "x", "--amount", "1"],
        ["remove-line", number, "1"],
    ):
        result = cli("billing", "statement", *args, user="rita")
        assert result.code == 4, args
        assert (
            f"statement {number} is issued; an issued statement cannot be changed: void "
            "it and reissue instead" in result.err
        )
    assert db.snapshot() == before


@pytest.mark.parametrize(
    "args,code,message",
    [
        (
            ["add-line", "{d}", "--description", "x", "--amount", "-5"],
            2,
            "a fee line must be more than zero",
        ),
        (
            ["add-line", "{d}", "--description", "x", "--amount", "5", "--kind", "retainer"],
            2,
            "--kind 'retainer' must be one of fee, disbursement, adjustment",
        ),
        (["edit", "{d}", "--due-date", "2026-01-01"], 2, "is before the statement date"),
        (["edit", "{d}"], 2, "nothing to change"),
        (["remove-line", "{d}", "9"], 3, "has no line 9"),
        (["show", "999"], 3, "statement '999' not found"),
        (["delete", "SOA-2020-00001", "--yes"], 3, "statement 'SOA-2020-00001' not found"),
    ],
)
def test_bad_draft_edits(billing, cli, db, args, code, message) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "1000", "2026-02")
    cycle(cli, "2026-02")
    draft = draft_of(cli)
    before = db.snapshot()
    result = cli("billing", "statement", *[a.replace("{d}", draft) for a in args], user="bill")
    assert result.code == code, result.err
    assert message in result.err
    assert db.snapshot() == before


def test_a_draft_with_nothing_to_charge_cannot_be_issued(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "100", "2026-02")
    cycle(cli, "2026-02")
    draft = draft_of(cli)
    ok(
        cli(
            "billing",
            "statement",
            "add-line",
            draft,
            "--description",
            "Waived",
            "--amount",
            "-100",
            "--kind",
            "adjustment",
            user="bill",
        )
    )
    result = cli("billing", "statement", "issue", draft, "--yes", user="rita")
    assert result.code == 4 and "totals 0.00; only a positive amount can be issued" in result.err


def test_void_keeps_the_number_reverses_and_frees_allocations(billing, cli, db) -> None:
    number = billed_month(cli)
    pid = ok(pay(cli, "ASANTE", "1500.00", "2026-03-05", "RCT-9", f"{number}=1500.00")).out
    assert statements(cli)[0]["status"] == "settled"
    result = cli(
        "billing",
        "statement",
        "void",
        number,
        "--reason",
        "wrong client",
        "--date",
        "2026-03-10",
        "--yes",
        user="rita",
    )
    assert result.code == 0, result.err
    row = statements(cli)[0]
    assert (row["number"], row["status"], row["paid"]) == (number, "void", "0.00")
    payment = json.loads(ok(cli("billing", "payment", "show", pid.strip(), "--format", "json")).out)
    assert payment["unallocated"] == "1500.00"
    assert payment["allocations"][0]["status"] == "released"
    entries = db.rows(
        "SELECT number, entry_date, reference, source FROM journal_entries ORDER BY id"
    )
    assert entries[-1][3] == "reversal" and str(entries[-1][1]) == "2026-03-10"
    ar = db.scalar(
        "SELECT SUM(p.amount) FROM postings p JOIN accounts a ON a.id = "
        "p.account_id WHERE a.code = '1100'"
    )
    assert ar == -150000  # the payment is credit on account now
    text = pdf_text(billing.home / "output" / "billing" / "statements" / f"{number}.pdf")
    assert "VOID" in text and "voided on 10 Mar 2026: wrong client" in text
    audit = db.rows("SELECT action, entity_id FROM audit_log WHERE action = 'billing.void'")
    assert audit == [("billing.void", number)]
    again = cli("billing", "statement", "void", number, "--reason", "x", "--yes", user="rita")
    assert again.code == 4 and "already void" in again.err


def test_reissue_clones_a_voided_statement_into_a_new_draft(billing, cli, db) -> None:
    ok(cli("billing", "client", "add", "ASANTE", "--name", "Asante Ltd", user="bill"))
    set_retainer(cli, "ASANTE", "1500", "2026-02")
    ok(
        cli(
            "billing",
            "charge",
            "add",
            "--client",
            "ASANTE",
            "--amount",
            "20",
            "--date",
            "2026-02-03",
            "--description",
            "Stamp duty",
            user="bill",
        )
    )
    cycle(cli, "2026-02")
    number = issue(cli, draft_of(cli))[0]
    early = cli("billing", "statement", "reissue", number, user="rita")
    assert early.code == 4 and "only a voided statement can be reissued" in early.err
    ok(
        cli(
            "billing", "statement", "void", number, "--reason", "wrong amount", "--yes", user="rita"
        )
    )
    result = ok(cli("billing", "statement", "reissue", number, user="rita"))
    draft = result.out.strip()
    assert f"reissues {number}" in result.err
    rows = statements(cli)
    assert [(r["status"], r["total"]) for r in rows] == [("void", "1520.00"), ("draft", "1520.00")]
    charge = db.scalar("SELECT statement_id FROM billing_charges")
    assert str(charge) == draft
    twice = cli("billing", "statement", "reissue", number, user="rita")
    assert twice.code == 4 and f"already has statement draft {draft} for 2026-02" in twice.err
    ok(cli("billing", "statement", "remove-line", draft, "1", user="bill"))
    new_number = issue(cli, draft)[0]
    text = pdf_text(billing.home / "output" / "billing" / "statements" / f"{new_number}.pdf")
    assert f"Replaces {number}" in text and "20.00" in text


def test_void_and_reissue_need_the_reviewer(billing, cli, db) -> None:
    number = billed_month(cli)
    before = db.snapshot()
    result = cli("billing", "statement", "void", number, "--reason", "x", "--yes", user="bill")
    assert result.code == 7 and "'billing.void'" in result.err
    no_reason = cli("billing", "statement", "void", number, "--reason", " ", "--yes", user="rita")
    assert no_reason.code == 2 and "a reason is required" in no_reason.err
    early = cli(
        "billing",
        "statement",
        "void",
        number,
        "--reason",
        "x",
        "--date",
        "2026-01-15",
        "--yes",
        user="rita",
    )
    assert early.code == 2 and "before the statement date 2026-02-28" in early.err
    assert db.snapshot() == before


def test_missing_pdfs_are_rendered_again_from_the_snapshot(billing, cli) -> None:
    number = billed_month(cli)
    pdf = billing.home / "output" / "billing" / "statements" / f"{number}.pdf"
    original = pdf_text(pdf)
    pdf.unlink()
    doctor = cli("doctor")
    assert doctor.code == 5 and f"1 statement PDF(s) missing ({number})" in doctor.out
    result = ok(cli("billing", "statement", "pdf", "--missing", user="rita"))
    assert result.out.strip() == str(pdf)
    assert pdf_text(pdf) == original
    assert ok(cli("billing", "statement", "pdf", "--missing", user="rita")).out == ""
    assert cli("doctor").code == 0


def test_another_tenant_has_its_own_clients_numbers_and_pdf_folder(billing, cli) -> None:
    first = billed_month(cli)
    ok(cli("tenant", "create", "acme", "--name", "Acme Partners", "--coa", "services"))
    acme = ["--tenant", "acme"]
    assert cli(*acme, "billing", "client", "show", "ASANTE").code == 3  # not in this tenant
    ok(cli(*acme, "billing", "client", "add", "ASANTE", "--name", "Asante (Acme)"))
    ok(
        cli(
            *acme,
            "billing",
            "retainer",
            "set",
            "--client",
            "ASANTE",
            "--amount",
            "700",
            "--start",
            "2026-02",
        )
    )
    ok(cli(*acme, "billing", "run-retainer-cycle", "2026-02"))
    number = ok(
        cli(
            *acme,
            "billing",
            "statement",
            "issue",
            "--period",
            "2026-02",
            "--all",
            "--yes",
            "--processes",
            "1",
        )
    ).out.strip()
    assert number == first  # each tenant numbers from 1
    pdf = billing.home / "output" / "billing" / "acme" / "statements" / f"{number}.pdf"
    text = pdf_text(pdf)
    assert "Acme Partners" in text and "700.00" in text
    assert "Asante (Acme)" in text
    assert [s["total"] for s in statements(cli)] == ["1500.00"]
