"""`ledgerctl fdms receipt submit|from-sale|list|show|pdf`: issue fiscal receipts and read
them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from ledgerctl.core.errors import RemoteUnavailable, UsageError
from ledgerctl.fdms.cli.common import DEVICE_OPTION

app = typer.Typer(
    help="Issue fiscal receipts (invoices, credit and debit notes).", no_args_is_help=True
)


def _warn_validation(errors: Any) -> None:
    for error in errors:
        warn(f"FDMS validation {error.code} ({error.colour}): {error.description}")


def _report(source: str | None, result: Any, fmt: Format | None, output: Path | None) -> None:
    """Show an issued receipt, its warnings, and why it is still queued if it is."""
    from ledgerctl.fdms import views

    render_record(views.summary(result), fmt, output, title="Fiscal receipt")
    _warn_validation(views.validation_rows(result))
    if result.notice:
        warn(result.notice)
    if result.already_issued:
        message(
            f"source {source!r} was already fiscalised as receipt {result.global_no}; "
            "nothing new issued"
        )
    if result.send_error:
        raise RemoteUnavailable(
            f"receipt {result.global_no} is stored and queued (not lost) but "
            f"not yet at FDMS: {result.send_error}; `ledgerctl fdms sync` sends it"
        )
    if result.status == "queued":
        message(
            f"receipt {result.global_no} stored and queued: the device operates offline; "
            "`ledgerctl fdms sync` sends it in the day's file"
        )
        return
    message(f"receipt {result.global_no} {result.status}")


@app.command("submit")
def submit(
    ctx: typer.Context,
    kind: str = typer.Option("invoice", "--type", "-t", help="invoice, credit-note or debit-note."),
    currency: str | None = typer.Option(
        None, "--currency", "-c", help="USD, ZWG... (default: fdms default_currency, USD)."
    ),
    lines: list[str] | None = typer.Option(
        None,
        "--line",
        "-l",
        help='"NAME;QTY;UNIT_PRICE;TAX[;HS_CODE]", TAX = 15.5 | exempt | id:517. Repeat.',
    ),
    total: str | None = typer.Option(
        None,
        "--total",
        help="Receipt total (tax included); alone it makes one line (--description, --tax).",
    ),
    tax: str | None = typer.Option(None, "--tax", help="Tax of a --total without lines."),
    description: str = typer.Option("Sale", "--description", help="Line name for --total."),
    payments: list[str] | None = typer.Option(
        None,
        "--payment",
        "-p",
        help="TYPE=AMOUNT (Cash, Card, MobileWallet, Coupon, Credit, BankTransfer, Other). "
        "Default: all cash.",
    ),
    exclusive: bool = typer.Option(False, "--exclusive", help="Line prices exclude tax."),
    invoice_no: str | None = typer.Option(
        None, "--invoice-no", help="Unique invoice number (default DEVICE-GLOBALNO)."
    ),
    buyer_name: str | None = typer.Option(None, "--buyer-name", help="Buyer's registered name."),
    buyer_tin: str | None = typer.Option(None, "--buyer-tin", help="Buyer's 10-digit TIN."),
    buyer_vat: str | None = typer.Option(None, "--buyer-vat", help="Buyer's VAT number."),
    buyer_trade_name: str | None = typer.Option(None, "--buyer-trade-name"),
    buyer_phone: str | None = typer.Option(None, "--buyer-phone"),
    buyer_email: str | None = typer.Option(None, "--buyer-email"),
    original: int | None = typer.Option(
        None, "--original", help="Credit/debit note: the global number of the receipt it corrects."
    ),
    notes: str | None = typer.Option(None, "--notes", help="Why (required on credit/debit notes)."),
    source: str | None = typer.Option(
        None,
        "--source",
        help="Idempotency key: the same key again returns the receipt already issued.",
    ),
    hs_code: str | None = typer.Option(None, "--hs-code", help="HS code of a --total line."),
    from_json: Path | None = typer.Option(
        None,
        "--from-json",
        help="Read a ReceiptDraft from JSON (see docs/fdms.md) instead of the options.",
    ),
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Issue a fiscal receipt: numbered, hash-chained, signed, stored, then sent to FDMS.

    A credit note with --original and no --line credits the whole original receipt. Exit 2
    for bad input (nothing stored), 4 when no day is open, 6 when FDMS could not be reached:
    the receipt is then stored and queued (not lost) and `fdms sync` sends it.

    Example: ledgerctl fdms receipt submit --line "Bread;2;1.50;15.5;19059000" --payment Cash=3.00
    """
    from ledgerctl.fdms import inputs
    from ledgerctl.fdms.receipt import submit_receipt
    from ledgerctl.fdms.settings import load_fdms_settings

    actx = app_context(ctx)
    if from_json is not None:
        if lines or total or payments:
            raise UsageError("--from-json: give the receipt either as JSON or as options")
        draft = inputs.draft_from_file(from_json)
    else:
        draft = inputs.draft_from_options(
            inputs.SubmitOptions(
                kind=kind,
                currency=currency or load_fdms_settings(actx).default_currency,
                lines=tuple(lines or ()),
                payments=tuple(payments or ()),
                total=total,
                tax=tax,
                description=description,
                exclusive=exclusive,
                invoice_no=invoice_no,
                buyer_name=buyer_name,
                buyer_tin=buyer_tin,
                buyer_vat=buyer_vat,
                buyer_trade_name=buyer_trade_name,
                buyer_phone=buyer_phone,
                buyer_email=buyer_email,
                original=original,
                notes=notes,
                source=source,
                hs_code=hs_code,
            )
        )
    _report(draft.source, submit_receipt(actx, draft, device_id), fmt, output)


