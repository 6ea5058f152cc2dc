"""Use cases of the pos group: one function per command, each in one unit of work.

The work-level functions they call (``record_sale``, ``record_return``, ``receive_stock``,
``send_transfer``, ``compute_taxes`` ...) are for other groups: they run inside the caller's
transaction. Tenant onboarding/offboarding and the scheduled jobs are in ``service_admin``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.work import unit_of_work


def add_branch(ctx: AppContext, code: str, name: str, **fields: Any) -> dict[str, object]:
    from ledgerctl.pos import branches

    with unit_of_work(ctx, "pos.branch") as work:
        return branches.branch_row(branches.add_branch(work, code, name, **fields))


def set_branch(ctx: AppContext, code: str, **fields: Any) -> dict[str, object]:
    from ledgerctl.pos import branches

    with unit_of_work(ctx, "pos.branch") as work:
        return branches.branch_row(branches.set_branch(work, code, **fields))


def list_branches(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.pos import branches

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return branches.list_branches(work)


def add_staff(
    ctx: AppContext, name: str, role: str, branch: str | None, **fields: Any
) -> dict[str, object]:
    from ledgerctl.pos import branches

    with unit_of_work(ctx, "pos.staff") as work:
        return branches.add_staff(work, name, role, branch, **fields)


def list_staff(ctx: AppContext) -> list[dict[str, object]]:
    from ledgerctl.pos import branches

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return branches.list_staff(work)


def tax_profile(ctx: AppContext, **changes: Any) -> dict[str, object]:
    """Show the tax profile, or change it when any field is given."""
    from ledgerctl.pos import branches, lookup

    wanted = {k: v for k, v in changes.items() if v is not None}
    with unit_of_work(ctx, "pos.setup" if wanted else "pos.read", write=bool(wanted)) as work:
        profile = branches.set_tax_profile(work, **wanted) if wanted else lookup.tax_profile(work)
        return branches.profile_row(profile)


def add_product(ctx: AppContext, item: Any) -> dict[str, object]:
    from ledgerctl.pos import catalog

    with unit_of_work(ctx, "pos.product") as work:
        return catalog.product_row(catalog.add_product(work, item))


def set_product(ctx: AppContext, item: Any) -> dict[str, object]:
    from ledgerctl.pos import catalog

    with unit_of_work(ctx, "pos.product") as work:
        return catalog.product_row(catalog.set_product(work, item))


def list_products(ctx: AppContext, search: str | None) -> list[dict[str, object]]:
    from ledgerctl.pos import catalog

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return catalog.list_products(work, search)


def import_products(ctx: AppContext, path: Path) -> Any:
    from ledgerctl.pos import catalog

    with unit_of_work(ctx, "pos.product") as work:
        return catalog.import_products(work, path)


def stock_document(
    ctx: AppContext,
    kind: str,
    branch: str | None,
    lines: Sequence[Any],
    day: date,
    *,
    reason: str = "",
    credit_account: str | None = None,
) -> dict[str, object]:
    """``stock receive`` (kind receipt) or ``stock adjust`` (kind adjustment)."""
    from ledgerctl.pos import stock

    with unit_of_work(ctx, "pos.stock") as work:
        if kind == "receipt":
            doc = stock.receive_stock(
                work, branch, lines, day, credit_account=credit_account, reference=reason
            )
        else:
            doc = stock.adjust_stock(work, branch, lines, day, reason)
        return {"number": doc.number, "value": doc.value, "variance": doc.variance}


def stock_levels(ctx: AppContext, branch: str | None, sku: str | None) -> list[dict[str, object]]:
    from ledgerctl.pos import stock

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return stock.stock_levels(work, branch, sku)


def stock_movements(ctx: AppContext, **filters: Any) -> list[dict[str, object]]:
    from ledgerctl.pos import stock

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return stock.stock_movements(work, **filters)


def record_sale(ctx: AppContext, draft: Any) -> dict[str, object]:
    """``pos sale record``: one sale; returns its number, totals and posting status."""
    from ledgerctl.pos.sales import record_sales

    with unit_of_work(ctx, "pos.sale") as work:
        result = record_sales(work, [draft])
        if result.duplicates:
            return {"number": result.duplicates[0][1], "duplicate": True}
        s = result.sales[0]
        return {
            "number": s.number,
            "net": s.net,
            "taxes": s.tax_totals,
            "gross": s.gross,
            "change": s.change,
            "posting": result.posting_status,
            "entry": s.entry_number,
            "error": result.posting_error,
            "duplicate": False,
        }


def show_sale(ctx: AppContext, number: str) -> list[dict[str, object]]:
    from ledgerctl.pos import views

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return views.sale_rows(views.sale_view(work, number))


def list_sales(ctx: AppContext, **filters: Any) -> list[dict[str, object]]:
    from ledgerctl.pos import views

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return views.list_sales(work, **filters)


def record_return(
    ctx: AppContext,
    sale: str,
    lines: Sequence[Any] | None,
    day: date,
    refunds: Sequence[tuple[str, Decimal]],
    reason: str,
    branch: str | None,
) -> dict[str, object]:
    from ledgerctl.pos import returns

    with unit_of_work(ctx, "pos.return") as work:
        ret = returns.record_return(
            work, sale, lines, day, refunds=refunds, reason=reason, branch=branch
        )
        return {
            "number": ret.number,
            "net": ret.net,
            "tax": ret.tax_total,
            "gross": ret.gross,
            "cost": ret.cost,
        }


def list_returns(ctx: AppContext, **filters: Any) -> list[dict[str, object]]:
    from ledgerctl.pos import views

    with unit_of_work(ctx, "pos.read", write=False) as work:
        return views.list_returns(work, **filters)
