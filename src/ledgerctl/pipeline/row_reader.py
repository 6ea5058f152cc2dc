"""Reading the data rows of one bank file with its ``ColumnPlan``: one small function per row.

``read_rows`` runs the csv module over the text after the header, skips blank and summary
(trailer) lines, keeps going after a line the csv module cannot split, and hands each row's
cells to the per-row reader made by ``row_reader``. That reader turns the cells into a
``CanonicalRow`` or a ``RowProblem`` (file, physical line, field, what was seen); a bad post
date or balance is reported and the row kept without it.

Hot path (1M rows in a few seconds): every schema decision was taken when the plan was built;
the per-row reader only calls the plan's functions (closures over column positions and
per-file caches), and fills the frozen ``CanonicalRow``'s ``__dict__`` in one step.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerctl.pipeline.column_plan import Cells, ColumnPlan
from ledgerctl.pipeline.domain.amounts import AmountError, parse_amount_text
from ledgerctl.pipeline.domain.rows import CanonicalRow, RowProblem

RowReader = Callable[[Cells, int], "CanonicalRow | None"]


@dataclass
class ReadCounts:
    """How many data lines the file had, and how many summary lines were skipped."""

    data_lines: int = 0
    skipped_trailer: int = 0


def _short_row(plan: ColumnPlan, cells: Cells, line: int) -> RowProblem:
    return RowProblem(
        plan.file,
        line,
        "line",
        f"has {len(cells)} cells but the header has {plan.header_cells} "
        f"({plan.delimiter.join(cells)!r}); if this is a summary line add a "
        f"skip_trailer_patterns entry to {plan.schema_id}",
    )


def _post_date(plan: ColumnPlan, raw: str, line: int, problems: list[RowProblem]) -> date | None:
    if not raw.strip():
        return None
    post = plan.parse_date(raw)
    if post is None:
        problems.append(
            RowProblem(
                plan.file,
                line,
                "post_date",
                f"{raw.strip()!r} is not a date in format {plan.formats} "
                "(row kept without post date)",
            )
        )
    return post


def _balance(plan: ColumnPlan, raw: str, line: int, problems: list[RowProblem]) -> Decimal | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return parse_amount_text(raw, plan.decimal_comma)
    except AmountError as exc:
        problems.append(RowProblem(plan.file, line, "balance", f"{exc} (row kept without balance)"))
        return None


def row_reader(plan: ColumnPlan, problems: list[RowProblem]) -> RowReader:
    """The per-row function of ``plan``: cells and line → a row, or None (problem appended)."""
    file, needed, date_col = plan.file, plan.needed, plan.date_col
    parse_date, amount_of, currency_of, places_of = (
        plan.parse_date,
        plan.amount,
        plan.currency,
        plan.places,
    )
    post_col, balance_col = plan.post_col, plan.balance_col
    constant = {"bank": plan.bank, "source_file": file, "schema_id": plan.schema_id}
    owner = plan.owner
    make, set_dict = object.__new__, object.__setattr__  # fill a frozen row's __dict__ at once
    add = problems.append

    def read(cells: Cells, line: int) -> CanonicalRow | None:
        if len(cells) < needed:
            add(_short_row(plan, cells, line))
            return None
        raw = cells[date_col]
        day = parse_date(raw)
        if day is None:
            add(
                RowProblem(
                    file, line, "date", f"{raw.strip()!r} is not a date in format {plan.formats}"
                )
            )
            return None
        try:
            amount, places = amount_of(cells)
        except AmountError as exc:
            add(RowProblem(file, line, "amount", str(exc)))
            return None
        written = currency_of(cells)
        known = places_of(written)
        if known is None:
            add(RowProblem(file, line, "currency", f"{written!r} is not a 3-letter currency code"))
            return None
        currency, allowed = known
        if places > allowed:
            add(
                RowProblem(
                    file,
                    line,
                    "amount",
                    f"{amount} has more than {allowed} decimal places for {currency}",
                )
            )
            return None
        row = make(CanonicalRow)
        set_dict(
            row,
            "__dict__",
            {
                "date": day,
                "amount": amount,
                "currency": currency,
                "description": plan.description(cells),
                "account": plan.account(cells),
                "line_no": line,
                "post_date": None
                if post_col is None
                else _post_date(plan, cells[post_col], line, problems),
                "balance": None
                if balance_col is None
                else _balance(plan, cells[balance_col], line, problems),
                "reference": plan.reference(cells),
                "owner": owner,
                "extras": plan.extras(cells),
                **constant,
            },
        )
        return row

    return read


def read_rows(
    text: str, plan: ColumnPlan, rows: list[CanonicalRow], problems: list[RowProblem]
) -> ReadCounts:
    """Append every readable data row of ``text`` (after the header line) to ``rows``."""
    data_lines = skipped = 0
    hline, delim, trailer = plan.header_line, plan.delimiter, plan.trailer
    read = row_reader(plan, problems)
    append = rows.append
    buf = io.StringIO(text, newline="")
    for _ in range(hline):
        buf.readline()
    reader = csv.reader(buf, delimiter=delim)
    prev_end = hline
    while True:  # the inner loop runs to the end unless the csv module raises on a line
        try:
            for cells in reader:
                line, prev_end = prev_end + 1, hline + reader.line_num
                if not cells or not any(cells):
                    continue
                if trailer is not None and trailer.search(delim.join(cells)):
                    skipped += 1
                    continue
                data_lines += 1
                row = read(cells, line)
                if row is not None:
                    append(row)
            break
        except csv.Error as exc:
            line = hline + reader.line_num
            problems.append(RowProblem(plan.file, line, "line", f"not valid CSV ({exc})"))
            prev_end = line
    return ReadCounts(data_lines, skipped)
