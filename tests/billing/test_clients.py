"""Clients, retainers and charges through the CLI; bad input is refused with nothing written."""

from __future__ import annotations

import json

import pytest

from tests.billing.conftest import add_client, cycle, issue, ok, set_retainer, statements


def test_client_add_makes_a_customer_and_billing_details(billing, cli, db) -> None:
    result = cli(
        "billing",
        "client",
        "add",
        "ASANTE",
        "--name",
        "Asante Trading Ltd",
        "--email",
        "ops@asante.example",
        "--address",
        "PO Box 123\\nKumasi",
        "--contact",
        "Kwame Asante",
        "--terms-days",
        "30",
        user="bill",
    )
    assert result.code == 0, result.err
    assert "client ASANTE added (Asante Trading Ltd, GHS); new customer" in result.err
    assert db.rows("SELECT code, name, kind, address FROM parties") == [
        ("ASANTE", "Asante Trading Ltd", "customer", "PO Box 123\nKumasi")
    ]
    shown = json.loads(ok(cli("billing", "client", "show", "ASANTE", "--format", "json")).out)
    assert shown["contact"] == "Kwame Asante" and shown["terms_days"] == 30
    assert shown["balance"] == "0.00" and shown["retainers"] == []


def test_an_existing_customer_becomes_a_billing_client(billing, cli, db) -> None:
    db.engine.dispose()
    from sqlalchemy import create_engine, text

    engine = create_engine(billing.db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parties (tenant_id, code, name, kind, email, phone, "
                "address, tax_id, currency, status, created_at) VALUES (1, 'SHOP1', "
                "'Shop One', 'customer', '', '', '', '', 'USD', 'active', "
                "'2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    result = cli("billing", "client", "add", "SHOP1", user="bill")
    assert result.code == 0, result.err
    assert "(Shop One, USD); existing customer" in result.err


def test_client_list_shows_retainer_and_balance(billing, cli) -> None:
    add_client(cli, "ASANTE")
    add_client(cli, "BOATENG", "--currency", "USD")
    set_retainer(cli, "ASANTE", "1500", "2026-02")
    rows = json.loads(
        ok(cli("billing", "client", "list", "--as-of", "2026-02-15", "--format", "json")).out
    )
    assert [(r["code"], r["currency"], r["retainer"], r["balance"]) for r in rows] == [
        ("ASANTE", "GHS", "1500.00", "0.00"),
        ("BOATENG", "USD", None, "0.00"),
    ]


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["ACME"], 2, "client 'ACME' is new: give its name with --name"),
        (["bad code!", "--name", "X"], 2, "client code 'bad code!' is invalid"),
        (["ACME", "--name", "X", "--email", "nope"], 2, "--email 'nope' is not an e-mail"),
        (["ACME", "--name", "X", "--currency", "KWD"], 2, "more than 2 decimal places are not"),
        (["ACME", "--name", "X", "--currency", "DOLLARS"], 2, "is not a 3-letter ISO code"),
        (["ACME", "--name", "X", "--terms-days", "400"], 2, "--terms-days 400 must be between"),
    ],
)
def test_bad_client_input(billing, cli, db, args, code, message) -> None:
    before = db.snapshot()
    result = cli("billing", "client", "add", *args, user="bill")
    assert result.code == code, result.err
    assert message in result.err and result.err.startswith("error: ")
    assert db.snapshot() == before


def test_a_client_is_added_once(billing, cli, db) -> None:
    add_client(cli, "ASANTE")
    before = db.snapshot()
    result = cli("billing", "client", "add", "ASANTE", "--name", "Again", user="bill")
    assert result.code == 4 and "client 'ASANTE' already exists" in result.err
    assert db.snapshot() == before


def test_retainer_set_replaces_the_running_one_from_its_start(billing, cli) -> None:
    add_client(cli, "ASANTE")
    set_retainer(cli, "ASANTE", "1000", "2026-01", "--description", "Bookkeeping")
    set_retainer(cli, "ASANTE", "1200.50", "2026-04-15")
    rows = json.loads(ok(cli("billing", "retainer", "list", "--format", "json")).out)
    assert [(r["amount"], r["start"], r["end"], r["status"]) for r in rows] == [
        ("1000.00", "2026-01-01", "2026-04-14", "active"),
        ("1200.50", "2026-04-15", None, "active"),
    ]
    set_retainer(cli, "ASANTE", "1300", "2026-04")  # never billed: the 04-15 one is replaced
    rows = json.loads(ok(cli("billing", "retainer", "list", "--format", "json")).out)
    assert [(r["amount"], r["end"], r["status"]) for r in rows] == [
        ("1000.00", "2026-03-31", "active"),
        ("1300.00", None, "active"),
        ("1200.50", None, "superseded"),
    ]
    ok(cli("billing", "retainer", "end", "--client", "ASANTE", "--end", "2026-06", user="bill"))
    rows = json.loads(
        ok(cli("billing", "retainer", "list", "--client", "ASANTE", "--format", "json")).out
    )
    assert [(r["amount"], r["end"]) for r in rows][1] == ("1300.00", "2026-06-30")


