"""Branches, their stock locations and staff, and the tenant's tax profile (inside a Work).

Adding a branch creates, in the caller's transaction: the branch, its stock location, its
inventory sub-account (``1200-<CODE>`` under the inventory account of ``rules/pos``) and the
pos accounts the chart lacks (stock in transit, stock adjustments). Staff are memberships
with a branch: a manager or cashier works for one branch only (``tenancy.scope``).
"""

from __future__ import annotations

from sqlmodel import select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger.api import accounts_by_code, add_account
from ledgerctl.pos.domain.taxes import PRICE_MODES
from ledgerctl.pos.lookup import Site, check_branch_code, site
from ledgerctl.pos.rules import AccountMap, account_map, regime_book
from ledgerctl.pos.tables import Location, TaxProfile
from ledgerctl.tenancy.api import Branch, Membership, User, branch_scope, role_book
from ledgerctl.work import Work

BRANCH_ROLES = ("manager", "user")  # roles that must name their branch


def ensure_accounts(work: Work, amap: AccountMap) -> list[str]:
    """Add the posting map's extra accounts the tenant's chart lacks; returns codes added."""
    existing = accounts_by_code(work)
    added = []
    for acc in amap.extra_accounts:
        if acc.code not in existing:
            add_account(work, acc.code, acc.name, acc.type)
            added.append(acc.code)
    return added


def _inventory_account(work: Work, amap: AccountMap, branch: Branch) -> str:
    code = amap.branch_inventory(branch.code)
    existing = accounts_by_code(work)
    if code not in existing:
        parent = amap.inventory if amap.inventory in existing else None
        add_account(work, code, f"Inventory - {branch.name}", "asset", parent)
    return code


def branch_row(s: Site) -> dict[str, object]:
    return {
        "code": s.branch.code,
        "name": s.branch.name,
        "status": s.branch.status,
        "inventory_account": s.location.inventory_account,
        "allow_negative_stock": s.location.allow_negative_stock,
        "address": s.location.address,
        "phone": s.location.phone,
    }


def add_branch(
    work: Work,
    code: str,
    name: str,
    *,
    address: str = "",
    phone: str = "",
    email: str = "",
    allow_negative_stock: bool = False,
) -> Site:
    """A new branch with its stock location and inventory account (exit 4 if the code exists)."""
    check_branch_code(code)
    if not name.strip():
        raise UsageError("branch name must not be empty; pass --name")
    if work.session.exec(
        select(Branch).where(Branch.tenant_id == work.tenant_id, Branch.code == code)
    ).first():
        raise Conflict(f"branch {code} already exists; see `ledgerctl pos branch list`")
    amap = account_map(work.ctx.home)
    ensure_accounts(work, amap)
    branch = Branch(tenant_id=work.tenant_id, code=code, name=name.strip())
    work.session.add(branch)
    work.session.flush()
    location = Location(
        tenant_id=work.tenant_id,
        branch_id=branch.id,
        code=code,
        name=f"{name.strip()} stock",
        allow_negative_stock=allow_negative_stock,
        inventory_account=_inventory_account(work, amap, branch),
        address=address,
        phone=phone,
        email=email,
    )
    work.session.add(location)
    work.session.flush()
    result = Site(branch, location)
    work.audit("pos.branch.add", "branch", code, None, branch_row(result))
    return result


def set_branch(
    work: Work,
    code: str,
    *,
    name: str | None = None,
    allow_negative_stock: bool | None = None,
    status: str | None = None,
) -> Site:
    """Rename a branch, allow or refuse negative stock, or deactivate it (audited)."""
    current = site(work, code)
    before = branch_row(current)
    if name is not None:
        current.branch.name = name.strip()
    if allow_negative_stock is not None:
        current.location.allow_negative_stock = allow_negative_stock
    if status is not None:
        if status not in ("active", "inactive"):
            raise UsageError(f"--status {status!r} must be active or inactive")
        current.branch.status = status
    work.session.add(current.branch)
    work.session.add(current.location)
    work.audit("pos.branch.set", "branch", code, before, branch_row(current))
    return current


def list_branches(work: Work) -> list[dict[str, object]]:
    """The tenant's branches (only the actor's own for a branch-scoped user)."""
    scope = branch_scope(work)
    rows = work.session.exec(
        select(Branch, Location)
        .join(Location, Location.branch_id == Branch.id, isouter=True)  # type: ignore[arg-type]
        .where(Branch.tenant_id == work.tenant_id)
        .order_by(Branch.code)
    ).all()
    out = []
    for branch, location in rows:
        if scope is not None and branch.id not in scope:
            continue
        if location is None:
            out.append(
                {
                    "code": branch.code,
                    "name": branch.name,
                    "status": branch.status,
                    "inventory_account": "",
                    "allow_negative_stock": False,
                    "address": "",
                    "phone": "",
                }
            )
        else:
            out.append(branch_row(Site(branch, location)))
    return out


