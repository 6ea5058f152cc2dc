"""Use cases of tenancy: make a workspace, manage tenants, users and their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from ledgerctl.audit.api import chain
from ledgerctl.context import AppContext
from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.core.money import exponent
from ledgerctl.db.session import transaction
from ledgerctl.tenancy.roles import role_book
from ledgerctl.tenancy.tables import Membership, Tenant, User
from ledgerctl.work import Work, load_tenant, unit_of_work
from ledgerctl.workspace.api import (
    SETTINGS_FILE,
    WORKSPACE_DIRS,
    Settings,
    render_settings_file,
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
TENANT_STATUSES = ("active", "suspended", "closed")


def check_slug(slug: str) -> str:
    if not _SLUG.match(slug):
        raise UsageError(f"tenant id {slug!r} must be lower-case letters, digits, - or _")
    return slug


def check_user_name(name: str) -> str:
    if not _USER.match(name):
        raise UsageError(f"user name {name!r} must be letters, digits, '.', '_', '@' or '-'")
    return name


def tenant_row(t: Tenant) -> dict[str, object]:
    return {
        "id": t.id,
        "slug": t.slug,
        "name": t.name,
        "status": t.status,
        "base_currency": t.base_currency,
    }


@dataclass
class InitResult:
    home: Path
    created_files: list[str]
    tenant: str
    admin: str
    already: bool


def ensure_tenant(
    session: Session, slug: str, name: str, currency: str, actor: str
) -> tuple[Tenant, bool]:
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


def _ensure_user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name)
        session.add(user)
        session.flush()
    return user


def ensure_membership(session: Session, tenant: Tenant, user: User, role: str, actor: str) -> bool:
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
    assert tenant.id is not None
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
        user = _ensure_user(session, actor)
        granted = ensure_membership(session, tenant, user, "admin", actor)
    if new_tenant and coa_template:
        from ledgerctl.ledger.api import use_cases as ledger_service

        ledger_service.install_chart(ctx, coa_template, tenant_slug=tenant.slug)
    return InitResult(
        home, created, tenant.slug, actor, already=not (created or new_tenant or granted)
    )


def create_tenant(
    ctx: AppContext, slug: str, name: str, currency: str, coa_template: str | None = "retail"
) -> dict[str, object]:
    """A new tenant; the creating admin becomes its admin. Optionally installs a chart."""
    check_slug(slug)
    exponent(currency)
    with unit_of_work(ctx, "tenant.manage") as work:
        if work.session.exec(select(Tenant).where(Tenant.slug == slug)).first():
            raise Conflict(f"tenant {slug!r} already exists; see `ledgerctl tenant show {slug}`")
        tenant, _ = ensure_tenant(work.session, slug, name, currency, work.actor.name)
        ensure_membership(work.session, tenant, work.actor, "admin", work.actor.name)
        row = tenant_row(tenant)
    if coa_template:
        from ledgerctl.ledger.api import use_cases as ledger_service

        ledger_service.install_chart(ctx, coa_template, tenant_slug=slug)
    return row


def list_tenants(ctx: AppContext) -> list[dict[str, object]]:
    """Every tenant the actor is a member of (all tenants for an admin of the current one)."""
    with unit_of_work(ctx, "tenant.read", write=False) as work:
        tenants = work.session.exec(select(Tenant).order_by(Tenant.slug)).all()
        if not work.can("tenant.manage"):
            member_of = set(
                work.session.exec(
                    select(Membership.tenant_id).where(
                        Membership.user_id == work.actor.id, Membership.status == "active"
                    )
                ).all()
            )
            tenants = [t for t in tenants if t.id in member_of]
        return [tenant_row(t) for t in tenants]


def show_tenant(ctx: AppContext, slug: str) -> dict[str, object]:
    """A tenant with its members and their roles."""
    with unit_of_work(ctx, "tenant.read", write=False, tenant_slug=slug) as work:
        members = work.session.exec(
            select(User.name, Membership.role, Membership.status)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.tenant_id == work.tenant_id)
            .order_by(User.name, Membership.role)
        ).all()
        row = tenant_row(work.tenant)
        row["members"] = [f"{n}:{r}" + ("" if s == "active" else f" ({s})") for n, r, s in members]
        return row


def set_tenant_status(ctx: AppContext, slug: str, status: str, reason: str) -> dict[str, object]:
    """Suspend, reactivate or close a tenant (run from an admin's own tenant)."""
    if status not in TENANT_STATUSES:
        raise UsageError(f"status must be one of {', '.join(TENANT_STATUSES)}")
    with unit_of_work(ctx, "tenant.manage") as work:
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
        return tenant_row(target)


def _known_role(work: Work, role: str) -> str:
    book = role_book(work.ctx.home)
    if role not in book.roles:
        raise UsageError(f"unknown role {role!r}; roles are: {', '.join(sorted(book.roles))}")
    return role


def _load_user(work: Work, name: str) -> User:
    user = work.session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"user {name!r} not found; add it with `ledgerctl user add {name}`")
    return user


