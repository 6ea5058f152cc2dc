"""`layby automation run` day by day: reminders 3/1/0 days before, late fee once per
overdue instalment, overdue notices, DEFAULTED after the rule's misses with stock released;
a second run (or two at once) changes nothing; a crash loses one batch and a re-run
completes it; the lock; history and status."""

from __future__ import annotations

import csv
import io
import json
import mailbox
import socket
from pathlib import Path

import pytest

from ledgerctl.core.clock import utcnow
from ledgerctl.jobs.locks import this_host
from tests.jobs.helpers import plant_lock, runs
from tests.layby.conftest import in_threads, new_layby, refused
from tests.pos.conftest import ok

NOTICES = (
    "SELECT p.number, n.kind, n.day, n.instalment_no FROM layby_notifications n "
    "JOIN layby_plans p ON p.id = n.layby_id ORDER BY n.id"
)


def run(cli, day: str, *more: str, user: str | None = None):  # type: ignore[no-untyped-def]
    return cli("layby", "automation", "run", "--as-of", day, *more, user=user)


def files(home: Path, day: str) -> dict[str, bytes]:
    folder = home / "output" / "layby" / "outbox" / day
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))}


@pytest.fixture
def weekly(shop):  # type: ignore[no-untyped-def]
    """A (C001, email + phone) and B (C002, phone only): one dress each, 20% deposit, weekly
    from 2026-02-10 (first instalment 16.67 due 2026-02-17); H on hold."""
    a = new_layby(shop, "--item", "DRESS:1", "--frequency", "weekly")
    b = new_layby(shop, "--item", "DRESS:1", "--frequency", "weekly", customer="C002")
    h = new_layby(shop, "--item", "DRESS:1", "--frequency", "weekly")
    ok(shop("layby", "hold", h, "--reason", "travelling"))
    return shop, a, b, h


