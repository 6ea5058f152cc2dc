"""`billing payment ...`: record (with allocations), allocate credit later, verify, list, show."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

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
from ledgerctl.core.clock import parse_date, parse_day, today

app = typer.Typer(
    help='Client payments: record, allocate, verify ("Mark Verified").', no_args_is_help=True
)

ALLOCATE = typer.Option(
    None,
    "--allocate",
    "-a",
    help="NUMBER=AMOUNT: apply part of the payment to an issued statement "
    "(repeatable); the rest stays as credit on account.",
)
PAYMENT_ID = typer.Argument(..., help="Payment id (see `billing payment list`).")


def _allocation_text(rows: Iterable[Any]) -> str:
    return ", ".join(f"{a.statement} {a.amount} ({a.status})" for a in rows)


@app.command("record")
def payment_record(
    ctx: typer.Context,
    client: str = typer.Option(..., "--client", "-c", help="Client code."),
    amount: str = typer.Option(..., "--amount", help="Amount received, e.g. 1500.00."),
    on: str = typer.Option(..., "--date", help="Date received (YYYY-MM-DD)."),
    method: str = typer.Option(
        ..., "--method", help="bank, cash, momo, cheque or card (rules/billing.yaml)."
    ),
    invoice_no: str = typer.Option(
        ..., "--invoice-no", help="The manual receipt/invoice number (unique per client)."
    ),
    reference: str = typer.Option("", "--reference", help="Bank reference or note."),
    allocate: list[str] | None = ALLOCATE,
) -> None:
    """Record a payment: posted Dr cash/bank / Cr receivable, optionally allocated.

    Prints the payment id; a reviewer who did not record it must verify it.

    Example: ledgerctl billing payment record -c ASANTE --amount 1500.00 --date 2025-10-03
    --method bank --invoice-no RCT-0042 --allocate SOA-2025-00012=1500.00
    """
    from ledgerctl.billing.payments import record_payment

    pay_day = parse_date(on, field="--date")
    row = record_payment.run(
        app_context(ctx),
        client,
        amount,
        pay_day,
        method,
        invoice_no,
        reference,
        list(allocate or []),
    )
    typer.echo(row.id)
    text = f"payment {row.id} recorded: {row.amount} from {client} ({row.journal_entry})"
    if row.allocations:
        text += "; allocated " + _allocation_text(row.allocations)
    if row.unallocated:
        text += f"; {row.unallocated} stays as credit on account"
    message(text + "; a reviewer must verify it")


@app.command("allocate")
def payment_allocate(
    ctx: typer.Context,
    payment_id: int = PAYMENT_ID,
    allocate: list[str] | None = ALLOCATE,
    on: str | None = typer.Option(None, "--date", help="Allocation date (default today)."),
) -> None:
    """Apply a payment's unallocated credit to issued statements."""
    from ledgerctl.billing.payments import allocate_payment

    when = parse_day(on, "--date") or today()
    row = allocate_payment.run(app_context(ctx), payment_id, list(allocate or []), when)
    message(
        f"payment {payment_id}: allocated {_allocation_text(row.allocations)}; "
        f"{row.unallocated} unallocated"
    )


@app.command("verify")
def payment_verify(ctx: typer.Context, payment_id: int = PAYMENT_ID) -> None:
    """Mark a payment verified (reviewer; not the user who recorded it)."""
    from ledgerctl.billing.payments import verify_payment

    row = verify_payment.run(app_context(ctx), payment_id)
    message(f"payment {payment_id} verified by {row.verified_by}")


@app.command("list")
def payment_list(
    ctx: typer.Context,
    unverified: bool = typer.Option(
        False, "--unverified", help="Only payments awaiting verification."
    ),
    client: str | None = typer.Option(None, "--client", "-c", help="Client code."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Payments, oldest first."""
    from ledgerctl.billing.payments import PaymentRow, list_payments

    rows = list_payments.run(app_context(ctx), client, unverified)
    render(rows, fmt, output, title="Payments", row_type=PaymentRow)


@app.command("show")
def payment_show(
    ctx: typer.Context,
    payment_id: int = PAYMENT_ID,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A payment and its allocations."""
    from ledgerctl.billing.payments import show_payment

    detail = show_payment.run(app_context(ctx), payment_id)
    render_record(detail, fmt, output, title=f"Payment {payment_id}")
