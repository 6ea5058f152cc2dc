"""`ledgerctl layby config`: the tenant's lay-by configuration."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render_record


def config(
    ctx: typer.Context,
    business_type: str | None = typer.Option(
        None,
        "--business-type",
        help="clothing, hardware, grocery, restaurant, "
        "construction or default (a rules/layby file).",
    ),
    jurisdiction: str | None = typer.Option(
        None, "--jurisdiction", help="Cancellation-policy profile: AU, ZA or GH."
    ),
    branch: str | None = typer.Option(None, "--branch", help="Branch new lay-bys hold goods at."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Show the tenant's lay-by configuration; change it with the options."""
    from ledgerctl.layby.config import ConfigChange, change_config, read_config

    actx = app_context(ctx)
    change = ConfigChange(business_type, jurisdiction, branch)
    found = change_config.run(actx, change) if change.changes else read_config.run(actx)
    render_record(found, fmt, output, title="Lay-by configuration")
