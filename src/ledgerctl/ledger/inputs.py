"""Entries from the command line (``--debit 6100=1500.00``) and from CSV or JSON files.

Parsing is pure (no database). Every problem names where it is: ``entries.csv:5: debit:
'1O.00' is not an amount``. A file is parsed completely before anything is posted.

CSV columns (header row required): ``date, description, account, debit, credit`` and
optionally ``currency, memo, reference, entry``. Rows with the same ``entry`` value form
one entry; without an ``entry`` column, consecutive rows with the same date, description and
reference form one entry. A row has either a debit or a credit.

JSON: a list (or ``{"entries": [...]}``) of
``{"date", "description", "reference"?, "lines": [{"account", "debit"|"credit"|"amount",
"currency"?, "memo"?}]}`` where ``amount`` is signed (debit positive). Amounts are strings
or integers; a JSON number with a fraction is refused because it would pass through float.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.core.clock import parse_date
from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import parse_amount
from ledgerctl.ledger.domain import EntryDraft, Line

CSV_REQUIRED = ("date", "description", "account", "debit", "credit")
CSV_OPTIONAL = ("currency", "memo", "reference", "entry")


@dataclass(frozen=True)
class FileEntry:
    """A draft read from a file and the file line of each of its lines."""

    draft: EntryDraft
    line_numbers: tuple[int, ...]


def parse_pair(text: str, side: str, currency: str) -> Line:
    """``6100=1500.00`` given as ``--debit``/``--credit`` → a signed ``Line``."""
    code, sep, amount_text = text.partition("=")
    if not sep or not code.strip() or not amount_text.strip():
        raise UsageError(f"--{side} {text!r}: write ACCOUNT=AMOUNT, e.g. 6100=1500.00")
    amount = parse_amount(amount_text, currency, field=f"--{side} {code.strip()}")
    if amount <= 0:
        raise UsageError(f"--{side} {text!r}: the amount must be positive")
    return Line(code.strip(), amount if side == "debit" else -amount, currency.upper())


def load_file(path: Path, default_currency: str, source: str = "import") -> list[FileEntry]:
    """Read every entry of a CSV or JSON file (all parsed before anything is posted)."""
    if not path.is_file():
        raise UsageError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _load_csv(path, default_currency, source)
    if suffix == ".json":
        return _load_json(path, default_currency, source)
    raise UsageError(f"{path}: unknown file type; use a .csv or .json file")


def _fail(path: Path, line: int, field: str, problem: str) -> UsageError:
    return UsageError(f"{path.name}:{line}: {field}: {problem}")


def _amount(path: Path, line: int, field: str, text: str, currency: str) -> Decimal:
    try:
        return parse_amount(text, currency, field=field)
    except UsageError as exc:
        raise UsageError(f"{path.name}:{line}: {exc.message}") from None


def _date(path: Path, line: int, text: Any) -> date:
    try:
        return parse_date(str(text or ""), field="date")
    except UsageError as exc:
        raise UsageError(f"{path.name}:{line}: {exc.message}") from None


def _currency(path: Path, line: int, text: str, default: str) -> str:
    cur = (text or default).strip().upper()
    if len(cur) != 3 or not cur.isalpha():
        raise _fail(path, line, "currency", f"{text!r} is not a 3-letter ISO code")
    return cur


def _csv_line(path: Path, line: int, row: dict[str, str], default_currency: str) -> Line:
    cur = _currency(path, line, row.get("currency") or "", default_currency)
    account = (row.get("account") or "").strip()
    if not account:
        raise _fail(path, line, "account", "is empty")
    debit, credit = (row.get("debit") or "").strip(), (row.get("credit") or "").strip()
    if bool(debit) == bool(credit):
        raise _fail(path, line, "debit/credit", "give exactly one of debit or credit")
    field = "debit" if debit else "credit"
    amount = _amount(path, line, field, debit or credit, cur)
    if amount <= 0:
        raise _fail(path, line, field, f"{debit or credit} must be positive")
    return Line(account, amount if debit else -amount, cur, (row.get("memo") or "").strip())


def _load_csv(path: Path, default_currency: str, source: str) -> list[FileEntry]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [c for c in CSV_REQUIRED if c not in header]
            if missing:
                raise _fail(path, 1, "header", f"missing column(s) {', '.join(missing)}")
            reader.fieldnames = header
            groups = _group_rows(path, reader, "entry" in header)
    except UnicodeDecodeError:
        raise UsageError(f"{path.name}: not UTF-8 text; save it as UTF-8 CSV") from None
    if not groups:
        raise UsageError(f"{path.name}: no entries in the file")
    return [_csv_entry(path, rows, default_currency, source) for rows in groups.values()]


def _group_key(row: dict[str, str]) -> tuple[str, str, str]:
    return (
        (row.get("date") or "").strip(),
        (row.get("description") or "").strip(),
        (row.get("reference") or "").strip(),
    )


def _group_rows(
    path: Path,
    reader: csv.DictReader[str],
    has_entry: bool,
) -> dict[str, list[tuple[int, dict[str, str]]]]:
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    last: tuple[str, str, str] | None = None
    for row in reader:
        if has_entry:
            key = (row.get("entry") or "").strip()
            if not key:
                raise _fail(path, reader.line_num, "entry", "is empty")
        else:
            if _group_key(row) != last:
                last = _group_key(row)
                groups_key = f"#{len(groups) + 1}"
            key = groups_key
        groups.setdefault(key, []).append((reader.line_num, row))
    return groups


def _csv_entry(
    path: Path, rows: list[tuple[int, dict[str, str]]], default_currency: str, source: str
) -> FileEntry:
    first_line, first = rows[0]
    when = _date(path, first_line, first.get("date"))
    for line, row in rows[1:]:
        if (row.get("date") or "").strip() and _date(path, line, row.get("date")) != when:
            raise _fail(path, line, "date", "differs from the first line of the same entry")
    lines = tuple(_csv_line(path, line, row, default_currency) for line, row in rows)
    numbers = tuple(line for line, _ in rows)
    origin = f"{path.name}:{numbers[0]}" + (f"-{numbers[-1]}" if len(numbers) > 1 else "")
    draft = EntryDraft(
        when,
        (first.get("description") or "").strip(),
        lines,
        reference=(first.get("reference") or "").strip(),
        source=source,
        origin=origin,
    )
    return FileEntry(draft, numbers)


def _load_json(path: Path, default_currency: str, source: str) -> list[FileEntry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path.name}: not valid JSON ({exc})") from None
    if isinstance(data, dict):
        data = data.get("entries")
    if not isinstance(data, list) or not data:
        raise UsageError(f'{path.name}: expected a list of entries (or {{"entries": [...]}})')
    return [
        _json_entry(path, i, item, default_currency, source) for i, item in enumerate(data, start=1)
    ]


def _json_entry(path: Path, index: int, item: Any, default_currency: str, source: str) -> FileEntry:
    where = f"entries[{index - 1}]"
    if not isinstance(item, dict):
        raise UsageError(f"{path.name}: {where}: must be an object")
    lines_data = item.get("lines")
    if not isinstance(lines_data, list):
        raise UsageError(f"{path.name}: {where}.lines: must be a list of lines")
    try:
        when = parse_date(str(item.get("date") or ""), field=f"{where}.date")
    except UsageError as exc:
        raise UsageError(f"{path.name}: {exc.message}") from None
    lines = tuple(
        _json_line(path, f"{where}.lines[{j}]", ln, default_currency)
        for j, ln in enumerate(lines_data)
    )
    draft = EntryDraft(
        when,
        str(item.get("description") or ""),
        lines,
        reference=str(item.get("reference") or ""),
        source=source,
        origin=f"{path.name}: {where}",
    )
    return FileEntry(draft, ())


def _json_line(path: Path, where: str, data: Any, default_currency: str) -> Line:
    if not isinstance(data, dict):
        raise UsageError(f"{path.name}: {where}: must be an object")
    cur = str(data.get("currency") or default_currency).upper()
    if len(cur) != 3 or not cur.isalpha():
        raise UsageError(f"{path.name}: {where}.currency: {cur!r} is not a 3-letter ISO code")
    given = [k for k in ("debit", "credit", "amount") if data.get(k) not in (None, "")]
    if len(given) != 1:
        raise UsageError(f"{path.name}: {where}: give exactly one of debit, credit or amount")
    key = given[0]
    value = data[key]
    if isinstance(value, float | bool):
        raise UsageError(
            f"{path.name}: {where}.{key}: {value!r} must be a string such as "
            '"12.50" (JSON numbers with fractions are not exact)'
        )
    try:
        amount = parse_amount(
            value if isinstance(value, int) else str(value), cur, field=f"{where}.{key}"
        )
    except UsageError as exc:
        raise UsageError(f"{path.name}: {exc.message}") from None
    if key != "amount" and amount <= 0:
        raise UsageError(f"{path.name}: {where}.{key}: {value} must be positive")
    signed = -amount if key == "credit" else amount
    account = str(data.get("account") or "").strip()
    if not account:
        raise UsageError(f"{path.name}: {where}.account: is empty")
    return Line(account, signed, cur, str(data.get("memo") or ""))
