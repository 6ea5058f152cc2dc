"""Posting status: a sale the ledger cannot post is still recorded (failed, with the error);
`pos post-unposted` retries, per document, idempotently, under a job lock."""

from __future__ import annotations

import json
from decimal import Decimal

from ledgerctl.rules.loader import shipped_rules_dir
from tests.pos.conftest import ok
from tests.pos.test_sales import entry_lines, sale

D = Decimal


def override_accounts(workspace, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    target = workspace.home / "rules" / "pos" / "accounts.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (shipped_rules_dir() / "pos" / "accounts.yaml").read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")


def test_failed_posting_is_kept_and_retried(shop, db, workspace) -> None:
    override_accounts(workspace, 'VAT: "2200"', 'VAT: "2299"')
    result = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2"))
    number = result.out.strip()
    assert "posting failed: account 2299 not found" in result.err
    assert db.rows(
        "SELECT status, error, entry_number FROM pos_postings WHERE doc_type = 'sale'"
    ) == [
        (
            "failed",
            "account 2299 not found; see `ledgerctl ledger accounts` or add it with "
            "`ledgerctl ledger account add`",
            None,
        )
    ]
    assert entry_lines(db, number) == {}
    listed = json.loads(ok(shop("pos", "sale", "list", "--posting", "failed", "-f", "json")).out)
    assert [r["number"] for r in listed] == [number]
    still = shop("pos", "post-unposted")
    assert still.code == 4 and f"failed: {number}: account 2299 not found" in still.err
    override_accounts(workspace, 'VAT: "2200"', 'VAT: "2200"')
    fixed = ok(shop("pos", "post-unposted"))
    assert "1 posted, 0 failed" in fixed.err
    assert entry_lines(db, number)["2200"] == D("-1.63")
    assert db.rows("SELECT status, attempts FROM pos_postings WHERE doc_type = 'sale'") == [
        ("posted", 4)
    ]
    again = ok(shop("pos", "post-unposted"))
    assert "0 posted, 0 failed" in again.err
    runs = db.rows(
        "SELECT status, processed FROM job_runs WHERE name = 'pos.post-unposted' ORDER BY id"
    )
    assert runs == [("ok", 0), ("ok", 1), ("ok", 0)]


def test_one_bad_document_does_not_hold_back_the_others(shop, db, workspace) -> None:
    override_accounts(workspace, 'momo: "1020"', 'momo: "1029"')
    january = ok(
        sale(shop, "-b", "ACC-01", "--line", "SOAP=1", "--pay", "momo=6.50", day="2026-01-30")
    ).out.strip()
    february = ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=1", "--pay", "momo=6.50")).out.strip()
    ok(shop("ledger", "period", "close", "2026-01"))
    ok(shop("ledger", "account", "add", "1029", "--name", "Momo 2", "--type", "asset"))
    result = shop("pos", "post-unposted")
    assert result.code == 4 and "1 posted, 1 failed" in result.err
    assert f"failed: {january}: period 2026-01 is closed" in result.err
    statuses = dict(db.rows("SELECT reference, status FROM pos_postings"))
    assert (statuses[january], statuses[february]) == ("failed", "posted")
    only_feb = ok(shop("pos", "post-unposted", "--period", "2026-02"))
    assert "0 posted, 0 failed" in only_feb.err


def test_post_unposted_needs_permission_and_a_valid_period(shop) -> None:
    ok(shop("pos", "staff", "add", "cashier1", "--role", "user", "--branch", "ACC-01"))
    denied = shop("pos", "post-unposted", user="cashier1")
    assert denied.code == 7 and "lacks permission 'pos.post'" in denied.err
    assert shop("pos", "post-unposted", "--period", "2026-13").code == 2


def test_another_run_holds_the_lock(shop, workspace, db, tmp_path) -> None:
    from ledgerctl.jobs.runner import job_run

    till = tmp_path / "t.csv"
    till.write_text(
        "receipt,date,branch,sku,quantity\nL1,2026-02-03,ACC-01,SOAP,1\n", encoding="utf-8"
    )
    ctx = workspace.ctx()
    try:
        with job_run(ctx, "pos.post-unposted"):
            held = shop("pos", "post-unposted")
        with job_run(ctx, "pos.sale-import"):
            importing = shop("pos", "sale", "import", str(till))
        with job_run(ctx, "pos.purge-due"):
            purging = shop("pos", "tenant", "purge-due", "--yes")
    finally:
        ctx.dispose()
    assert (held.code, importing.code, purging.code) == (8, 8, 8), held.err
    assert db.scalar("SELECT COUNT(*) FROM pos_sales") == 0
    ok(shop("pos", "sale", "import", str(till)))


def test_a_crash_mid_run_leaves_whole_documents_only(shop, db, tmp_path, monkeypatch) -> None:
    from ledgerctl.pos import unposted

    till = tmp_path / "t.csv"
    till.write_text(
        "receipt,date,branch,sku,quantity\nA1,2026-02-03,ACC-01,SOAP,1\n"
        "A2,2026-02-04,ACC-01,SOAP,1\nA3,2026-02-05,ACC-01,SOAP,1\n",
        encoding="utf-8",
    )
    ok(shop("pos", "sale", "import", "--defer-posting", str(till)))
    entries_before = db.scalar("SELECT COUNT(*) FROM journal_entries")
    calls = {"n": 0}
    real = unposted.BUILDERS["sale"]

    def flaky(work, amap, job):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(work, amap, job)

    monkeypatch.setattr(unposted, "CHUNK", 1)
    monkeypatch.setitem(unposted.BUILDERS, "sale", flaky)
    crashed = shop("pos", "post-unposted")
    assert crashed.code == 1 and "power cut" in crashed.err
    statuses = db.rows(
        "SELECT reference, status FROM pos_postings WHERE doc_type = 'sale' ORDER BY id"
    )
    assert [s for _, s in statuses] == ["posted", "pending", "pending"]
    assert db.scalar("SELECT COUNT(*) FROM journal_entries") == entries_before + 1
    assert db.scalar("SELECT status FROM job_runs WHERE name = 'pos.post-unposted'") == "failed"
    monkeypatch.setitem(unposted.BUILDERS, "sale", real)
    ok(shop("pos", "post-unposted"))
    assert db.scalar("SELECT COUNT(*) FROM journal_entries") == entries_before + 3
    assert "pos tax accounts" in ok(shop("audit", "check")).out
