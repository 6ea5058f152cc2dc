"""Commands `pos branch add|set|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="Branches (shops) and their stock rules.", no_args_is_help=True)


@app.command("add")
def branch_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Branch code, e.g. TEM-02."),
    name: str = typer.Option(..., "--name", help="Branch name, e.g. 'Tema Branch'."),
    address: str = typer.Option("", "--address"),
    phone: str = typer.Option("", "--phone"),
    email: str = typer.Option("", "--email"),
    allow_negative: bool = typer.Option(
        False, "--allow-negative-stock", help="Let sales take stock below zero."
    ),
) -> None:
    """Add a branch: its stock location and inventory account are created with it."""
    from ledgerctl.pos.branches import add_branch

    row = add_branch.run(
        app_context(ctx),
        code,
        name,
        address=address,
        phone=phone,
        email=email,
        allow_negative_stock=allow_negative,
    )
    message(f"branch {row.code} added (inventory account {row.inventory_account})")


@app.command("set")
def branch_set(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Branch code."),
    name: str | None = typer.Option(None, "--name"),
    allow_negative: bool | None = typer.Option(
        None, "--allow-negative-stock/--no-negative-stock", help="Allow or refuse stock below zero."
    ),
    status: str | None = typer.Option(None, "--status", help="active or inactive."),
) -> None:
    """Rename a branch, allow or refuse negative stock, or deactivate it."""
    from ledgerctl.pos.branches import set_branch

    row = set_branch.run(
        app_context(ctx), code, name=name, allow_negative_stock=allow_negative, status=status
    )
    message(f"branch {row.code} updated")


@app.command("list")
def branch_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List branches (a branch manager sees only their own)."""
    from ledgerctl.pos.branches import BranchRow, list_branches

    rows = list_branches.run(app_context(ctx))
    render(rows, fmt, output, title="Branches", row_type=BranchRow)
