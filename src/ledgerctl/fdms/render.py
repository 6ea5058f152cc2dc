"""Fiscal receipt PDFs: an 80 mm till-roll slip and an A4 tax invoice, with the QR code.

Both show what ZIMRA asks a fiscal receipt to show: taxpayer (name, TIN, VAT number, branch
address), device ID and serial number, the receipt type, invoice and receipt numbers, date,
buyer, lines, taxes per rate, total, payments, the verification code and the QR code that
opens FDMS's verification page. A receipt not yet accepted by FDMS says so in red.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLES = {
    "FiscalInvoice": "Fiscal Tax Invoice",
    "CreditNote": "Fiscal Tax Credit Note",
    "DebitNote": "Fiscal Tax Debit Note",
}
SIZES = {"80mm": "receipt_80mm.html", "a4": "receipt_a4.html"}


def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data URI (error correction M, quiet zone of 2 modules)."""
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def _address(address: Any) -> list[str]:
    if not isinstance(address, dict):
        return []
    street = " ".join(str(address[k]) for k in ("houseNo", "street") if address.get(k))
    town = ", ".join(str(address[k]) for k in ("city", "province") if address.get(k))
    return [part for part in (street, town) if part]


def _lines(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "no": x["receiptLineNo"],
            "name": x["receiptLineName"],
            "hs": x.get("receiptLineHSCode", ""),
            "qty": Decimal(x["receiptLineQuantity"]).normalize(),
            "price": x.get("receiptLinePrice"),
            "total": Decimal(x["receiptLineTotal"]),
            "tax": "exempt"
            if x.get("taxPercent") is None
            else f"{Decimal(x['taxPercent']).normalize():f}%",
            "discount": x["receiptLineType"] == "Discount",
        }
        for x in payload["receiptLines"]
    ]


def _taxes(payload: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for t in payload["receiptTaxes"]:
        sales, tax = Decimal(t["salesAmountWithTax"]), Decimal(t["taxAmount"])
        label = (
            "Exempt"
            if t.get("taxPercent") is None
            else f"VAT {Decimal(t['taxPercent']).normalize():f}%"
        )
        out.append(
            {"label": f"{label} (id {t['taxID']})", "net": sales - tax, "tax": tax, "gross": sales}
        )
    return out


def _letterhead(result: Any, device: Any, note: Any) -> dict[str, Any]:
    """``business`` and ``document`` of the shared A4 base template."""
    tax_ids = f"{device.taxpayer_tin}" + (
        f" · VAT No. {device.vat_number}" if device.vat_number else ""
    )
    meta = [
        ("Receipt No.", f"{result.global_no}"),
        ("Day / counter", f"{result.fiscal_day_no} / {result.receipt_counter}"),
        ("Date", result.receipt_date.replace("T", " ")),
        ("Device ID", f"{device.device_id}"),
        ("Serial No.", device.serial_no),
    ]
    if note:
        meta.append(
            ("Corrects receipt", f"{note.get('receiptGlobalNo')} (day {note.get('fiscalDayNo')})")
        )
    return {
        "business": {
            "name": device.taxpayer_name,
            "tax_id": tax_ids,
            "address_lines": [device.branch_name, *_address(device.branch_address)],
        },
        "document": {
            "title": TITLES[result.receipt_type],
            "number": result.invoice_no,
            "meta": meta,
        },
        "footer_note": "Fiscal receipt issued through ZIMRA FDMS by ledgerctl",
    }


def receipt_context(result: Any, payload: dict[str, Any], device: Any) -> dict[str, Any]:
    """Everything the receipt templates show (plain data, Decimals for money)."""
    buyer = payload.get("buyerData")
    note = payload.get("creditDebitNote")
    return {
        **_letterhead(result, device, note),
        "title": TITLES[result.receipt_type],
        "currency": result.currency,
        "taxpayer": {
            "name": device.taxpayer_name,
            "tin": device.taxpayer_tin,
            "vat": device.vat_number,
            "branch": device.branch_name,
            "address": _address(device.branch_address),
        },
        "device": {"id": device.device_id, "serial": device.serial_no},
        "receipt": result,
        "date": result.receipt_date.replace("T", " "),
        "buyer": buyer,
        "buyer_address": _address((buyer or {}).get("buyerAddress")),
        "note": note,
        "notes": payload.get("receiptNotes"),
        "lines": _lines(payload),
        "taxes": _taxes(payload),
        "tax_total": sum((t["tax"] for t in _taxes(payload)), Decimal("0.00")),
        "payments": [
            {"type": p["moneyTypeCode"], "amount": Decimal(p["paymentAmount"])}
            for p in payload["receiptPayments"]
        ],
        "total": result.total,
        "qr_url": result.qr_url,
        "qr": qr_data_uri(result.qr_url) if result.qr_url else None,
        "verification_code": result.verification_code,
        "fiscalised": result.status == "accepted",
        "roll_height_mm": 132
        + 9 * len(payload["receiptLines"])
        + 6 * (len(payload["receiptTaxes"]) + len(payload["receiptPayments"]))
        + (22 if buyer else 0)
        + (14 if note else 0),
    }


def default_target(ctx: AppContext, device_id: int, global_no: int, size: str) -> Path:
    return (
        ctx.home
        / "output"
        / "fdms"
        / "receipts"
        / str(device_id)
        / f"receipt-{global_no:010d}-{size}.pdf"
    )


def receipt_pdf(
    ctx: AppContext,
    global_no: int,
    size: str = "80mm",
    output: Path | None = None,
    device_id: int | None = None,
) -> Path:
    """Render one stored receipt to PDF (atomically); returns the path."""
    from ledgerctl.fdms.views import load_receipt
    from ledgerctl.outputs.api import render_pdf

    size = size.lower()
    if size not in SIZES:
        raise UsageError(f"--size: {size!r} is not a receipt size; use 80mm or a4")
    stored = load_receipt.run(ctx, global_no, device_id)
    result, payload, device = stored.result, stored.payload, stored.device
    target = output or default_target(ctx, device.device_id, global_no, size)
    return render_pdf(
        SIZES[size], receipt_context(result, payload, device), Path(target), templates_dir=TEMPLATES
    )
