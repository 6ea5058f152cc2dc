"""`billing retainer ...`: set, end and list clients' monthly retainers."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_day_or_month
from ledgerctl.core.errors import UsageError

app = typer.Typer(help="Monthly retainers of clients.", no_args_is_help=True)
CLIENT_OPTION = typer.Option(..., "--client", "-c", help="Client (customer) code.")


@app.command("set")
def retainer_set(
    ctx: typer.Context,
    client: str = CLIENT_OPTION,
    amount: str = typer.Option(..., "--amount", help="Monthly amount, e.g. 1500.00."),
    start: str = typer.Option(
        ...,
        "--start",
        help="First month (YYYY-MM) or day (YYYY-MM-DD; a partial month is prorated by days).",
    ),
    end: str | None = typer.Option(None, "--end", help="Last month or day (default: open-ended)."),
    description: str = typer.Option("", "--description", help="Shown on the statement line."),
) -> None:
    """Set a client's monthly retainer from START (replaces the one running then)."""
    from ledgerctl.billing.retainers import set_retainer

    first = parse_day_or_month(start, "--start", end=False)
    if first is None:
        raise UsageError("--start must not be empty; give YYYY-MM or YYYY-MM-DD")
    last = parse_day_or_month(end, "--end", end=True)
    row = set_retainer.run(app_context(ctx), client, amount, first, last, description)
    until = f" to {row.end}" if row.end else ""
    message(f"retainer {row.id} for {client}: {row.amount} a month from {row.start}{until}")


@app.command("end")
def retainer_end(
    ctx: typer.Context,
    client: str = CLIENT_OPTION,
    end: str = typer.Option(..., "--end", help="Last month (YYYY-MM) or day billed."),
) -> None:
    """Stop a client's retainer after END."""
    from ledgerctl.billing.retainers import end_retainer

    last = parse_day_or_month(end, "--end", end=True)
    if last is None:
        raise UsageError("--end must not be empty; give YYYY-MM or YYYY-MM-DD")
    end_retainer.run(app_context(ctx), client, last)
    message(f"retainer of {client} ends on {last}")


@app.command("list")
def retainer_list(
    ctx: typer.Context,
    client: str | None = typer.Option(None, "--client", "-c", help="Only this client."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Retainers (superseded ones included)."""
    from ledgerctl.billing.retainers import ClientRetainer, list_retainers

    rows = list_retainers.run(app_context(ctx), client)
    render(rows, fmt, output, title="Retainers", row_type=ClientRetainer)
