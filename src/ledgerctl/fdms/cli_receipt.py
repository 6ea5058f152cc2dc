"""`fdms receipt submit|list|show|pdf`: issue fiscal receipts and read them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)
from ledgerctl.core.errors import RemoteUnavailable, UsageError
from ledgerctl.fdms.cli_device import DEVICE_OPTION

receipt_app = typer.Typer(
    help="Issue fiscal receipts (invoices, credit and debit notes).", no_args_is_help=True
)


def _result_rows(result: Any) -> list[dict[str, Any]]:
    return [
        {"field": k, "value": v}
        for k, v in (
            ("receipt_global_no", result.global_no),
            ("fiscal_day_no", result.fiscal_day_no),
            ("receipt_counter", result.receipt_counter),
            ("type", result.receipt_type),
            ("invoice_no", result.invoice_no),
            ("date", result.receipt_date),
            ("total", f"{result.total} {result.currency}"),
            ("status", result.status),
            ("receipt_id", result.receipt_id),
            ("verification_code", result.verification_code),
            ("qr_url", result.qr_url),
        )
    ]


def _warn_validation(result: Any) -> None:
    for error in result.validation_errors:
        message(
            f"warning: FDMS validation {error.get('validationErrorCode')} "
            f"({error.get('validationErrorColor')}): "
            f"{error.get('validationErrorDescription')}"
        )


@receipt_app.command("submit")
def submit(
    ctx: typer.Context,
    kind: str = typer.Option("invoice", "--type", "-t", help="invoice, credit-note or debit-note."),
    currency: str = typer.Option(
        None, "--currency", "-c", help="USD, ZWG... (default: fdms default_currency, USD)."
    ),
    lines: list[str] = typer.Option(
        None,
        "--line",
        "-l",
        help='"NAME;QTY;UNIT_PRICE;TAX[;HS_CODE]", TAX = 15.5 | exempt | id:517. Repeat.',
    ),
    total: str = typer.Option(
        None,
        "--total",
        help="Receipt total (tax included); alone it makes one line (--description, --tax).",
    ),
    tax: str = typer.Option(None, "--tax", help="Tax of a --total without lines."),
    description: str = typer.Option("Sale", "--description", help="Line name for --total."),
    payments: list[str] = typer.Option(
        None,
        "--payment",
        "-p",
        help="TYPE=AMOUNT (Cash, "
        "Card, MobileWallet, Coupon, Credit, BankTransfer, "
        "Other). Default: all cash.",
    ),
    exclusive: bool = typer.Option(False, "--exclusive", help="Line prices exclude tax."),
    invoice_no: str = typer.Option(
        None, "--invoice-no", help="Unique invoice number (default DEVICE-GLOBALNO)."
    ),
    buyer_name: str = typer.Option(None, "--buyer-name", help="Buyer's registered name."),
    buyer_tin: str = typer.Option(None, "--buyer-tin", help="Buyer's 10-digit TIN."),
    buyer_vat: str = typer.Option(None, "--buyer-vat", help="Buyer's VAT number."),
    buyer_trade_name: str = typer.Option(None, "--buyer-trade-name"),
    buyer_phone: str = typer.Option(None, "--buyer-phone"),
    buyer_email: str = typer.Option(None, "--buyer-email"),
    original: int = typer.Option(
        None, "--original", help="Credit/debit note: the global number of the receipt it corrects."
    ),
    notes: str = typer.Option(None, "--notes", help="Why (required on credit/debit notes)."),
    source: str = typer.Option(
        None,
        "--source",
        help="Idempotency key: the same key again returns the receipt already issued.",
    ),
    hs_code: str = typer.Option(None, "--hs-code", help="HS code of a --total line."),
    from_json: Path = typer.Option(
        None,
        "--from-json",
        help="Read a ReceiptDraft from JSON (see docs/fdms.md) instead of the options.",
    ),
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Issue a fiscal receipt: numbered, hash-chained, signed, stored, then sent to FDMS.

    A credit note with --original and no --line credits the whole original receipt. Exit 2
    for bad input (nothing stored), 4 when no day is open, 6 when FDMS could not be reached:
    the receipt is then stored and queued (not lost) and `fdms sync` sends it.
    """
    from ledgerctl.fdms import cli_parse, receipt_service
    from ledgerctl.fdms.settings import load_fdms_settings

    actx = app_context(ctx)
    if from_json is not None:
        if lines or total or payments:
            raise UsageError("--from-json: give the receipt either as JSON or as options")
        draft = cli_parse.draft_from_file(from_json)
    else:
        default_currency = load_fdms_settings(actx).default_currency
        draft = cli_parse.draft_from_options(
            cli_parse.SubmitOptions(
                kind=kind,
                currency=currency or default_currency,
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
    result = receipt_service.submit_receipt(actx, draft, device_id)
    _report(actx, draft, result, fmt)


@receipt_app.command("from-sale")
def from_sale(
    ctx: typer.Context,
    sale: str = typer.Argument(..., help="The pos sale number, e.g. ACC-01-INV-2026-000001."),
    tax: list[str] = typer.Option(
        None,
        "--tax",
        help="CLASS=TAX: the device tax for a pos "
        "tax class (15.5, exempt, id:517). Default: each line's "
        "effective tax percentage.",
    ),
    hs_code: str = typer.Option(
        None,
        "--hs-code",
        help="HS code for the sale's lines (required when the taxpayer is VAT-registered).",
    ),
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Fiscalise a pos sale of this tenant (once: asking again returns the same receipt).

    Exit 3 if the sale does not exist, 2 if a tax is not in the device configuration; like
    `receipt submit` otherwise (6 = stored and queued, not lost).
    """
    from ledgerctl.fdms.from_sale import submit_from_sale

    actx = app_context(ctx)
    draft, result = submit_from_sale(actx, sale, list(tax or ()), hs_code, device_id)
    _report(actx, draft, result, fmt)


def _report(actx, draft, result, fmt: OutputFormat) -> None:  # type: ignore[no-untyped-def]
    """Show an issued receipt, its warnings, and why it is still queued if it is."""
    render_rows(_result_rows(result), fmt, None, title="Fiscal receipt")
    _warn_validation(result)
    if result.notice:
        message(f"warning: {result.notice}")
    if result.already_issued:
        message(
            f"source {draft.source!r} was already fiscalised as receipt {result.global_no}; "
            "nothing new issued"
        )
    if result.send_error:
        raise RemoteUnavailable(
            f"receipt {result.global_no} is stored and queued (not lost) but "
            f"not yet at FDMS: {result.send_error}; `ledgerctl fdms sync` "
            "sends it"
        )
    if result.status == "queued":
        message(
            f"receipt {result.global_no} stored and queued: the device operates offline; "
            "`ledgerctl fdms sync` sends it in the day's file",
            ctx=actx,
        )
        return
    message(f"receipt {result.global_no} {result.status}", ctx=actx)


@receipt_app.command("list")
def list_receipts(
    ctx: typer.Context,
    day: int = typer.Option(None, "--day", help="Only this fiscal day."),
    status: str = typer.Option(None, "--status", help="queued, filed or accepted."),
    limit: int = typer.Option(50, "--limit", min=1),
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The newest receipts with their status at FDMS."""
    from ledgerctl.fdms import receipt_service

    rows = receipt_service.list_receipts(
        app_context(ctx), device_id, day=day, status=status, limit=limit
    )
    render_rows(rows, fmt, output, title="Fiscal receipts")


@receipt_app.command("show")
def show(
    ctx: typer.Context,
    global_no: int = typer.Argument(..., help="receiptGlobalNo."),
    device_id: int = DEVICE_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """One receipt: numbers, FDMS answer, validation errors, QR URL and verification code."""
    from ledgerctl.fdms import receipt_service

    result, payload, _device = receipt_service.load_receipt(app_context(ctx), global_no, device_id)
    if fmt == OutputFormat.json:
        from ledgerctl.fdms import wire

        typer.echo(
            wire.dumps({"summary": {k: v for k, v in vars(result).items()}, "receipt": payload})
        )
        return
    render_rows(_result_rows(result), fmt, None, title="Fiscal receipt")
    lines = [
        {
            "no": x["receiptLineNo"],
            "name": x["receiptLineName"],
            "qty": x["receiptLineQuantity"],
            "price": x.get("receiptLinePrice"),
            "total": x["receiptLineTotal"],
            "tax_id": x["taxID"],
            "tax": x.get("taxPercent", "exempt"),
        }
        for x in payload["receiptLines"]
    ]
    render_rows(lines, fmt, None, title="Lines")
    _warn_validation(result)


@receipt_app.command("pdf")
def pdf(
    ctx: typer.Context,
    global_no: int = typer.Argument(..., help="receiptGlobalNo."),
    size: str = typer.Option("80mm", "--size", help="80mm (till roll) or a4."),
    output: Path = typer.Option(None, "--output", "-o", help="Default: output/fdms/receipts/"),
    device_id: int = DEVICE_OPTION,
) -> None:
    """Render the receipt as a PDF (80 mm roll or A4) with its QR code."""
    from ledgerctl.fdms import render

    actx = app_context(ctx)
    path = render.receipt_pdf(actx, global_no, size, output, device_id)
    message(f"wrote {path}", ctx=actx)
