"""Commands `pos tenant onboard|offboard|offboarding|purge-due` (system administrator)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OutputFormat,
    app_context,
    confirm_or_abort,
    message,
    render_rows,
)

tenant_app = typer.Typer(
    help="Onboard and offboard tenants (run from your own tenant).", no_args_is_help=True
)


@tenant_app.command("onboard")
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
    first_period: str = typer.Option(
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
    from ledgerctl.pos import service_admin
    from ledgerctl.pos.tenants import Onboarding

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
        first_period,
        scheme,
        tin,
        address,
        phone,
        email,
    )
    row = service_admin.onboard(app_context(ctx), plan)
    render_rows([{"field": k, "value": v} for k, v in row.items()], title=f"Tenant {slug}")
    message(f"tenant {slug} onboarded; its admin runs commands with --tenant {slug} --user {admin}")


@tenant_app.command("offboard")
def offboard(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Tenant id."),
    stage: str = typer.Option(..., "--stage", help="export, then suspend, then purge."),
    output: Path = typer.Option(
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
    from ledgerctl.pos import service_admin

    actx = app_context(ctx)
    if stage == "purge" and dry_run:
        rows = service_admin.purge_preview(actx, slug)
        render_rows(
            [{"table": t, "rows": n} for t, n in sorted(rows.items())],
            title=f"A purge of {slug} would delete",
        )
        return
    if stage == "purge":
        confirm_or_abort(
            f"permanently delete tenant {slug} and all its data (a final archive is written first)",
            yes,
        )
    row = service_admin.offboard(
        actx, slug, stage, output=output, grace_days=grace_days, approve=approve, reason=reason
    )
    render_rows([{"field": k, "value": v} for k, v in row.items()], title=f"Offboarding {slug}")


@tenant_app.command("offboarding")
def offboarding(ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Tenants being offboarded from this tenant, with their stage and archives."""
    from ledgerctl.pos import service_admin

    render_rows(service_admin.offboarding(app_context(ctx)), fmt, title="Offboarding")


@tenant_app.command("purge-due")
def purge_due(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", help="Required when not at a terminal."),
) -> None:
    """Purge approved tenants whose grace period is over (scheduled daily)."""
    from ledgerctl.pos import service_admin

    actx = app_context(ctx)
    confirm_or_abort("purge every approved tenant whose grace period is over", yes)
    result = service_admin.purge_due(actx)
    for slug in result.purged:
        message(f"purged {slug}")
    for slug in result.waiting:
        message(
            f"{slug}: grace period over, awaiting approval: `ledgerctl pos tenant "
            f"offboard {slug} --stage purge`"
        )
    message(f"{len(result.purged)} purged, {len(result.waiting)} awaiting approval", ctx=actx)
