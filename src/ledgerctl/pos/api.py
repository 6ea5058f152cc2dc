"""The pos group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.

Use cases (``record_sale``, ``sale_document``, ``add_branch`` ...) are called with the caller's
``Work`` inside its transaction, or with ``.run(ctx, ...)`` to open their own unit of work.
They take and return the frozen dataclasses named here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.pos.ar import CustomerAdded, add_customer
    from ledgerctl.pos.ar_report import CustomerRow, list_customers
    from ledgerctl.pos.branches import BranchRow, add_branch, list_branches
    from ledgerctl.pos.catalog import ProductInput, ProductRow, add_product, list_products
    from ledgerctl.pos.documents import (
        DocumentLine,
        DocumentTax,
        DocumentTender,
        SaleDocument,
        sale_document,
    )
    from ledgerctl.pos.domain.taxes import line_amount
    from ledgerctl.pos.drafts import LineDraft, PaymentDraft, SaleDraft
    from ledgerctl.pos.lookup import Site, customer, site
    from ledgerctl.pos.periods import refuse_closed
    from ledgerctl.pos.pricing import PreparedLine, price_sale
    from ledgerctl.pos.returns import load_sale
    from ledgerctl.pos.rules import account_map
    from ledgerctl.pos.sales import SaleRecorded, record_sale
    from ledgerctl.pos.stock import (
        StockLine,
        StockRecorded,
        receive_stock,
        release_reservations,
        reserve_stock,
    )
    from ledgerctl.pos.tables import Reservation

_EXPORTS = {
    "BranchRow": "ledgerctl.pos.branches",
    "CustomerAdded": "ledgerctl.pos.ar",
    "CustomerRow": "ledgerctl.pos.ar_report",
    "DocumentLine": "ledgerctl.pos.documents",
    "DocumentTax": "ledgerctl.pos.documents",
    "DocumentTender": "ledgerctl.pos.documents",
    "LineDraft": "ledgerctl.pos.drafts",
    "PaymentDraft": "ledgerctl.pos.drafts",
    "PreparedLine": "ledgerctl.pos.pricing",
    "ProductInput": "ledgerctl.pos.catalog",
    "ProductRow": "ledgerctl.pos.catalog",
    "Reservation": "ledgerctl.pos.tables",
    "SaleDocument": "ledgerctl.pos.documents",
    "SaleDraft": "ledgerctl.pos.drafts",
    "SaleRecorded": "ledgerctl.pos.sales",
    "Site": "ledgerctl.pos.lookup",
    "StockLine": "ledgerctl.pos.stock",
    "StockRecorded": "ledgerctl.pos.stock",
    "account_map": "ledgerctl.pos.rules",
    "add_branch": "ledgerctl.pos.branches",
    "add_customer": "ledgerctl.pos.ar",
    "add_product": "ledgerctl.pos.catalog",
    "customer": "ledgerctl.pos.lookup",
    "line_amount": "ledgerctl.pos.domain.taxes",
    "list_branches": "ledgerctl.pos.branches",
    "list_customers": "ledgerctl.pos.ar_report",
    "list_products": "ledgerctl.pos.catalog",
    "load_sale": "ledgerctl.pos.returns",
    "price_sale": "ledgerctl.pos.pricing",
    "receive_stock": "ledgerctl.pos.stock",
    "record_sale": "ledgerctl.pos.sales",
    "refuse_closed": "ledgerctl.pos.periods",
    "release_reservations": "ledgerctl.pos.stock",
    "reserve_stock": "ledgerctl.pos.stock",
    "sale_document": "ledgerctl.pos.documents",
    "site": "ledgerctl.pos.lookup",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
