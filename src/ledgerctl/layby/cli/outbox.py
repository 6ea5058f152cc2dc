"""`ledgerctl layby outbox list|show|write|send`: the notices the automation rendered."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.errors import RemoteUnavailable

app = typer.Typer(help="Reminders and notices rendered by the automation.", no_args_is_help=True)


@app.command("list")
def list_notices(
    ctx: typer.Context,
    on: str | None = typer.Option(None, "--day", help="Notices of this day (YYYY-MM-DD)."),
    status: str | None = typer.Option(
        None, "--status", help="Email status: pending, sent, failed or none (no address)."
    ),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many notices."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Notices in the outbox, newest last."""
    from ledgerctl.core.clock import parse_day
    from ledgerctl.layby.outbox import NoticeRow, list_notices

    rows = list_notices.run(app_context(ctx), parse_day(on, "--day"), status, limit)
    render(rows, fmt, output, title="Lay-by outbox", row_type=NoticeRow)


@app.command("show")
def show(ctx: typer.Context, notice: int = typer.Argument(..., help="Notice id.")) -> None:
    """One notice as the customer gets it: the email and the SMS text."""
    from ledgerctl.layby.outbox import show_notice

    typer.echo(show_notice.run(app_context(ctx), notice).text, nl=False)


@app.command("write")
def write(
    ctx: typer.Context, on: str | None = typer.Option(None, "--day", help="Default today.")
) -> None:
    """(Re)write a day's outbox files (email.mbox, sms.csv, no-contact.csv)."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.outbox import write_outbox

    written = write_outbox.run(app_context(ctx), parse_day(on, "--day") or today())
    for kind, path in written.files:
        message(f"{kind}: {path}")
    if not written.files:
        message("no notices that day; nothing written")


@app.command("send")
def send(ctx: typer.Context) -> None:
    """Send pending (and retry failed) emails through the SMTP server in the settings; exit 6
    when the server refused any."""
    from ledgerctl.layby.smtp import send_outbox

    done = send_outbox(app_context(ctx))
    message(f"emails sent {done.sent}, failed {done.failed}")
    if done.failed:
        raise RemoteUnavailable(f"the SMTP server refused {done.failed} email(s); they stay failed")
