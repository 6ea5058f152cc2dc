"""Commands `pos ar pay|statement|aging` (customers on account)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_day, today
from ledgerctl.core.money import parse_number
from ledgerctl.pos.cli.options import BRANCH_OPTION, DATE_HELP

app = typer.Typer(help="Customers on account: payments, statement, aging.", no_args_is_help=True)


@app.command("pay")
def ar_pay(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Customer code."),
    amount: str = typer.Argument(..., help="Amount received."),
    tender: str = typer.Option("cash", "--tender", help="cash, card or momo."),
    branch: str | None = BRANCH_OPTION,
    date: str | None = typer.Option(None, "--date", help=f"Date received ({DATE_HELP})."),
    reference: str = typer.Option("", "--reference"),
) -> None:
    """Record money received from a customer against their account."""
    from ledgerctl.pos.ar import receive_payment

    done = receive_payment.run(
        app_context(ctx),
        customer,
        parse_number(amount, field=f"AMOUNT {amount!r}"),
        tender,
        parse_day(date, "--date") or today(),
        branch=branch,
        reference=reference,
    )
    typer.echo(done.number)
    message(f"{customer} now owes {done.balance}")


@app.command("statement")
def ar_statement(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Customer code."),
    start: str | None = typer.Option(None, "--from", help=DATE_HELP),
    end: str | None = typer.Option(None, "--to", help=DATE_HELP),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A customer's statement: opening balance, documents, running balance."""
    from ledgerctl.pos.ar_report import StatementLine, statement

    rows = statement.run(
        app_context(ctx), customer, parse_day(start, "--from"), parse_day(end, "--to")
    )
    render(rows, fmt, output, title=f"Statement of {customer}", row_type=StatementLine)


@app.command("aging")
def ar_aging(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help=f"Age at ({DATE_HELP}); today."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """What each customer owes by age: 0-30, 31-60, 61-90, 91-120, over 120 days."""
    from ledgerctl.pos.ar_report import aging
    from ledgerctl.pos.domain.aging import BUCKETS

    found = aging.run(app_context(ctx), parse_day(as_of, "--as-of") or today())
    columns = ("customer", "name", *BUCKETS, "unapplied", "total")
    render([r.row() for r in found], fmt, output, title="Receivables aging", columns=columns)
