"""``ledgerctl tenant create|list|show|suspend|reactivate``: the businesses of a workspace."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render,
    render_record,
)

app = typer.Typer(help="Tenants (businesses) in this workspace.", no_args_is_help=True)


@app.command("create")
def tenant_create(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Short id, e.g. acme-retail."),
    name: str = typer.Option(..., "--name", help="The business's name."),
    currency: str = typer.Option("GHS", "--currency", help="Base currency (ISO code)."),
    coa: str = typer.Option("retail", "--coa", help="Chart of accounts template ('' for none)."),
) -> None:
    """Create a tenant; you become its admin and its chart of accounts is installed.

    Example: ledgerctl tenant create acme --name "Acme Retail" --currency GHS
    """
    from ledgerctl.tenancy.tenants import create_tenant

    created = create_tenant(app_context(ctx), slug, name, currency, coa or None)
    message(f"tenant {created.slug} created")


@app.command("list")
def tenant_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List tenants."""
    from ledgerctl.tenancy.setup import TenantInfo
    from ledgerctl.tenancy.views import list_tenants

    rows = list_tenants.run(app_context(ctx))
    render(rows, fmt, output, title="Tenants", row_type=TenantInfo)


@app.command("show")
def tenant_show(
    ctx: typer.Context,
    slug: str | None = typer.Argument(None, help="Tenant id (default: the selected tenant)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Show a tenant and its members."""
    from ledgerctl.tenancy.views import show_tenant

    detail = show_tenant.run_in(app_context(ctx), slug)
    render_record(detail, fmt, output, title=f"Tenant {detail.slug}")


@app.command("suspend")
def tenant_suspend(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Tenant id."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Suspend a tenant: its users are refused, its data stays readable."""
    from ledgerctl.tenancy.tenants import set_tenant_status

    set_tenant_status.run(app_context(ctx), slug, "suspended", reason)
    message(f"tenant {slug} suspended")


@app.command("reactivate")
def tenant_reactivate(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Tenant id."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Make a suspended tenant active again."""
    from ledgerctl.tenancy.tenants import set_tenant_status

    set_tenant_status.run(app_context(ctx), slug, "active", reason)
    message(f"tenant {slug} active")
