"""Billing period locks: close refuses while drafts remain; afterwards nothing new is dated in
the month, its statements can still be voided and settled; reopening is admin only."""

from __future__ import annotations

import json

from tests.billing.conftest import add_client, billed_month, cycle, ok, pay, set_retainer


def test_close_refuses_while_drafts_remain(billing, cli, db) -> None:
    add_client(cli)
    set_retainer(cli, "ASANTE", "100", "2026-02")
    cycle(cli, "2026-02")
    before = db.snapshot()
    result = cli("billing", "period", "close", "2026-02", "--yes")
    assert result.code == 4 and "still has 1 draft statement(s); issue or delete" in result.err
    assert db.snapshot() == before


def test_a_closed_month_takes_nothing_new_but_its_statements_live_on(billing, cli, db) -> None:
    number = billed_month(cli, period="2026-02")
    ok(cli("billing", "period", "close", "2026-02", "--yes"))
    listed = json.loads(ok(cli("billing", "period", "list", "--format", "json")).out)
    assert [(p["period"], p["status"], p["closed_by"]) for p in listed] == [
        ("2026-02", "closed", "admin")
    ]
    before = db.snapshot()
    refusals = [
        cli(
            "billing",
            "charge",
            "add",
            "--client",
            "ASANTE",
            "--amount",
            "10",
            "--date",
            "2026-02-20",
            "--description",
            "x",
            user="bill",
        ),
        pay(cli, "ASANTE", "10.00", "2026-02-27", "R1"),
        cli("billing", "run-retainer-cycle", "2026-02", user="bill"),
    ]
    for result in refusals:
        assert result.code == 4, result.err
        assert "billing period 2026-02 is closed" in result.err
        assert "ledgerctl billing period reopen 2026-02" in result.err
    after = db.snapshot()
    after["counts"]["job_runs"] = before["counts"]["job_runs"]  # the refused run is recorded
    assert after == before
    # settling it from an open month and voiding it still work
    assert pay(cli, "ASANTE", "1500.00", "2026-03-02", "R2", f"{number}=1500.00").code == 0
    assert ok(
        cli(
            "billing",
            "statement",
            "void",
            number,
            "--reason",
            "duplicate",
            "--date",
            "2026-03-03",
            "--yes",
            user="rita",
        )
    )
    reissue = cli("billing", "statement", "reissue", number, user="rita")
    assert reissue.code == 4 and "a draft statement cannot be dated in it" in reissue.err
    moved = ok(cli("billing", "statement", "reissue", number, "--period", "2026-03", user="rita"))
    assert "(2026-03, 1500.00)" in moved.err


def test_reopen_needs_an_admin_and_a_reason(billing, cli, db) -> None:
    ok(cli("billing", "period", "close", "2026-02", "--yes"))
    before = db.snapshot()
    for user in ("bill", "rita"):
        result = cli("billing", "period", "reopen", "2026-02", "--reason", "x", "--yes", user=user)
        assert result.code == 7 and "'billing.reopen'" in result.err
    closing = cli("billing", "period", "close", "2026-03", "--yes", user="rita")
    assert closing.code == 7 and "'billing.close'" in closing.err
    no_reason = cli("billing", "period", "reopen", "2026-02", "--reason", "  ", "--yes")
    assert no_reason.code == 2 and "a reason is required" in no_reason.err
    twice = cli("billing", "period", "close", "2026-02", "--yes")
    assert twice.code == 4 and "already closed" in twice.err
    assert db.snapshot() == before
    ok(cli("billing", "period", "reopen", "2026-02", "--reason", "late invoice", "--yes"))
    audit = db.rows(
        "SELECT action, after FROM audit_log WHERE action LIKE 'billing.period%' ORDER BY seq"
    )
    assert [a for a, _ in audit] == ["billing.period_close", "billing.period_reopen"]
    assert json.loads(audit[1][1])["reason"] == "late invoice"
    add_client(cli)
    assert ok(
        cli(
            "billing",
            "charge",
            "add",
            "--client",
            "ASANTE",
            "--amount",
            "10",
            "--date",
            "2026-02-20",
            "--description",
            "Late invoice",
            user="bill",
        )
    )
    not_closed = cli("billing", "period", "reopen", "2026-02", "--reason", "x", "--yes")
    assert not_closed.code == 4 and "is not closed" in not_closed.err
    bad = cli("billing", "period", "close", "2026-2", "--yes")
    assert bad.code == 2 and "'2026-2' is not a period" in bad.err
