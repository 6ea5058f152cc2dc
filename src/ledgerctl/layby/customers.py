"""Which customers may take lay-bys: the seed's ``allowLayby`` flag, kept in the layby-owned
table ``layby_customers`` keyed by the shared customer (``parties.id``) - the shared table
is not changed. Enable one customer, or every active customer at once (the seed's bulk
enable); disable; list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import Conflict, UsageError
from ledgerctl.layby.tables import LaybyCustomer
from ledgerctl.pos.api import customer
from ledgerctl.tenancy.api import Party
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class CustomerRow:
    """One line of `layby customer list`."""

    code: str
    name: str
    phone: str
    email: str
    allow_layby: bool
    changed_by: str
    changed_at: datetime | None


@dataclass(frozen=True)
class CustomerChange:
    """`layby customer enable|disable`: whom (codes, or every active customer), and why."""

    codes: tuple[str, ...]
    allowed: bool
    all_active: bool = False
    note: str = ""


@dataclass(frozen=True)
class CustomersChanged:
    """The customers whose flag changed (those that already had it are left out)."""

    codes: tuple[str, ...]


def _flag(work: Work, party_id: int) -> LaybyCustomer | None:
    return work.session.exec(
        select(LaybyCustomer).where(
            LaybyCustomer.tenant_id == work.tenant_id, LaybyCustomer.party_id == party_id
        )
    ).first()


def _set(work: Work, party: Party, allowed: bool, note: str) -> bool:
    """Set the flag; False when it already had that value."""
    flag = _flag(work, party.id)  # type: ignore[arg-type]
    if flag is not None and flag.allowed == allowed:
        return False
    if flag is None:
        flag = LaybyCustomer(
            tenant_id=work.tenant_id,
            party_id=party.id,  # type: ignore[arg-type]
            changed_by=work.actor.name,
        )
    before = None if flag.id is None else {"allowed": flag.allowed}
    flag.allowed, flag.note = allowed, note
    flag.changed_at, flag.changed_by = utcnow(), work.actor.name
    work.session.add(flag)
    work.audit(
        "layby.customer.enable" if allowed else "layby.customer.disable",
        "party",
        party.code,
        before,
        {"allowed": allowed, "note": note},
    )
    return True


def set_allowed(
    work: Work, codes: list[str], allowed: bool, *, all_active: bool = False, note: str = ""
) -> list[str]:
    """Enable or disable lay-by for the customers ``codes`` (or every active customer);
    returns the codes that changed."""
    if all_active and codes:
        raise UsageError("give customer codes or --all-active, not both")
    if all_active:
        if not allowed:
            raise UsageError("--all-active only enables; disable customers one by one")
        parties = list(
            work.session.exec(
                select(Party)
                .where(
                    Party.tenant_id == work.tenant_id,
                    Party.kind == "customer",
                    Party.status == "active",
                )
                .order_by(Party.code)
            ).all()
        )
    elif not codes:
        raise UsageError("give one or more customer codes (or --all-active)")
    else:
        parties = [customer(work, code) for code in codes]
    return [p.code for p in parties if _set(work, p, allowed, note)]


def require_allowed(work: Work, party: Party) -> None:
    """Exit 4 unless the customer is enabled for lay-by."""
    flag = _flag(work, party.id)  # type: ignore[arg-type]
    if flag is None or not flag.allowed:
        raise Conflict(
            f"customer {party.code} is not enabled for lay-by (allowLayby is off); "
            f"a manager can enable it with `ledgerctl layby customer enable "
            f"{party.code}`"
        )
    if party.status != "active":
        raise Conflict(f"customer {party.code} is {party.status}; lay-bys need an active customer")


@use_case("layby.manage")
def set_customers(work: Work, change: CustomerChange) -> CustomersChanged:
    """`layby customer enable|disable`."""
    changed = set_allowed(
        work, list(change.codes), change.allowed, all_active=change.all_active, note=change.note
    )
    return CustomersChanged(tuple(changed))


@use_case("layby.read", write=False)
def list_customers(work: Work) -> list[CustomerRow]:
    """Every customer with its lay-by flag."""
    flags = {
        f.party_id: f
        for f in work.session.exec(
            select(LaybyCustomer).where(LaybyCustomer.tenant_id == work.tenant_id)
        ).all()
    }
    rows = work.session.exec(
        select(Party)
        .where(Party.tenant_id == work.tenant_id, Party.kind == "customer")
        .order_by(col(Party.code))
    ).all()
    out = []
    for p in rows:
        flag = flags.get(p.id or 0)
        out.append(
            CustomerRow(
                p.code,
                p.name,
                p.phone,
                p.email,
                bool(flag and flag.allowed),
                flag.changed_by if flag else "",
                flag.changed_at if flag else None,
            )
        )
    return out
