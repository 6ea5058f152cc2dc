"""Commands `pos stock receive|adjust|levels|movements`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_day, today
from ledgerctl.pos.cli.options import BRANCH_OPTION, DATE_HELP, line

if TYPE_CHECKING:
    from ledgerctl.pos.stock import StockLine

app = typer.Typer(
    help="Stock per branch: receive, adjust, levels, movements.", no_args_is_help=True
)


def _lines(items: list[str]) -> list[StockLine]:
    from ledgerctl.pos.stock import StockLine

    return [StockLine(*line(i)) for i in items]


@app.command("receive")
def receive(
    ctx: typer.Context,
    lines: list[str] = typer.Argument(..., help="SKU=QTY or SKU=QTY@UNIT_COST, one or more."),
    branch: str | None = BRANCH_OPTION,
    date: str | None = typer.Option(
        None, "--date", help=f"Receipt date ({DATE_HELP}); default today."
    ),
    credit_account: str | None = typer.Option(
        None,
        "--credit-account",
        help="Account credited (default: accounts payable; 1010 if paid from the bank).",
    ),
    reference: str = typer.Option("", "--reference", help="Supplier invoice or delivery note."),
) -> None:
    """Receive goods into a branch at cost (moving average); posts Dr inventory / Cr payable.

    Example: ledgerctl pos stock receive RICE-5KG=40@95 SOAP=100 -b ACC-01 --reference INV-883
    """
    from ledgerctl.pos.stock import receive_stock

    done = receive_stock.run(
        app_context(ctx),
        branch,
        _lines(lines),
        parse_day(date, "--date") or today(),
        credit_account=credit_account,
        reference=reference,
    )
    message(f"{done.number}: received, value {done.value}")


@app.command("adjust")
def adjust(
    ctx: typer.Context,
    lines: list[str] = typer.Argument(..., help="SKU=+QTY or SKU=-QTY (optionally @UNIT_COST)."),
    reason: str = typer.Option(..., "--reason", help="Why (count difference, damage ...)."),
    branch: str | None = BRANCH_OPTION,
    date: str | None = typer.Option(None, "--date", help=f"Adjustment date ({DATE_HELP})."),
) -> None:
    """Correct stock after a count or write-off; posts against stock adjustments."""
    from ledgerctl.pos.stock import adjust_stock

    day = parse_day(date, "--date") or today()
    done = adjust_stock.run(app_context(ctx), branch, _lines(lines), day, reason)
    message(f"{done.number}: adjusted, value {done.value}")


@app.command("levels")
def levels(
    ctx: typer.Context,
    branch: str | None = BRANCH_OPTION,
    sku: str | None = typer.Option(None, "--sku"),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """On hand, reserved, available, average cost and value per branch and product."""
    from ledgerctl.pos.stock_report import LevelRow, stock_levels

    rows = stock_levels.run(app_context(ctx), branch, sku)
    render(rows, fmt, output, title="Stock levels", row_type=LevelRow)


@app.command("movements")
def movements(
    ctx: typer.Context,
    branch: str | None = BRANCH_OPTION,
    sku: str | None = typer.Option(None, "--sku"),
    start: str | None = typer.Option(None, "--from", help=DATE_HELP),
    end: str | None = typer.Option(None, "--to", help=DATE_HELP),
    limit: int = typer.Option(200, "--limit"),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Stock movements (receipts, sales, returns, transfers, adjustments), newest last."""
    from ledgerctl.pos.stock_report import MovementRow, stock_movements

    rows = stock_movements.run(
        app_context(ctx),
        branch=branch,
        sku=sku,
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        limit=limit,
    )
    render(rows, fmt, output, title="Stock movements", row_type=MovementRow)