def _user(work: Work, name: str, display_name: str, email: str) -> User:
    from ledgerctl.tenancy.api import check_user_name

    check_user_name(name)
    user = work.session.exec(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name, display_name=display_name, email=email)
        work.session.add(user)
        work.session.flush()
        work.audit("user.add", "user", name, None, {"name": name, "email": email})
    return user


def add_staff(
    work: Work,
    name: str,
    role: str,
    branch_code: str | None,
    *,
    display_name: str = "",
    email: str = "",
) -> dict[str, object]:
    """Give a (new or existing) user a role, limited to a branch (required for manager and
    user). Re-granting a role moves it to the given branch."""
    if role not in role_book(work.ctx.home).roles:
        raise UsageError(
            f"unknown role {role!r}; roles are: {', '.join(sorted(role_book(work.ctx.home).roles))}"
        )
    if role in BRANCH_ROLES and not branch_code:
        raise UsageError(f"role {role} works for one branch; pass --branch CODE")
    branch = site(work, branch_code).branch if branch_code else None
    user = _user(work, name, display_name, email)
    membership = work.session.exec(
        select(Membership).where(
            Membership.tenant_id == work.tenant_id,
            Membership.user_id == user.id,
            Membership.role == role,
        )
    ).first()
    before = None
    if membership is None:
        membership = Membership(tenant_id=work.tenant_id, user_id=user.id, role=role)
    else:
        before = {"role": role, "branch_id": membership.branch_id, "status": membership.status}
    membership.branch_id = branch.id if branch else None
    membership.status = "active"
    work.session.add(membership)
    after = {"user": name, "role": role, "branch": branch.code if branch else None}
    work.audit("pos.staff.add", "user", name, before, after)
    return after


def list_staff(work: Work) -> list[dict[str, object]]:
    """Members of the tenant with their roles and branches (a scoped actor sees their own
    branches' staff)."""
    scope = branch_scope(work)
    codes = {
        b.id: b.code
        for b in work.session.exec(select(Branch).where(Branch.tenant_id == work.tenant_id)).all()
    }
    rows = work.session.exec(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(  # type: ignore[arg-type]
            Membership.tenant_id == work.tenant_id, Membership.status == "active"
        )
        .order_by(User.name, Membership.role)
    ).all()
    return [
        {
            "user": u.name,
            "name": u.display_name,
            "role": m.role,
            "branch": codes.get(m.branch_id, "") if m.branch_id else "(all)",
            "status": u.status,
        }
        for u, m in rows
        if scope is None or m.branch_id in scope
    ]


def profile_row(p: TaxProfile) -> dict[str, object]:
    return {
        "country": p.country,
        "scheme": p.scheme,
        "tin": p.tin,
        "retail_prices": p.retail_prices,
        "wholesale_prices": p.wholesale_prices,
        "fiscal_year_end": p.fiscal_year_end,
    }


def set_tax_profile(
    work: Work,
    *,
    country: str | None = None,
    scheme: str | None = None,
    tin: str | None = None,
    retail_prices: str | None = None,
    wholesale_prices: str | None = None,
) -> TaxProfile:
    """Create or change the tenant's tax profile; the scheme must exist in some regime."""
    from ledgerctl.core.clock import utcnow
    from ledgerctl.pos.lookup import tax_profile

    profile = tax_profile(work)
    before = profile_row(profile) if profile.id else None
    for mode in (retail_prices, wholesale_prices):
        if mode is not None and mode not in PRICE_MODES:
            raise UsageError(f"price convention {mode!r} must be inclusive or exclusive")
    profile.country = country or profile.country
    profile.scheme = scheme or profile.scheme
    book = regime_book(profile.country, work.ctx.home)
    if not any(profile.scheme in r.schemes for r, _ in book.regimes):
        raise UsageError(
            f"tax scheme {profile.scheme!r} is in no {profile.country} regime; "
            "schemes: " + ", ".join(sorted({s for r, _ in book.regimes for s in r.schemes}))
        )
    profile.tin = tin if tin is not None else profile.tin
    profile.retail_prices = retail_prices or profile.retail_prices
    profile.wholesale_prices = wholesale_prices or profile.wholesale_prices
    profile.updated_at = utcnow()
    work.session.add(profile)
    work.session.flush()
    work.audit("pos.tax_profile.set", "tax_profile", work.tenant.slug, before, profile_row(profile))
    return profile


def require_branches(work: Work) -> None:
    """Exit 3 when the tenant has no branch with a stock location yet."""
    if (
        work.session.exec(select(Location.id).where(Location.tenant_id == work.tenant_id)).first()
        is None
    ):
        raise NotFound(
            f"tenant {work.tenant.slug!r} has no branch; add one with "
            "`ledgerctl pos branch add CODE --name NAME`"
        )
