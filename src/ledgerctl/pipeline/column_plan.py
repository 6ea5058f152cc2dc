"""The column plan of one bank file: built once from its schema and header, used for every row.

``build_plan`` decides, before any data row is read, which cell holds what (date, post date,
amount or debit/credit, balance, currency, description, reference, account, extras), how dates
are parsed (the schema's formats, one cached parser), the amount convention (``as_is``,
``flip`` or ``debit_credit``, one cached parser honouring ``decimal_comma``), and how the
derived fields (account, currency, reference from a column or the file name) are filled.
Each choice becomes a small function of the row's cells, so the per-row reader in
``row_reader`` has no schema branches left to take.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.pipeline.domain.amounts import (
    AmountError,
    currency_places,
    make_amount_parser,
    minor_places,
)
from ledgerctl.pipeline.domain.dates import make_date_parser
from ledgerctl.pipeline.domain.rows import RowProblem
from ledgerctl.pipeline.schemas import BankSchema, Candidate, norm_header

Cells = list[str]
AmountOf = Callable[[Cells], tuple[Decimal, int]]
TextOf = Callable[[Cells], str]
Derived = tuple[str | None, int | None, Callable[[str], str] | None]

_REQUIRED = ("date", "amount", "debit", "credit")
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """How to read every data row of one file (see the module docstring)."""

    file: str
    owner: str
    bank: str
    schema_id: str
    header_line: int  # 1-based physical line of the header
    header_cells: int
    delimiter: str
    needed: int  # a row with fewer cells cannot be read
    trailer: re.Pattern[str] | None
    date_col: int
    post_col: int | None
    balance_col: int | None
    formats: str  # the date formats, for messages
    decimal_comma: bool
    parse_date: Callable[[str], date | None]
    amount: AmountOf  # raises AmountError (empty cells too)
    currency: TextOf  # the currency as written (code or symbol), defaulted
    places: Callable[[str], tuple[str, int] | None]  # (ISO code, places) or None
    description: TextOf
    reference: TextOf
    account: TextOf
    extras: Callable[[Cells], dict[str, str]]


def _header_index(cand: Candidate) -> tuple[list[str], dict[str, int]]:
    header = [norm_header(h) for h in cand.header]
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        index.setdefault(h, i)
    return header, index


def _columns(
    schema: BankSchema, index: dict[str, int], file: str, hline: int
) -> dict[str, list[int]] | RowProblem:
    """Target field → header positions, or the problem of a required column missing."""
    cols: dict[str, list[int]] = {}
    for raw, target in schema.column_map.items():
        idx = index.get(norm_header(raw))
        if idx is None:
            if target in _REQUIRED:
                return RowProblem(
                    file,
                    hline,
                    target,
                    f"column {raw!r} (mapped to {target}) is not in the header; add it to "
                    f"header_signature of schema {schema.id} or fix column_map",
                )
            continue
        cols.setdefault(target, []).append(idx)
    return cols


def _extractor(regex: str, fallback: str) -> Callable[[str], str]:
    """The regex's first group (or whole match) in a text, else ``fallback``; cached."""
    rx = re.compile(regex, re.IGNORECASE)
    cache: dict[str, str] = {}

    def extract(s: str) -> str:
        hit = cache.get(s)
        if hit is None:
            m = rx.search(s)
            hit = (m.group(1) if m.groups() else m.group(0)) if m else fallback
            hit = (hit or "").strip()
            if len(cache) < 100_000:
                cache[s] = hit
        return hit

    return extract


def _derive(schema: BankSchema, target: str, index: dict[str, int], file_name: str) -> Derived:
    """(static value, source column index, extractor) for a derived field."""
    rule = schema.derived.get(target)  # type: ignore[call-overload]
    if rule is None:
        return None, None, None
    if rule.regex is None:
        return rule.value, None, None
    fallback = rule.value or ""
    extract = _extractor(rule.regex, fallback)
    if rule.source == "$file":
        return extract(file_name), None, None
    idx = index.get(norm_header(rule.source or ""))
    if idx is None:
        return fallback, None, None
    return None, idx, extract


def _joined(idxs: list[int]) -> TextOf:
    """The stripped cell, or several non-empty cells joined by a space."""
    if len(idxs) == 1:
        i = idxs[0]
        return lambda cells: cells[i].strip()
    return lambda cells: " ".join(s for s in (cells[i].strip() for i in idxs) if s)


def _debit_credit(
    parse: Callable[[str], tuple[Decimal, int]], cols: dict[str, list[int]]
) -> AmountOf:
    i_debit, i_credit = cols["debit"][0], cols["credit"][0]
    i_amount = cols["amount"][0] if "amount" in cols else None

    def amount(cells: Cells) -> tuple[Decimal, int]:
        deb, cre = cells[i_debit].strip(), cells[i_credit].strip()
        if deb and cre:
            (dv, dn), (cv, cn) = parse(deb), parse(cre)
            value, places = abs(cv) - abs(dv), max(dn, cn)
        elif deb:
            dv, places = parse(deb)
            value = -abs(dv)
        elif cre:
            cv, places = parse(cre)
            value = abs(cv)
        elif i_amount is not None and cells[i_amount].strip():
            value, places = parse(cells[i_amount].strip())
        else:
            raise AmountError("both debit and credit are empty")
        return (value or _ZERO), places

    return amount


