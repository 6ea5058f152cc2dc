"""Tenant lifecycle of the seed's runbook (inside the admin's Work): onboard in one
transaction; offboard in stages export -> suspend -> purge (after a grace period).

Both are run by an admin from their own tenant (``tenant.manage``) for another tenant. Rows
of the other tenant are written through ``as_tenant``: a Work for that tenant sharing the
admin's transaction, with the Postgres row-level-security tenant switched to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from ledgerctl.access import Access, resolve_access
from ledgerctl.core.clock import today, utcnow
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.db.rls import set_tenant
from ledgerctl.pos.tables import Offboarding
from ledgerctl.tenancy.api import Tenant
from ledgerctl.work import Work, load_tenant, use_case

DEFAULT_GRACE_DAYS = 30


@contextmanager
def as_tenant(work: Work, tenant: Tenant, roles: tuple[str, ...] = ("admin",)) -> Iterator[Work]:
    """A Work for ``tenant`` in the same transaction (RLS switched there and back)."""
    access = Access(tenant.id, tenant.slug, work.actor.id, work.actor.name, roles)  # type: ignore[arg-type]
    conn = work.session.connection()
    set_tenant(conn, tenant.id)  # type: ignore[arg-type]
    try:
        yield Work(work.ctx, work.session, tenant, work.actor, access)
    finally:
        set_tenant(conn, work.tenant_id)


@dataclass(frozen=True)
class Onboarding:
    slug: str
    name: str
    branch_code: str
    branch_name: str
    admin: str
    admin_name: str = ""
    admin_email: str = ""
    admin_role: str = "director"
    currency: str = "GHS"
    chart: str = "retail"
    period: str | None = None
    scheme: str = "standard"
    tin: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Onboarded:
    """What onboarding created."""

    tenant: str
    name: str
    branch: str
    inventory_account: str
    accounts: int
    template_accounts: int
    period: str
    scheme: str
    admin: str
    admin_role: str


@dataclass(frozen=True)
class OffboardRow:
    """One tenant's offboarding: its stage, archives and dates."""

    tenant: str
    stage: str
    exported_at: datetime | None
    export_dir: str
    archive_sha256: str
    suspended_at: datetime | None
    purge_after: date | None
    purge_approved: bool
    purged_at: datetime | None
    final_archive: str
    final_sha256: str


@dataclass(frozen=True)
class TableCount:
    """Rows of one table (what a purge would delete)."""

    table: str
    rows: int


@use_case("tenant.manage")
def onboard(work: Work, plan: Onboarding) -> Onboarded:
    """Tenant, you as its admin, chart of accounts, first fiscal period, tax profile, main
    branch with its stock location, and the tenant's admin user: all or nothing."""
    from ledgerctl.core.clock import parse_period, period_of
    from ledgerctl.ledger.api import chart, require_open
    from ledgerctl.pos.branches import add_branch
    from ledgerctl.pos.staff import BRANCH_ROLES, add_staff
    from ledgerctl.pos.tax_profile import set_tax_profile
    from ledgerctl.tenancy.api import check_slug, ensure_membership, ensure_tenant

    check_slug(plan.slug)
    period = (
        parse_period(plan.period, field="--first-period") if plan.period else period_of(today())
    )
    template = chart.load_template(plan.chart, work.ctx.home)
    if work.session.exec(select(Tenant).where(Tenant.slug == plan.slug)).first():
        raise Conflict(f"tenant {plan.slug!r} already exists; see `ledgerctl tenant list`")
    tenant, _ = ensure_tenant(work.session, plan.slug, plan.name, plan.currency, work.actor.name)
    ensure_membership(work.session, tenant, work.actor, "admin", work.actor.name)
    with as_tenant(work, tenant) as new:
        accounts = chart.install_into(new, template, plan.chart)
        require_open(new, {period})
        set_tax_profile(new, scheme=plan.scheme, tin=plan.tin)
        site = add_branch(
            new,
            plan.branch_code,
            plan.branch_name,
            address=plan.address,
            phone=plan.phone,
            email=plan.email,
        )
        branch = plan.branch_code if plan.admin_role in BRANCH_ROLES else None
        staff = add_staff(
            new,
            plan.admin,
            plan.admin_role,
            branch,
            display_name=plan.admin_name,
            email=plan.admin_email,
        )
        done = Onboarded(
            plan.slug,
            plan.name,
            site.code,
            site.inventory_account,
            len(chart.accounts_by_code(new)),
            accounts,
            period,
            plan.scheme,
            staff.user,
            plan.admin_role,
        )
        summary = asdict(done)
        new.audit("pos.tenant.onboard", "tenant", plan.slug, None, summary)
    work.audit("pos.tenant.onboard", "tenant", plan.slug, None, summary)
    return done


