"""Commands `pos transfer send|receive|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_day, today
from ledgerctl.pos.cli.options import DATE_HELP, line

app = typer.Typer(help="Stock transfers between branches (at cost, no tax).", no_args_is_help=True)


@app.command("send")
def transfer_send(
    ctx: typer.Context,
    lines: list[str] = typer.Argument(..., help="SKU=QTY, one or more."),
    source: str = typer.Option(..., "--from", help="Sending branch code."),
    target: str = typer.Option(..., "--to", help="Receiving branch code."),
    date: str | None = typer.Option(None, "--date", help=f"Date sent ({DATE_HELP})."),
    note: str = typer.Option("", "--note"),
) -> None:
    """Send stock to another branch: out of the sender at cost, into stock in transit."""
    from ledgerctl.pos.transfers import send_transfer

    items = [(sku, qty) for sku, qty, _ in (line(i, "line") for i in lines)]
    day = parse_day(date, "--date") or today()
    done = send_transfer.run(app_context(ctx), source, target, items, day, note)
    typer.echo(done.number)
    message(
        f"in transit at cost {done.cost}; the receiving branch runs "
        f"`ledgerctl pos transfer receive {done.number}`"
    )


@app.command("receive")
def transfer_receive(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Transfer number, e.g. TRF-2026-00001."),
    date: str | None = typer.Option(None, "--date", help=f"Date received ({DATE_HELP})."),
) -> None:
    """Book a transfer into the receiving branch's stock at the sender's cost."""
    from ledgerctl.pos.transfers import receive_transfer

    done = receive_transfer.run(app_context(ctx), number, parse_day(date, "--date") or today())
    message(f"{done.number} received at cost {done.cost}")


@app.command("list")
def transfer_list(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help="in_transit or received."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Transfers from or to your branches."""
    from ledgerctl.pos.transfers import list_transfers

    rows = [t.row() for t in list_transfers.run(app_context(ctx), status)]
    columns = ("number", "from", "to", "status", "sent_on", "received_on", "cost", "note")
    render(rows, fmt, output, title="Transfers", columns=columns)
