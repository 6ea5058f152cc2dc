"""Commands `pos sale record|import|show|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    message,
    render,
    render_record,
    warn,
)
from ledgerctl.core.clock import parse_day, today
from ledgerctl.pos.cli.options import BRANCH_OPTION, DATE_HELP, line, tender

app = typer.Typer(help="Sales: record, import a till export, list, show.", no_args_is_help=True)


@app.command("record")
def record(
    ctx: typer.Context,
    lines: list[str] = typer.Option(
        ..., "--line", "-l", help="SKU=QTY or SKU=QTY@UNIT_PRICE; repeat per line."
    ),
    pays: list[str] | None = typer.Option(
        None,
        "--pay",
        "-p",
        help="TENDER=AMOUNT (cash, card, momo, account); repeat. Default: the exact total in cash.",
    ),
    branch: str | None = BRANCH_OPTION,
    date: str | None = typer.Option(
        None, "--date", help=f"Sale date ({DATE_HELP}); default today."
    ),
    kind: str = typer.Option("retail", "--kind", help="retail or wholesale."),
    customer: str | None = typer.Option(None, "--customer", "-c", help="Customer code."),
    prices: str | None = typer.Option(
        None,
        "--prices",
        help="inclusive or exclusive (default: the tax profile's convention for the kind).",
    ),
    receipt: str | None = typer.Option(
        None,
        "--receipt",
        help="The till's receipt id (recording it twice does nothing the second time).",
    ),
) -> None:
    """Record a sale: invoice number, taxes, stock out, ledger posting. Prints the number.

    Example: ledgerctl pos sale record --branch ACC-01 --line RICE-5KG=2 --pay cash=150
    """
    from ledgerctl.pos.drafts import LineDraft, PaymentDraft, SaleDraft
    from ledgerctl.pos.sales import record_sale

    draft = SaleDraft(
        parse_day(date, "--date") or today(),
        tuple(LineDraft(*line(i)) for i in lines),
        tuple(PaymentDraft(*tender(p)) for p in pays or []),
        branch=branch,
        kind=kind,
        customer=customer,
        price_mode=prices,
        till_receipt=receipt,
    )
    done = record_sale.run(app_context(ctx), draft)
    typer.echo(done.number)
    if done.duplicate:
        message(f"till receipt {receipt} was recorded before as {done.number}; nothing done")
        return
    taxes = ", ".join(f"{c} {a}" for c, a in done.taxes.items())
    message(f"net {done.net} + {taxes or 'no tax'} = {done.gross}; change {done.change}")
    if done.posting == "failed":
        warn(
            f"the sale is recorded but its ledger posting failed: {done.error}; "
            "fix it and run `ledgerctl pos post-unposted`"
        )
    else:
        message(f"posted as {done.entry}")


@app.command("import")
def sale_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Till export, CSV or .xlsx (see docs/pos.md)."),
    branch: str | None = typer.Option(
        None, "--branch", "-b", help="Branch of rows whose branch column is empty."
    ),
    defer: bool = typer.Option(
        False, "--defer-posting", help="Record now, post later with `pos post-unposted`."
    ),
) -> None:
    """Record a day's till export: every row checked first, the file recorded whole or not
    at all; receipts imported before are skipped.

    Example: ledgerctl pos sale import till-2026-02-03.csv --branch ACC-01
    """
    from ledgerctl.pos.importing import import_file

    result = import_file(app_context(ctx), path, branch, defer)
    span = f" ({result.first} .. {result.last})" if result.sales else ""
    message(
        f"{result.sales} sales recorded{span}, gross {result.gross}; "
        f"{result.duplicates} already imported"
    )
    if result.posting == "failed":
        warn(
            f"the sales are recorded but their posting failed: {result.error}; "
            "fix it and run `ledgerctl pos post-unposted`"
        )
    elif result.posting == "pending":
        message("posting deferred: run `ledgerctl pos post-unposted`")


@app.command("show")
def show(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Invoice number."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A sale with its lines, taxes, payments, posting status and returns."""
    from ledgerctl.pos.views import show_sale

    render_record(show_sale.run(app_context(ctx), number), fmt, output, title=f"Sale {number}")


@app.command("list")
def sale_list(
    ctx: typer.Context,
    branch: str | None = BRANCH_OPTION,
    start: str | None = typer.Option(None, "--from", help=DATE_HELP),
    end: str | None = typer.Option(None, "--to", help=DATE_HELP),
    status: str | None = typer.Option(None, "--posting", help="pending, posted or failed."),
    limit: int = typer.Option(200, "--limit"),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Sales, newest last."""
    from ledgerctl.pos.views import SaleRow, list_sales

    rows = list_sales.run(
        app_context(ctx),
        branch=branch,
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        status=status,
        limit=limit,
    )
    render(rows, fmt, output, title="Sales", row_type=SaleRow)
