"""`ledgerctl layby refund`: one payment back to the tender that paid it."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message


def refund(
    ctx: typer.Context,
    receipt: str = typer.Argument(..., help="Receipt number of the payment to refund."),
    reason: str = typer.Option(..., "--reason", help="Why the payment is refunded."),
    date: str | None = typer.Option(
        None, "--date", help="Business date YYYY-MM-DD (default: today)."
    ),
) -> None:
    """Refund one payment to the tender that paid it; prints the refund's receipt number."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.payments import refund_payment

    day = parse_day(date, "--date") or today()
    row = refund_payment.run(app_context(ctx), receipt, day, reason)
    typer.echo(row.receipt)
    message(f"{row.number}: refunded {row.amount} by {row.method}; balance {row.balance}")
