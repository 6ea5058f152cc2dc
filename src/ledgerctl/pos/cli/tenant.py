"""Commands `pos tenant onboard|offboard|offboarding|purge-due` (system administrator)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    confirm_or_abort,
    message,
    render,
    render_record,
)

app = typer.Typer(
    help="Onboard and offboard tenants (run from your own tenant).", no_args_is_help=True
)


@app.command("onboard")
def onboard(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Tenant id, e.g. acme."),
    name: str = typer.Option(..., "--name", help="Business name."),
    branch_code: str = typer.Option(..., "--branch-code", help="Main branch code, e.g. ACC-01."),
    branch_name: str = typer.Option(..., "--branch-name", help="e.g. 'Accra Head Office'."),
    admin: str = typer.Option(..., "--admin", help="The tenant's admin user (created if new)."),
    admin_name: str = typer.Option("", "--admin-name"),
    admin_email: str = typer.Option("", "--admin-email"),
    admin_role: str = typer.Option(
        "director", "--admin-role", help="director (all branches) or manager (main branch)."
    ),
    tin: str = typer.Option("", "--tin", help="GRA taxpayer identification number."),
    scheme: str = typer.Option("standard", "--scheme", help="Tax scheme."),
    first_period: str | None = typer.Option(
        None, "--first-period", help="First fiscal period YYYY-MM (default: this month)."
    ),
    currency: str = typer.Option("GHS", "--currency"),
    coa: str = typer.Option("retail", "--coa", help="Chart of accounts template."),
    address: str = typer.Option("", "--address"),
    phone: str = typer.Option("", "--phone"),
    email: str = typer.Option("", "--email", help="Branch e-mail."),
) -> None:
    """New tenant in one transaction: chart, first period, tax profile, main branch and its
    stock location, admin user."""
    from ledgerctl.core.clock import parse_month
    from ledgerctl.pos.tenants import Onboarding, onboard

    plan = Onboarding(
        slug,
        name,
        branch_code,
        branch_name,
        admin,
        admin_name,
        admin_email,
        admin_role,
        currency,
        coa,
        parse_month(first_period, "--first-period"),
        scheme,
        tin,
        address,
        phone,
        email,
    )
    render_record(onboard.run(app_context(ctx), plan), title=f"Tenant {slug}")
    message(f"tenant {slug} onboarded; its admin runs commands with --tenant {slug} --user {admin}")


@app.command("offboard")
def offboard(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Tenant id."),
    stage: str = typer.Option(..., "--stage", help="export, then suspend, then purge."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Export folder (default output/offboarding/SLUG-DATE)."
    ),
    grace_days: int = typer.Option(30, "--grace-days", help="Days between suspend and purge."),
    approve: bool = typer.Option(
        False,
        "--approve-purge",
        help="With --stage suspend: the final approval to delete, so "
        "the scheduled `pos tenant purge-due` may purge it.",
    ),
    reason: str = typer.Option("", "--reason"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask before purging."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="With --stage purge: list the rows it would delete."
    ),
) -> None:
    """Offboard a tenant in stages: export (Excel, Parquet, backup archive), suspend (users
    refused, data readable), purge after the grace period (final archive, then deleted)."""
    from ledgerctl.pos.offboarding import offboard as run_stage
    from ledgerctl.pos.tenants import TableCount, purge_preview

    actx = app_context(ctx)
    if stage == "purge" and dry_run:
        rows = purge_preview.run(actx, slug)
        render(rows, title=f"A purge of {slug} would delete", row_type=TableCount)
        return
    if stage == "purge":
        confirm_or_abort(
            f"permanently delete tenant {slug} and all its data (a final archive is written first)",
            yes,
        )
    row = run_stage.run(
        actx, slug, stage, output=output, grace_days=grace_days, approve=approve, reason=reason
    )
    render_record(row, title=f"Offboarding {slug}")


@app.command("offboarding")
def offboarding(
    ctx: typer.Context, fmt: Format | None = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Tenants being offboarded from this tenant, with their stage and archives."""
    from ledgerctl.pos.tenants import OffboardRow, offboarding

    rows = offboarding.run(app_context(ctx))
    render(rows, fmt, output, title="Offboarding", row_type=OffboardRow)


@app.command("purge-due")
def purge_due(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", help="Required when not at a terminal."),
) -> None:
    """Purge approved tenants whose grace period is over (scheduled daily)."""
    from ledgerctl.pos.offboarding import purge_due as run

    confirm_or_abort("purge every approved tenant whose grace period is over", yes)
    result = run(app_context(ctx))
    for slug in result.purged:
        message(f"purged {slug}")
    for slug in result.waiting:
        message(
            f"{slug}: grace period over, awaiting approval: `ledgerctl pos tenant "
            f"offboard {slug} --stage purge`"
        )
    message(f"{len(result.purged)} purged, {len(result.waiting)} awaiting approval")
