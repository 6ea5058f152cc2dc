"""Commands `layby automation run|history|status` and `layby outbox list|show|write|send`."""

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
from ledgerctl.layby.cli_common import day, optional_day

automation_app = typer.Typer(help="The daily lay-by automation (cron 06:00).", no_args_is_help=True)
outbox_app = typer.Typer(
    help="Reminders and notices rendered by the automation.", no_args_is_help=True
)


@automation_app.command("run")
def automation_run(
    ctx: typer.Context,
    as_of: str = typer.Option(None, "--as-of", help="Run as of this date (default today)."),
    batch: int = typer.Option(
        10000, "--batch", min=1, help="Lay-bys per transaction (a crash loses one batch)."
    ),
) -> None:
    """Late fees, defaults, reminders and overdue notices; idempotent per day. Exit 8 if
    another run holds the lock."""
    from ledgerctl.layby import service

    actx = app_context(ctx)
    tally = service.run_automation(actx, day(as_of, "--as-of"), batch)
    message(tally.text(), ctx=actx)
    for kind, path in tally.files.items():
        message(f"  {kind}: {path}", ctx=actx)
    if tally.sent or tally.send_failed:
        message(f"  emails sent {tally.sent}, failed {tally.send_failed}", ctx=actx)


@automation_app.command("history")
def automation_history(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", min=1),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Past runs: start, end, duration, processed, errors."""
    from ledgerctl.layby import service

    render_rows(
        service.automation_history(app_context(ctx), limit),
        fmt,
        output,
        title="Lay-by automation runs",
    )


@automation_app.command("status")
def automation_status(
    ctx: typer.Context,
    as_of: str = typer.Option(None, "--as-of", help="Default today."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The last run, the lock, and what the next run will find."""
    from ledgerctl.layby import service

    render_rows(
        service.automation_status(app_context(ctx), day(as_of, "--as-of")),
        fmt,
        title="Lay-by automation",
    )


@outbox_app.command("list")
def outbox_list(
    ctx: typer.Context,
    on: str = typer.Option(None, "--day", help="Notices of this day (YYYY-MM-DD)."),
    status: str = typer.Option(
        None, "--status", help="Email status: pending, sent, failed or none (no address)."
    ),
    limit: int = typer.Option(200, "--limit", min=1),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Notices in the outbox, newest last."""
    from ledgerctl.layby import service

    rows = service.list_outbox(app_context(ctx), optional_day(on, "--day"), status, limit)
    render_rows(rows, fmt, output, title="Lay-by outbox")


@outbox_app.command("show")
def outbox_show(ctx: typer.Context, notice: int = typer.Argument(..., help="Notice id.")) -> None:
    """One notice as the customer gets it: the email and the SMS text."""
    from ledgerctl.layby import service

    typer.echo(service.show_notice(app_context(ctx), notice), nl=False)


@outbox_app.command("write")
def outbox_write(
    ctx: typer.Context, on: str = typer.Option(None, "--day", help="Default today.")
) -> None:
    """(Re)write a day's outbox files (email.mbox, sms.csv, no-contact.csv)."""
    from ledgerctl.layby import service

    written = service.write_outbox(app_context(ctx), day(on, "--day"))
    for kind, path in written.items():
        message(f"{kind}: {path}")
    if not written:
        message("no notices that day; nothing written")


@outbox_app.command("send")
def outbox_send(ctx: typer.Context) -> None:
    """Send pending (and retry failed) emails through the SMTP server in the settings."""
    from ledgerctl.layby import service

    sent, failed = service.send_outbox(app_context(ctx))
    message(f"emails sent {sent}, failed {failed}")
    if failed:
        raise typer.Exit(code=6)


def check(ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """The seed's checks (balance, completed at zero, payments) plus stock reservations and
    schedule; exit 5 listing the offending lay-bys."""
    from ledgerctl.core.errors import IntegrityProblem
    from ledgerctl.layby import service

    results = service.check(app_context(ctx))
    render_rows(
        [
            {
                "check": r.name,
                "lay-bys": r.checked,
                "status": "ok" if r.ok else f"{len(r.problems)} PROBLEM(S)",
            }
            for r in results
        ],
        fmt,
        title="Lay-by integrity",
    )
    problems = [p for r in results for p in r.problems]
    if problems:
        raise IntegrityProblem(f"{len(problems)} lay-by problem(s):\n  " + "\n  ".join(problems))


def archive(
    ctx: typer.Context,
    before: str = typer.Option(
        ..., "--completed-before", help="Archive lay-bys completed before this date."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only list what would move."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Move old completed lay-bys to the archive tables and to Parquet (still readable by
    `layby show`)."""
    from ledgerctl.cli_support import confirm_or_abort
    from ledgerctl.layby import service

    actx = app_context(ctx)
    cutoff = day(before, "--completed-before")
    if not dry_run:
        confirm_or_abort(f"archive lay-bys completed before {cutoff}?", yes)
    result = service.archive(actx, cutoff, dry_run)
    verb = "would archive" if dry_run else "archived"
    message(
        f"{verb} {len(result.numbers)} lay-by(s)"
        + (f": {', '.join(result.numbers[:20])}" if result.numbers else ""),
        ctx=actx,
    )
    for path in result.files:
        message(f"  wrote {path}", ctx=actx)


def report(
    ctx: typer.Context,
    period: str = typer.Option(
        None, "--period", help="YYYY-MM for the collections (default: the month of --as-of)."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Date for the overdue ageing (today)."),
    excel: Path | None = typer.Option(None, "--excel", help="Also write an .xlsx workbook."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Active count and value, collected in the period, overdue ageing, default rate by
    business type."""
    import json

    from ledgerctl.core.clock import parse_period, period_bounds, period_of
    from ledgerctl.layby import service
    from ledgerctl.layby.report import write_excel

    actx = app_context(ctx)
    when = day(as_of, "--as-of")
    code = parse_period(period, field="--period") if period else period_of(when)
    start, end = period_bounds(code)
    sections = service.report(actx, when, start, end)
    titles = {
        "active": "Open lay-bys",
        "collected": f"Collected {code}",
        "overdue_ageing": f"Overdue ageing as of {when}",
        "default_rate": "Default rate by business type",
    }
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(sections, indent=2, default=str))
    elif fmt == OutputFormat.csv:
        render_rows(
            [{"section": s, **r} for s, rows in sections.items() for r in rows],
            fmt,
            columns=[
                "section",
                *dict.fromkeys(k for rows in sections.values() for r in rows for k in r),
            ],
        )
    else:
        for name, rows in sections.items():
            render_rows(rows, fmt, title=titles[name])
    if excel is not None:
        message(
            f"wrote {write_excel(excel, sections, f'Lay-by report {code}, as of {when}')}", ctx=actx
        )