def test_a_month_of_automation(weekly, db, workspace) -> None:
    cli, a, b, h = weekly
    ok(run(cli, "2026-02-13"))
    assert db.rows(NOTICES) == []
    result = ok(run(cli, "2026-02-14"))
    assert "2 reminder(s)" in result.err
    assert [(n, k) for n, k, _, _ in db.rows(NOTICES)] == [(a, "reminder_3d"), (b, "reminder_3d")]
    # a second run the same day changes nothing, files included
    before, written = db.snapshot(), files(workspace.home, "2026-02-14")
    ok(run(cli, "2026-02-14"))
    assert db.snapshot() == before and files(workspace.home, "2026-02-14") == written
    assert set(written) == {"email.mbox", "sms.csv", "no-contact.csv", ".manifest"}
    box = mailbox.mbox(workspace.home / "output" / "layby" / "outbox" / "2026-02-14" / "email.mbox")
    messages = list(box)
    assert len(messages) == 1  # only A has an email
    assert (messages[0]["To"], messages[0]["Subject"], messages[0]["X-Layby"]) == (
        "ama@example.com",
        f"Lay-by {a}: payment due in 3 days",
        a,
    )
    text = messages[0].get_payload(decode=True).decode()
    assert "Dear Ama Mensah," in text and "Amount due:         16.67 GHS" in text
    assert "Lay-by balance:     200.00 GHS" in text
    sms = list(csv.DictReader(io.StringIO(written["sms.csv"].decode())))
    assert [(r["layby"], r["phone"], r["kind"]) for r in sms] == [
        (a, "+233241234567", "reminder_3d"),
        (b, "+233201112223", "reminder_3d"),
    ]
    assert sms[1]["message"] == (
        f"Test Business: lay-by {b} instalment of 16.67 GHS is due on "
        f"2026-02-17. Balance 200.00. Quote {b} when paying."
    )
    ok(run(cli, "2026-02-16"))
    ok(run(cli, "2026-02-17"))
    kinds = [(n, k) for n, k, _, _ in db.rows(NOTICES)][2:]
    assert kinds == [(a, "reminder_1d"), (b, "reminder_1d"), (a, "reminder_0d"), (b, "reminder_0d")]
    ok(cli("layby", "pay", a, "16.67", "--method", "cash", "--date", "2026-02-17"))
    result = ok(run(cli, "2026-02-18"))
    assert "1 late fee(s) (5.00)" in result.err and "1 overdue notice(s)" in result.err
    assert db.plan(b)["late_fees"] == 500 and db.plan(b)["balance"] == 20500
    assert db.plan(a)["late_fees"] == 0
    assert db.account("1150") == 500 and db.account("4200") == -500
    before = db.snapshot()
    ok(run(cli, "2026-02-18"))
    assert db.snapshot() == before
    result = ok(run(cli, "2026-02-25"))  # 2nd instalment (due 02-24) missed by A and B
    assert "2 late fee(s) (10.00)" in result.err and "1 defaulted" in result.err
    assert db.plan(b)["status"] == "DEFAULTED" and db.plan(b)["late_fees"] == 1000
    assert str(db.plan(b)["defaulted_on"]) == "2026-02-25"
    assert db.plan(a)["status"] == "ACTIVE" and db.plan(a)["late_fees"] == 500
    assert db.plan(h)["status"] == "ON_HOLD" and db.plan(h)["late_fees"] == 0
    assert db.rows(
        "SELECT r.status FROM pos_stock_reservations r JOIN layby_items i ON "
        "i.reservation_id = r.id JOIN layby_plans p ON p.id = i.layby_id WHERE "
        "p.number = :n",
        n=b,
    ) == [("released",)]
    assert db.scalar("SELECT reserved FROM pos_stock_levels WHERE product_id = 1") == 2000
    assert db.rows(NOTICES)[-2:] == [
        (a, "overdue", db.rows(NOTICES)[-2][2], 2),
        (b, "defaulted", db.rows(NOTICES)[-1][2], 0),
    ]
    # one late fee per instalment, ever
    assert db.scalar("SELECT COUNT(*) FROM layby_fees WHERE kind = 'late'") == 3
    assert db.scalar("SELECT COUNT(DISTINCT instalment_id) FROM layby_fees") == 3
    # every day's entry is balanced and the books agree with the lay-bys
    assert db.account("1150") == 1500 and db.account("4200") == -1500
    history = json.loads(ok(cli("layby", "automation", "history", "-f", "json")).out)
    assert len(history) == 8 and {h["status"] for h in history} == {"ok"}
    assert history[0]["processed"] == 2 and "as of 2026-02-25" in history[0]["detail"]
    status = json.loads(
        ok(cli("layby", "automation", "status", "--as-of", "2026-02-25", "-f", "json")).out
    )
    values = {r["item"]: r["value"] for r in status}
    assert values["lock"] == "free" and values["active lay-bys"] == "1"
    assert values["on hold"] == "1"
    ok(cli("layby", "check"))


def test_overdue_notice_repeats_weekly_while_unpaid(weekly, db) -> None:
    cli, a, b, _ = weekly
    ok(cli("layby", "pay", a, "200", "--method", "cash"))  # A fully paid: no notices
    for day in ("2026-02-18", "2026-02-20", "2026-02-24"):
        ok(run(cli, day))
    overdue = [(n, str(d)) for n, k, d, _ in db.rows(NOTICES) if k == "overdue"]
    assert overdue == [(b, "2026-02-18")]
    ok(run(cli, "2026-02-25"))  # B defaults (2 missed); no more overdue notices
    assert [k for n, k, _, _ in db.rows(NOTICES) if n == b][-1] == "defaulted"
    assert [k for n, k, _, _ in db.rows(NOTICES) if n == a] == []


