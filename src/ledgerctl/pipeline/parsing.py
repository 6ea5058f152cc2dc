"""Read one bank export: decode, find the header, match a format, normalise every row.

``parse_file(path)`` reads the bytes once, detects the encoding (BOM, UTF-16, UTF-8, else
cp1252), finds the header line, picks the bank format (``schemas.match_schema``) and turns
each data row into a ``CanonicalRow``. A row that cannot be read becomes a ``RowProblem``
(file, physical line, field, what was seen) and the other rows go on. Nothing here touches
the database.

Hot path notes (1M rows in a few seconds): the csv module does the splitting; dates and
amounts are parsed through per-file caches (bank files repeat both a lot) with a sliced-int
fast path per date format; no pydantic per row.
"""

from __future__ import annotations

import codecs
import csv
import gc
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ledgerctl.core.money import MAX_AMOUNT
from ledgerctl.pipeline.amounts import PLAIN, PLAIN_COMMA, AmountError, parse_amount_text
from ledgerctl.pipeline.domain import CanonicalRow, ParsedFile, RowProblem
from ledgerctl.pipeline.schemas import (
    HEADER_SCAN_LINES,
    BankSchema,
    Candidate,
    LoadedSchema,
    load_schemas,
    match_schema,
    norm_header,
    split_line,
)

__all__ = [
    "Inspection",
    "balance_gaps",
    "decode_bytes",
    "inspect_file",
    "parse_bytes",
    "parse_file",
    "make_date_parser",
]

