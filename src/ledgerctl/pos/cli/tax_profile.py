"""Commands `pos tax-profile show|set`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render_record,
)

app = typer.Typer(
    help="The tenant's tax profile (country, scheme, TIN, price conventions).", no_args_is_help=True
)


@app.command("show")
def tax_show(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Show the tax profile."""
    from ledgerctl.pos.tax_profile import show_tax_profile

    render_record(show_tax_profile.run(app_context(ctx)), fmt, output, title="Tax profile")


@app.command("set")
def tax_set(
    ctx: typer.Context,
    scheme: str | None = typer.Option(None, "--scheme", help="standard or flat_rate (until 2025)."),
    tin: str | None = typer.Option(None, "--tin", help="GRA taxpayer identification number."),
    country: str | None = typer.Option(None, "--country", help="Tax rules country (ghana)."),
    retail_prices: str | None = typer.Option(
        None, "--retail-prices", help="inclusive (shelf prices include tax) or exclusive."
    ),
    wholesale_prices: str | None = typer.Option(
        None, "--wholesale-prices", help="inclusive or exclusive."
    ),
) -> None:
    """Change the tax profile (the fields given; with none, nothing changes)."""
    from ledgerctl.pos.tax_profile import set_tax_profile, show_tax_profile

    changes = {
        "scheme": scheme,
        "tin": tin,
        "country": country,
        "retail_prices": retail_prices,
        "wholesale_prices": wholesale_prices,
    }
    wanted = {k: v for k, v in changes.items() if v is not None}
    if wanted:
        set_tax_profile.run(app_context(ctx), **wanted)
    else:
        show_tax_profile.run(app_context(ctx))
    message("tax profile updated")
