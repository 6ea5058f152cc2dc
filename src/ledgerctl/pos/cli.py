"""Command line of the `pos` group: mounts the sub-apps of its command modules."""

from __future__ import annotations

import typer

from ledgerctl.pos.cli_catalog import product_app
from ledgerctl.pos.cli_ops import ar_app, customer_app, day_app, post_unposted, transfer_app
from ledgerctl.pos.cli_sale import return_app, sale_app
from ledgerctl.pos.cli_setup import branch_app, staff_app, tax_app
from ledgerctl.pos.cli_stock import stock_app
from ledgerctl.pos.cli_tenant import tenant_app

app = typer.Typer(
    help="Point-of-sale back office: tenants, branches, catalog, stock, sales with Ghana "
    "taxes, returns, transfers, customers on account, day summary, ledger postings.",
    no_args_is_help=True,
)
app.add_typer(tenant_app, name="tenant")
app.add_typer(branch_app, name="branch")
app.add_typer(staff_app, name="staff")
app.add_typer(tax_app, name="tax-profile")
app.add_typer(product_app, name="product")
app.add_typer(stock_app, name="stock")
app.add_typer(sale_app, name="sale")
app.add_typer(return_app, name="return")
app.add_typer(transfer_app, name="transfer")
app.add_typer(customer_app, name="customer")
app.add_typer(ar_app, name="ar")
app.add_typer(day_app, name="day")
app.command("post-unposted")(post_unposted)
