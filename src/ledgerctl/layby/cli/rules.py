"""`ledgerctl layby rules show`: the business rules new lay-bys are made under."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render

app = typer.Typer(help="Lay-by business rules (rules/layby/*.yaml).", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    business_type: str | None = typer.Argument(None, help="Business type (default: the tenant's)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The rules a new lay-by is made under, with the version and content hash it records."""
    from ledgerctl.layby.views_rules import RuleRow, show_rules

    found = show_rules.run(app_context(ctx), business_type)
    render(
        found.rules,
        fmt,
        output,
        title=f"Lay-by rules ({', '.join(found.types)} available)",
        row_type=RuleRow,
    )
