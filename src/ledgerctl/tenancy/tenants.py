"""Use cases on tenants: create one (you become its admin), suspend, reactivate, close.

``create_tenant`` is a workflow over an ``AppContext`` (two units of work: the tenant and its
membership, then the chart of accounts in the ledger's own); the status change is one use case.
"""

from __future__ import annotations

from sqlmodel import select

from ledgerctl.context import AppContext
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.core.money import exponent
from ledgerctl.tenancy.domain import TENANT_STATUSES, check_slug
from ledgerctl.tenancy.setup import (
    TenantInfo,
    ensure_membership,
    ensure_tenant,
    tenant_info,
    tenant_row,
)
from ledgerctl.tenancy.tables import Tenant
from ledgerctl.work import Work, load_tenant, use_case


@use_case("tenant.manage")
def add_tenant(work: Work, slug: str, name: str, currency: str) -> TenantInfo:
    """A new tenant with the actor as its admin (no chart of accounts yet)."""
    check_slug(slug)
    exponent(currency)
    if work.session.exec(select(Tenant).where(Tenant.slug == slug)).first():
        raise Conflict(f"tenant {slug!r} already exists; see `ledgerctl tenant show {slug}`")
    tenant, _ = ensure_tenant(work.session, slug, name, currency, work.actor.name)
    ensure_membership(work.session, tenant, work.actor, "admin", work.actor.name)
    return tenant_info(tenant)


def create_tenant(
    ctx: AppContext, slug: str, name: str, currency: str, coa_template: str | None = "retail"
) -> TenantInfo:
    """A new tenant; the creating admin becomes its admin. Optionally installs a chart."""
    check_slug(slug)
    exponent(currency)
    created = add_tenant.run(ctx, slug, name, currency)
    if coa_template:
        from ledgerctl.ledger.api import install_chart

        install_chart(ctx, coa_template, tenant_slug=slug)
    return created


@use_case("tenant.manage")
def set_tenant_status(work: Work, slug: str, status: str, reason: str) -> TenantInfo:
    """Suspend, reactivate or close a tenant (run from an admin's own tenant)."""
    if status not in TENANT_STATUSES:
        raise UsageError(f"status must be one of {', '.join(TENANT_STATUSES)}")
    target = load_tenant(work.session, slug)
    if target.id == work.tenant_id and status != "active":
        raise Conflict(
            f"cannot {status} tenant {slug!r} from inside it; run with "
            "--tenant set to another tenant you administer"
        )
    if target.status == status:
        raise Conflict(f"tenant {slug!r} is already {status}")
    before = tenant_row(target)
    target.status = status
    work.session.add(target)
    work.audit(
        f"tenant.{status}",
        "tenant",
        slug,
        before,
        {**tenant_row(target), "reason": reason},
        tenant_id=target.id,
    )
    return tenant_info(target)