def test_overdue_every_seven_days(shop, db, workspace) -> None:
    folder = workspace.home / "rules" / "layby"
    folder.mkdir(parents=True, exist_ok=True)
    from ledgerctl.rules.loader import shipped_rules_dir

    text = (shipped_rules_dir() / "layby" / "clothing.yaml").read_text()
    (folder / "clothing.yaml").write_text(
        text.replace("default_after_missed: 2", "default_after_missed: 5")
    )
    number = new_layby(shop, "--item", "DRESS:1")  # monthly, due 2026-03-10
    for day in ("2026-03-11", "2026-03-15", "2026-03-18", "2026-03-25"):
        ok(run(shop, day))
    overdue = [str(d) for n, k, d, _ in db.rows(NOTICES) if k == "overdue"]
    assert overdue == ["2026-03-11", "2026-03-18", "2026-03-25"]
    assert db.plan(number)["late_fees"] == 500


def test_two_runs_at_once_change_things_once(weekly, db, workspace) -> None:
    from ledgerctl.core.errors import LockHeld
    from ledgerctl.layby import automation

    outcomes: list[str] = []

    def go() -> None:
        ctx = workspace.ctx()
        try:
            automation.run(ctx, __import__("datetime").date(2026, 2, 25), batch=1)
            outcomes.append("ok")
        except LockHeld:
            outcomes.append("locked")
        finally:
            ctx.dispose()

    in_threads(go)
    assert sorted(outcomes) in (["locked", "ok"], ["ok", "ok"])
    assert db.scalar("SELECT COUNT(*) FROM layby_fees WHERE kind = 'late'") == 4
    assert db.scalar("SELECT COUNT(*) FROM layby_plans WHERE status = 'DEFAULTED'") == 2
    assert db.scalar("SELECT COUNT(*) FROM layby_notifications") == 2
    assert db.account("4200") == -2000
    ok(weekly[0]("layby", "check"))


def test_the_data_alone_keeps_concurrent_batches_idempotent(weekly, db, workspace) -> None:
    """Even without the job lock, two transactions doing the same batch change it once."""
    from datetime import date

    from ledgerctl.layby import automation
    from ledgerctl.work import unit_of_work

    errors: list[BaseException] = []

    def go() -> None:
        ctx = workspace.ctx()
        try:
            with unit_of_work(ctx, automation.PERMISSION) as work:
                automation._batch(work, date(2026, 2, 25), 1, 10, automation.Tally())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            ctx.dispose()

    in_threads(go)
    assert errors == []
    assert db.scalar("SELECT COUNT(*) FROM layby_fees WHERE kind = 'late'") == 4
    assert db.scalar("SELECT COUNT(*) FROM layby_notifications") == 2
    assert db.account("4200") == -2000 and db.account("1150") == 2000
    assert db.scalar("SELECT SUM(late_fees) FROM layby_plans") == 2000
    assert db.scalar("SELECT reserved FROM pos_stock_levels WHERE product_id = 1") == 1000
    ok(weekly[0]("layby", "check"))


def test_a_crash_loses_one_batch_and_a_rerun_completes(weekly, db, workspace, monkeypatch) -> None:
    from ledgerctl.layby import automation

    real, calls = automation._batch, []

    def crashing(work, as_of, lo, hi, tally):  # type: ignore[no-untyped-def]
        calls.append(lo)
        real(work, as_of, lo, hi, tally)
        if len(calls) == 2:
            raise RuntimeError("power cut")

    monkeypatch.setattr(automation, "_batch", crashing)
    result = run(workspace_cli(workspace), "2026-02-25", "--batch", "1")
    assert result.code == 1 and "power cut" in result.err
    # batch 1 (lay-by A) committed; batch 2 (B) rolled back entirely
    assert db.rows("SELECT number, status, late_fees FROM layby_plans ORDER BY id")[:2] == [
        (weekly[1], "DEFAULTED", 1000),
        (weekly[2], "ACTIVE", 0),
    ]
    failed = runs(workspace.ctx(), automation.JOB_NAME)
    assert failed[-1].status == "failed" and "power cut" in failed[-1].detail
    monkeypatch.setattr(automation, "_batch", real)
    ok(run(workspace_cli(workspace), "2026-02-25", "--batch", "1"))
    assert db.rows("SELECT number, status, late_fees FROM layby_plans ORDER BY id")[:2] == [
        (weekly[1], "DEFAULTED", 1000),
        (weekly[2], "DEFAULTED", 1000),
    ]
    assert db.scalar("SELECT COUNT(*) FROM layby_fees WHERE kind = 'late'") == 4


