"""Commands `pos product add|set|list|import`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)

product_app = typer.Typer(help="The product catalog.", no_args_is_help=True)


def _money(text: str | None, option: str):  # type: ignore[no-untyped-def]
    from ledgerctl.pos.cli_parse import _number

    return _number(text, option, text) if text is not None else None


def _item(
    sku: str,
    name: str | None,
    unit: str | None,
    price: str | None,
    wholesale: str | None,
    tax_class: str | None,
    cost: str | None,
    status: str | None = None,
):  # type: ignore[no-untyped-def]
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


@product_app.command("add")
def product_add(
    ctx: typer.Context,
    sku: str = typer.Argument(..., help="Stock keeping unit, e.g. RICE-5KG."),
    name: str = typer.Option(..., "--name"),
    price: str = typer.Option(..., "--price", help="Retail price (up to 4 decimals)."),
    unit: str = typer.Option("each", "--unit", help="each, kg, box ..."),
    wholesale: str = typer.Option(None, "--wholesale-price"),
    tax_class: str = typer.Option("standard", "--tax-class", help="standard, zero or exempt."),
    cost: str = typer.Option("0", "--cost", help="Standard unit cost."),
) -> None:
    """Add a product to the catalog."""
    from ledgerctl.pos import service

    row = service.add_product(
        app_context(ctx), _item(sku, name, unit, price, wholesale, tax_class, cost)
    )
    message(f"product {row['sku']} added")


@product_app.command("set")
def product_set(
    ctx: typer.Context,
    sku: str = typer.Argument(...),
    name: str = typer.Option(None, "--name"),
    price: str = typer.Option(None, "--price"),
    unit: str = typer.Option(None, "--unit"),
    wholesale: str = typer.Option(None, "--wholesale-price"),
    tax_class: str = typer.Option(None, "--tax-class"),
    cost: str = typer.Option(None, "--cost"),
    status: str = typer.Option(None, "--status", help="active or inactive."),
) -> None:
    """Change a product's fields."""
    from ledgerctl.pos import service

    row = service.set_product(
        app_context(ctx), _item(sku, name, unit, price, wholesale, tax_class, cost, status)
    )
    message(f"product {row['sku']} updated")


@product_app.command("list")
def product_list(
    ctx: typer.Context,
    search: str = typer.Option(None, "--search", help="Part of a SKU or name."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List products."""
    from ledgerctl.pos import service

    render_rows(service.list_products(app_context(ctx), search), fmt, output, title="Products")


@product_app.command("import")
def product_import(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ...,
        help="CSV or .xlsx with columns sku, name, unit, price, wholesale_price, tax_class, cost.",
    ),
) -> None:
    """Add and update products from a file: all rows or none (a bad row names its line)."""
    from ledgerctl.pos import service

    result = service.import_products(app_context(ctx), path)
    message(f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged")
