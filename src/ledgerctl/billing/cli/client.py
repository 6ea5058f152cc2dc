"""`billing client ...`: add, list and show billing clients."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render,
    render_record,
)
from ledgerctl.core.clock import parse_day, today

app = typer.Typer(help="Billing clients (customers with billing details).", no_args_is_help=True)


@app.command("add")
def client_add(
    ctx: typer.Context,
    code: str = typer.Argument(
        ..., help="Customer code, e.g. ASANTE (an existing customer becomes a billing client)."
    ),
    name: str = typer.Option("", "--name", help="Client name (needed for a new customer)."),
    email: str = typer.Option("", "--email", help="Client e-mail."),
    phone: str = typer.Option("", "--phone"),
    address: str = typer.Option("", "--address", help="Postal address; separate lines with '\\n'."),
    tax_id: str = typer.Option("", "--tax-id"),
    contact: str = typer.Option("", "--contact", help="Billing contact person."),
    contact_email: str = typer.Option("", "--contact-email", help="Where statements go."),
    currency: str = typer.Option(
        "", "--currency", help="Billing currency (default: the customer's, else the tenant's)."
    ),
    terms_days: int | None = typer.Option(
        None, "--terms-days", help="Days to pay (default: terms_days in rules/billing.yaml)."
    ),
) -> None:
    """Add a billing client."""
    from ledgerctl.billing.clients import ClientInput, add_client

    data = ClientInput(
        code.strip(),
        name,
        email.strip(),
        phone.strip(),
        address.replace("\\n", "\n"),
        tax_id.strip(),
        contact,
        contact_email.strip(),
        currency.strip(),
        terms_days,
    )
    row = add_client.run(app_context(ctx), data)
    kind = "new customer" if row.new_customer else "existing customer"
    message(f"client {row.code} added ({row.name}, {row.currency}); {kind}")


@app.command("list")
def client_list(
    ctx: typer.Context,
    as_of: str | None = typer.Option(
        None, "--as-of", help="Retainer and balance on this date (YYYY-MM-DD, default today)."
    ),
    status: str | None = typer.Option(None, "--status", help="active or inactive."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Billing clients with their current retainer and balance."""
    from ledgerctl.billing.clients import ClientRow, list_clients

    on = parse_day(as_of, "--as-of") or today()
    rows = list_clients.run(app_context(ctx), on, status)
    render(rows, fmt, output, title="Billing clients", row_type=ClientRow)


@app.command("show")
def client_show(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Client code."),
    as_of: str | None = typer.Option(None, "--as-of", help="Balance on this date (default today)."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """One client: details, balance, credit on account, open statements, retainers."""
    from ledgerctl.billing.clients import show_client

    on = parse_day(as_of, "--as-of") or today()
    render_record(show_client.run(app_context(ctx), code, on), fmt, output, title=f"Client {code}")
