"""Recording sales inside the caller's unit of work: ``record_sale`` and ``record_sales``.

Used by ``pos sale record`` (one sale), ``pos sale import`` (a day's till export) and by other
groups (a lay-by completed is a sale)::

    from ledgerctl.pos.sales import LineDraft, PaymentDraft, SaleDraft, record_sale

    with unit_of_work(ctx, "layby.complete") as work:
        sale = record_sale(work, SaleDraft(
            branch="ACC-01", sale_date=date(2026, 2, 3), customer="C001",
            lines=(LineDraft("RICE-5KG", Decimal(2)),),
            payments=(PaymentDraft("deposit", Decimal("240.00")),),
            reservations=(reservation_id,)))

Every sale: the branch's next gapless invoice number, taxes of the regime in force on its
date (``ledgerctl.pos.pricing``), stock out at moving-average cost (``StockBook``), and its
journal entry (``ledgerctl.pos.posting``), all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import col, select

from ledgerctl.core.errors import Conflict
from ledgerctl.db.bulk import insert_rows
from ledgerctl.pos.drafts import Recorded, SaleDraft
from ledgerctl.pos.pricing import PreparedSale, Pricer, fingerprint
from ledgerctl.pos.sale_posting import audit_sales, post_sales, refresh_statistics
from ledgerctl.pos.stockbook import Move, StockBook
from ledgerctl.pos.tables import (
    Reservation,
    Sale,
    SaleLine,
    SalePayment,
    SaleTax,
)
from ledgerctl.sequences.api import allocate_block
from ledgerctl.work import Work, use_case


def invoice_sequence(branch_code: str) -> tuple[str, str]:
    """Sequence name and pattern of a branch's invoice numbers (ACC-01-INV-2026-000001)."""
    return f"pos.invoice.{branch_code}", f"{branch_code}-INV-{{year}}-{{n:06d}}"


def _skip_duplicates(
    work: Work, pricer: Pricer, drafts: Sequence[SaleDraft], result: Recorded
) -> list[SaleDraft]:
    """Drafts whose till receipt was not recorded before; identical ones are listed in
    ``result.duplicates``, a receipt id reused with other content is refused (exit 4)."""
    keyed = [(d, pricer.site(d.branch)) for d in drafts]
    receipts = {(site.branch.id, d.till_receipt) for d, site in keyed if d.till_receipt}
    if not receipts:
        return list(drafts)
    table = Sale.__table__  # type: ignore[attr-defined]
    known: dict[tuple[int, str], tuple[str, str]] = {}
    for branch_id in {b for b, _ in receipts}:
        wanted = sorted(r for b, r in receipts if b == branch_id)
        for start in range(0, len(wanted), 900):
            rows = work.session.connection().execute(
                select(table.c.till_receipt, table.c.number, table.c.fingerprint).where(
                    table.c.tenant_id == work.tenant_id,
                    table.c.branch_id == branch_id,
                    table.c.till_receipt.in_(wanted[start : start + 900]),
                )
            )
            known.update({(branch_id, r): (n, f) for r, n, f in rows})  # type: ignore[misc]
    fresh = []
    for d, site in keyed:
        hit = known.get((site.branch.id, d.till_receipt or ""))  # type: ignore[arg-type]
        if hit is None:
            fresh.append(d)
        elif hit[1] == fingerprint(d, site.code):
            result.duplicates.append((d.till_receipt or "", hit[0]))
        else:
            where = f"{d.origin}: " if d.origin else ""
            raise Conflict(
                f"{where}till receipt {d.till_receipt} of branch {site.code} was "
                f"recorded before as {hit[0]} with different content; fix the file "
                "or give the receipt a new id"
            )
    return fresh


def _consume_reservations(work: Work, book: StockBook, sale: PreparedSale) -> list[int]:
    if not sale.draft.reservations:
        return []
    rows = work.session.exec(
        select(Reservation).where(
            Reservation.tenant_id == work.tenant_id,
            col(Reservation.id).in_(sale.draft.reservations),
        )
    ).all()
    found = {r.id: r for r in rows}
    keys = {(sale.site.location.id, ln.product.id) for ln in sale.lines}
    for rid in sale.draft.reservations:
        res = found.get(rid)
        if res is None or res.status != "active":
            raise Conflict(f"{sale.where}stock reservation {rid} is not active")
        if (res.location_id, res.product_id) not in keys:
            raise Conflict(
                f"{sale.where}stock reservation {rid} is for another branch or "
                "product than this sale's lines"
            )
        book.unreserve((res.location_id, res.product_id), res.quantity)
    return list(sale.draft.reservations)


