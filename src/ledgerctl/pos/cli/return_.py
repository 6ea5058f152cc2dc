"""Commands `pos return record|list` (the word ``return``: a Python keyword, hence the
module name ``return_``)."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import FORMAT_OPTION, OUTPUT_OPTION, Format, app_context, message, render
from ledgerctl.core.clock import parse_day, today
from ledgerctl.pos.cli.options import BRANCH_OPTION, DATE_HELP, line, tender

app = typer.Typer(help="Returns against an original sale.", no_args_is_help=True)


@app.command("record")
def return_record(
    ctx: typer.Context,
    sale: str = typer.Argument(..., help="Invoice number of the original sale."),
    lines: list[str] | None = typer.Option(
        None,
        "--line",
        "-l",
        help="SKU=QTY to return; repeat. Default: everything not yet returned.",
    ),
    refunds: list[str] | None = typer.Option(
        None, "--refund", help="TENDER=AMOUNT; default: the sale's tender."
    ),
    reason: str = typer.Option("", "--reason"),
    branch: str | None = typer.Option(
        None, "--branch", "-b", help="Branch taking the goods back (default: the sale's)."
    ),
    date: str | None = typer.Option(None, "--date", help=f"Return date ({DATE_HELP})."),
) -> None:
    """Take goods back against a sale: taxes reversed, stock back at the original cost."""
    from ledgerctl.pos.returns import ReturnLineDraft, record_return

    wanted = [ReturnLineDraft(*line(i)[:2]) for i in lines] if lines else None
    done = record_return.run(
        app_context(ctx),
        sale,
        wanted,
        parse_day(date, "--date") or today(),
        refunds=[tender(r, "--refund") for r in refunds or []],
        reason=reason,
        branch=branch,
    )
    typer.echo(done.number)
    message(f"returned net {done.net} + tax {done.tax} = {done.gross}")


@app.command("list")
def return_list(
    ctx: typer.Context,
    branch: str | None = BRANCH_OPTION,
    start: str | None = typer.Option(None, "--from", help=DATE_HELP),
    end: str | None = typer.Option(None, "--to", help=DATE_HELP),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Returns, newest last."""
    from ledgerctl.pos.views import ReturnRow, list_returns

    rows = list_returns.run(
        app_context(ctx),
        branch=branch,
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
    )
    render(rows, fmt, output, title="Returns", row_type=ReturnRow)
