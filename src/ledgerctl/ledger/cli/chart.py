"""`ledgerctl ledger chart install`: install a chart of accounts template."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message

app = typer.Typer(help="Chart of accounts templates (rules/coa/*.yaml).", no_args_is_help=True)


@app.command("install")
def chart_install(
    ctx: typer.Context, template: str = typer.Argument(..., help="Template name, e.g. retail.")
) -> None:
    """Install a chart template; accounts that already exist are skipped."""
    from ledgerctl.ledger.accounts import install_template

    installed = install_template.run(app_context(ctx), template)
    message(f"chart {template}: {installed.added} account(s) added")
