"""Trial balance on a lean read path: SQLAlchemy Core only, no ORM or SQLModel import.

``ledger trial-balance`` is run by people and scripts many times a day; importing the ORM
costs more than the query itself (about 0.3 s against 20 ms). This module does what
``unit_of_work(ctx, "ledger.read", write=False)`` does — one read transaction, tenant and
actor resolved, active membership and permission checked, with the same messages — using
three small SQL statements, then reads whole months from ``period_totals`` and the as-of
month's postings only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from ledgerctl.context import AppContext
from ledgerctl.core.clock import period_of
from ledgerctl.core.errors import NotFound, PermissionDenied
from ledgerctl.ledger.domain import TrialBalance, build_trial_balance

CENTS = Decimal("0.01")  # the Money column stores every amount as minor units of 2 places


def _one(conn: Connection, sql: str, **params: object) -> tuple | None:  # type: ignore[type-arg]
    row = conn.execute(text(sql), params).first()
    return tuple(row) if row is not None else None


def _tenant_id(conn: Connection, ctx: AppContext, permission: str) -> int:
    from ledgerctl.tenancy.roles import role_allows, role_book

    slug, name = ctx.tenant_slug, ctx.actor_name
    tenant = _one(conn, "SELECT id, status FROM tenants WHERE slug = :s", s=slug)
    if tenant is None:
        raise NotFound(f"tenant {slug!r} not found; see `ledgerctl tenant list`")
    user = _one(conn, "SELECT id, status FROM users WHERE name = :n", n=name)
    if user is None:
        raise PermissionDenied(
            f"user {name!r} is not a ledgerctl user; pass --user NAME or ask an admin to run "
            f"`ledgerctl user add {name}`")
    if user[1] != "active":
        raise PermissionDenied(f"user {name!r} is disabled; an admin can re-enable it")
    roles = sorted(r[0] for r in conn.execute(text(
        "SELECT role FROM memberships WHERE tenant_id = :t AND user_id = :u "
        "AND status = 'active'"), {"t": tenant[0], "u": user[0]}))
    if not roles:
        raise PermissionDenied(
            f"user {name!r} is not a member of tenant {slug!r}; an admin can add them with "
            f"`ledgerctl user grant {name} ROLE --tenant {slug}`")
    if tenant[1] == "closed":
        raise PermissionDenied(f"tenant {slug!r} is closed; its data is archived")
    if not role_allows(role_book(ctx.home), roles, permission):
        raise PermissionDenied(
            f"user {name!r} lacks permission {permission!r} in tenant {slug!r} (roles: "
            f"{', '.join(roles)}); an admin can grant a role with "
            f"`ledgerctl user grant {name} ROLE`")
    return int(tenant[0])


@contextmanager
def read_transaction(ctx: AppContext, permission: str) -> Iterator[tuple[Connection, int]]:
    """A read-only transaction for the context's tenant after the permission check."""
    with ctx.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="DEFERRED")
        with conn.begin():
            yield conn, _tenant_id(conn, ctx, permission)


def _money(minor: int | Decimal) -> Decimal:
    return (Decimal(minor) * CENTS).quantize(CENTS)


def _nets(conn: Connection, tenant_id: int, as_of: date) -> dict[tuple[int, str], Decimal]:
    nets: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    months = conn.execute(text(
        "SELECT account_id, currency, SUM(debit) - SUM(credit) FROM period_totals "
        "WHERE tenant_id = :t AND period_code < :p GROUP BY account_id, currency"),
        {"t": tenant_id, "p": period_of(as_of)})
    for acc, cur, net in months:
        nets[(acc, cur)] += _money(net)
    days = text(
        "SELECT account_id, currency, SUM(amount) FROM postings WHERE tenant_id = :t "
        "AND entry_date >= :a AND entry_date <= :b GROUP BY account_id, currency"
    ).bindparams(bindparam("a", type_=Date()), bindparam("b", type_=Date()))
    for acc, cur, net in conn.execute(days, {"t": tenant_id, "a": as_of.replace(day=1),
                                             "b": as_of}):
        nets[(acc, cur)] += _money(net)
    return dict(nets)


def trial_balance(ctx: AppContext, as_of: date) -> TrialBalance:
    """The tenant's trial balance at the end of ``as_of`` (permission ``ledger.read``)."""
    with read_transaction(ctx, "ledger.read") as (conn, tenant_id):
        accounts = {row[0]: (row[1], row[2], row[3]) for row in conn.execute(text(
            "SELECT id, code, name, type FROM accounts WHERE tenant_id = :t"), {"t": tenant_id})}
        return build_trial_balance(as_of, accounts, _nets(conn, tenant_id, as_of))
