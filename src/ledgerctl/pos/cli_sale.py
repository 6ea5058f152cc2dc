"""Commands `pos sale record|import|list|show` and `pos return record|list`."""

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

sale_app = typer.Typer(
    help="Sales: record, import a till export, list, show.", no_args_is_help=True
)
return_app = typer.Typer(help="Returns against an original sale.", no_args_is_help=True)


@sale_app.command("record")
def record(
    ctx: typer.Context,
    lines: list[str] = typer.Option(
        ..., "--line", "-l", help="SKU=QTY or SKU=QTY@UNIT_PRICE; repeat per line."
    ),
    pays: list[str] = typer.Option(
        None,
        "--pay",
        "-p",
        help="TENDER=AMOUNT (cash, card, momo, account); repeat. Default: the exact total in cash.",
    ),
    branch: str = BRANCH_OPTION,
    date: str = typer.Option(None, "--date", help=f"Sale date ({DATE_HELP}); default today."),
    kind: str = typer.Option("retail", "--kind", help="retail or wholesale."),
    customer: str = typer.Option(None, "--customer", "-c", help="Customer code."),
    prices: str = typer.Option(
        None,
        "--prices",
        help="inclusive or exclusive (default: the tax profile's convention for the kind).",
    ),
    receipt: str = typer.Option(
        None,
        "--receipt",
        help="The till's receipt id (recording it twice does nothing the second time).",
    ),
) -> None:
    """Record a sale: invoice number, taxes, stock out, ledger posting. Prints the number."""
    from ledgerctl.pos import service
    from ledgerctl.pos.cli_parse import line, tender
    from ledgerctl.pos.sales import LineDraft, PaymentDraft, SaleDraft

    draft = SaleDraft(
        day(date),
        tuple(LineDraft(*line(i)) for i in lines),
        tuple(PaymentDraft(*tender(p)) for p in pays or []),
        branch=branch,
        kind=kind,
        customer=customer,
        price_mode=prices,
        till_receipt=receipt,
    )
    actx = app_context(ctx)
    row = service.record_sale(actx, draft)
    print(row["number"])
    if row["duplicate"]:
        message(
            f"till receipt {receipt} was recorded before as {row['number']}; nothing done", ctx=actx
        )
        return
    taxes = ", ".join(f"{c} {a}" for c, a in row["taxes"].items())  # type: ignore[attr-defined]
    message(
        f"net {row['net']} + {taxes or 'no tax'} = {row['gross']}; change {row['change']}", ctx=actx
    )
    if row["posting"] == "failed":
        message(
            f"warning: the sale is recorded but its ledger posting failed: {row['error']}; "
            "fix it and run `ledgerctl pos post-unposted`"
        )
    else:
        message(f"posted as {row['entry']}", ctx=actx)


@sale_app.command("import")
def sale_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Till export, CSV or .xlsx (see docs/pos.md)."),
    branch: str = typer.Option(
        None, "--branch", "-b", help="Branch of rows whose branch column is empty."
    ),
    defer: bool = typer.Option(
        False, "--defer-posting", help="Record now, post later with `pos post-unposted`."
    ),
) -> None:
    """Record a day's till export: every row checked first, the file recorded whole or not
    at all; receipts imported before are skipped."""
    from ledgerctl.pos import service_ops

    actx = app_context(ctx)
    result = service_ops.import_sales(actx, path, branch, defer)
    span = f" ({result.first} .. {result.last})" if result.sales else ""
    message(
        f"{result.sales} sales recorded{span}, gross {result.gross}; "
        f"{result.duplicates} already imported",
        ctx=actx,
    )
    if result.posting == "failed":
        message(
            f"warning: the sales are recorded but their posting failed: {result.error}; "
            "fix it and run `ledgerctl pos post-unposted`"
        )
    elif result.posting == "pending":
        message("posting deferred: run `ledgerctl pos post-unposted`", ctx=actx)


@sale_app.command("show")
def show(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Invoice number."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """A sale with its lines, taxes, payments, posting status and returns."""
    from ledgerctl.pos import service

    render_rows(service.show_sale(app_context(ctx), number), fmt, title=f"Sale {number}")


@sale_app.command("list")
def sale_list(
    ctx: typer.Context,
    branch: str = BRANCH_OPTION,
    start: str = typer.Option(None, "--from", help=DATE_HELP),
    end: str = typer.Option(None, "--to", help=DATE_HELP),
    status: str = typer.Option(None, "--posting", help="pending, posted or failed."),
    limit: int = typer.Option(200, "--limit"),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Sales, newest last."""
    from ledgerctl.pos import service

    rows = service.list_sales(
        app_context(ctx),
        branch=branch,
        start=optional_day(start, "--from"),
        end=optional_day(end, "--to"),
        status=status,
        limit=limit,
    )
    render_rows(rows, fmt, output, title="Sales")


@return_app.command("record")
def return_record(
    ctx: typer.Context,
    sale: str = typer.Argument(..., help="Invoice number of the original sale."),
    lines: list[str] = typer.Option(
        None,
        "--line",
        "-l",
        help="SKU=QTY to return; repeat. Default: everything not yet returned.",
    ),
    refunds: list[str] = typer.Option(
        None, "--refund", help="TENDER=AMOUNT; default: the sale's tender."
    ),
    reason: str = typer.Option("", "--reason"),
    branch: str = typer.Option(
        None, "--branch", "-b", help="Branch taking the goods back (default: the sale's)."
    ),
    date: str = typer.Option(None, "--date", help=f"Return date ({DATE_HELP})."),
) -> None:
    """Take goods back against a sale: taxes reversed, stock back at the original cost."""
    from ledgerctl.pos import service
    from ledgerctl.pos.cli_parse import line, tender
    from ledgerctl.pos.returns import ReturnLineDraft

    wanted = [ReturnLineDraft(*line(i)[:2]) for i in lines] if lines else None
    row = service.record_return(
        app_context(ctx),
        sale,
        wanted,
        day(date),
        [tender(r, "--refund") for r in refunds or []],
        reason,
        branch,
    )
    print(row["number"])
    message(f"returned net {row['net']} + tax {row['tax']} = {row['gross']}")


@return_app.command("list")
def return_list(
    ctx: typer.Context,
    branch: str = BRANCH_OPTION,
    start: str = typer.Option(None, "--from", help=DATE_HELP),
    end: str = typer.Option(None, "--to", help=DATE_HELP),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Returns, newest last."""
    from ledgerctl.pos import service

    rows = service.list_returns(
        app_context(ctx),
        branch=branch,
        start=optional_day(start, "--from"),
        end=optional_day(end, "--to"),
    )
    render_rows(rows, fmt, output, title="Returns")