def _signed(parse: Callable[[str], tuple[Decimal, int]], i_amount: int, flip: bool) -> AmountOf:
    def amount(cells: Cells) -> tuple[Decimal, int]:
        raw = cells[i_amount].strip()
        if not raw:
            raise AmountError("amount is empty")
        value, places = parse(raw)
        return (-value if flip else value), places

    return amount


def _amount(schema: BankSchema, cols: dict[str, list[int]]) -> AmountOf:
    parse = make_amount_parser(schema.decimal_comma)
    if schema.sign_rule == "debit_credit":
        return _debit_credit(parse, cols)
    return _signed(parse, cols["amount"][0], schema.sign_rule == "flip")


def _places(default: str) -> Callable[[str], tuple[str, int] | None]:
    cache: dict[str, tuple[str, int] | None] = {default: (default, minor_places(default))}

    def places(currency: str) -> tuple[str, int] | None:
        if currency in cache:
            return cache[currency]
        known = cache[currency] = currency_places(currency)
        return known

    return places


def _currency(
    schema: BankSchema, cols: dict[str, list[int]], derived: Derived
) -> tuple[str, TextOf]:
    static, idx, extract = derived
    default = (static or schema.currency).upper()
    if "currency" in cols:
        i = cols["currency"][0]
        return default, lambda cells: cells[i].strip().upper() or default
    if extract is not None and idx is not None:
        col = idx
        return default, lambda cells: (extract(cells[col]) or default).upper()
    return default, lambda cells: default


def _reference(cols: dict[str, list[int]], derived: Derived) -> TextOf:
    if cols.get("reference"):
        return _joined(cols["reference"])
    static, idx, extract = derived
    if extract is not None and idx is not None:
        col = idx
        return lambda cells: extract(cells[col])
    value = static or ""
    return lambda cells: value


def _account(schema: BankSchema, cols: dict[str, list[int]], derived: Derived) -> TextOf:
    static, idx, extract = derived
    default = static if static is not None else schema.account
    i_account = cols["account"][0] if "account" in cols else None

    def fallback(cells: Cells) -> str:
        return extract(cells[idx]) if extract is not None and idx is not None else default

    if i_account is None:
        return fallback
    return lambda cells: cells[i_account].strip() or fallback(cells)


def _extras(
    schema: BankSchema, cand: Candidate, header: list[str], index: dict[str, int], mapped: set[int]
) -> Callable[[Cells], dict[str, str]]:
    if schema.extras == "none":
        wanted: list[tuple[str, int]] = []
    elif schema.extras == "unmapped":
        ignore = {norm_header(x) for x in schema.extras_ignore}
        wanted = [
            (cand.header[i], i)
            for i, h in enumerate(header)
            if i not in mapped and h and h not in ignore
        ]
    else:
        wanted = [
            (cand.header[index[norm_header(x)]], index[norm_header(x)])
            for x in schema.extras
            if norm_header(x) in index
        ]
    if not wanted:
        return lambda cells: {}
    return lambda cells: {name: cells[i] for name, i in wanted if i < len(cells) and cells[i]}


def _trailer(schema: BankSchema) -> re.Pattern[str] | None:
    if not schema.skip_trailer_patterns:
        return None
    joined = "|".join(f"(?:{p})" for p in schema.skip_trailer_patterns)
    return re.compile(joined, re.IGNORECASE)


def build_plan(
    schema: BankSchema, cand: Candidate, file: str, owner: str
) -> ColumnPlan | RowProblem:
    """The plan for a file whose header ``cand`` matched ``schema`` (or why it cannot be read)."""
    header, index = _header_index(cand)
    hline = cand.header_index + 1 if cand.header_index is not None else 1
    cols = _columns(schema, index, file, hline)
    if isinstance(cols, RowProblem):
        return cols
    file_name = Path(file).name
    default_currency, currency = _currency(
        schema, cols, _derive(schema, "currency", index, file_name)
    )
    one = {target: idxs[0] for target, idxs in cols.items()}
    mapped = {i for idxs in cols.values() for i in idxs}
    return ColumnPlan(
        file=file,
        owner=owner,
        bank=schema.bank,
        schema_id=schema.id,
        header_line=hline,
        header_cells=len(header),
        delimiter=schema.delimiter,
        needed=max([*mapped, 0]) + 1,
        trailer=_trailer(schema),
        date_col=one["date"],
        post_col=one.get("post_date"),
        balance_col=one.get("balance"),
        formats=" or ".join(schema.date_formats),
        decimal_comma=schema.decimal_comma,
        parse_date=make_date_parser(schema.date_formats),
        amount=_amount(schema, cols),
        currency=currency,
        places=_places(default_currency),
        description=_joined(cols.get("description", [])),
        reference=_reference(cols, _derive(schema, "reference", index, file_name)),
        account=_account(schema, cols, _derive(schema, "account", index, file_name)),
        extras=_extras(schema, cand, header, index, mapped),
    )
