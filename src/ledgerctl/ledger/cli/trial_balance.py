"""`ledgerctl ledger trial-balance`: debit and credit balance of every account."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, render
from ledgerctl.core.clock import parse_day, today
from ledgerctl.core.errors import IntegrityProblem


def trial_balance(
    ctx: typer.Context,
    as_of: str | None = typer.Option(
        None, "--as-of", help="At the end of (YYYY-MM-DD); default today."
    ),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Debit and credit balance of every account, with totals per currency (exit 5 if the
    totals differ).

    Example: ledgerctl ledger trial-balance --as-of 2025-09-30 --format csv
    """
    from ledgerctl.ledger.domain import TrialBalanceRow
    from ledgerctl.ledger.lean import trial_balance as read_trial_balance

    tb = read_trial_balance(app_context(ctx), parse_day(as_of, "--as-of") or today())
    rows = [*tb.rows, *tb.total_rows()]
    title = f"Trial balance as of {tb.as_of}"
    render(rows, fmt, output, title=title, row_type=TrialBalanceRow)
    if not tb.balanced:
        raise IntegrityProblem(
            f"trial balance as of {tb.as_of} does not balance; run "
            "`ledgerctl audit verify` and report it"
        )
