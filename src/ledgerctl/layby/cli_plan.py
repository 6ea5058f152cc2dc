"""Commands `layby create|pay|refund|hold|reactivate|complete|cancel|show|list`."""

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
from ledgerctl.layby.cli_common import DATE_OPTION, day, optional_day, render_record

METHOD_HELP = "Payment method: cash, card or momo (the pos tenders)."


def create(
    ctx: typer.Context,
    customer: str = typer.Option(..., "--customer", "-c", help="Customer code."),
    items: list[str] = typer.Option(..., "--item", "-i", help="SKU:QTY; repeat per item."),
    deposit: str = typer.Option(
        None, "--deposit", help="30% or an amount (default: the rule's default %)."
    ),
    frequency: str = typer.Option(
        None, "--frequency", help="weekly, fortnightly or monthly (default: the rule's)."
    ),
    instalments: int = typer.Option(
        None,
        "--instalments",
        help="Number of instalments (default: as many as fit within the rule's maximum duration).",
    ),
    method: str = typer.Option("cash", "--method", help=METHOD_HELP + " For the deposit."),
    branch: str = typer.Option(None, "--branch", "-b", help="Branch holding the goods."),
    date: str = DATE_OPTION,
    reference: str = typer.Option("", "--reference", help="Payment reference of the deposit."),
    disclosed: bool = typer.Option(
        True,
        "--fee-disclosed/--fee-not-disclosed",
        help="Whether the cancellation fee was disclosed to the "
        "customer (recorded; some laws allow no fee otherwise).",
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Create a lay-by: rules checked, number taken, schedule made, goods reserved, deposit
    taken. Prints the lay-by number."""
    from ledgerctl.layby import service
    from ledgerctl.layby.create import CreateRequest, parse_item
    from ledgerctl.layby.domain import parse_deposit

    request = CreateRequest(
        customer,
        tuple(parse_item(i) for i in items),
        parse_deposit(deposit),
        frequency,
        instalments,
        method,
        day(date),
        branch,
        disclosed,
        reference,
    )
    actx = app_context(ctx)
    record = service.create(actx, request)
    head = record["layby"]
    if fmt == OutputFormat.json:
        render_record(record, fmt, head["number"])
        return
    print(head["number"])
    plan = (
        (
            f"balance {head['balance']} in {head['instalments']} {head['frequency']} "
            f"instalment(s); next due {head['next_due']}"
        )
        if head["instalments"]
        else "paid in full by the deposit"
    )
    message(
        f"total {head['total_amount']} + fees {head['total_fees']}; deposit "
        f"{head['deposit']} paid; {plan}",
        ctx=actx,
    )


def pay(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Lay-by number, e.g. LAY-2026-00001."),
    amount: str = typer.Argument(..., help="Amount paid, e.g. 150.00."),
    method: str = typer.Option(..., "--method", "-m", help=METHOD_HELP),
    date: str = DATE_OPTION,
    reference: str = typer.Option("", "--reference", help="Payment reference (momo id ...)."),
    notes: str = typer.Option("", "--notes"),
) -> None:
    """Record a payment; prints its receipt number."""
    from ledgerctl.core.money import parse_amount
    from ledgerctl.layby import service

    actx = app_context(ctx)
    row = service.pay(
        actx, number, parse_amount(amount, field="AMOUNT"), method, day(date), reference, notes
    )
    print(row["receipt"])
    message(
        f"{number}: paid {row['paid']}, balance {row['balance']}"
        + ("; completed (rules: auto_complete)" if row["completed"] else ""),
        ctx=actx,
    )


def refund(
    ctx: typer.Context,
    receipt: str = typer.Argument(..., help="Receipt number of the payment to refund."),
    reason: str = typer.Option(..., "--reason", help="Why the payment is refunded."),
    date: str = DATE_OPTION,
) -> None:
    """Refund one payment to the tender that paid it; prints the refund's receipt number."""
    from ledgerctl.layby import service

    actx = app_context(ctx)
    row = service.refund(actx, receipt, day(date), reason)
    print(row["receipt"])
    message(
        f"{row['number']}: refunded {row['amount']} by {row['method']}; balance {row['balance']}",
        ctx=actx,
    )


def hold(
    ctx: typer.Context,
    number: str = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    date: str = DATE_OPTION,
) -> None:
    """Put a lay-by on hold (no reminders, late fees or default until reactivated)."""
    from ledgerctl.layby import service

    row = service.hold(app_context(ctx), number, reason, day(date))
    message(f"{number} is {row['status']}")


def reactivate(ctx: typer.Context, number: str = typer.Argument(...)) -> None:
    """Reactivate a lay-by that is on hold."""
    from ledgerctl.layby import service

    row = service.reactivate(app_context(ctx), number)
    message(f"{number} is {row['status']}")


def complete(
    ctx: typer.Context, number: str = typer.Argument(...), date: str = DATE_OPTION
) -> None:
    """Complete a fully paid lay-by: the sale is recorded in pos, the items released.
    Prints the sale's invoice number."""
    from ledgerctl.layby import service

    actx = app_context(ctx)
    row = service.complete(actx, number, day(date))
    print(row["sale"])
    message(f"{number} completed; items released by {row['released_by']}", ctx=actx)


def cancel(
    ctx: typer.Context,
    number: str = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    by: str = typer.Option("customer", "--by", help="Who cancels: customer or business."),
    circumstance: str = typer.Option(
        None, "--circumstance", help="death or hospitalisation (no fee where the law says so)."
    ),
    date: str = DATE_OPTION,
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Cancel a lay-by: the fee per policy is kept, the rest refunded to the tenders that
    paid, and the goods go back to stock."""
    from ledgerctl.cli_support import confirm_or_abort
    from ledgerctl.layby import service

    confirm_or_abort(f"cancel lay-by {number} and refund the customer?", yes)
    actx = app_context(ctx)
    row = service.cancel(actx, number, reason, by, day(date), circumstance)
    message(
        f"{number} cancelled by the {by}: fee {row['fee']} ({row['fee_reason']}), fees "
        f"kept {row['fees_kept']}, waived {row['fees_waived']}; refunded {row['refund']}",
        ctx=actx,
    )


def show(
    ctx: typer.Context, number: str = typer.Argument(...), fmt: OutputFormat = FORMAT_OPTION
) -> None:
    """A lay-by (live or archived): terms, items, schedule, payments, fees, notices."""
    from ledgerctl.layby import service

    render_record(service.show(app_context(ctx), number), fmt, f"Lay-by {number}")


def list_(
    ctx: typer.Context,
    status: str = typer.Option(
        None, "--status", help="ACTIVE, ON_HOLD, COMPLETED, CANCELLED or DEFAULTED."
    ),
    customer: str = typer.Option(None, "--customer", "-c"),
    due: str = typer.Option(None, "--due", help="Next due on or before this date."),
    overdue: bool = typer.Option(
        False, "--overdue", help="Active with an unpaid instalment past its due date."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Date for --overdue (default today)."),
    limit: int = typer.Option(500, "--limit"),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Lay-bys, oldest first, with filters."""
    from ledgerctl.layby import service

    rows = service.list_laybys(
        app_context(ctx),
        status=status,
        customer=customer,
        due_by=optional_day(due, "--due"),
        overdue_on=day(as_of, "--as-of") if overdue else None,
        limit=limit,
    )
    render_rows(rows, fmt, output, title="Lay-bys")
