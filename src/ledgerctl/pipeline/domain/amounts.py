"""Amounts as banks write them → exact ``Decimal`` (never a float). Pure Python.

Accepted: ``1234.56``, ``1,234.56``, ``(12.00)``, ``12.00-``, ``-$1,234.56``, ``$-12``,
``$12``, ``GH₵ 1,234.56``, ``£12``, ``€ 12``, ``USD 12.00``, ``12.00 CR`` / ``12.00 DR``,
spaces or apostrophes as thousands separators, and with ``decimal_comma`` ``12,00``,
``1.234,56``, ``-1 234,56``. ``parse_amount_text`` raises ``AmountError`` (a ``ValueError``)
with a short reason; the parser turns it into a ``RowProblem``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from ledgerctl.core.money import MAX_AMOUNT

__all__ = [
    "PLAIN",
    "PLAIN_COMMA",
    "AmountError",
    "currency_places",
    "format_amount",
    "make_amount_parser",
    "minor_places",
    "parse_amount_text",
]


class AmountError(ValueError):
    """The text is not an amount; the message says why."""


PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
PLAIN_COMMA = re.compile(r"[+-]?\d+(?:,\d+)?")
# Currency marks allowed before or after the number (longest first).
_CODES = (
    "USD|EUR|GBP|GHS|GHC|NGN|KES|UGX|TZS|ZAR|ZWL|ZWG|XOF|XAF|CAD|AUD|NZD|JPY|CNY|INR|"
    "CHF|SEK|NOK|DKK|PLN|CZK|HUF|AED|SAR|EGP|MAD|BWP|ZMW|MWK|RWF|ETB"
)
_CURRENCY = re.compile(rf"^(?:GH₵|GH¢|US\$|C\$|A\$|R\$|{_CODES}|[$£€₵¢¥₦₹])", re.IGNORECASE)
_CURRENCY_END = re.compile(rf"(?:GH₵|GH¢|US\$|{_CODES}|[$£€₵¢¥₦₹])$", re.IGNORECASE)
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
_POINT_NUM = re.compile(r"\d{1,3}(?:[, ']\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_COMMA_NUM = re.compile(r"\d{1,3}(?:[. ']\d{3})+(?:,\d+)?|\d+(?:,\d+)?|,\d+")


def _strip_marks(s: str) -> tuple[str, bool]:
    """Remove signs and currency marks around the number; return (number, negative)."""
    neg = False
    s = s.strip()
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    upper = s.upper()
    if upper.endswith(("CR", "DR")) and len(s) > 2 and not s[-3].isalpha():
        neg = neg or upper.endswith("DR")
        s = s[:-2].strip()
    if s.endswith("-"):
        neg, s = True, s[:-1].strip()
    elif s.endswith("+"):
        s = s[:-1].strip()
    for _ in range(3):  # sign and currency may come in either order: -$12, $-12, - GH₵ 12
        if s[:1] in "-+":
            neg = neg or s[0] == "-"
            s = s[1:].lstrip()
            continue
        m = _CURRENCY.match(s)
        if m and m.end() < len(s) and not s[m.end()].isalpha():
            s = s[m.end() :].lstrip()
            continue
        break
    m = _CURRENCY_END.search(s)
    if m and m.start() > 0 and not s[m.start() - 1].isalpha():
        s = s[: m.start()].rstrip()
    if s.startswith("(") and s.endswith(")"):  # $(12.00)
        neg, s = True, s[1:-1].strip()
    return s, neg


def parse_amount_text(text: str, decimal_comma: bool = False) -> Decimal:
    """Parse one amount cell exactly. Raises ``AmountError`` for anything ambiguous."""
    pattern = PLAIN_COMMA if decimal_comma else PLAIN
    if pattern.fullmatch(text):
        return Decimal(text.replace(",", ".") if decimal_comma else text)
    s = text.translate(_SPACES).strip()
    if not s:
        raise AmountError("empty")
    number, neg = _strip_marks(s)
    if decimal_comma:
        if not _COMMA_NUM.fullmatch(number):
            raise AmountError(_why(text, decimal_comma))
        cleaned = number.replace(".", "").replace(" ", "").replace("'", "").replace(",", ".")
    else:
        if not _POINT_NUM.fullmatch(number):
            raise AmountError(_why(text, decimal_comma))
        cleaned = number.replace(",", "").replace(" ", "").replace("'", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise AmountError(_why(text, decimal_comma)) from None
    return -value if neg else value


def _why(text: str, decimal_comma: bool) -> str:
    if not decimal_comma and re.search(r"\d,\d{1,2}$", text.strip()):
        return (
            f"{text!r} is not an amount (a comma before the last 1-2 digits: if this bank "
            "writes decimal commas, set decimal_comma: true in its schema)"
        )
    if decimal_comma and re.search(r"\d\.\d{1,2}$", text.strip()):
        return (
            f"{text!r} is not an amount with a decimal comma (the schema says decimal_comma: true)"
        )
    return f"{text!r} is not an amount"


def format_amount(value: Decimal, style: str) -> str:
    """Write ``value`` the way banks do (used by tests and docs). Styles:

    ``plain`` -1234.56 · ``thousands`` -1,234.56 · ``parens`` (1,234.56) · ``trailing``
    1,234.56- · ``dollar`` -$1,234.56 · ``cedi`` GH₵ -1,234.56 · ``pound`` -£1,234.56 ·
    ``drcr`` 1,234.56 DR · ``comma`` -1.234,56 · ``comma_space`` -1 234,56 · ``euro`` -1.234,56 €
    """
    neg = value < 0
    mag = -value if neg else value
    body = f"{mag:,f}"
    sign = "-" if neg else ""
    if style == "plain":
        return f"{value:f}"
    if style == "thousands":
        return sign + body
    if style == "parens":
        return f"({body})" if neg else body
    if style == "trailing":
        return body + ("-" if neg else "")
    if style == "dollar":
        return f"{sign}${body}"
    if style == "cedi":
        return f"GH₵ {sign}{body}"
    if style == "pound":
        return f"{sign}£{body}"
    if style == "drcr":
        return f"{body} {'DR' if neg else 'CR'}"
    swapped = body.translate(str.maketrans(",.", ".,"))
    if style == "comma":
        return sign + swapped
    if style == "comma_space":
        return sign + swapped.replace(".", " ")
    if style == "euro":
        return f"{sign}{swapped} €"
    raise ValueError(f"unknown amount style {style!r}")


STYLES_POINT = ("plain", "thousands", "parens", "trailing", "dollar", "cedi", "pound", "drcr")
STYLES_COMMA = ("comma", "comma_space", "euro")


# -- per-file helpers of the parser -----------------------------------------------------
_CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "£": "GBP",
    "€": "EUR",
    "₵": "GHS",
    "GH₵": "GHS",
    "GH¢": "GHS",
    "GHC": "GHS",
}
_EXPONENT3 = {"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"}
_EXPONENT0 = {"JPY", "KRW", "UGX", "RWF", "XAF", "XOF", "VND", "CLP", "ISK", "PYG"}


def minor_places(currency: str) -> int:
    """Decimal places of an ISO currency's minor unit (2 unless listed as 0 or 3)."""
    return 3 if currency in _EXPONENT3 else 0 if currency in _EXPONENT0 else 2


