"""Command line of the `billing` group: clients, retainers, charges, the retainer cycle,
billing periods and reports. Statements and payments have their own modules
(``cli_statements``, ``cli_payments``). Each command parses, calls one service function and
renders; the service and heavy libraries load inside the commands."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.billing import cli_payments, cli_statements
from ledgerctl.billing.cli_common import (
    REPORT_FORMAT,
    ReportFormat,
    day,
    month_or_day,
    progress_bar,
    render_report,
    show_record,
)
from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    confirm_or_abort,
    message,
    render_rows,
)

app = typer.Typer(
    help="Retainer billing: statements of account, payments, verification, period locks.",
    no_args_is_help=True,
)
client_app = typer.Typer(
    help="Billing clients (customers with billing details).", no_args_is_help=True
)
retainer_app = typer.Typer(help="Monthly retainers of clients.", no_args_is_help=True)
charge_app = typer.Typer(
    help="One-off fees and disbursements for the next statement.", no_args_is_help=True
)
period_app = typer.Typer(help="Billing period locks: close, reopen, list.", no_args_is_help=True)
app.add_typer(client_app, name="client")
app.add_typer(retainer_app, name="retainer")
app.add_typer(charge_app, name="charge")
app.add_typer(cli_statements.app, name="statement")
app.add_typer(cli_payments.app, name="payment")
app.add_typer(period_app, name="period")

TABLE_LIMIT = 50
CLIENT_OPTION = typer.Option(..., "--client", "-c", help="Client (customer) code.")


@client_app.command("add")
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
    terms_days: int = typer.Option(
        None, "--terms-days", help="Days to pay (default: terms_days in rules/billing.yaml)."
    ),
) -> None:
    """Add a billing client."""
    from ledgerctl.billing import service
    from ledgerctl.billing.clients import ClientInput

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
    row = service.add_client(app_context(ctx), data)
    message(
        f"client {row['code']} added ({row['name']}, {row['currency']})"
        + ("; new customer" if row["new_customer"] else "; existing customer"),
        ctx=app_context(ctx),
    )


@client_app.command("list")
def client_list(
    ctx: typer.Context,
    as_of: str = typer.Option(
        None, "--as-of", help="Retainer and balance on this date (YYYY-MM-DD, default today)."
    ),
    status: str = typer.Option(None, "--status", help="active or inactive."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Billing clients with their current retainer and balance."""
    from ledgerctl.billing import service

    rows = service.list_clients(app_context(ctx), day(as_of, "--as-of"), status)
    render_rows(rows, fmt, output, title="Billing clients")


