"""Use cases of ``pos branch``: add, change and list branches with their stock locations.

Adding a branch creates, in the caller's transaction: the branch, its stock location, its
inventory sub-account (``1200-<CODE>`` under the inventory account of ``rules/pos``) and the
pos accounts the chart lacks (stock in transit, stock adjustments).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger.api import accounts_by_code, add_account
from ledgerctl.pos.lookup import Site, check_branch_code, site
from ledgerctl.pos.rules import AccountMap, account_map
from ledgerctl.pos.tables import Location
from ledgerctl.tenancy.api import Branch, branch_scope
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class BranchRow:
    """A branch with its stock location's settings."""

    code: str
    name: str
    status: str
    inventory_account: str
    allow_negative_stock: bool
    address: str
    phone: str


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


def branch_row(s: Site) -> BranchRow:
    return BranchRow(
        s.branch.code,
        s.branch.name,
        s.branch.status,
        s.location.inventory_account,
        s.location.allow_negative_stock,
        s.location.address,
        s.location.phone,
    )


@use_case("pos.branch")
def add_branch(
    work: Work,
    code: str,
    name: str,
    *,
    address: str = "",
    phone: str = "",
    email: str = "",
    allow_negative_stock: bool = False,
) -> BranchRow:
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
        branch_id=branch.id,  # type: ignore[arg-type]
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
    row = branch_row(Site(branch, location))
    work.audit("pos.branch.add", "branch", code, None, asdict(row))
    return row


@use_case("pos.branch")
def set_branch(
    work: Work,
    code: str,
    *,
    name: str | None = None,
    allow_negative_stock: bool | None = None,
    status: str | None = None,
) -> BranchRow:
    """Rename a branch, allow or refuse negative stock, or deactivate it (audited)."""
    current = site(work, code)
    before = asdict(branch_row(current))
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
    row = branch_row(current)
    work.audit("pos.branch.set", "branch", code, before, asdict(row))
    return row


@use_case("pos.read", write=False)
def list_branches(work: Work) -> list[BranchRow]:
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
            out.append(BranchRow(branch.code, branch.name, branch.status, "", False, "", ""))
        else:
            out.append(branch_row(Site(branch, location)))
    return out


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