def currency_places(currency: str) -> tuple[str, int] | None:
    """(ISO code, decimal places) for a currency cell (codes or symbols like GH₵), or None."""
    if len(currency) == 3 and currency.isalpha() and currency.isascii():
        return currency, minor_places(currency)
    code = _CURRENCY_SYMBOLS.get(currency)
    return (code, minor_places(code)) if code else None


def make_amount_parser(decimal_comma: bool) -> Callable[[str], tuple[Decimal, int]]:
    """Cached ``parse_amount_text`` → (value, number of decimal places); raises AmountError
    (the message says what was seen). Plain numbers skip the general parser."""
    cache: dict[str, tuple[Decimal, int]] = {}
    get = cache.get
    plain = (PLAIN_COMMA if decimal_comma else PLAIN).fullmatch
    sep = "," if decimal_comma else "."

    def parse(s: str) -> tuple[Decimal, int]:
        hit = get(s)
        if hit is not None:
            return hit
        if plain(s):
            value = Decimal(s.replace(",", ".") if decimal_comma else s)
            i = s.rfind(sep)
            places = len(s) - i - 1 if i >= 0 else 0
        else:
            value = parse_amount_text(s, decimal_comma)
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) else 0
        if len(s) > 15 and abs(value) >= MAX_AMOUNT:
            raise AmountError(f"{s!r} is too large")
        if len(cache) > 200_000:
            cache.clear()
        hit = cache[s] = (value, places)
        return hit

    return parse
