"""Commands `pos stock receive|adjust|levels|movements`."""

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

stock_app = typer.Typer(
    help="Stock per branch: receive, adjust, levels, movements.", no_args_is_help=True
)


def _lines(items: list[str]):  # type: ignore[no-untyped-def]
    from ledgerctl.pos.cli_parse import line
    from ledgerctl.pos.stock import StockLine

    return [StockLine(*line(i)) for i in items]


@stock_app.command("receive")
def receive(
    ctx: typer.Context,
    lines: list[str] = typer.Argument(..., help="SKU=QTY or SKU=QTY@UNIT_COST, one or more."),
    branch: str = BRANCH_OPTION,
    date: str = typer.Option(None, "--date", help=f"Receipt date ({DATE_HELP}); default today."),
    credit_account: str = typer.Option(
        None,
        "--credit-account",
        help="Account credited (default: accounts payable; 1010 if paid from the bank).",
    ),
    reference: str = typer.Option("", "--reference", help="Supplier invoice or delivery note."),
) -> None:
    """Receive goods into a branch at cost (moving average); posts Dr inventory / Cr payable."""
    from ledgerctl.pos import service

    row = service.stock_document(
        app_context(ctx),
        "receipt",
        branch,
        _lines(lines),
        day(date),
        reason=reference,
        credit_account=credit_account,
    )
    message(f"{row['number']}: received, value {row['value']}")


@stock_app.command("adjust")
def adjust(
    ctx: typer.Context,
    lines: list[str] = typer.Argument(..., help="SKU=+QTY or SKU=-QTY (optionally @UNIT_COST)."),
    reason: str = typer.Option(..., "--reason", help="Why (count difference, damage ...)."),
    branch: str = BRANCH_OPTION,
    date: str = typer.Option(None, "--date", help=f"Adjustment date ({DATE_HELP})."),
) -> None:
    """Correct stock after a count or write-off; posts against stock adjustments."""
    from ledgerctl.pos import service

    row = service.stock_document(
        app_context(ctx), "adjustment", branch, _lines(lines), day(date), reason=reason
    )
    message(f"{row['number']}: adjusted, value {row['value']}")


@stock_app.command("levels")
def levels(
    ctx: typer.Context,
    branch: str = BRANCH_OPTION,
    sku: str = typer.Option(None, "--sku"),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """On hand, reserved, available, average cost and value per branch and product."""
    from ledgerctl.pos import service

    render_rows(
        service.stock_levels(app_context(ctx), branch, sku), fmt, output, title="Stock levels"
    )


@stock_app.command("movements")
def movements(
    ctx: typer.Context,
    branch: str = BRANCH_OPTION,
    sku: str = typer.Option(None, "--sku"),
    start: str = typer.Option(None, "--from", help=DATE_HELP),
    end: str = typer.Option(None, "--to", help=DATE_HELP),
    limit: int = typer.Option(200, "--limit"),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Stock movements (receipts, sales, returns, transfers, adjustments), newest last."""
    from ledgerctl.pos import service

    rows = service.stock_movements(
        app_context(ctx),
        branch=branch,
        sku=sku,
        start=optional_day(start, "--from"),
        end=optional_day(end, "--to"),
        limit=limit,
    )
    render_rows(rows, fmt, output, title="Stock movements")
