"""Commands `pos staff add|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="Staff: directors, branch managers and cashiers.", no_args_is_help=True)


@app.command("add")
def staff_add(
    ctx: typer.Context,
    user: str = typer.Argument(..., help="User name (created if new)."),
    role: str = typer.Option(..., "--role", help="director, manager or user (cashier)."),
    branch: str | None = typer.Option(
        None, "--branch", "-b", help="The branch they work for (required for manager/user)."
    ),
    name: str = typer.Option("", "--name", help="Full name."),
    email: str = typer.Option("", "--email"),
) -> None:
    """Give a user a role in this tenant, limited to one branch for managers and cashiers."""
    from ledgerctl.pos.staff import add_staff

    row = add_staff.run(app_context(ctx), user, role, branch, display_name=name, email=email)
    where = f"branch {row.branch}" if row.branch else "every branch"
    message(f"{row.user} is {row.role} for {where}")


@app.command("list")
def staff_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Staff with their roles and branches."""
    from ledgerctl.pos.staff import StaffRow, list_staff

    render(list_staff.run(app_context(ctx)), fmt, output, title="Staff", row_type=StaffRow)
