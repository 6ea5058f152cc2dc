"""The pos group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.pos import service as use_cases
    from ledgerctl.pos import service_ops as ops_use_cases
    from ledgerctl.pos.catalog import ProductInput
    from ledgerctl.pos.domain.taxes import line_amount
    from ledgerctl.pos.lookup import Site, customer, site
    from ledgerctl.pos.periods import refuse_closed
    from ledgerctl.pos.pricing import PreparedLine, price_sale
    from ledgerctl.pos.returns import load_sale
    from ledgerctl.pos.rules import account_map
    from ledgerctl.pos.sales import LineDraft, PaymentDraft, SaleDraft, record_sale
    from ledgerctl.pos.stock import StockLine, release_reservations, reserve_stock
    from ledgerctl.pos.tables import Product, Reservation, SaleLine, SalePayment

_EXPORTS = {
    "LineDraft": "ledgerctl.pos.sales",
    "PaymentDraft": "ledgerctl.pos.sales",
    "PreparedLine": "ledgerctl.pos.pricing",
    "Product": "ledgerctl.pos.tables",
    "ProductInput": "ledgerctl.pos.catalog",
    "Reservation": "ledgerctl.pos.tables",
    "SaleDraft": "ledgerctl.pos.sales",
    "SaleLine": "ledgerctl.pos.tables",
    "SalePayment": "ledgerctl.pos.tables",
    "Site": "ledgerctl.pos.lookup",
    "StockLine": "ledgerctl.pos.stock",
    "account_map": "ledgerctl.pos.rules",
    "customer": "ledgerctl.pos.lookup",
    "line_amount": "ledgerctl.pos.domain.taxes",
    "load_sale": "ledgerctl.pos.returns",
    "ops_use_cases": "module:ledgerctl.pos.service_ops",
    "price_sale": "ledgerctl.pos.pricing",
    "record_sale": "ledgerctl.pos.sales",
    "refuse_closed": "ledgerctl.pos.periods",
    "release_reservations": "ledgerctl.pos.stock",
    "reserve_stock": "ledgerctl.pos.stock",
    "site": "ledgerctl.pos.lookup",
    "use_cases": "module:ledgerctl.pos.service",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
