"""Commands `pos branch ...`, `pos staff ...` and `pos tax-profile ...`."""

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

branch_app = typer.Typer(help="Branches (shops) and their stock rules.", no_args_is_help=True)
staff_app = typer.Typer(
    help="Staff: directors, branch managers and cashiers.", no_args_is_help=True
)
tax_app = typer.Typer(
    help="The tenant's tax profile (country, scheme, TIN, price conventions).", no_args_is_help=True
)


@branch_app.command("add")
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
    from ledgerctl.pos import service

    row = service.add_branch(
        app_context(ctx),
        code,
        name,
        address=address,
        phone=phone,
        email=email,
        allow_negative_stock=allow_negative,
    )
    message(f"branch {row['code']} added (inventory account {row['inventory_account']})")


@branch_app.command("set")
def branch_set(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Branch code."),
    name: str = typer.Option(None, "--name"),
    allow_negative: bool = typer.Option(
        None, "--allow-negative-stock/--no-negative-stock", help="Allow or refuse stock below zero."
    ),
    status: str = typer.Option(None, "--status", help="active or inactive."),
) -> None:
    """Rename a branch, allow or refuse negative stock, or deactivate it."""
    from ledgerctl.pos import service

    row = service.set_branch(
        app_context(ctx), code, name=name, allow_negative_stock=allow_negative, status=status
    )
    message(f"branch {row['code']} updated")


@branch_app.command("list")
def branch_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List branches (a branch manager sees only their own)."""
    from ledgerctl.pos import service

    render_rows(service.list_branches(app_context(ctx)), fmt, output, title="Branches")


@staff_app.command("add")
def staff_add(
    ctx: typer.Context,
    user: str = typer.Argument(..., help="User name (created if new)."),
    role: str = typer.Option(..., "--role", help="director, manager or user (cashier)."),
    branch: str = typer.Option(
        None, "--branch", "-b", help="The branch they work for (required for manager/user)."
    ),
    name: str = typer.Option("", "--name", help="Full name."),
    email: str = typer.Option("", "--email"),
) -> None:
    """Give a user a role in this tenant, limited to one branch for managers and cashiers."""
    from ledgerctl.pos import service

    row = service.add_staff(app_context(ctx), user, role, branch, display_name=name, email=email)
    message(
        f"{row['user']} is {row['role']} for "
        f"{'branch ' + str(row['branch']) if row['branch'] else 'every branch'}"
    )


@staff_app.command("list")
def staff_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Staff with their roles and branches."""
    from ledgerctl.pos import service

    render_rows(service.list_staff(app_context(ctx)), fmt, output, title="Staff")


@tax_app.command("show")
def tax_show(ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Show the tax profile."""
    from ledgerctl.pos import service

    row = service.tax_profile(app_context(ctx))
    render_rows([{"field": k, "value": v} for k, v in row.items()], fmt, title="Tax profile")


@tax_app.command("set")
def tax_set(
    ctx: typer.Context,
    scheme: str = typer.Option(None, "--scheme", help="standard or flat_rate (until 2025)."),
    tin: str = typer.Option(None, "--tin", help="GRA taxpayer identification number."),
    country: str = typer.Option(None, "--country", help="Tax rules country (ghana)."),
    retail_prices: str = typer.Option(
        None, "--retail-prices", help="inclusive (shelf prices include tax) or exclusive."
    ),
    wholesale_prices: str = typer.Option(
        None, "--wholesale-prices", help="inclusive or exclusive."
    ),
) -> None:
    """Change the tax profile."""
    from ledgerctl.pos import service

    service.tax_profile(
        app_context(ctx),
        scheme=scheme,
        tin=tin,
        country=country,
        retail_prices=retail_prices,
        wholesale_prices=wholesale_prices,
    )
    message("tax profile updated")