def _take_stock(work: Work, sales: list[PreparedSale]) -> tuple[StockBook, list[int]]:
    products = {ln.product.id: ln.product for s in sales for ln in s.lines}
    locations = {s.site.location.id: s.site.location for s in sales}
    book = StockBook(
        work,
        {(s.site.location.id, ln.product.id) for s in sales for ln in s.lines},  # type: ignore[misc]
        products,  # type: ignore[arg-type]
        locations,  # type: ignore[arg-type]
    )
    consumed: list[int] = []
    for sale in sales:
        consumed += _consume_reservations(work, book, sale)
        location = sale.site.location.id
        for ln, drafted in zip(sale.lines, sale.draft.lines, strict=True):
            ln.cost = book.take(
                (location, ln.product_id),  # type: ignore[arg-type]
                ln.quantity,
                where=drafted.origin or sale.where.rstrip(": "),
            )
        sale.cost = sum((ln.cost for ln in sale.lines), Decimal("0.00"))
    return book, consumed


def _number(work: Work, sales: list[PreparedSale]) -> None:
    by_branch: dict[str, list[PreparedSale]] = {}
    for sale in sales:
        by_branch.setdefault(sale.site.code, []).append(sale)
    for code, group in by_branch.items():
        name, pattern = invoice_sequence(code)
        numbers = allocate_block(
            work, name, [s.draft.sale_date for s in group], pattern=pattern, reset="yearly"
        )
        for sale, number in zip(group, numbers, strict=True):
            sale.number = number


SALE_COLUMNS = (
    "tenant_id",
    "branch_id",
    "location_id",
    "number",
    "sale_date",
    "kind",
    "customer_id",
    "price_mode",
    "regime",
    "scheme",
    "net",
    "tax_total",
    "gross",
    "tendered",
    "change_given",
    "cost",
    "till_receipt",
    "fingerprint",
    "source",
    "created_by",
    "created_at",
)


def _sale_row(work: Work, s: PreparedSale) -> tuple[object, ...]:
    return (
        work.tenant_id,
        s.site.branch.id,
        s.site.location.id,
        s.number,
        s.draft.sale_date,
        s.draft.kind,
        s.customer_id,
        s.mode,
        s.regime,
        s.scheme,
        s.net,
        s.tax_total,
        s.gross,
        s.tendered,
        s.change,
        s.cost,
        s.draft.till_receipt,
        s.fingerprint,
        s.draft.source,
        work.actor.name,
        s.created_at,
    )


def _ids(work: Work, numbers: list[str]) -> dict[str, int]:
    table = Sale.__table__  # type: ignore[attr-defined]
    found: dict[str, int] = {}
    for start in range(0, len(numbers), 900):
        rows = work.session.connection().execute(
            select(table.c.number, table.c.id).where(
                table.c.tenant_id == work.tenant_id,
                table.c.number.in_(numbers[start : start + 900]),
            )
        )
        found.update({n: i for n, i in rows})
    return found


