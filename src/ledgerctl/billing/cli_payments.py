"""`billing payment ...`: record (with allocations), allocate credit later, verify, list, show."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.billing.cli_common import day, print_rows, show_record
from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)

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


def _allocation_text(rows: list[dict[str, object]]) -> str:
    return ", ".join(f"{a['statement']} {a['amount']} ({a['status']})" for a in rows)


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
    allocate: list[str] = ALLOCATE,
) -> None:
    """Record a payment: posted Dr cash/bank / Cr receivable, optionally allocated."""
    from ledgerctl.billing import service

    pay_day = day(on, "--date")
    assert pay_day is not None
    row = service.record_payment(
        app_context(ctx),
        client,
        amount,
        pay_day,
        method,
        invoice_no,
        reference,
        list(allocate or []),
    )
    typer.echo(row["id"])
    text = f"payment {row['id']} recorded: {row['amount']} from {client} ({row['journal_entry']})"
    if row["allocations"]:
        text += "; allocated " + _allocation_text(row["allocations"])  # type: ignore[arg-type]
    if row["unallocated"]:
        text += f"; {row['unallocated']} stays as credit on account"
    message(text + "; a reviewer must verify it", ctx=app_context(ctx))


@app.command("allocate")
def payment_allocate(
    ctx: typer.Context,
    payment_id: int = PAYMENT_ID,
    allocate: list[str] = ALLOCATE,
    on: str = typer.Option(None, "--date", help="Allocation date (default today)."),
) -> None:
    """Apply a payment's unallocated credit to issued statements."""
    from ledgerctl.billing import service

    row = service.allocate_payment(
        app_context(ctx), payment_id, list(allocate or []), day(on, "--date")
    )
    message(
        f"payment {payment_id}: allocated "
        f"{_allocation_text(row['allocations'])}; "  # type: ignore[arg-type]
        f"{row['unallocated']} unallocated",
        ctx=app_context(ctx),
    )


@app.command("verify")
def payment_verify(ctx: typer.Context, payment_id: int = PAYMENT_ID) -> None:
    """Mark a payment verified (reviewer; not the user who recorded it)."""
    from ledgerctl.billing import service

    row = service.verify_payment(app_context(ctx), payment_id)
    message(f"payment {payment_id} verified by {row['verified_by']}", ctx=app_context(ctx))


@app.command("list")
def payment_list(
    ctx: typer.Context,
    unverified: bool = typer.Option(
        False, "--unverified", help="Only payments awaiting verification."
    ),
    client: str = typer.Option(None, "--client", "-c", help="Client code."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Payments, oldest first."""
    from ledgerctl.billing import service

    render_rows(
        service.list_payments(app_context(ctx), client, unverified), fmt, output, title="Payments"
    )


@app.command("show")
def payment_show(
    ctx: typer.Context,
    payment_id: int = PAYMENT_ID,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A payment and its allocations."""
    from ledgerctl.billing import service

    record = service.show_payment(app_context(ctx), payment_id)
    show_record(record, fmt, output, f"Payment {payment_id}")
    if fmt == OutputFormat.table and output is None:
        print_rows(record["allocations"], "Allocations")  # type: ignore[arg-type]
