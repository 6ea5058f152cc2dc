"""Commands `pos product add|set|list|import`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.money import parse_number

if TYPE_CHECKING:
    from ledgerctl.pos.catalog import ProductInput

app = typer.Typer(help="The product catalog.", no_args_is_help=True)


def _money(text: str | None, option: str) -> Decimal | None:
    return parse_number(text, field=f"{option} {text!r}") if text is not None else None


def _item(
    sku: str,
    name: str | None,
    unit: str | None,
    price: str | None,
    wholesale: str | None,
    tax_class: str | None,
    cost: str | None,
    status: str | None = None,
) -> ProductInput:
    from ledgerctl.pos.catalog import ProductInput

    return ProductInput(
        sku,
        name,
        unit,
        _money(price, "--price"),
        _money(wholesale, "--wholesale-price"),
        tax_class,
        _money(cost, "--cost"),
        status,
    )


@app.command("add")
def product_add(
    ctx: typer.Context,
    sku: str = typer.Argument(..., help="Stock keeping unit, e.g. RICE-5KG."),
    name: str = typer.Option(..., "--name"),
    price: str = typer.Option(..., "--price", help="Retail price (up to 4 decimals)."),
    unit: str = typer.Option("each", "--unit", help="each, kg, box ..."),
    wholesale: str | None = typer.Option(None, "--wholesale-price"),
    tax_class: str = typer.Option("standard", "--tax-class", help="standard, zero or exempt."),
    cost: str = typer.Option("0", "--cost", help="Standard unit cost."),
) -> None:
    """Add a product to the catalog."""
    from ledgerctl.pos.catalog import add_product

    item = _item(sku, name, unit, price, wholesale, tax_class, cost)
    message(f"product {add_product.run(app_context(ctx), item).sku} added")


@app.command("set")
def product_set(
    ctx: typer.Context,
    sku: str = typer.Argument(..., help="SKU of the product to change."),
    name: str | None = typer.Option(None, "--name"),
    price: str | None = typer.Option(None, "--price"),
    unit: str | None = typer.Option(None, "--unit"),
    wholesale: str | None = typer.Option(None, "--wholesale-price"),
    tax_class: str | None = typer.Option(None, "--tax-class"),
    cost: str | None = typer.Option(None, "--cost"),
    status: str | None = typer.Option(None, "--status", help="active or inactive."),
) -> None:
    """Change a product's fields."""
    from ledgerctl.pos.catalog import set_product

    item = _item(sku, name, unit, price, wholesale, tax_class, cost, status)
    message(f"product {set_product.run(app_context(ctx), item).sku} updated")


@app.command("list")
def product_list(
    ctx: typer.Context,
    search: str | None = typer.Option(None, "--search", help="Part of a SKU or name."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List products."""
    from ledgerctl.pos.catalog import ProductRow, list_products

    rows = list_products.run(app_context(ctx), search)
    render(rows, fmt, output, title="Products", row_type=ProductRow)


@app.command("import")
def product_import(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ...,
        help="CSV or .xlsx with columns sku, name, unit, price, wholesale_price, tax_class, cost.",
    ),
) -> None:
    """Add and update products from a file: all rows or none (a bad row names its line)."""
    from ledgerctl.pos.catalog import import_products

    result = import_products.run(app_context(ctx), path)
    message(f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged")