@app.command("from-sale")
def from_sale(
    ctx: typer.Context,
    sale: str = typer.Argument(..., help="The pos sale number, e.g. ACC-01-INV-2026-000001."),
    tax: list[str] | None = typer.Option(
        None,
        "--tax",
        help="CLASS=TAX: the device tax for a pos tax class (15.5, exempt, id:517). "
        "Default: each line's effective tax percentage.",
    ),
    hs_code: str | None = typer.Option(
        None,
        "--hs-code",
        help="HS code for the sale's lines (required when the taxpayer is VAT-registered).",
    ),
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Fiscalise a pos sale of this tenant (once: asking again returns the same receipt).

    Exit 3 if the sale does not exist, 2 if a tax is not in the device configuration; like
    `receipt submit` otherwise (6 = stored and queued, not lost).
    """
    from ledgerctl.fdms.from_sale import submit_from_sale

    draft, result = submit_from_sale(app_context(ctx), sale, list(tax or ()), hs_code, device_id)
    _report(draft.source, result, fmt, output)


@app.command("list")
def list_receipts(
    ctx: typer.Context,
    day: int | None = typer.Option(None, "--day", help="Only this fiscal day."),
    status: str | None = typer.Option(None, "--status", help="queued, filed or accepted."),
    limit: int = typer.Option(50, "--limit", min=1),
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The newest receipts with their status at FDMS."""
    from ledgerctl.fdms import views

    rows = views.list_receipts.run(app_context(ctx), device_id, day=day, status=status, limit=limit)
    render(rows, fmt, output, title="Fiscal receipts", row_type=views.ReceiptRow)


@app.command("show")
def show(
    ctx: typer.Context,
    global_no: int = typer.Argument(..., help="receiptGlobalNo."),
    device_id: int | None = DEVICE_OPTION,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """One receipt: numbers, lines, payments, FDMS answer, validation errors, QR URL and
    verification code."""
    from ledgerctl.fdms import views

    detail = views.receipt_detail.run(app_context(ctx), global_no, device_id)
    render_record(detail, fmt, output, title="Fiscal receipt")
    _warn_validation(detail.validation_errors)


@app.command("pdf")
def pdf(
    ctx: typer.Context,
    global_no: int = typer.Argument(..., help="receiptGlobalNo."),
    size: str = typer.Option("80mm", "--size", help="80mm (till roll) or a4."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Default: output/fdms/receipts/"
    ),
    device_id: int | None = DEVICE_OPTION,
) -> None:
    """Render the receipt as a PDF (80 mm roll or A4) with its QR code."""
    from ledgerctl.fdms import render as documents

    path = documents.receipt_pdf(app_context(ctx), global_no, size, output, device_id)
    message(f"wrote {path}")
