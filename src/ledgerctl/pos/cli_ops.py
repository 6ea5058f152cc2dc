"""Commands `pos transfer ...`, `pos customer ...`, `pos ar ...`, `pos day summary` and
`pos post-unposted`."""

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
from ledgerctl.pos.cli_common import BRANCH_OPTION, DATE_HELP, day, optional_day

transfer_app = typer.Typer(
    help="Stock transfers between branches (at cost, no tax).", no_args_is_help=True
)
customer_app = typer.Typer(help="Customers (shared with billing and lay-by).", no_args_is_help=True)
ar_app = typer.Typer(help="Customers on account: payments, statement, aging.", no_args_is_help=True)
day_app = typer.Typer(help="Reports for the day.", no_args_is_help=True)


@transfer_app.command("send")
def transfer_send(
    ctx: typer.Context,
    lines: list[str] = typer.Argument(..., help="SKU=QTY, one or more."),
    source: str = typer.Option(..., "--from", help="Sending branch code."),
    target: str = typer.Option(..., "--to", help="Receiving branch code."),
    date: str = typer.Option(None, "--date", help=f"Date sent ({DATE_HELP})."),
    note: str = typer.Option("", "--note"),
) -> None:
    """Send stock to another branch: out of the sender at cost, into stock in transit."""
    from ledgerctl.pos import service_ops
    from ledgerctl.pos.cli_parse import line

    row = service_ops.send_transfer(
        app_context(ctx), source, target, [line(i, "line")[:2] for i in lines], day(date), note
    )
    print(row["number"])
    message(
        f"in transit at cost {row['cost']}; the receiving branch runs "
        f"`ledgerctl pos transfer receive {row['number']}`"
    )


@transfer_app.command("receive")
def transfer_receive(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Transfer number, e.g. TRF-2026-00001."),
    date: str = typer.Option(None, "--date", help=f"Date received ({DATE_HELP})."),
) -> None:
    """Book a transfer into the receiving branch's stock at the sender's cost."""
    from ledgerctl.pos import service_ops

    row = service_ops.receive_transfer(app_context(ctx), number, day(date))
    message(f"{row['number']} received at cost {row['cost']}")


@transfer_app.command("list")
def transfer_list(
    ctx: typer.Context,
    status: str = typer.Option(None, "--status", help="in_transit or received."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Transfers from or to your branches."""
    from ledgerctl.pos import service_ops

    render_rows(
        service_ops.list_transfers(app_context(ctx), status), fmt, output, title="Transfers"
    )


@customer_app.command("add")
def customer_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Customer code, e.g. C001."),
    name: str = typer.Option(..., "--name"),
    phone: str = typer.Option("", "--phone"),
    email: str = typer.Option("", "--email"),
    address: str = typer.Option("", "--address"),
    tax_id: str = typer.Option("", "--tin", help="The customer's TIN (wholesale buyers)."),
) -> None:
    """Add a customer (needed for sales on account)."""
    from ledgerctl.pos import service_ops

    code = service_ops.add_customer(
        app_context(ctx), code, name, phone=phone, email=email, address=address, tax_id=tax_id
    )
    message(f"customer {code} added")


@customer_app.command("list")
def customer_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """Customers with what they owe."""
    from ledgerctl.pos import service_ops

    render_rows(service_ops.list_customers(app_context(ctx)), fmt, output, title="Customers")


@ar_app.command("pay")
def ar_pay(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Customer code."),
    amount: str = typer.Argument(..., help="Amount received."),
    tender: str = typer.Option("cash", "--tender", help="cash, card or momo."),
    branch: str = BRANCH_OPTION,
    date: str = typer.Option(None, "--date", help=f"Date received ({DATE_HELP})."),
    reference: str = typer.Option("", "--reference"),
) -> None:
    """Record money received from a customer against their account."""
    from ledgerctl.pos import service_ops
    from ledgerctl.pos.cli_parse import _number

    row = service_ops.receive_payment(
        app_context(ctx),
        customer,
        _number(amount, "AMOUNT", amount),
        tender,
        day(date),
        branch,
        reference,
    )
    print(row["number"])
    message(f"{customer} now owes {row['balance']}")


@ar_app.command("statement")
def ar_statement(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Customer code."),
    start: str = typer.Option(None, "--from", help=DATE_HELP),
    end: str = typer.Option(None, "--to", help=DATE_HELP),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A customer's statement: opening balance, documents, running balance."""
    from ledgerctl.pos import service_ops

    rows = service_ops.statement(
        app_context(ctx), customer, optional_day(start, "--from"), optional_day(end, "--to")
    )
    render_rows(rows, fmt, output, title=f"Statement of {customer}")


@ar_app.command("aging")
def ar_aging(
    ctx: typer.Context,
    as_of: str = typer.Option(None, "--as-of", help=f"Age at ({DATE_HELP}); today."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """What each customer owes by age: 0-30, 31-60, 61-90, 91-120, over 120 days."""
    from ledgerctl.pos import service_ops

    render_rows(
        service_ops.aging(app_context(ctx), day(as_of, "--as-of")),
        fmt,
        output,
        title="Receivables aging",
    )


@day_app.command("summary")
def day_summary(
    ctx: typer.Context,
    branch: str = typer.Option(..., "--branch", "-b", help="Branch code."),
    date: str = typer.Option(None, "--date", help=f"Day ({DATE_HELP}); default today."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write to this file; a name ending in .xlsx gets an Excel workbook.",
    ),
) -> None:
    """Z report: sales by tender, tax by type, returns, cash expected (table, CSV, Excel)."""
    from ledgerctl.pos import service_ops
    from ledgerctl.pos.day import COLUMNS

    excel = output if output is not None and output.suffix.lower() == ".xlsx" else None
    summary = service_ops.day_summary(app_context(ctx), branch, day(date), excel)
    if excel is not None:
        message(f"wrote {excel}")
        return
    render_rows(
        summary.rows,
        fmt,
        output,
        columns=COLUMNS,
        title=f"Day summary {summary.branch} {summary.day}",
    )


def post_unposted(
    ctx: typer.Context,
    period: str = typer.Option(None, "--period", help="Only documents dated in YYYY-MM."),
) -> None:
    """Post pending and failed pos documents to the ledger (exit 4 if some still fail)."""
    from ledgerctl.pos import service_ops

    actx = app_context(ctx)
    result = service_ops.post_unposted(actx, period)
    for error in result.errors[:50]:
        message(f"failed: {error}")
    message(f"{result.posted} posted, {result.failed} failed", ctx=actx)
    if result.failed:
        raise typer.Exit(code=4)
