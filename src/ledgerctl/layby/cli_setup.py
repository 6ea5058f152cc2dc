"""Commands `layby config`, `layby rules show` and `layby customer enable|disable|list`."""

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

rules_app = typer.Typer(help="Lay-by business rules (rules/layby/*.yaml).", no_args_is_help=True)
customer_app = typer.Typer(
    help="Which customers may take lay-bys (allowLayby).", no_args_is_help=True
)


def config(
    ctx: typer.Context,
    business_type: str = typer.Option(
        None,
        "--business-type",
        help="clothing, hardware, grocery, restaurant, "
        "construction or default (a rules/layby file).",
    ),
    jurisdiction: str = typer.Option(
        None, "--jurisdiction", help="Cancellation-policy profile: AU, ZA or GH."
    ),
    branch: str = typer.Option(None, "--branch", help="Branch new lay-bys hold goods at."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Show the tenant's lay-by configuration; change it with the options."""
    from ledgerctl.layby import service

    row = service.configure(app_context(ctx), business_type, jurisdiction, branch)
    render_rows(
        [{"setting": k, "value": "" if v is None else str(v)} for k, v in row.items()],
        fmt,
        title="Lay-by configuration",
    )


@rules_app.command("show")
def rules_show(
    ctx: typer.Context,
    business_type: str = typer.Argument(None, help="Business type (default: the tenant's)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The rules a new lay-by is made under, with the version and content hash it records."""
    from ledgerctl.layby import service
    from ledgerctl.layby.views_rules import rule_rows

    found = service.show_rules(app_context(ctx), business_type)
    render_rows(
        rule_rows(found["ruleset"]),
        fmt,
        title=f"Lay-by rules ({', '.join(found['types'])} available)",
    )


@customer_app.command("enable")
def customer_enable(
    ctx: typer.Context,
    codes: list[str] = typer.Argument(None, help="Customer codes."),
    all_active: bool = typer.Option(
        False, "--all-active", help="Enable every active customer (bulk enable)."
    ),
    note: str = typer.Option("", "--note"),
) -> None:
    """Allow customers to take lay-bys."""
    from ledgerctl.layby import service

    changed = service.set_customers(app_context(ctx), codes or [], True, all_active, note)
    message(
        f"enabled {len(changed)} customer(s)"
        + (f": {', '.join(changed)}" if changed else " (already enabled)")
    )


@customer_app.command("disable")
def customer_disable(
    ctx: typer.Context,
    codes: list[str] = typer.Argument(..., help="Customer codes."),
    note: str = typer.Option("", "--note"),
) -> None:
    """Stop customers from taking new lay-bys (existing ones continue)."""
    from ledgerctl.layby import service

    changed = service.set_customers(app_context(ctx), codes, False, False, note)
    message(
        f"disabled {len(changed)} customer(s)"
        + (f": {', '.join(changed)}" if changed else " (already disabled)")
    )


@customer_app.command("list")
def customer_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Customers and whether they may take lay-bys."""
    from ledgerctl.layby import service

    render_rows(service.list_customers(app_context(ctx)), fmt, output, title="Customers")
