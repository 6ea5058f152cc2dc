"""Find the tenant's branches, locations, products, customers and tax profile by their codes.

Every lookup filters by the work's tenant and, for branches, by the actor's branch scope, and
fails with an error naming the code and the command that lists what exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.pos.tables import Location, Product, TaxProfile
from ledgerctl.tenancy.api import Branch, Party, branch_scope, require_branch
from ledgerctl.work import Work

_BRANCH = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")


def check_branch_code(code: str) -> str:
    """A branch code: 1-16 upper-case letters, digits or '-' (e.g. ACC-01)."""
    if not _BRANCH.match(code):
        raise UsageError(
            f"branch code {code!r} must be 1-16 upper-case letters, digits or '-' (e.g. ACC-01)"
        )
    return code


@dataclass(frozen=True)
class Site:
    """A branch with its stock location."""

    branch: Branch
    location: Location

    @property
    def code(self) -> str:
        return self.branch.code


def _branch(work: Work, code: str) -> Branch:
    branch = work.session.exec(
        select(Branch).where(Branch.tenant_id == work.tenant_id, Branch.code == code.upper())
    ).first()
    if branch is None:
        raise NotFound(
            f"branch {code!r} not found in tenant {work.tenant.slug!r}; see "
            "`ledgerctl pos branch list`"
        )
    return branch


def _location(work: Work, branch: Branch) -> Location:
    location = work.session.exec(
        select(Location).where(
            Location.tenant_id == work.tenant_id, Location.branch_id == branch.id
        )
    ).first()
    if location is None:
        raise NotFound(
            f"branch {branch.code} has no stock location; set it up with "
            f"`ledgerctl pos branch add {branch.code} --name ...`"
        )
    return location


def site(work: Work, code: str) -> Site:
    """The branch ``code`` (in the actor's scope) with its stock location."""
    branch = _branch(work, code)
    require_branch(work, branch)
    return Site(branch, _location(work, branch))


def default_site(work: Work, code: str | None) -> Site:
    """``--branch`` if given; else the actor's only branch; else the tenant's only branch."""
    if code:
        return site(work, code)
    scope = branch_scope(work)
    query = select(Branch).where(Branch.tenant_id == work.tenant_id, Branch.status == "active")
    branches = [
        b
        for b in work.session.exec(query.order_by(Branch.code)).all()
        if scope is None or b.id in scope
    ]
    if len(branches) == 1:
        return Site(branches[0], _location(work, branches[0]))
    if not branches:
        raise NotFound(
            f"tenant {work.tenant.slug!r} has no branch; add one with "
            "`ledgerctl pos branch add CODE --name NAME`"
        )
    raise UsageError(f"pass --branch CODE (branches: {', '.join(b.code for b in branches)})")


def sites_by_id(work: Work) -> dict[int, Site]:
    """Every branch of the tenant that has a stock location, by location id."""
    rows = work.session.exec(
        select(Branch, Location)
        .join(Location, Location.branch_id == Branch.id)  # type: ignore[arg-type]
        .where(Branch.tenant_id == work.tenant_id, Location.tenant_id == work.tenant_id)
    ).all()
    return {loc.id: Site(b, loc) for b, loc in rows}  # type: ignore[misc]


def products_by_sku(work: Work, skus: Iterable[str]) -> dict[str, Product]:
    """The tenant's products with these SKUs (missing ones are simply absent)."""
    wanted = sorted(set(skus))
    found: dict[str, Product] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for p in work.session.exec(
            select(Product).where(Product.tenant_id == work.tenant_id, col(Product.sku).in_(chunk))
        ).all():
            found[p.sku] = p
    return found


def product(work: Work, sku: str) -> Product:
    found = products_by_sku(work, [sku]).get(sku)
    if found is None:
        raise NotFound(f"product {sku!r} not found; see `ledgerctl pos product list`")
    return found


def customers_by_code(work: Work, codes: Iterable[str]) -> dict[str, Party]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = work.session.exec(
        select(Party).where(Party.tenant_id == work.tenant_id, col(Party.code).in_(wanted))
    ).all()
    return {p.code: p for p in rows}


def customer(work: Work, code: str) -> Party:
    found = customers_by_code(work, [code]).get(code)
    if found is None:
        raise NotFound(
            f"customer {code!r} not found; add it with "
            f"`ledgerctl pos customer add {code} --name NAME`"
        )
    return found


def tax_profile(work: Work) -> TaxProfile:
    """The tenant's tax profile (Ghana, standard scheme, shelf prices tax-inclusive, wholesale
    prices tax-exclusive when none was set)."""
    profile = work.session.exec(
        select(TaxProfile).where(TaxProfile.tenant_id == work.tenant_id)
    ).first()
    return profile or TaxProfile(tenant_id=work.tenant_id)
