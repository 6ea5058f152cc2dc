"""``ledgerctl init``: make a workspace (or re-check one; running it twice is harmless)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import app_context, message


def init(
    ctx: typer.Context,
    path: Path = typer.Argument(Path("."), help="Folder for the workspace (default: here)."),
    name: str = typer.Option("My Business", "--name", help="Business name of the default tenant."),
    currency: str = typer.Option("GHS", "--currency", help="Base currency (ISO code)."),
    coa: str = typer.Option("retail", "--coa", help="Chart of accounts template ('' for none)."),
) -> None:
    """Make a workspace here (settings, database, folders, default tenant, you as admin).

    Example: ledgerctl init --name "Accra Traders" --currency GHS
    """
    from ledgerctl.tenancy.api import use_cases as tenancy

    result = tenancy.init_workspace(
        path, app_context(ctx), tenant_name=name, currency=currency, coa_template=coa or None
    )
    if result.already:
        message(f"workspace {result.home} is already initialised; nothing to do")
        return
    made = ", ".join(result.created_files) or "database"
    message(
        f"workspace ready in {result.home} (made: {made}); tenant {result.tenant!r}, "
        f"admin {result.admin!r}"
    )