def _insert_sales(work: Work, sales: list[PreparedSale]) -> None:
    conn, t = work.session.connection(), work.tenant_id
    insert_rows(
        conn,
        Sale.__table__,  # type: ignore[attr-defined]
        SALE_COLUMNS,
        (_sale_row(work, s) for s in sales),
    )
    ids = _ids(work, [s.number for s in sales])
    for sale in sales:
        sale.id = ids[sale.number]
    insert_rows(
        conn,
        SaleLine.__table__,  # type: ignore[attr-defined]
        (
            "tenant_id",
            "sale_id",
            "line_no",
            "product_id",
            "quantity",
            "unit_price",
            "tax_class",
            "net",
            "tax_total",
            "gross",
            "cost",
            "taxes",
        ),
        (
            (
                t,
                s.id,
                i,
                ln.product_id,
                ln.quantity,
                ln.unit_price,
                ln.tax_class,
                ln.taxes.net,
                ln.taxes.tax_total,
                ln.taxes.gross,
                ln.cost,
                ln.taxes.taxes_json,
            )
            for s in sales
            for i, ln in enumerate(s.lines, start=1)
        ),
        raw=("taxes",),
    )
    insert_rows(
        conn,
        SaleTax.__table__,  # type: ignore[attr-defined]
        ("tenant_id", "sale_id", "code", "rate", "amount"),
        (
            (t, s.id, code, s.rates[code], amount)
            for s in sales
            for code, amount in s.tax_totals.items()
        ),
    )
    insert_rows(
        conn,
        SalePayment.__table__,  # type: ignore[attr-defined]
        ("tenant_id", "sale_id", "tender", "amount", "tendered"),
        ((t, s.id, p.tender, p.amount, p.tendered) for s in sales for p in s.payments),
    )


def _movements(book: StockBook, sales: list[PreparedSale]) -> None:
    for s in sales:
        location, day = s.site.location.id, s.draft.sale_date
        for ln in s.lines:
            book.record(
                Move(
                    (location, ln.product_id),  # type: ignore[arg-type]
                    day,
                    "sale",
                    -ln.quantity,
                    -ln.cost,
                    "sale",
                    s.id,
                    s.number,
                )
            )


def _mark_reservations(work: Work, ids: list[int]) -> None:
    for res in work.session.exec(
        select(Reservation).where(
            Reservation.tenant_id == work.tenant_id, col(Reservation.id).in_(ids)
        )
    ).all():
        res.status = "sold"
        work.session.add(res)


def record_sales(
    work: Work, drafts: Sequence[SaleDraft], *, defer_posting: bool = False, label: str = ""
) -> Recorded:
    """Record sales, all or nothing (see the module docstring). Till receipts recorded before
    with the same content are skipped and listed in ``duplicates``. ``label`` names an
    import file: its sales post as the posting map's ``import_posting`` says (one entry per
    branch and day by default); without a label every sale gets its own entry."""
    from ledgerctl.pos.periods import refuse_closed

    result = Recorded()
    pricer = Pricer(work)
    pricer.preload(drafts)
    fresh = _skip_duplicates(work, pricer, drafts, result)
    if not fresh:
        return result
    sales = [pricer.prepare(d) for d in fresh]
    refuse_closed(work, [(s.draft.sale_date, s.where) for s in sales])
    book, consumed = _take_stock(work, sales)
    _number(work, sales)
    _insert_sales(work, sales)
    _movements(book, sales)
    book.flush()
    if consumed:
        _mark_reservations(work, consumed)
    post_sales(work, pricer, sales, defer_posting, bool(label), result)
    audit_sales(work, sales, label)
    refresh_statistics(work, len(sales))
    result.sales = sales
    return result


@dataclass(frozen=True)
class SaleRecorded:
    """A sale recorded (or, for a till receipt recorded before, the earlier sale)."""

    number: str
    net: Decimal
    taxes: dict[str, Decimal]
    gross: Decimal
    change: Decimal
    posting: str
    entry: str | None
    error: str
    duplicate: bool


@use_case("pos.sale")
def record_sale(work: Work, draft: SaleDraft, *, defer_posting: bool = False) -> SaleRecorded:
    """Record one sale in the caller's transaction (see ``record_sales``).

    A till receipt recorded before with the same content returns the earlier sale with
    ``duplicate`` set; nothing is written."""
    result = record_sales(work, [draft], defer_posting=defer_posting)
    if result.duplicates:
        number = result.duplicates[0][1]
        sale = work.session.exec(
            select(Sale).where(Sale.tenant_id == work.tenant_id, Sale.number == number)
        ).one()
        return SaleRecorded(number, sale.net, {}, sale.gross, sale.change_given, "", None, "", True)
    s = result.sales[0]
    return SaleRecorded(
        s.number,
        s.net,
        dict(s.tax_totals),
        s.gross,
        s.change,
        result.posting_status,
        s.entry_number,
        result.posting_error,
        False,
    )
