"""Tenant lifecycle: onboarding in one transaction; offboarding in stages (export, suspend,
purge after the grace period) with verified archives; the scheduled purge."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ledgerctl.core.errors import IntegrityProblem
from ledgerctl.tenancy.archive import read_archive, verify_archive
from tests.pos.conftest import ok

ONBOARD = (
    "pos",
    "tenant",
    "onboard",
    "acme",
    "--name",
    "ACME Trading Company",
    "--branch-code",
    "ACC-01",
    "--branch-name",
    "Accra Head Office",
    "--admin",
    "john",
    "--admin-name",
    "John Owusu",
    "--tin",
    "C0001234567",
    "--first-period",
    "2026-02",
)


def acme(cli, *args: str):  # type: ignore[no-untyped-def]
    return cli("--tenant", "acme", *args, user="john")


@pytest.fixture
def onboarded(cli):  # type: ignore[no-untyped-def]
    ok(cli(*ONBOARD))
    ok(
        acme(
            cli, "pos", "product", "add", "RICE", "--name", "Rice", "--price", "120", "--cost", "70"
        )
    )
    ok(acme(cli, "pos", "stock", "receive", "RICE=10", "--date", "2026-02-02"))
    ok(acme(cli, "pos", "sale", "record", "-l", "RICE=2", "--date", "2026-02-03"))
    return cli


def test_onboarding_sets_up_everything_in_one_go(onboarded, db) -> None:
    cli = onboarded
    tid = db.scalar("SELECT id FROM tenants WHERE slug = 'acme'")
    from ledgerctl.ledger.chart import load_template

    chart = len(load_template("retail").accounts)  # + stock in transit, adjustments, branch
    assert db.scalar("SELECT COUNT(*) FROM accounts WHERE tenant_id = :t", t=tid) == chart + 3
    assert db.rows("SELECT code, status FROM fiscal_periods WHERE tenant_id = :t", t=tid) == [
        ("2026-02", "open")
    ]
    assert db.rows("SELECT scheme, tin FROM pos_tax_profiles WHERE tenant_id = :t", t=tid) == [
        ("standard", "C0001234567")
    ]
    assert (
        db.scalar("SELECT inventory_account FROM pos_locations WHERE tenant_id = :t", t=tid)
        == "1200-ACC-01"
    )
    members = db.rows(
        "SELECT u.name, m.role, m.branch_id FROM memberships m JOIN users u ON "
        "u.id = m.user_id WHERE m.tenant_id = :t ORDER BY u.name",
        t=tid,
    )
    assert members == [("admin", "admin", None), ("john", "director", None)]
    profile = json.loads(ok(acme(cli, "pos", "tax-profile", "show", "-f", "json")).out)
    assert profile["tin"] == "C0001234567"
    trail = ok(acme(cli, "audit", "verify"))
    assert "intact" in trail.out + trail.err or trail.code == 0


def test_bad_onboarding_leaves_nothing_behind(cli, db) -> None:
    before = db.counts()
    tenants = db.scalar("SELECT COUNT(*) FROM tenants")
    for args, code, text in [
        (("--branch-code", "acc 01"), 2, "branch code 'acc 01' must be"),
        (("--first-period", "2026-13"), 2, "--first-period: '2026-13' is not a period"),
        (("--admin-role", "manager", "--admin", "bad name!"), 2, "user name 'bad name!'"),
        (("--scheme", "nonsense"), 2, "tax scheme 'nonsense' is in no ghana regime"),
    ]:
        wanted = list(ONBOARD)
        for flag, value in zip(args[::2], args[1::2], strict=True):
            if flag in wanted:
                wanted[wanted.index(flag) + 1] = value
            else:
                wanted += [flag, value]
        result = cli(*wanted)
        assert result.code == code and text in result.err, result.err
    assert db.scalar("SELECT COUNT(*) FROM tenants") == tenants
    assert db.counts() == before
    ok(cli(*ONBOARD))
    again = cli(*ONBOARD)
    assert again.code == 4 and "tenant 'acme' already exists" in again.err


def test_offboarding_stages(onboarded, db, workspace) -> None:
    cli = onboarded
    early = cli("pos", "tenant", "offboard", "acme", "--stage", "suspend")
    assert early.code == 4 and "export tenant acme first" in early.err
    own = cli("--tenant", "acme", "pos", "tenant", "offboard", "acme", "--stage", "export")
    assert own.code == 4 and "from inside it" in own.err
    ok(cli("pos", "tenant", "offboard", "acme", "--stage", "export"))
    folder = next((workspace.home / "output" / "offboarding").iterdir())
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "acme-backup.jsonl.gz",
        "acme-backup.manifest.json",
        "acme-export.xlsx",
        "customers.parquet",
        "journal.parquet",
        "products.parquet",
        "sale_lines.parquet",
        "sales.parquet",
        "stock_movements.parquet",
    ]
    archive = verify_archive(folder / "acme-backup.jsonl.gz")
    assert archive.tables["pos_sales"] == 1 and archive.tables["tenants"] == 1
    from openpyxl import load_workbook

    wb = load_workbook(folder / "acme-export.xlsx")
    assert wb.sheetnames == ["Customers", "Products", "Stock", "Sales", "Returns", "Trial balance"]
    assert wb["Sales"]["A2"].value == "ACC-01-INV-2026-000001"
    import pyarrow.parquet as pq

    assert pq.read_table(folder / "sales.parquet").column("gross").to_pylist()[0] == __import__(
        "decimal"
    ).Decimal("240.00")
    ok(
        cli(
            "pos",
            "tenant",
            "offboard",
            "acme",
            "--stage",
            "suspend",
            "--grace-days",
            "30",
            "--reason",
            "contract ended",
        )
    )
    refused = acme(cli, "pos", "sale", "record", "-l", "RICE=1", "--date", "2026-02-04")
    assert refused.code == 7 and "suspended" in refused.err
    assert len(json.loads(ok(acme(cli, "pos", "sale", "list", "-f", "json")).out)) == 1
    too_soon = cli("pos", "tenant", "offboard", "acme", "--stage", "purge", "--yes")
    assert too_soon.code == 4 and "grace period until" in too_soon.err
    no_tty = cli("pos", "tenant", "offboard", "acme", "--stage", "purge")
    assert no_tty.code == 2 and "pass --yes" in no_tty.err
    due = ok(cli("pos", "tenant", "purge-due", "--yes"))
    assert "0 purged, 0 awaiting approval" in due.err
    assert db.scalar("SELECT COUNT(*) FROM pos_sales") == 1


def test_purge_after_grace_writes_a_final_archive_and_deletes_every_row(
    onboarded, db, workspace
) -> None:
    cli = onboarded
    tid = db.scalar("SELECT id FROM tenants WHERE slug = 'acme'")
    ok(cli("pos", "tenant", "offboard", "acme", "--stage", "export"))
    ok(cli("pos", "tenant", "offboard", "acme", "--stage", "suspend", "--grace-days", "0"))
    waiting = ok(cli("pos", "tenant", "purge-due", "--yes"))
    assert "acme: grace period over, awaiting approval" in waiting.err
    own_rows = db.scalar("SELECT COUNT(*) FROM journal_entries WHERE tenant_id <> :t", t=tid)
    preview = ok(cli("pos", "tenant", "offboard", "acme", "--stage", "purge", "--dry-run"))
    assert "pos_sales" in preview.out and "journal_entries" in preview.out
    assert db.scalar("SELECT COUNT(*) FROM pos_sales WHERE tenant_id = :t", t=tid) == 1
    default_id = int(db.scalar("SELECT id FROM tenants WHERE slug = 'default'"))
    from tests.pos.test_isolation import snapshot

    mine = snapshot(db, default_id)
    ok(cli("pos", "tenant", "offboard", "acme", "--stage", "purge", "--yes"))
    after = snapshot(db, default_id)
    for table in set(mine) - {"audit_log", "pos_offboardings", "job_runs"}:
        assert after[table] == mine[table], table
    assert db.scalar("SELECT COUNT(*) FROM tenants WHERE slug = 'acme'") == 0
    for table in (
        "pos_sales",
        "journal_entries",
        "postings",
        "audit_log",
        "memberships",
        "accounts",
        "pos_stock_movements",
        "sequences",
    ):
        assert db.scalar(f"SELECT COUNT(*) FROM {table} WHERE tenant_id = :t", t=tid) == 0
    assert (
        db.scalar("SELECT COUNT(*) FROM journal_entries WHERE tenant_id <> :t", t=tid) == own_rows
    )
    record = json.loads(ok(cli("pos", "tenant", "offboarding", "-f", "json")).out)[0]
    assert record["stage"] == "purged"
    final = Path(record["final_archive"])
    assert verify_archive(final).sha256 == record["final_sha256"]
    tables = {t for t, _ in read_archive(final)}
    assert {"tenants", "users", "pos_sales", "postings", "audit_log"} <= tables
    purge_audit = db.rows("SELECT action FROM audit_log WHERE action = 'pos.tenant.purge'")
    assert purge_audit == [("pos.tenant.purge",)]
    assert cli("--tenant", "acme", "pos", "sale", "list").code == 3


def test_a_changed_archive_fails_verification(onboarded, workspace, tmp_path) -> None:
    ok(
        onboarded(
            "pos", "tenant", "offboard", "acme", "--stage", "export", "-o", str(tmp_path / "out")
        )
    )
    archive = tmp_path / "out" / "acme-backup.jsonl.gz"
    assert verify_archive(archive).tables["pos_sales"] == 1
    with gzip.open(archive, "rt") as fh:
        lines = fh.read()
    assert '"gross": 24000' in lines
    with gzip.open(archive, "wt") as fh:
        fh.write(lines.replace('"gross": 24000', '"gross": 24001'))
    with pytest.raises(IntegrityProblem, match="SHA-256/size differ from the manifest"):
        verify_archive(archive)
    # even with the manifest's file checksum forged, the per-table hash finds the change
    manifest_path = tmp_path / "out" / "acme-backup.manifest.json"
    manifest = json.loads(manifest_path.read_text())
    from ledgerctl.tenancy.archive import _file_hash

    manifest["sha256"], manifest["bytes"] = _file_hash(archive)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IntegrityProblem, match=r"table pos_sale(s|_lines) differs from"):
        verify_archive(archive)
