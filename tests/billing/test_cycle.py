"""`billing run-retainer-cycle`: drafts per client, idempotent, recorded, locked, all or nothing."""

from __future__ import annotations

import json

import pytest

from ledgerctl.billing import cycle as cycle_module
from ledgerctl.jobs.runner import job_run
from tests.billing.conftest import add_client, cycle, ok, set_retainer, statements


def clients_with_retainers(cli) -> None:  # type: ignore[no-untyped-def]
    add_client(cli, "ASANTE")
    add_client(cli, "BOATENG", "--currency", "USD", "--terms-days", "30")
    add_client(cli, "CUDJOE")  # no retainer, no charges: no statement
    add_client(cli, "DARKO")  # retainer ended before the period
    set_retainer(cli, "ASANTE", "1500", "2026-01", "--description", "Bookkeeping")
    set_retainer(cli, "BOATENG", "800.00", "2026-02-16")
    set_retainer(cli, "DARKO", "700", "2025-06", "--end", "2026-01")


def test_cycle_makes_one_draft_per_client_and_a_rerun_makes_nothing(billing, cli, db) -> None:
    clients_with_retainers(cli)
    result = cli("billing", "run-retainer-cycle", "2026-02", "--user", "bill", "--format", "json")
    assert result.code == 0, result.err
    made = json.loads(result.out)
    assert [(r["client"], r["total"], r["currency"]) for r in made] == [
        ("ASANTE", "1500.00", "GHS"),
        ("BOATENG", "371.43", "USD"),
    ]  # 800 x 13/28 half-up
    assert "2026-02: made 2 draft statement(s)" in result.err
    rows = statements(cli, "--period", "2026-02")
    assert [(s["client"], s["status"], s["due_date"]) for s in rows] == [
        ("ASANTE", "draft", "2026-03-14"),
        ("BOATENG", "draft", "2026-03-30"),
    ]
    lines = db.rows("SELECT description, amount FROM billing_statement_lines ORDER BY id")
    assert lines == [
        ("Bookkeeping — February 2026", 150000),
        ("Monthly retainer — February 2026 (16–28 Feb, 13 of 28 days)", 37143),
    ]
    before = db.snapshot()
    again = cli("billing", "run-retainer-cycle", "2026-02", "--user", "bill")
    assert again.code == 0, again.err
    assert (
        "made 0 draft statement(s); 2 client(s) already have a statement for 2026-02; "
        "nothing to do" in again.err
    )
    after = db.snapshot()
    assert after["counts"]["job_runs"] == before["counts"]["job_runs"] + 1  # run recorded
    after["counts"]["job_runs"] = before["counts"]["job_runs"]
    assert after == before
    runs = db.rows("SELECT name, status, processed, actor FROM job_runs ORDER BY id")
    assert runs == [("billing.cycle", "ok", 2, "bill"), ("billing.cycle", "ok", 0, "bill")]


def test_dry_run_writes_nothing(billing, cli, db) -> None:
    clients_with_retainers(cli)
    before = db.snapshot()
    result = ok(
        cli(
            "billing", "run-retainer-cycle", "2026-02", "--dry-run", "--format", "json", user="bill"
        )
    )
    assert [r["client"] for r in json.loads(result.out)] == ["ASANTE", "BOATENG"]
    assert "would make 2 draft statement(s)" in result.err
    assert db.snapshot() == before


def test_a_charge_added_after_the_cycle_waits_for_the_next_statement(billing, cli) -> None:
    clients_with_retainers(cli)
    cycle(cli, "2026-02")
    ok(
        cli(
            "billing",
            "charge",
            "add",
            "--client",
            "ASANTE",
            "--amount",
            "99.99",
            "--date",
            "2026-02-20",
            "--description",
            "Late filing",
            user="bill",
        )
    )
    again = ok(cli("billing", "run-retainer-cycle", "2026-02", user="bill"))
    assert "(1 unbilled charge(s) wait for their next statement)" in again.err
    march = json.loads(cycle(cli, "2026-03").out)
    assert [(r["client"], r["lines"], r["total"]) for r in march] == [
        ("ASANTE", 2, "1599.99"),
        ("BOATENG", 1, "800.00"),
    ]


def test_a_deleted_draft_is_made_again_by_the_next_run(billing, cli) -> None:
    clients_with_retainers(cli)
    draft = json.loads(cycle(cli, "2026-02").out)[0]
    ok(cli("billing", "statement", "delete", str(draft["id"]), "--yes", user="bill"))
    again = json.loads(cycle(cli, "2026-02").out)
    assert [r["client"] for r in again] == ["ASANTE"]


def test_a_closed_period_gets_no_drafts(billing, cli, db) -> None:
    clients_with_retainers(cli)
    ok(cli("billing", "period", "close", "2026-02", "--yes"))
    before = db.snapshot()
    result = cli("billing", "run-retainer-cycle", "2026-02", user="bill")
    assert result.code == 4
    assert "billing period 2026-02 is closed: a draft statement cannot be dated in it" in result.err
    failed = db.rows("SELECT status FROM job_runs")
    assert failed == [("failed",)]
    after = db.snapshot()
    after["counts"]["job_runs"] = before["counts"]["job_runs"]
    assert after == before


def test_a_second_run_while_one_holds_the_lock_exits_8(billing, cli, db) -> None:
    clients_with_retainers(cli)
    ctx = billing.ctx()
    with job_run(ctx, "billing.cycle"):
        result = cli("billing", "run-retainer-cycle", "2026-02", user="bill")
    ctx.dispose()
    assert result.code == 8 and "billing.cycle" in result.err
    assert db.counts()["billing_statements"] == 0


def test_a_crash_mid_run_leaves_no_draft(billing, cli, db, monkeypatch) -> None:
    clients_with_retainers(cli)
    for code in ("E1", "E2", "E3"):
        add_client(cli, code)
        set_retainer(cli, code, "100", "2026-02")
    monkeypatch.setattr(cycle_module, "CHUNK", 2)
    real = cycle_module._write_chunk
    calls = []

    def crash_on_second_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(cycle_module, "_write_chunk", crash_on_second_chunk)
    before = db.snapshot()
    result = cli("billing", "run-retainer-cycle", "2026-02", user="bill")
    assert result.code == 1 and "power cut" in result.err
    after = db.snapshot()
    assert after["counts"]["billing_statements"] == 0
    assert after["counts"]["billing_statement_lines"] == 0
    assert db.rows("SELECT status, detail FROM job_runs") == [
        ("failed", "error: RuntimeError: power cut")
    ]
    after["counts"]["job_runs"] = before["counts"]["job_runs"]
    assert after == before
    monkeypatch.setattr(cycle_module, "_write_chunk", real)
    assert len(json.loads(cycle(cli, "2026-02").out)) == 5


@pytest.mark.parametrize(
    "period,message",
    [
        ("2026-13", "PERIOD: '2026-13' is not a period"),
        ("Feb-2026", "PERIOD: 'Feb-2026' is not a period"),
    ],
)
def test_bad_period(billing, cli, db, period, message) -> None:
    before = db.counts()
    result = cli("billing", "run-retainer-cycle", period, user="bill")
    assert result.code == 2 and message in result.err
    assert db.counts() == before


def test_reviewer_cannot_run_the_cycle(billing, cli) -> None:
    result = cli("billing", "run-retainer-cycle", "2026-02", user="rita")
    assert result.code == 7 and "lacks permission 'billing.cycle'" in result.err
