"""`ledgerctl ledger account add`: add one account to the chart."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message

app = typer.Typer(help="Add accounts to the chart.", no_args_is_help=True)


@app.command("add")
def account_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Account code, e.g. 6200."),
    name: str = typer.Option(..., "--name", help="Account name."),
    type_: str = typer.Option(..., "--type", help="asset, liability, equity, income, expense."),
    parent: str | None = typer.Option(None, "--parent", help="Code of the parent account."),
    side: str | None = typer.Option(
        None,
        "--normal-side",
        help="debit or credit (default from the type; set it for contra accounts).",
    ),
) -> None:
    """Add an account to the chart."""
    from ledgerctl.ledger.accounts import new_account

    row = new_account.run(app_context(ctx), code, name, type_, parent, side)
    message(f"account {row.code} {row.name} added")
