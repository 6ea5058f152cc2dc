"""``ledgerctl user add|list|grant|revoke|disable``: who may act in the selected tenant."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render

app = typer.Typer(help="Users and their roles in the current tenant.", no_args_is_help=True)


@app.command("add")
def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Login name, e.g. ama."),
    role: list[str] = typer.Option(["viewer"], "--role", "-r", help="Role(s) in this tenant."),
    display_name: str = typer.Option("", "--display-name", help="Full name for documents."),
    email: str = typer.Option("", "--email", help="E-mail address."),
) -> None:
    """Add a user with roles in the current tenant.

    Example: ledgerctl user add ama --role accountant --email ama@example.com
    """
    from ledgerctl.tenancy.users import add_user

    added = add_user.run(app_context(ctx), name, role, display_name, email)
    message(f"user {added.name} added with role(s) {', '.join(added.roles)}")


@app.command("list")
def user_list(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List the users of the current tenant and their roles."""
    from ledgerctl.tenancy.views import UserRow, list_users

    render(list_users.run(app_context(ctx)), fmt, output, title="Users", row_type=UserRow)


@app.command("grant")
def user_grant(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Argument(..., help="Role, as in rules/roles.yaml."),
) -> None:
    """Give a user a role in the current tenant."""
    from ledgerctl.tenancy.users import grant_role

    granted = grant_role.run(app_context(ctx), name, role)
    message(f"{name} {'now has' if granted.changed else 'already had'} role {role}")


@app.command("revoke")
def user_revoke(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Argument(..., help="Role to take away."),
) -> None:
    """Take a role away from a user in the current tenant."""
    from ledgerctl.tenancy.users import revoke_role

    revoke_role.run(app_context(ctx), name, role)
    message(f"role {role} revoked from {name}")


@app.command("disable")
def user_disable(ctx: typer.Context, name: str = typer.Argument(..., help="User name.")) -> None:
    """Disable a user in every tenant."""
    from ledgerctl.tenancy.users import disable_user

    disable_user.run(app_context(ctx), name)
    message(f"user {name} disabled")