@client_app.command("show")
def client_show(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Client code."),
    as_of: str = typer.Option(None, "--as-of", help="Balance on this date (default today)."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """One client: details, balance, credit on account, open statements, retainers."""
    from ledgerctl.billing import service
    from ledgerctl.billing.cli_common import print_rows

    record = service.show_client(app_context(ctx), code, day(as_of, "--as-of"))
    show_record(record, fmt, output, f"Client {code}")
    if fmt == OutputFormat.table and output is None:
        print_rows(
            [{"statement": k, "open": v} for k, v in record["open_statements"].items()],
            "Open statements",
        )  # type: ignore[union-attr]
        print_rows(record["retainers"], "Retainers")  # type: ignore[arg-type]


@retainer_app.command("set")
def retainer_set(
    ctx: typer.Context,
    client: str = CLIENT_OPTION,
    amount: str = typer.Option(..., "--amount", help="Monthly amount, e.g. 1500.00."),
    start: str = typer.Option(
        ...,
        "--start",
        help="First month (YYYY-MM) or day (YYYY-MM-DD; a partial month is prorated by days).",
    ),
    end: str = typer.Option(None, "--end", help="Last month or day (default: open-ended)."),
    description: str = typer.Option("", "--description", help="Shown on the statement line."),
) -> None:
    """Set a client's monthly retainer from START (replaces the one running then)."""
    from ledgerctl.billing import service

    first = month_or_day(start, "--start", end=False)
    assert first is not None
    row = service.set_retainer(
        app_context(ctx), client, amount, first, month_or_day(end, "--end", end=True), description
    )
    until = f" to {row['end']}" if row["end"] else ""
    message(
        f"retainer {row['id']} for {client}: {row['amount']} a month from {row['start']}{until}",
        ctx=app_context(ctx),
    )


@retainer_app.command("end")
def retainer_end(
    ctx: typer.Context,
    client: str = CLIENT_OPTION,
    end: str = typer.Option(..., "--end", help="Last month (YYYY-MM) or day billed."),
) -> None:
    """Stop a client's retainer after END."""
    from ledgerctl.billing import service

    last = month_or_day(end, "--end", end=True)
    assert last is not None
    service.end_retainer(app_context(ctx), client, last)
    message(f"retainer of {client} ends on {last}", ctx=app_context(ctx))


@retainer_app.command("list")
def retainer_list(
    ctx: typer.Context,
    client: str = typer.Option(None, "--client", "-c", help="Only this client."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Retainers (superseded ones included)."""
    from ledgerctl.billing import service

    render_rows(service.list_retainers(app_context(ctx), client), fmt, output, title="Retainers")


@charge_app.command("add")
def charge_add(
    ctx: typer.Context,
    client: str = CLIENT_OPTION,
    amount: str = typer.Option(..., "--amount", help="Amount, e.g. 250.00."),
    on: str = typer.Option(..., "--date", help="Date of the work or expense (YYYY-MM-DD)."),
    description: str = typer.Option(..., "--description", help="Shown on the statement."),
    kind: str = typer.Option("fee", "--kind", help="fee or disbursement."),
) -> None:
    """Add a one-off fee or disbursement for the client's next statement."""
    from ledgerctl.billing import service

    charge_day = day(on, "--date")
    assert charge_day is not None
    row = service.add_charge(app_context(ctx), client, charge_day, amount, description, kind)
    message(f"charge {row['id']}: {row['kind']} {row['amount']} for {client}", ctx=app_context(ctx))


@charge_app.command("list")
def charge_list(
    ctx: typer.Context,
    client: str = typer.Option(None, "--client", "-c", help="Only this client."),
    unbilled: bool = typer.Option(False, "--unbilled", help="Only charges on no statement."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Charges and the statements that bill them."""
    from ledgerctl.billing import service

    render_rows(
        service.list_charges(app_context(ctx), client, unbilled), fmt, output, title="Charges"
    )


@app.command("run-retainer-cycle")
def run_retainer_cycle(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM, or 'previous' / 'current' (cron)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be made; write nothing."
    ),
    user: str = typer.Option(None, "--user", help="Act as this user (same as the global --user)."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Make one draft statement per client with a retainer or unbilled charges in PERIOD.

    Idempotent: a client that already has a statement for the period gets nothing. Exit 4
    when the billing period is closed, 8 while another run holds the lock.
    """
    from ledgerctl.billing import service

    actx = app_context(ctx)
    if user:
        actx.user_option = user
    with progress_bar(actx, "drafts") as bar:
        result = service.run_cycle(actx, period, dry_run=dry_run, progress=bar)
    rows = result.rows
    if fmt == OutputFormat.table and output is None and len(rows) > TABLE_LIMIT:
        rows = rows[:TABLE_LIMIT]
        message(
            f"first {TABLE_LIMIT} of {len(result.rows)} drafts shown; all of them: "
            f"`ledgerctl billing statement list --period {result.period} --status draft`",
            ctx=actx,
        )
    if rows:
        render_rows(rows, fmt, output, title=f"Retainer cycle {result.period}")
    verb = "would make" if result.dry_run else "made"
    text = f"{result.period}: {verb} {result.created} draft statement(s)"
    if result.already:
        text += f"; {result.already} client(s) already have a statement for {result.period}"
    if result.waiting_charges:
        text += f" ({result.waiting_charges} unbilled charge(s) wait for their next statement)"
    if not result.created and not result.dry_run:
        text += "; nothing to do"
    message(text, ctx=actx)


@period_app.command("close")
def period_close(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Close a billing month: nothing new may be dated in it (exit 4 while drafts remain)."""
    from ledgerctl.billing import service

    confirm_or_abort(f"close billing period {period}?", yes)
    row = service.close_period(app_context(ctx), period)
    message(f"billing period {row['period']} closed", ctx=app_context(ctx))


@period_app.command("reopen")
def period_reopen(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM"),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Reopen a closed billing month (admin only)."""
    from ledgerctl.billing import service

    confirm_or_abort(f"reopen billing period {period}?", yes)
    row = service.reopen_period(app_context(ctx), period, reason)
    message(f"billing period {row['period']} reopened", ctx=app_context(ctx))


@period_app.command("list")
def period_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Billing months that were closed (months not listed are open)."""
    from ledgerctl.billing import service

    render_rows(service.list_periods(app_context(ctx)), fmt, output, title="Billing periods")


@app.command("aging")
def aging(
    ctx: typer.Context,
    as_of: str = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)."),
    fmt: ReportFormat = REPORT_FORMAT,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Ageing of open statements per client: current / 30 / 60 / 90+ days, credit, balance."""
    from ledgerctl.billing import service
    from ledgerctl.core.clock import today

    actx = app_context(ctx)
    on = day(as_of, "--as-of") or today()
    render_report(
        actx,
        service.aging(actx, on),
        fmt,
        output,
        title=f"Ageing at {on}",
        kind="aging",
        default_name=f"aging-{on}.xlsx",
    )


@app.command("ledger")
def ledger(
    ctx: typer.Context,
    client: str = CLIENT_OPTION,
    start: str = typer.Option(
        None, "--from", help="First day (YYYY-MM-DD); earlier movements make the opening balance."
    ),
    end: str = typer.Option(None, "--to", help="Last day (YYYY-MM-DD)."),
    fmt: ReportFormat = REPORT_FORMAT,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Statement of all movements of one client: statements, payments, voids, balance."""
    from ledgerctl.billing import service

    actx = app_context(ctx)
    rows = service.client_ledger(actx, client, day(start, "--from"), day(end, "--to"))
    render_report(
        actx,
        rows,
        fmt,
        output,
        title=f"Ledger of {client}",
        kind="ledger",
        default_name=f"ledger-{client}.xlsx",
    )
