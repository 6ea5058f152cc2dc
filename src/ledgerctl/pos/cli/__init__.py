"""Command line of the `pos` group: one module per command word, mounted here.

``cli/sale.py`` is ``ledgerctl pos sale ...``, ``cli/return_.py`` is ``ledgerctl pos return
...``. A command parses its options, calls one use case and renders through
``ledgerctl.console``.
"""

from __future__ import annotations

import typer

from ledgerctl.pos.cli import (
    ar,
    branch,
    customer,
    day,
    post_unposted,
    product,
    return_,
    sale,
    staff,
    stock,
    tax_profile,
    tenant,
    transfer,
)

app = typer.Typer(
    help="Point-of-sale back office: tenants, branches, catalog, stock, sales with Ghana "
    "taxes, returns, transfers, customers on account, day summary, ledger postings.",
    no_args_is_help=True,
)
app.add_typer(tenant.app, name="tenant")
app.add_typer(branch.app, name="branch")
app.add_typer(staff.app, name="staff")
app.add_typer(tax_profile.app, name="tax-profile")
app.add_typer(product.app, name="product")
app.add_typer(stock.app, name="stock")
app.add_typer(sale.app, name="sale")
app.add_typer(return_.app, name="return")
app.add_typer(transfer.app, name="transfer")
app.add_typer(customer.app, name="customer")
app.add_typer(ar.app, name="ar")
app.add_typer(day.app, name="day")
app.command("post-unposted")(post_unposted.post_unposted)
