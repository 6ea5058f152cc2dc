"""What an operator types, parsed into a ``ReceiptDraft`` (pure parsing, exit 2 on errors).

Used by `fdms receipt submit` and `fdms receipt from-sale` (``TaxChoice``, ``tax_choice``).

``--line "NAME;QTY;UNIT_PRICE;TAX[;HS_CODE]"`` where TAX is a percent (``15.5`` or ``15.5%``),
``exempt``, or ``id:517`` for a tax id of `fdms config`. ``--payment "Card=12.50"``. Without
``--line``, ``--total`` makes one line (``--description``, ``--tax``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_number
from ledgerctl.fdms.domain import wire
from ledgerctl.fdms.domain.drafts import (
    Buyer,
    DraftLine,
    DraftPayment,
    NoteReference,
    ReceiptDraft,
    draft_from_dict,
    receipt_type,
)


def number(text: str, where: str) -> Decimal:
    """An exact number typed for ``where`` (exit 2 otherwise): ``core.money.parse_number``."""
    return parse_number(text, field=where)


@dataclass(frozen=True)
class TaxChoice:
    tax_id: int | None = None
    percent: Decimal | None = None
    exempt: bool = False


def tax_choice(text: str, where: str) -> TaxChoice:
    """``15.5`` / ``15.5%`` / ``exempt`` / ``id:517``."""
    value = text.strip().lower()
    if value in ("exempt", "ex", "e"):
        return TaxChoice(exempt=True)
    if value.startswith("id:") or value.startswith("#"):
        digits = value.split(":", 1)[-1].lstrip("#")
        if not digits.isdigit():
            raise UsageError(f"{where}: tax {text!r} — write id:NUMBER (see `fdms config`)")
        return TaxChoice(tax_id=int(digits))
    if not value:
        raise UsageError(
            f"{where}: the tax is missing; write a percent (15.5), exempt or id:NUMBER"
        )
    return TaxChoice(percent=number(value.rstrip("%"), f"{where} tax"))


def parse_line(text: str, no: int) -> DraftLine:
    where = f"--line {no}"
    parts = [p.strip() for p in text.split(";")]
    if len(parts) not in (4, 5):
        raise UsageError(
            f'{where}: {text!r} — write "NAME;QTY;UNIT_PRICE;TAX[;HS_CODE]", '
            'e.g. "Bread;2;1.50;15.5"'
        )
    name, qty, price, tax = parts[:4]
    choice = tax_choice(tax, where)
    return DraftLine(
        name=name,
        quantity=number(qty, f"{where} quantity"),
        unit_price=number(price, f"{where} unit price"),
        tax_id=choice.tax_id,
        tax_percent=choice.percent,
        tax_exempt=choice.exempt,
        hs_code=parts[4] if len(parts) == 5 and parts[4] else None,
    )


def parse_payment(text: str, no: int) -> DraftPayment:
    sep = "=" if "=" in text else ":"
    kind, _, amount = text.partition(sep)
    if not amount:
        raise UsageError(f"--payment {no}: {text!r} — write TYPE=AMOUNT, e.g. Cash=10.00")
    return DraftPayment(kind.strip(), number(amount, f"--payment {no} amount"))


@dataclass(frozen=True)
class SubmitOptions:
    """The options of `fdms receipt submit`, as typed."""

    kind: str
    currency: str
    lines: tuple[str, ...] = ()
    payments: tuple[str, ...] = ()
    total: str | None = None
    tax: str | None = None
    description: str = "Sale"
    exclusive: bool = False
    invoice_no: str | None = None
    buyer_name: str | None = None
    buyer_tin: str | None = None
    buyer_vat: str | None = None
    buyer_trade_name: str | None = None
    buyer_phone: str | None = None
    buyer_email: str | None = None
    original: int | None = None
    notes: str | None = None
    source: str | None = None
    hs_code: str | None = None


def _lines(opts: SubmitOptions) -> tuple[tuple[DraftLine, ...], Decimal | None]:
    if opts.lines:
        total = number(opts.total, "--total") if opts.total else None
        return tuple(parse_line(t, i) for i, t in enumerate(opts.lines, start=1)), total
    if opts.total is None:
        return (), None
    if opts.exclusive:
        raise UsageError("--exclusive needs --line: --total alone is the amount paid, tax included")
    if not opts.tax:
        raise UsageError(
            "--tax: say which tax the --total carries (a percent such as 15.5, "
            "exempt, or id:NUMBER from `ledgerctl fdms config`)"
        )
    choice = tax_choice(opts.tax, "--tax")
    line = DraftLine(
        opts.description,
        Decimal(1),
        total=number(opts.total, "--total"),
        tax_id=choice.tax_id,
        tax_percent=choice.percent,
        tax_exempt=choice.exempt,
        hs_code=opts.hs_code,
    )
    return (line,), None


def _buyer(opts: SubmitOptions) -> Buyer | None:
    given = [
        opts.buyer_name,
        opts.buyer_tin,
        opts.buyer_vat,
        opts.buyer_trade_name,
        opts.buyer_phone,
        opts.buyer_email,
    ]
    if not any(given):
        return None
    if not opts.buyer_name or not opts.buyer_tin:
        raise UsageError("--buyer-name and --buyer-tin are both required when a buyer is given")
    return Buyer(
        register_name=opts.buyer_name,
        tin=opts.buyer_tin,
        vat_number=opts.buyer_vat,
        trade_name=opts.buyer_trade_name,
        phone=opts.buyer_phone,
        email=opts.buyer_email,
    )


def draft_from_options(opts: SubmitOptions) -> ReceiptDraft:
    kind = receipt_type(opts.kind)
    lines, total = _lines(opts)
    if kind == "FiscalInvoice" and not lines:
        raise UsageError("give the receipt's --line(s), or --total with --tax")
    if kind != "FiscalInvoice" and opts.original is None:
        raise UsageError(
            "--original: a credit or debit note must name the receipt it "
            "corrects (its global number, see `fdms receipt list`)"
        )
    return ReceiptDraft(
        receipt_type=kind,
        currency=opts.currency,
        lines=lines,
        payments=tuple(parse_payment(t, i) for i, t in enumerate(opts.payments, start=1)),
        tax_inclusive=not opts.exclusive,
        invoice_no=opts.invoice_no,
        buyer=_buyer(opts),
        notes=opts.notes,
        original=NoteReference(opts.original) if opts.original else None,
        expected_total=total,
        source=opts.source,
    )


def draft_from_file(path: Path) -> ReceiptDraft:
    """A draft from a JSON file (the ``ReceiptDraft`` fields; amounts as strings)."""
    try:
        data = wire.loads(path.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"--from-json: {path} does not exist") from None
    except wire.WireError as exc:
        raise UsageError(f"--from-json: {path} is {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"--from-json: {path} must hold one JSON object (a receipt draft)")
    return draft_from_dict(data)
