"""`billing charge ...`: one-off fees and disbursements for the next statement."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_date

app = typer.Typer(
    help="One-off fees and disbursements for the next statement.", no_args_is_help=True
)


@app.command("add")
def charge_add(
    ctx: typer.Context,
    client: str = typer.Option(..., "--client", "-c", help="Client (customer) code."),
    amount: str = typer.Option(..., "--amount", help="Amount, e.g. 250.00."),
    on: str = typer.Option(..., "--date", help="Date of the work or expense (YYYY-MM-DD)."),
    description: str = typer.Option(..., "--description", help="Shown on the statement."),
    kind: str = typer.Option("fee", "--kind", help="fee or disbursement."),
) -> None:
    """Add a one-off fee or disbursement for the client's next statement."""
    from ledgerctl.billing.charges import add_charge

    charge_day = parse_date(on, field="--date")
    row = add_charge.run(app_context(ctx), client, charge_day, amount, description, kind)
    message(f"charge {row.id}: {row.kind} {row.amount} for {client}")


@app.command("list")
def charge_list(
    ctx: typer.Context,
    client: str | None = typer.Option(None, "--client", "-c", help="Only this client."),
    unbilled: bool = typer.Option(False, "--unbilled", help="Only charges on no statement."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Charges and the statements that bill them."""
    from ledgerctl.billing.charges import ChargeRow, list_charges

    rows = list_charges.run(app_context(ctx), client, unbilled)
    render(rows, fmt, output, title="Charges", row_type=ChargeRow)