def add_user(
    ctx: AppContext, name: str, roles: list[str], display_name: str = "", email: str = ""
) -> dict[str, object]:
    """A new user, member of the current tenant with the given roles."""
    check_user_name(name)
    with unit_of_work(ctx, "user.manage") as work:
        for role in roles:
            _known_role(work, role)
        if work.session.exec(select(User).where(User.name == name)).first():
            raise Conflict(f"user {name!r} already exists; use `ledgerctl user grant {name} ROLE`")
        user = User(name=name, display_name=display_name, email=email)
        work.session.add(user)
        work.session.flush()
        work.audit("user.add", "user", name, None, {"name": name, "email": email})
        for role in roles:
            ensure_membership(work.session, work.tenant, user, role, work.actor.name)
        return {"name": name, "roles": roles}


def list_users(ctx: AppContext) -> list[dict[str, object]]:
    """Users who are members of the current tenant, with their roles."""
    with unit_of_work(ctx, "user.read", write=False) as work:
        rows = work.session.exec(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.tenant_id == work.tenant_id, Membership.status == "active")
            .order_by(User.name)
        ).all()
        users: dict[str, dict[str, object]] = {}
        for user, role in rows:
            entry = users.setdefault(
                user.name,
                {"name": user.name, "status": user.status, "email": user.email, "roles": []},
            )
            entry["roles"].append(role)  # type: ignore[union-attr]
        return [{**u, "roles": ", ".join(u["roles"])} for u in users.values()]  # type: ignore[arg-type]


def grant_role(ctx: AppContext, name: str, role: str) -> bool:
    """Give a user a role in the current tenant. False when they had it already."""
    with unit_of_work(ctx, "user.manage") as work:
        _known_role(work, role)
        user = _load_user(work, name)
        return ensure_membership(work.session, work.tenant, user, role, work.actor.name)


def revoke_role(ctx: AppContext, name: str, role: str) -> None:
    """Take a role away; refuses to remove the tenant's last admin."""
    with unit_of_work(ctx, "user.manage") as work:
        user = _load_user(work, name)
        membership = work.session.exec(
            select(Membership).where(
                Membership.tenant_id == work.tenant_id,
                Membership.user_id == user.id,
                Membership.role == role,
                Membership.status == "active",
            )
        ).first()
        if membership is None:
            raise NotFound(f"user {name!r} does not have role {role!r} in {work.tenant.slug!r}")
        if role == "admin" and _admin_count(work) <= 1:
            raise Conflict(
                f"{name!r} is the last admin of {work.tenant.slug!r}; grant admin to "
                "someone else first"
            )
        membership.status = "revoked"
        work.session.add(membership)
        work.audit("user.revoke", "user", name, {"role": role}, None)


def _admin_count(work: Work) -> int:
    return len(
        work.session.exec(
            select(Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.tenant_id == work.tenant_id,
                Membership.role == "admin",
                Membership.status == "active",
                User.status == "active",
            )
        ).all()
    )


def disable_user(ctx: AppContext, name: str) -> None:
    """Disable a user everywhere: every later command they run is refused (exit 7)."""
    with unit_of_work(ctx, "user.manage") as work:
        user = _load_user(work, name)
        if user.id == work.actor.id:
            raise Conflict("you cannot disable yourself; ask another admin")
        if user.status == "disabled":
            raise Conflict(f"user {name!r} is already disabled")
        user.status = "disabled"
        work.session.add(user)
        work.audit("user.disable", "user", name, {"status": "active"}, {"status": "disabled"})