def workspace_cli(workspace):  # type: ignore[no-untyped-def]
    from tests.conftest import run_cli

    return lambda *args, user=None: run_cli(list(args), workspace.env())


def test_lock_held_exits_8_and_changes_nothing(weekly, db, workspace) -> None:
    import os

    from ledgerctl.layby.automation import JOB_NAME

    cli = weekly[0]
    plant_lock(workspace.ctx(), JOB_NAME, host=this_host(), pid=os.getpid(), acquired_at=utcnow())
    refused(cli, db, ("layby", "automation", "run", "--as-of", "2026-02-25"), 8, "already running")


def test_permissions_for_the_automation(weekly, db) -> None:
    cli = weekly[0]
    ok(cli("user", "add", "cron", "--role", "operator"))
    ok(cli("user", "add", "cashier", "--role", "user"))
    denied = run(cli, "2026-02-14", user="cashier")
    assert denied.code == 7 and "layby.automation" in denied.err
    ok(run(cli, "2026-02-14", user="cron"))
    assert runs.__name__ and db.scalar("SELECT actor FROM job_runs") == "cron"


def test_smtp_sending(weekly, db, workspace) -> None:
    from aiosmtpd.controller import Controller

    cli, a, _, _ = weekly
    received: list[tuple[str, list[str], bytes]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        toml = workspace.home / "ledgerctl.toml"
        toml.write_text(
            toml.read_text() + f'layby_smtp_host = "127.0.0.1"\n'
            f'layby_smtp_port = "{port}"\nlayby_smtp_from = "shop@example.com"\n'
        )
        result = ok(run(cli, "2026-02-14"))
        assert "emails sent 1, failed 0" in result.err
    finally:
        controller.stop()
    assert len(received) == 1
    sender, rcpts, content = received[0]
    assert (sender, rcpts) == ("shop@example.com", ["ama@example.com"])
    assert f"Subject: Lay-by {a}: payment due in 3 days".encode() in content
    assert db.rows("SELECT email_status FROM layby_notifications ORDER BY id") == [
        ("sent",),
        ("none",),
    ]
    # server gone: the next day's email stays pending, exit 6 from `outbox send`
    result = run(cli, "2026-02-16", "--batch", "5")
    assert result.code == 6 and "emails stay pending" in result.err
    last = json.loads(ok(cli("layby", "automation", "history", "-f", "json")).out)[0]
    assert (last["status"], last["errors"]) == ("ok", 1) and "not sent" in last["detail"]
    assert db.rows("SELECT email_status FROM layby_notifications ORDER BY id")[-2] == ("pending",)
    sent = cli("layby", "outbox", "send")
    assert sent.code == 6 and "unreachable" in sent.err


def test_outbox_list_and_show(weekly, db) -> None:
    cli, a, _, _ = weekly
    ok(run(cli, "2026-02-14"))
    rows = json.loads(ok(cli("layby", "outbox", "list", "--day", "2026-02-14", "-f", "json")).out)
    assert [(r["layby"], r["kind"], r["email_status"]) for r in rows] == [
        (a, "reminder_3d", "pending"),
        (weekly[2], "reminder_3d", "none"),
    ]
    shown = ok(cli("layby", "outbox", "show", str(rows[0]["id"]))).out
    assert "Subject: Lay-by LAY-2026-00001: payment due in 3 days" in shown
    assert "Amount due:         16.67 GHS" in shown
    assert "--- SMS to +233241234567 ---" in shown
    assert cli("layby", "outbox", "show", "999").code == 3
