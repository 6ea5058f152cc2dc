"""Top-level commands: `init`, `doctor`, and the `db` group."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.cli_support import app_context, message

db_app = typer.Typer(
    help="Database schema: upgrade, current revision, check.", no_args_is_help=True
)


def init(
    ctx: typer.Context,
    path: Path = typer.Argument(Path("."), help="Folder for the workspace (default: here)."),
    name: str = typer.Option("My Business", "--name", help="Business name of the default tenant."),
    currency: str = typer.Option("GHS", "--currency", help="Base currency (ISO code)."),
    coa: str = typer.Option("retail", "--coa", help="Chart of accounts template ('' for none)."),
) -> None:
    """Make a workspace here (settings, database, folders, default tenant, you as admin)."""
    from ledgerctl.tenancy.api import use_cases as service

    result = service.init_workspace(
        path, app_context(ctx), tenant_name=name, currency=currency, coa_template=coa or None
    )
    if result.already:
        message(f"workspace {result.home} is already initialised; nothing to do")
    else:
        made = ", ".join(result.created_files) or "database"
        message(
            f"workspace ready in {result.home} (made: {made}); tenant {result.tenant!r}, "
            f"admin {result.admin!r}"
        )


def doctor(ctx: typer.Context) -> None:
    """Check the workspace: database, migrations, folders, disk, and each group's health."""
    from ledgerctl.workspace.doctor import run_checks

    results = run_checks(app_context(ctx))
    for check in results:
        mark = "ok  " if check.ok else "FAIL"
        typer.echo(f"{mark} {check.name:<12} {check.detail}")
    if not all(c.ok for c in results):
        raise typer.Exit(code=5)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from ledgerctl.db import migrate

    engine = app_context(ctx).engine
    migrate.upgrade(engine, revision)
    message(f"database at {migrate.current_revision(engine)}")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the database's migration revision and the code's head."""
    from ledgerctl.db import migrate

    engine = app_context(ctx).engine
    typer.echo(f"current: {migrate.current_revision(engine) or '(empty)'}")
    typer.echo(f"head:    {migrate.head_revision(engine)}")


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Compare the migrated schema with the code; exit 5 when they differ."""
    from ledgerctl.db import migrate

    engine = app_context(ctx).engine
    if migrate.current_revision(engine) != migrate.head_revision(engine):
        message("database is not at head; run `ledgerctl db upgrade`")
        raise typer.Exit(code=5)
    diffs = migrate.check(engine)
    for diff in diffs:
        typer.echo(diff)
    if diffs:
        raise typer.Exit(code=5)
    message("schema matches the code")
