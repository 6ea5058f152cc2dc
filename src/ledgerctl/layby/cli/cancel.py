"""`ledgerctl layby cancel`: end a lay-by, keep the fee per policy, refund the rest."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, confirm_or_abort, message


def cancel(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Lay-by number."),
    reason: str = typer.Option(..., "--reason", help="Why it is cancelled."),
    by: str = typer.Option("customer", "--by", help="Who cancels: customer or business."),
    circumstance: str | None = typer.Option(
        None, "--circumstance", help="death or hospitalisation (no fee where the law says so)."
    ),
    date: str | None = typer.Option(
        None, "--date", help="Business date YYYY-MM-DD (default: today)."
    ),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Cancel a lay-by: the fee per policy is kept, the rest refunded to the tenders that
    paid, and the goods go back to stock."""
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.lifecycle import Cancellation, cancel_layby

    day = parse_day(date, "--date") or today()
    confirm_or_abort(f"cancel lay-by {number} and refund the customer?", yes)
    row = cancel_layby.run(app_context(ctx), Cancellation(number, reason, by, day, circumstance))
    message(
        f"{number} cancelled by the {by}: fee {row.fee} ({row.fee_reason}), fees "
        f"kept {row.fees_kept}, waived {row.fees_waived}; refunded {row.refund}"
    )