def _target(work: Work, slug: str) -> Tenant:
    """Another tenant the actor is a member of (exit 7 if not; 4 for the actor's own)."""
    tenant = load_tenant(work.session, slug)
    if tenant.id == work.tenant_id:
        raise Conflict(
            f"cannot offboard tenant {slug!r} from inside it; run with --tenant "
            "set to another tenant you administer"
        )
    resolve_access(work.session.connection(), work.ctx, None, write=False, tenant_slug=slug)
    return tenant


def _record(work: Work, slug: str) -> Offboarding | None:
    return work.session.exec(
        select(Offboarding).where(
            Offboarding.tenant_id == work.tenant_id, Offboarding.target_slug == slug
        )
    ).first()


def offboard_row(o: Offboarding) -> OffboardRow:
    return OffboardRow(
        o.target_slug,
        o.stage,
        o.exported_at,
        o.export_dir,
        o.archive_sha256,
        o.suspended_at,
        o.purge_after,
        o.purge_approved,
        o.purged_at,
        o.final_archive,
        o.final_sha256,
    )


def export(work: Work, slug: str, folder: Path) -> Offboarding:
    """Stage 1: Excel + Parquet + a verified backup archive of every row of the tenant."""
    from ledgerctl.pos.export import write_parquet_files, write_workbook_file
    from ledgerctl.tenancy.api import verify_archive, write_archive

    tenant = _target(work, slug)
    record = _record(work, slug)
    if record is not None and record.stage != "exported":
        raise Conflict(
            f"tenant {slug} is already {record.stage}; its export is in {record.export_dir}"
        )
    with as_tenant(work, tenant, ("viewer",)) as other:
        write_workbook_file(other, folder / f"{slug}-export.xlsx")
        write_parquet_files(other, folder)
        archive = write_archive(
            work.session.connection(),
            tenant.id,  # type: ignore[arg-type]
            folder / f"{slug}-backup.jsonl.gz",
        )
    verify_archive(archive.path)
    record = record or Offboarding(
        tenant_id=work.tenant_id,
        target_tenant_id=tenant.id,
        target_slug=slug,
        export_dir="",
        archive_sha256="",
    )
    record.export_dir, record.archive_sha256 = str(folder), archive.sha256
    record.exported_at = utcnow()
    work.session.add(record)
    work.audit(
        "pos.tenant.export",
        "tenant",
        slug,
        None,
        {"folder": str(folder), "archive_sha256": archive.sha256, "rows": archive.rows},
    )
    return record


def suspend(work: Work, slug: str, grace_days: int, approve: bool, reason: str) -> Offboarding:
    """Stage 2: users refused, data readable; purge possible after ``grace_days``."""
    if grace_days < 0:
        raise UsageError("--grace-days must be 0 or more")
    tenant = _target(work, slug)
    record = _record(work, slug)
    if record is None:
        raise Conflict(
            f"export tenant {slug} first: `ledgerctl pos tenant offboard {slug} --stage export`"
        )
    if record.stage != "exported":
        raise Conflict(f"tenant {slug} is already {record.stage}")
    before = {"status": tenant.status}
    tenant.status = "suspended"
    work.session.add(tenant)
    record.stage, record.suspended_at = "suspended", utcnow()
    record.purge_after = today() + timedelta(days=grace_days)
    record.purge_approved, record.reason = approve, reason
    work.session.add(record)
    after = {
        "status": "suspended",
        "purge_after": record.purge_after,
        "approved": approve,
        "reason": reason,
    }
    work.audit("pos.tenant.suspend", "tenant", slug, before, after)
    work.audit("tenant.suspended", "tenant", slug, before, after, tenant_id=tenant.id)
    return record


