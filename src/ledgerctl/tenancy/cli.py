"""Commands `tenant ...` and `user ...`: parse, call one tenancy service function, render."""

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

tenant_app = typer.Typer(help="Tenants (businesses) in this workspace.", no_args_is_help=True)
user_app = typer.Typer(help="Users and their roles in the current tenant.", no_args_is_help=True)


@tenant_app.command("create")
def tenant_create(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Short id, e.g. acme-retail."),
    name: str = typer.Option(..., "--name", help="The business's name."),
    currency: str = typer.Option("GHS", "--currency", help="Base currency (ISO code)."),
    coa: str = typer.Option("retail", "--coa", help="Chart of accounts template ('' for none)."),
) -> None:
    """Create a tenant; you become its admin and its chart of accounts is installed."""
    from ledgerctl.tenancy import service

    row = service.create_tenant(app_context(ctx), slug, name, currency, coa or None)
    message(f"tenant {row['slug']} created")


@tenant_app.command("list")
def tenant_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List tenants."""
    from ledgerctl.tenancy import service

    render_rows(service.list_tenants(app_context(ctx)), fmt, output, title="Tenants")


@tenant_app.command("show")
def tenant_show(
    ctx: typer.Context,
    slug: str = typer.Argument(None, help="Tenant id."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Show a tenant and its members."""
    from ledgerctl.tenancy import service

    actx = app_context(ctx)
    row = service.show_tenant(actx, slug or actx.tenant_slug)
    render_rows([{"field": k, "value": v} for k, v in row.items()], fmt)


@tenant_app.command("suspend")
def tenant_suspend(
    ctx: typer.Context, slug: str, reason: str = typer.Option(..., "--reason")
) -> None:
    """Suspend a tenant: its users are refused, its data stays readable."""
    from ledgerctl.tenancy import service

    service.set_tenant_status(app_context(ctx), slug, "suspended", reason)
    message(f"tenant {slug} suspended")


@tenant_app.command("reactivate")
def tenant_reactivate(
    ctx: typer.Context, slug: str, reason: str = typer.Option(..., "--reason")
) -> None:
    """Make a suspended tenant active again."""
    from ledgerctl.tenancy import service

    service.set_tenant_status(app_context(ctx), slug, "active", reason)
    message(f"tenant {slug} active")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: str,
    role: list[str] = typer.Option(["viewer"], "--role", "-r", help="Role(s) in this tenant."),
    display_name: str = typer.Option("", "--display-name"),
    email: str = typer.Option("", "--email"),
) -> None:
    """Add a user with roles in the current tenant."""
    from ledgerctl.tenancy import service

    service.add_user(app_context(ctx), name, role, display_name, email)
    message(f"user {name} added with role(s) {', '.join(role)}")


@user_app.command("list")
def user_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List the users of the current tenant and their roles."""
    from ledgerctl.tenancy import service

    render_rows(service.list_users(app_context(ctx)), fmt, output, title="Users")


@user_app.command("grant")
def user_grant(ctx: typer.Context, name: str, role: str) -> None:
    """Give a user a role in the current tenant."""
    from ledgerctl.tenancy import service

    changed = service.grant_role(app_context(ctx), name, role)
    message(f"{name} {'now has' if changed else 'already had'} role {role}")


@user_app.command("revoke")
def user_revoke(ctx: typer.Context, name: str, role: str) -> None:
    """Take a role away from a user in the current tenant."""
    from ledgerctl.tenancy import service

    service.revoke_role(app_context(ctx), name, role)
    message(f"role {role} revoked from {name}")


@user_app.command("disable")
def user_disable(ctx: typer.Context, name: str) -> None:
    """Disable a user in every tenant."""
    from ledgerctl.tenancy import service

    service.disable_user(app_context(ctx), name)
    message(f"user {name} disabled")
