"""``ledgerctl db upgrade|current|check``: the database schema and its migrations."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message, render_text
from ledgerctl.core.errors import IntegrityProblem

app = typer.Typer(help="Database schema: upgrade, current revision, check.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade(
    ctx: typer.Context,
    revision: str = typer.Argument("head", help="Migration revision to reach (default: head)."),
) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from ledgerctl.workspace.schema import upgrade_schema

    state = upgrade_schema(app_context(ctx), revision)
    message(f"database at {state.current}")


@app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the database's migration revision and the code's head."""
    from ledgerctl.workspace.schema import schema_state

    state = schema_state(app_context(ctx))
    render_text(f"current: {state.current or '(empty)'}\nhead:    {state.head}")


@app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Compare the migrated schema with the code; exit 5 when they differ."""
    from ledgerctl.workspace.schema import check_schema

    checked = check_schema(app_context(ctx))
    if not checked.state.at_head:
        raise IntegrityProblem("database is not at head; run `ledgerctl db upgrade`")
    if checked.differences:
        render_text("\n".join(checked.differences))
        raise IntegrityProblem(
            f"{len(checked.differences)} difference(s) between the database schema and the "
            "code (see above)"
        )
    message("schema matches the code")