def test_a_billed_month_cannot_be_changed_by_a_new_retainer(billing, cli, db) -> None:
    add_client(cli, "ASANTE")
    set_retainer(cli, "ASANTE", "1000", "2026-02")
    cycle(cli, "2026-02")
    before = db.snapshot()
    result = cli(
        "billing",
        "retainer",
        "set",
        "--client",
        "ASANTE",
        "--amount",
        "900",
        "--start",
        "2026-02-10",
        user="bill",
    )
    assert result.code == 4
    assert "already billed for 2026-02 on statement draft" in result.err
    assert db.snapshot() == before
    set_retainer(cli, "ASANTE", "900", "2026-03")  # from the next month it is fine


@pytest.mark.parametrize(
    "args,code,message",
    [
        (
            ["--client", "NOPE", "--amount", "100", "--start", "2026-02"],
            3,
            "client 'NOPE' not found",
        ),
        (
            ["--client", "ASANTE", "--amount", "-100", "--start", "2026-02"],
            2,
            "a retainer must be more than zero",
        ),
        (
            ["--client", "ASANTE", "--amount", "0", "--start", "2026-02"],
            2,
            "a retainer must be more than zero",
        ),
        (
            ["--client", "ASANTE", "--amount", "10.001", "--start", "2026-02"],
            2,
            "--amount: 10.001 has more than 2 decimal places",
        ),
        (
            ["--client", "ASANTE", "--amount", "abc", "--start", "2026-02"],
            2,
            "--amount: 'abc' is not an amount",
        ),
        (
            ["--client", "ASANTE", "--amount", "100", "--start", "2026-13"],
            2,
            "--start: '2026-13' is neither a month (YYYY-MM) nor a day",
        ),
        (
            ["--client", "ASANTE", "--amount", "100", "--start", "02/2026"],
            2,
            "--start: '02/2026' is neither a month",
        ),
        (
            ["--client", "ASANTE", "--amount", "100", "--start", "2026-03", "--end", "2026-02"],
            2,
            "--end 2026-02-28 is before --start 2026-03-01",
        ),
    ],
)
def test_bad_retainer_input(billing, cli, db, args, code, message) -> None:
    add_client(cli, "ASANTE")
    before = db.snapshot()
    result = cli("billing", "retainer", "set", *args, user="bill")
    assert result.code == code, result.err
    assert message in result.err and "Traceback" not in result.err
    assert db.snapshot() == before


def test_ending_a_retainer_that_does_not_run(billing, cli) -> None:
    add_client(cli, "ASANTE")
    result = cli(
        "billing", "retainer", "end", "--client", "ASANTE", "--end", "2026-03", user="bill"
    )
    assert result.code == 3 and "has no retainer running after 2026-03-31" in result.err


def test_charges_go_on_the_next_statement(billing, cli) -> None:
    add_client(cli, "ASANTE")
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
    unbilled = json.loads(
        ok(cli("billing", "charge", "list", "--unbilled", "--format", "json")).out
    )
    assert [(c["kind"], c["amount"], c["statement"]) for c in unbilled] == [
        ("disbursement", "45.50", "")
    ]
    made = json.loads(cycle(cli, "2026-02").out)
    assert [(r["client"], r["lines"], r["total"]) for r in made] == [("ASANTE", 1, "45.50")]
    assert (
        json.loads(ok(cli("billing", "charge", "list", "--unbilled", "--format", "json")).out) == []
    )
    number = issue(cli, str(made[0]["id"]))[0]
    charges = json.loads(ok(cli("billing", "charge", "list", "--format", "json")).out)
    assert charges[0]["statement"] == number
    assert statements(cli)[0]["total"] == "45.50"


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--client", "NOPE"], 3, "client 'NOPE' not found"),
        (["--client", "ASANTE", "--amount", "-5"], 2, "a charge must be more than zero"),
        (
            ["--client", "ASANTE", "--kind", "gift"],
            2,
            "--kind 'gift' must be one of fee, disbursement",
        ),
        (["--client", "ASANTE", "--description", " "], 2, "--description must not be empty"),
        (["--client", "ASANTE", "--date", "2026-02-30"], 2, "--date: '2026-02-30' is not a date"),
    ],
)
def test_bad_charge_input(billing, cli, db, args, code, message) -> None:
    add_client(cli, "ASANTE")
    defaults = {"--amount": "10", "--date": "2026-02-01", "--description": "Filing fee"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    merged = [x for k, v in {**defaults, **given}.items() for x in (k, v)]
    before = db.snapshot()
    result = cli("billing", "charge", "add", *merged, user="bill")
    assert result.code == code, result.err
    assert message in result.err
    assert db.snapshot() == before
