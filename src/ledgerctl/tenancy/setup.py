"""Make a workspace and onboard tenants, users and memberships (idempotent building blocks).

``init_workspace`` is a workflow over an ``AppContext``, not a single unit of work: it makes
the folders and settings file, migrates the database, then in one transaction ensures the
default tenant, the invoking user and their admin membership, and finally installs the chart
of accounts in the ledger's own unit of work. The ``ensure_*`` helpers work inside a session
the caller opened (pos onboarding uses them through the api).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from ledgerctl.audit.api import chain
from ledgerctl.context import AppContext
from ledgerctl.core.money import exponent
from ledgerctl.db.session import transaction
from ledgerctl.tenancy.domain import check_user_name
from ledgerctl.tenancy.tables import Membership, Tenant, User
from ledgerctl.workspace.api import (
    SETTINGS_FILE,
    WORKSPACE_DIRS,
    Settings,
    render_settings_file,
)


@dataclass(frozen=True)
class TenantInfo:
    """A tenant as listings, audit rows and command results show it."""

    id: int | None
    slug: str
    name: str
    status: str
    base_currency: str


@dataclass(frozen=True)
class InitResult:
    """What ``ledgerctl init`` made (nothing when ``already``)."""

    home: Path
    created_files: tuple[str, ...]
    tenant: str
    admin: str
    already: bool


def tenant_info(t: Tenant) -> TenantInfo:
    return TenantInfo(t.id, t.slug, t.name, t.status, t.base_currency)


def tenant_row(t: Tenant) -> dict[str, object]:
    """A tenant as the audit log records it (before/after)."""
    return {
        "id": t.id,
        "slug": t.slug,
        "name": t.name,
        "status": t.status,
        "base_currency": t.base_currency,
    }


def ensure_tenant(
    session: Session, slug: str, name: str, currency: str, actor: str
) -> tuple[Tenant, bool]:
    """The tenant ``slug``, created (and audited) when missing; True when it was created."""
    tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is not None:
        return tenant, False
    tenant = Tenant(slug=slug, name=name, base_currency=currency.upper())
    session.add(tenant)
    session.flush()
    assert tenant.id is not None
    chain.append(
        session, tenant.id, actor, "tenant.create", "tenant", slug, None, tenant_row(tenant)
    )
    return tenant, True


def ensure_user(session: Session, name: str) -> User:
    """The user ``name``, created when missing (not audited: a membership grant is)."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name)
        session.add(user)
        session.flush()
    return user


def ensure_membership(session: Session, tenant: Tenant, user: User, role: str, actor: str) -> bool:
    """Give ``user`` the ``role`` in ``tenant`` (audited); False when it was already active."""
    assert tenant.id is not None and user.id is not None
    existing = session.exec(
        select(Membership).where(
            Membership.tenant_id == tenant.id,
            Membership.user_id == user.id,
            Membership.role == role,
        )
    ).first()
    if existing is not None:
        if existing.status == "active":
            return False
        existing.status = "active"
        session.add(existing)
    else:
        session.add(Membership(tenant_id=tenant.id, user_id=user.id, role=role))
    chain.append(
        session,
        tenant.id,
        actor,
        "user.grant",
        "user",
        user.name,
        None,
        {"user": user.name, "role": role},
    )
    return True


def _make_folders(home: Path, settings: Settings) -> list[str]:
    created = []
    home.mkdir(parents=True, exist_ok=True)
    for name in WORKSPACE_DIRS:
        if not (home / name).is_dir():
            (home / name).mkdir()
            created.append(name + "/")
    toml = home / SETTINGS_FILE
    if not toml.exists():
        toml.write_text(render_settings_file(settings), encoding="utf-8")
        created.append(SETTINGS_FILE)
    return created


def init_workspace(
    path: Path,
    ctx: AppContext,
    *,
    tenant_name: str = "My Business",
    currency: str = "GHS",
    coa_template: str | None = "retail",
) -> InitResult:
    """Make (or re-check) a workspace: folders, settings, database, default tenant, admin."""
    from ledgerctl.db import migrate
    from ledgerctl.workspace.api import load_settings

    exponent(currency)
    home = path.resolve()
    created = _make_folders(
        home, Settings(home=home, business_name=tenant_name, base_currency=currency.upper())
    )
    ctx.home_option = str(home)
    ctx.__dict__.pop("home", None)
    ctx.__dict__.pop("settings", None)
    settings = load_settings(home, ctx.overrides)
    migrate.upgrade(ctx.engine)
    actor = check_user_name(ctx.actor_name)
    with transaction(ctx.engine) as session:
        tenant, new_tenant = ensure_tenant(
            session, settings.default_tenant, tenant_name, currency, actor
        )
        user = ensure_user(session, actor)
        granted = ensure_membership(session, tenant, user, "admin", actor)
    if new_tenant and coa_template:
        from ledgerctl.ledger.api import install_chart

        install_chart(ctx, coa_template, tenant_slug=tenant.slug)
    return InitResult(
        home, tuple(created), tenant.slug, actor, already=not (created or new_tenant or granted)
    )