_MONTHS = {
    name: i
    for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_FAST_FORMAT = re.compile(r"(%[dmYyb])([^%\w])(%[dmYyb])\2(%[dmYyb])(.*)")
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


# -- encoding --------------------------------------------------------------------------------
def decode_bytes(data: bytes, declared: str = "auto") -> tuple[str, str]:
    """Decode a file's bytes; return (text, encoding used). BOMs always win.

    ``auto``: UTF-16 (BOM or NUL-byte pattern), else UTF-8, else cp1252 (latin-1 for the
    five bytes cp1252 leaves undefined).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if declared != "auto":
        return data.decode(declared), declared
    sample = data[:4000]
    if len(sample) >= 4:
        half = len(sample) // 2
        if sample[1::2].count(0) > half * 0.3 and sample[0::2].count(0) == 0:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if sample[0::2].count(0) > half * 0.3 and sample[1::2].count(0) == 0:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _head_lines(text: str, limit: int = HEADER_SCAN_LINES) -> list[str]:
    """The first ``limit`` physical lines (same line splitting as the csv reader)."""
    buf = io.StringIO(text, newline="")
    out = []
    for _ in range(limit):
        line = buf.readline()
        if not line:
            break
        out.append(line.rstrip("\r\n"))
    return out


# -- dates -----------------------------------------------------------------------------------
def _fast_date(fmt: str) -> Callable[[str], date | None] | None:
    """A strptime-free parser for formats like %Y-%m-%d, %m/%d/%Y, %d.%m.%y, %d %b %Y
    (optionally followed by a time part, which is ignored)."""
    m = _FAST_FORMAT.fullmatch(fmt)
    if not m:
        return None
    codes = (m.group(1), m.group(3), m.group(4))
    if sorted(c[1].lower() for c in codes) not in (["b", "d", "y"], ["d", "m", "y"]):
        return None
    sep, has_time = m.group(2), bool(m.group(5))
    pos = {c[1]: i for i, c in enumerate(codes)}
    iy, i_d = pos.get("Y", pos.get("y")), pos["d"]
    two_digit_year = "y" in pos
    im, month_name = (pos["m"], False) if "m" in pos else (pos["b"], True)

    def parse(s: str) -> date | None:
        s = s.strip()
        if has_time:
            s = s.split(" ", 1)[0].split("T", 1)[0] if sep != " " else " ".join(s.split()[:3])
        parts = s.split(sep)
        if len(parts) != 3:
            return None
        ys, ms, ds = parts[iy], parts[im], parts[i_d]
        if not (ys.isdigit() and ds.isdigit()) or len(ds) > 2:
            return None
        if two_digit_year:
            if len(ys) != 2:
                return None
            y = int(ys)
            y += 2000 if y < 69 else 1900
        else:
            if len(ys) != 4:
                return None
            y = int(ys)
        if month_name:
            mo = _MONTHS.get(ms[:3].lower())
            if mo is None:
                return None
        else:
            if not ms.isdigit() or len(ms) > 2:
                return None
            mo = int(ms)
        try:
            return date(y, mo, int(ds))
        except ValueError:
            return None

    return parse


def _strptime_date(fmt: str) -> Callable[[str], date | None]:
    def parse(s: str) -> date | None:
        try:
            return datetime.strptime(s.strip(), fmt).date()
        except ValueError:
            return None

    return parse


def make_date_parser(formats: list[str]) -> Callable[[str], date | None]:
    """One function trying each format in order (fast path where possible), cached."""
    parsers = [_fast_date(f) or _strptime_date(f) for f in formats]
    cache: dict[str, date | None] = {}

    get = cache.get

    def parse(s: str) -> date | None:
        result = get(s)
        if result is not None or s in cache:
            return result
        for p in parsers:
            result = p(s)
            if result is not None:
                break
        if len(cache) > 200_000:
            cache.clear()
        cache[s] = result
        return result

    return parse


# -- amounts ---------------------------------------------------------------------------------
def _places(currency: str) -> int:
    return 3 if currency in _EXPONENT3 else 0 if currency in _EXPONENT0 else 2


def _currency_places(currency: str) -> tuple[str, int] | None:
    """(ISO code, decimal places) for a currency cell (codes or symbols like GH₵), or None."""
    if len(currency) == 3 and currency.isalpha() and currency.isascii():
        return currency, _places(currency)
    code = _CURRENCY_SYMBOLS.get(currency)
    return (code, _places(code)) if code else None


def _make_amount_parser(decimal_comma: bool) -> Callable[[str], tuple[Decimal, int]]:
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
            places = -value.as_tuple().exponent  # type: ignore[operator]
        if len(s) > 15 and abs(value) >= MAX_AMOUNT:
            raise AmountError(f"{s!r} is too large")
        if len(cache) > 200_000:
            cache.clear()
        hit = cache[s] = (value, places)
        return hit

    return parse


# -- the result of looking at a file ----------------------------------------------------------
@dataclass
class Inspection:
    """Everything learnt about one file: encoding, header, schema choice, rows, problems."""

    parsed: ParsedFile
    encoding: str = ""
    header_line: int | None = None
    header: tuple[str, ...] = ()
    candidates: list[Candidate] = field(default_factory=list)
    schema: LoadedSchema | None = None
    data_lines: int = 0
    skipped_trailer: int = 0


def parse_file(
    path: Path,
    home: Path | None = None,
    owner: str = "",
    *,
    schemas: list[LoadedSchema] | None = None,
) -> ParsedFile:
    """Read and normalise one bank export (see module docstring)."""
    return inspect_file(path, home, owner, schemas=schemas).parsed


def inspect_file(
    path: Path,
    home: Path | None = None,
    owner: str = "",
    *,
    schemas: list[LoadedSchema] | None = None,
) -> Inspection:
    """Like ``parse_file`` but also says how the file was read (for diagnose / schemas test)."""
    data = Path(path).read_bytes()
    if schemas is None:
        schemas = load_schemas(home)
    return parse_bytes(data, str(path), schemas, owner)


def parse_bytes(data: bytes, file: str, schemas: list[LoadedSchema], owner: str = "") -> Inspection:
    """The work of ``inspect_file`` on bytes already read (``file`` names them in messages)."""
    parsed = ParsedFile(path=file, schema_id=None, content_sha256=hashlib.sha256(data).hexdigest())
    insp = Inspection(parsed)
    text, insp.encoding = decode_bytes(data)
    if not text.strip():
        parsed.problems.append(
            RowProblem(file, 1, "file", "file is empty; export it again from the bank")
        )
        return insp
    head = _head_lines(text)
    file_name = Path(file).name
    loaded, cand, insp.candidates = match_schema(schemas, file_name, head)
    if loaded is None or cand is None:
        first = next((h for h in head if h.strip()), "")
        delim = max(",;\t|", key=first.count)
        seen = ", ".join(c.strip() for c in split_line(first, delim)) or "(none)"
        parsed.problems.append(
            RowProblem(
                file,
                1,
                "header",
                f"no bank format matches this file (headers seen: {seen}); add a schema in "
                f"rules/schemas/ (see `ledgerctl pipeline schemas test {file}`)",
            )
        )
        return insp
    schema = loaded.schema
    insp.schema, parsed.schema_id = loaded, schema.id
    if (
        schema.encoding != "auto"
        and not insp.encoding.startswith(("utf-16", "utf-8-sig"))
        and schema.encoding != insp.encoding
    ):
        try:
            text, insp.encoding = decode_bytes(data, schema.encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            parsed.problems.append(
                RowProblem(
                    file,
                    line,
                    "encoding",
                    f"byte 0x{data[exc.start]:02x} is not valid {schema.encoding} (the schema's "
                    f"encoding); read the file as {insp.encoding} instead",
                )
            )
    assert cand.header_index is not None
    insp.header_line, insp.header = cand.header_index + 1, cand.header
    collecting = gc.isenabled()
    gc.disable()  # the rows hold no cycles; the collector would only walk them again and again
    try:
        _normalise(text, schema, cand, file, owner, insp)
    finally:
        if collecting:
            gc.enable()
    return insp


# -- normalisation ---------------------------------------------------------------------------
def _derive(
    schema: BankSchema, target: str, header_index: dict[str, int], file_name: str
) -> tuple[str | None, int | None, Callable[[str], str] | None]:
    """(static value, source column index, extractor) for a derived field."""
    rule = schema.derived.get(target)  # type: ignore[call-overload]
    if rule is None:
        return None, None, None
    if rule.regex is None:
        return rule.value, None, None
    rx = re.compile(rule.regex, re.IGNORECASE)
    fallback = rule.value or ""
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

    if rule.source == "$file":
        return extract(file_name), None, None
    idx = header_index.get(norm_header(rule.source or ""))
    if idx is None:
        return fallback, None, None
    return None, idx, extract


def _normalise(
    text: str, schema: BankSchema, cand: Candidate, file: str, owner: str, insp: Inspection
) -> None:
    parsed = insp.parsed
    problems = parsed.problems
    header = [norm_header(h) for h in cand.header]
    header_index: dict[str, int] = {}
    for i, h in enumerate(header):
        header_index.setdefault(h, i)
    hline = cand.header_index + 1 if cand.header_index is not None else 1

    cols: dict[str, list[int]] = {}
    for raw, target in schema.column_map.items():
        idx = header_index.get(norm_header(raw))
        if idx is None:
            if target in ("date", "amount", "debit", "credit"):
                problems.append(
                    RowProblem(
                        file,
                        hline,
                        target,
                        (
                            f"column {raw!r} (mapped to {target}) is not in the header; add it to "
                            f"header_signature of schema {schema.id} or fix column_map"
                        ),
                    )
                )
                return
            continue
        cols.setdefault(target, []).append(idx)

    def one(target: str) -> int | None:
        found = cols.get(target)
        return found[0] if found else None

    i_date, i_post, i_amount = one("date"), one("post_date"), one("amount")
    i_debit, i_credit, i_balance = one("debit"), one("credit"), one("balance")
    i_currency, i_account = one("currency"), one("account")
    desc_idx = cols.get("description", [])
    ref_idx = cols.get("reference", [])
    mapped = {i for idxs in cols.values() for i in idxs}
    ignore = {norm_header(x) for x in schema.extras_ignore}
    if schema.extras == "none":
        extra_cols: list[tuple[str, int]] = []
    elif schema.extras == "unmapped":
        extra_cols = [
            (cand.header[i], i)
            for i, h in enumerate(header)
            if i not in mapped and h and h not in ignore
        ]
    else:
        extra_cols = [
            (cand.header[header_index[norm_header(x)]], header_index[norm_header(x)])
            for x in schema.extras
            if norm_header(x) in header_index
        ]

    file_name = Path(file).name
    acc_static, acc_idx, acc_fn = _derive(schema, "account", header_index, file_name)
    cur_static, cur_idx, cur_fn = _derive(schema, "currency", header_index, file_name)
    ref_static, ref_src, ref_fn = _derive(schema, "reference", header_index, file_name)
    default_account = acc_static if acc_static is not None else schema.account
    default_currency = (cur_static or schema.currency).upper()

    parse_date = make_date_parser(schema.date_formats)
    parse_amount = _make_amount_parser(schema.decimal_comma)
    formats = " or ".join(schema.date_formats)
    sign_rule = schema.sign_rule
    flip = sign_rule == "flip"
    trailer = (
        re.compile("|".join(f"(?:{p})" for p in schema.skip_trailer_patterns), re.IGNORECASE)
        if schema.skip_trailer_patterns
        else None
    )
    delim = schema.delimiter
    bank, schema_id = schema.bank, schema.id
    needed = max([i for idxs in cols.values() for i in idxs] + [0]) + 1
    default_places = _places(default_currency)
    places_cache: dict[str, tuple[str, int] | None] = {
        default_currency: (default_currency, default_places)
    }
    append = parsed.rows.append
    make = object.__new__
    set_dict = object.__setattr__  # CanonicalRow is frozen: fill __dict__ in one step (4x faster)
    zero = Decimal(0)
    desc_one = desc_idx[0] if len(desc_idx) == 1 else None
    ref_one = ref_idx[0] if len(ref_idx) == 1 else None
    debit_credit = sign_rule == "debit_credit"
    parse_balance, decimal_comma = parse_amount_text, schema.decimal_comma

    buf = io.StringIO(text, newline="")
    for _ in range(hline):
        buf.readline()
    reader = csv.reader(buf, delimiter=delim)
    prev_end = hline
    data_lines = skipped = 0
    while True:  # the inner loop runs to the end unless the csv module raises on a line
        try:
            for cells in reader:
                end = hline + reader.line_num
                line, prev_end = prev_end + 1, end
                if not cells or not any(cells):
                    continue
                if trailer is not None and trailer.search(delim.join(cells)):
                    skipped += 1
                    continue
                data_lines += 1
                if len(cells) < needed:
                    problems.append(
                        RowProblem(
                            file,
                            line,
                            "line",
                            (
                                f"has {len(cells)} cells but the header has {len(header)} "
                                f"({delim.join(cells)!r}); if this is a summary line add a "
                                f"skip_trailer_patterns entry to {schema_id}"
                            ),
                        )
                    )
                    continue
                raw = cells[i_date]  # type: ignore[index]
                d = parse_date(raw)
                if d is None:
                    problems.append(
                        RowProblem(
                            file, line, "date", f"{raw.strip()!r} is not a date in format {formats}"
                        )
                    )
                    continue
                try:
                    if debit_credit:
                        deb = cells[i_debit].strip()  # type: ignore[index]
                        cre = cells[i_credit].strip()  # type: ignore[index]
                        if deb and cre:
                            (dv, dn), (cv, cn) = parse_amount(deb), parse_amount(cre)
                            amount, nd = abs(cv) - abs(dv), max(dn, cn)
                        elif deb:
                            dv, nd = parse_amount(deb)
                            amount = -abs(dv)
                        elif cre:
                            cv, nd = parse_amount(cre)
                            amount = abs(cv)
                        elif i_amount is not None and cells[i_amount].strip():
                            amount, nd = parse_amount(cells[i_amount].strip())
                        else:
                            problems.append(
                                RowProblem(file, line, "amount", "both debit and credit are empty")
                            )
                            continue
                        if not amount:
                            amount = zero
                    else:
                        raw = cells[i_amount].strip()  # type: ignore[index]
                        if not raw:
                            problems.append(RowProblem(file, line, "amount", "amount is empty"))
                            continue
                        amount, nd = parse_amount(raw)
                        if flip:
                            amount = -amount
                except AmountError as exc:
                    problems.append(RowProblem(file, line, "amount", str(exc)))
                    continue
                if i_currency is not None:
                    currency = cells[i_currency].strip().upper() or default_currency
                elif cur_fn is not None:
                    currency = (cur_fn(cells[cur_idx]) or default_currency).upper()  # type: ignore[index]
                else:
                    currency = default_currency
                known = places_cache.get(currency, ())
                if known == ():
                    known = places_cache[currency] = _currency_places(currency)
                if known is None:
                    problems.append(
                        RowProblem(
                            file,
                            line,
                            "currency",
                            (f"{currency!r} is not a 3-letter currency code"),
                        )
                    )
                    continue
                currency, places = known  # type: ignore[misc]
                if nd > places:
                    problems.append(
                        RowProblem(
                            file,
                            line,
                            "amount",
                            (f"{amount} has more than {places} decimal places for {currency}"),
                        )
                    )
                    continue
                if desc_one is not None:
                    description = cells[desc_one].strip()
                else:
                    description = " ".join(s for s in (cells[i].strip() for i in desc_idx) if s)
                if ref_one is not None:
                    reference = cells[ref_one].strip()
                elif ref_idx:
                    reference = " ".join(s for s in (cells[i].strip() for i in ref_idx) if s)
                elif ref_fn is not None:
                    reference = ref_fn(cells[ref_src])  # type: ignore[index]
                else:
                    reference = ref_static or ""
                account = cells[i_account].strip() if i_account is not None else ""
                if not account:
                    account = acc_fn(cells[acc_idx]) if acc_fn is not None else default_account  # type: ignore[index]
                post = None
                if i_post is not None:
                    raw = cells[i_post]
                    if raw.strip():
                        post = parse_date(raw)
                        if post is None:
                            problems.append(
                                RowProblem(
                                    file,
                                    line,
                                    "post_date",
                                    (
                                        f"{raw.strip()!r} is not a date in format {formats} "
                                        "(row kept without post date)"
                                    ),
                                )
                            )
                balance = None
                if i_balance is not None:
                    raw = cells[i_balance].strip()
                    if raw:
                        try:
                            balance = parse_balance(raw, decimal_comma)
                        except AmountError as exc:
                            problems.append(
                                RowProblem(
                                    file, line, "balance", f"{exc} (row kept without balance)"
                                )
                            )
                extras = (
                    {name: cells[i] for name, i in extra_cols if i < len(cells) and cells[i]}
                    if extra_cols
                    else {}
                )
                row = make(CanonicalRow)
                set_dict(
                    row,
                    "__dict__",
                    {
                        "date": d,
                        "amount": amount,
                        "currency": currency,
                        "description": description,
                        "bank": bank,
                        "account": account,
                        "source_file": file,
                        "line_no": line,
                        "schema_id": schema_id,
                        "post_date": post,
                        "balance": balance,
                        "reference": reference,
                        "owner": owner,
                        "extras": extras,
                    },
                )
                append(row)
            break
        except csv.Error as exc:
            line = hline + reader.line_num
            problems.append(RowProblem(file, line, "line", f"not valid CSV ({exc})"))
            prev_end = line
    insp.data_lines, insp.skipped_trailer = data_lines, skipped


# -- running balance continuity ----------------------------------------------------------------
def balance_gaps(rows: Iterable[CanonicalRow]) -> list[RowProblem]:
    """Where the running balance does not follow from the amounts, one problem per gap.

    Works per account, for files in date order (balance[i-1] + amount[i] == balance[i]) and
    newest-first files (balance[i] + amount[i-1] == balance[i-1]): the direction that fits
    more steps is used. Rows without a balance are skipped.
    """
    by_account: dict[tuple[str, str], list[CanonicalRow]] = {}
    for r in rows:
        if r.balance is not None:
            by_account.setdefault((r.source_file, r.account), []).append(r)
    problems: list[RowProblem] = []
    for seq in by_account.values():
        pairs = list(zip(seq, seq[1:], strict=False))
        if not pairs:
            continue
        forward = sum(1 for a, b in pairs if a.balance + b.amount == b.balance)  # type: ignore[operator]
        backward = sum(1 for a, b in pairs if b.balance + a.amount == a.balance)  # type: ignore[operator]
        for a, b in pairs:
            if forward >= backward:
                older, newer = a, b
            else:
                older, newer = b, a
            expected = older.balance + newer.amount  # type: ignore[operator]
            if expected != newer.balance:
                first, second = sorted((a.line_no, b.line_no))
                problems.append(
                    RowProblem(
                        b.source_file,
                        b.line_no,
                        "balance",
                        f"missing or extra row between line {first} and {second}: balance "
                        f"{older.balance} + amount {newer.amount} = {expected}, but line "
                        f"{newer.line_no} shows {newer.balance} (difference "
                        f"{newer.balance - expected})",
                    )
                )  # type: ignore[operator]
    return problems


def balance_summary(rows: list[CanonicalRow]) -> tuple[int, list[RowProblem]]:
    """(number of balance steps checked, gaps) for diagnose."""
    with_balance: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.balance is not None:
            key = (r.source_file, r.account)
            with_balance[key] = with_balance.get(key, 0) + 1
    steps = sum(max(n - 1, 0) for n in with_balance.values())
    return steps, balance_gaps(rows)
