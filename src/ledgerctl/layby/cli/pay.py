"""`ledgerctl layby pay`: a payment towards a lay-by's balance."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def pay(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Lay-by number, e.g. LAY-2026-00001."),
    amount: str = typer.Argument(..., help="Amount paid, e.g. 150.00."),
    method: str = typer.Option(
        ..., "--method", "-m", help="Payment method: cash, card or momo (the pos tenders)."
    ),
    date: str | None = typer.Option(
        None, "--date", help="Business date YYYY-MM-DD (default: today)."
    ),
    reference: str = typer.Option("", "--reference", help="Payment reference (momo id ...)."),
    notes: str = typer.Option("", "--notes", help="A note kept with the payment."),
) -> None:
    """Record a payment; prints its receipt number.

    Example: ledgerctl layby pay LAY-2026-00001 150.00 --method momo --reference MM12345
    """
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.core.money import parse_amount
    from ledgerctl.layby.payments import PaymentDraft, pay_layby

    draft = PaymentDraft(
        number,
        parse_amount(amount, field="AMOUNT"),
        method,
        parse_day(date, "--date") or today(),
        reference,
        notes,
    )
    row = pay_layby.run(app_context(ctx), draft)
    typer.echo(row.receipt)
    message(
        f"{number}: paid {row.paid}, balance {row.balance}"
        + ("; completed (rules: auto_complete)" if row.completed else "")
    )