@use_case("tenant.manage", write=False)
def purge_preview(work: Work, slug: str) -> list[TableCount]:
    """Rows per table a purge of ``slug`` would delete (nothing is changed)."""
    from sqlalchemy import func
    from sqlalchemy import select as core_select

    from ledgerctl.tenancy.api import tenant_tables

    tenant = _target(work, slug)
    conn = work.session.connection()
    set_tenant(conn, tenant.id)  # type: ignore[arg-type]
    counts = {
        t.name: conn.execute(
            core_select(func.count()).select_from(t).where(t.c.tenant_id == tenant.id)
        ).scalar_one()
        for t in tenant_tables()
    }
    set_tenant(conn, work.tenant_id)
    return [TableCount(name, n) for name, n in sorted(counts.items()) if n]


def purge(work: Work, slug: str, on: date, archive_dir: Path) -> Offboarding:
    """Stage 3: final verified archive, then every row of the tenant deleted (exit 4 before
    the grace period ends)."""
    from ledgerctl.tenancy.api import delete_tenant, verify_archive, write_archive

    record = _record(work, slug)
    if record is None or record.stage != "suspended":
        raise Conflict(
            f"tenant {slug} must be exported and suspended first (stage: "
            f"{record.stage if record else 'not offboarding'})"
        )
    if record.purge_after is not None and on < record.purge_after:
        raise Conflict(
            f"tenant {slug} is in its grace period until {record.purge_after}; "
            "purge it after that date"
        )
    tenant = _target(work, slug)
    conn = work.session.connection()
    set_tenant(conn, tenant.id)  # type: ignore[arg-type]
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    archive = write_archive(conn, tenant.id, archive_dir / f"{slug}-final-{stamp}.jsonl.gz")  # type: ignore[arg-type]
    verify_archive(archive.path)
    record.target_tenant_id = None
    work.session.add(record)
    work.session.flush()
    deleted = delete_tenant(conn, tenant.id)  # type: ignore[arg-type]
    set_tenant(conn, work.tenant_id)
    work.session.expunge(tenant)
    record.stage, record.purged_at = "purged", utcnow()
    record.final_archive, record.final_sha256 = str(archive.path), archive.sha256
    work.session.add(record)
    work.audit(
        "pos.tenant.purge",
        "tenant",
        slug,
        None,
        {
            "archive": str(archive.path),
            "sha256": archive.sha256,
            "rows": archive.rows,
            "deleted": deleted,
        },
    )
    return record


def due(work: Work, on: date) -> list[Offboarding]:
    """Suspended tenants of this admin tenant whose grace period is over."""
    return list(
        work.session.exec(
            select(Offboarding).where(
                Offboarding.tenant_id == work.tenant_id,
                Offboarding.stage == "suspended",
                Offboarding.purge_after <= on,  # type: ignore[operator]
            )
        ).all()
    )


@use_case("tenant.manage", write=False)
def offboarding(work: Work) -> list[OffboardRow]:
    """Tenants being offboarded from this tenant, with their stage and archives."""
    rows = work.session.exec(
        select(Offboarding).where(Offboarding.tenant_id == work.tenant_id).order_by(Offboarding.id)  # type: ignore[arg-type]
    ).all()
    return [offboard_row(o) for o in rows]


def require_known(work: Work, slug: str) -> None:
    if (
        _record(work, slug) is None
        and work.session.exec(select(Tenant).where(Tenant.slug == slug)).first() is None
    ):
        raise NotFound(f"tenant {slug!r} not found; see `ledgerctl tenant list`")
