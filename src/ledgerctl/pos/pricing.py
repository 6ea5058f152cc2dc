"""Turn a ``SaleDraft`` into a priced, taxed, paid ``PreparedSale`` (no writes).

Checks every input (kind, SKU, quantity, price, customer, tenders) and names the draft's
origin in its error; picks the catalog price for retail or wholesale, the price convention
(tax-inclusive or exclusive) of the tenant's tax profile, and the tax regime in force on the
sale's date; computes each line's taxes (``ledgerctl.pos.domain.taxes``) and the tenders and change
(``ledgerctl.pos.domain.tender``). Catalog, branches and rules are loaded once per batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.pos import lookup
from ledgerctl.pos.domain.pricing import line_quantity, price_mode, unit_price
from ledgerctl.pos.domain.taxes import LineTaxes, TaxRate, compute_taxes, sum_taxes
from ledgerctl.pos.domain.tender import Tendered, settle
from ledgerctl.pos.lookup import Site
from ledgerctl.pos.rules import account_map, regime_book
from ledgerctl.pos.tables import Product
from ledgerctl.work import Work

if TYPE_CHECKING:
    from ledgerctl.pos.drafts import LineDraft, SaleDraft


@dataclass
class PreparedLine:
    product: Product
    quantity: Decimal
    unit_price: Decimal
    taxes: LineTaxes
    cost: Decimal = Decimal("0.00")
    product_id: int = 0  # plain copies of the product's id and tax class (hot loops)
    tax_class: str = ""


@dataclass
class PreparedSale:
    """A sale ready to store: lines with taxes, totals, tenders; number/id/cost filled later."""

    draft: SaleDraft
    site: Site
    customer_id: int | None
    regime: str
    scheme: str
    mode: str
    lines: list[PreparedLine]
    tax_totals: dict[str, Decimal]
    rates: dict[str, str]
    payments: list[Tendered]
    change: Decimal
    fingerprint: str = ""
    number: str = ""
    id: int = 0
    cost: Decimal = Decimal("0.00")
    entry_number: str | None = None
    created_at: datetime = field(default_factory=utcnow)

    @property
    def where(self) -> str:
        return f"{self.draft.origin}: " if self.draft.origin else ""

    @cached_property
    def net(self) -> Decimal:
        return sum((ln.taxes.net for ln in self.lines), Decimal("0.00"))

    @cached_property
    def tax_total(self) -> Decimal:
        return sum(self.tax_totals.values(), Decimal("0.00"))

    @cached_property
    def gross(self) -> Decimal:
        return sum((ln.taxes.gross for ln in self.lines), Decimal("0.00"))

    @cached_property
    def tendered(self) -> Decimal:
        return sum((p.tendered for p in self.payments), Decimal("0.00"))

    def summary(self) -> dict[str, object]:
        return {
            "number": self.number,
            "branch": self.site.code,
            "date": self.draft.sale_date,
            "kind": self.draft.kind,
            "regime": self.regime,
            "net": self.net,
            "taxes": self.tax_totals,
            "gross": self.gross,
            "cost": self.cost,
            "payments": {p.tender: p.amount for p in self.payments},
            "change": self.change,
            "till_receipt": self.draft.till_receipt,
        }


def fingerprint(draft: SaleDraft, branch: str) -> str:
    """SHA-256 of what a till receipt says, to tell a re-import from a clash."""
    parts = [
        branch,
        draft.sale_date.isoformat(),
        draft.kind,
        draft.customer or "",
        draft.price_mode or "",
    ]
    parts += [f"{ln.sku}={ln.quantity}@{ln.unit_price}" for ln in draft.lines]
    parts += [f"{p.tender}={p.amount}" for p in draft.payments]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class Pricer:
    """Prices drafts for one unit of work, caching catalog, branches and rules."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.amap = account_map(work.ctx.home)
        self.profile = lookup.tax_profile(work)
        self.book = regime_book(self.profile.country, work.ctx.home)
        self.sites: dict[str | None, Site] = {}
        self.products: dict[str, Product] = {}
        self.customers: dict[str, int] = {}
        self.rates: dict[tuple[str, str], tuple[TaxRate, ...]] = {}
        self.computed: dict[tuple[object, ...], LineTaxes] = {}  # same line, same taxes

    def preload(self, drafts: Sequence[SaleDraft]) -> None:
        """Load every SKU and customer the drafts name in a few queries."""
        skus = {ln.sku for d in drafts for ln in d.lines} - set(self.products)
        self.products.update(lookup.products_by_sku(self.work, skus))
        codes = {d.customer for d in drafts if d.customer} - set(self.customers)
        self.customers.update(
            {c: p.id for c, p in lookup.customers_by_code(self.work, codes).items()}  # type: ignore[misc]
        )

    def site(self, code: str | None) -> Site:
        if code not in self.sites:
            self.sites[code] = lookup.default_site(self.work, code)
        return self.sites[code]

    def _product(self, sku: str, where: str) -> Product:
        if sku not in self.products:
            self.preload_one(sku)
        found = self.products.get(sku)
        if found is None:
            raise NotFound(
                f"{where}unknown SKU {sku!r}; add it with `ledgerctl pos product "
                "add` or fix the line"
            )
        if found.status != "active":
            raise UsageError(f"{where}product {sku} is {found.status}; it cannot be sold")
        return found

    def preload_one(self, sku: str) -> None:
        self.products.update(lookup.products_by_sku(self.work, [sku]))

    def _customer(self, code: str | None, where: str) -> int | None:
        if not code:
            return None
        if code not in self.customers:
            found = lookup.customers_by_code(self.work, [code]).get(code)
            if found is None:
                raise NotFound(
                    f"{where}customer {code!r} not found; add it with "
                    f"`ledgerctl pos customer add {code} --name NAME`"
                )
            self.customers[code] = found.id  # type: ignore[assignment]
        return self.customers[code]

    def _rates(self, regime: object, tax_class: str) -> tuple[TaxRate, ...]:
        key = (regime.regime, tax_class)  # type: ignore[attr-defined]
        if key not in self.rates:
            self.rates[key] = regime.rates(self.profile.scheme, tax_class)  # type: ignore[attr-defined]
        return self.rates[key]

    def _mode(self, draft: SaleDraft, where: str) -> str:
        p = self.profile
        return price_mode(draft.kind, draft.price_mode, p.retail_prices, p.wholesale_prices, where)

    def _line(
        self, ln: LineDraft, kind: str, mode: str, regime: object, where: str
    ) -> PreparedLine:
        product = self._product(ln.sku, where)
        qty = line_quantity(ln.sku, ln.quantity, where)
        price = unit_price(
            ln.sku, ln.unit_price, kind, product.price, product.wholesale_price, where
        )
        key = (qty, price, mode, regime.regime, product.tax_class)  # type: ignore[attr-defined]
        taxes = self.computed.get(key)
        if taxes is None:
            taxes = compute_taxes(qty, price, mode, self._rates(regime, product.tax_class))
            self.computed[key] = taxes
        return PreparedLine(
            product,
            qty,
            price,
            taxes,
            product_id=product.id,  # type: ignore[arg-type]
            tax_class=product.tax_class,
        )

    def prepare(self, draft: SaleDraft) -> PreparedSale:
        where = f"{draft.origin}: " if draft.origin else ""
        if not draft.lines:
            raise UsageError(f"{where}a sale needs at least one line (--line SKU=QTY)")
        site = self.site(draft.branch)
        mode = self._mode(draft, where)
        customer_id = self._customer(draft.customer, where)
        regime = self.book.for_date(draft.sale_date)
        lines = [
            self._line(ln, draft.kind, mode, regime, f"{ln.origin}: " if ln.origin else where)
            for ln in draft.lines
        ]
        gross = sum((ln.taxes.gross for ln in lines), Decimal("0.00"))
        payments, change = settle(
            gross,
            [(p.tender, p.amount) for p in draft.payments],
            has_customer=customer_id is not None,
            tenders=self.amap.tenders.keys(),
            where=where.rstrip(": "),
        )
        rates = {t.code: str(t.rate) for t in regime.schemes[self.profile.scheme].taxes}
        return PreparedSale(
            draft,
            site,
            customer_id,
            regime.regime,
            self.profile.scheme,
            mode,
            lines,
            sum_taxes([ln.taxes for ln in lines]),
            rates,
            payments,
            change,
            fingerprint(draft, site.code) if draft.till_receipt else "",
        )


def price_sale(work: Work, draft: SaleDraft) -> PreparedSale:
    """Price, tax and settle a draft without recording anything (a lay-by quote, a fiscal
    receipt preview): the same numbers ``record_sale`` would store."""
    pricer = Pricer(work)
    pricer.preload([draft])
    return pricer.prepare(draft)
