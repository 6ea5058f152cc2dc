"""Reading an analyst's Queue_Review edits from the review workbook (validation only).

Each edited row becomes an ``Edit`` (fingerprint, category, shared Y/N/S, split %); every
problem is named by sheet row, so the operator can fix them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.core.errors import UsageError

QUEUE = "Queue_Review"
H_FP, H_CAT, H_SHARED, H_SPLIT = "Fingerprint", "Category", "Shared", "Split %"
SHARED_VALUES = ("Y", "N", "S")


@dataclass(frozen=True)
class Edit:
    """One valid edited row of Queue_Review."""

    row: int
    fingerprint: str
    category: str | None
    shared: str
    split_pct: Decimal | None


# --- reading edits back -----------------------------------------------------------------


def _parse_row(
    where: str, number: int, values: dict[str, Any], categories: dict[str, str], errors: list[str]
) -> Edit | None:
    from ledgerctl.outputs.api import to_decimal, to_text

    fp = to_text(values.get(H_FP))
    cat_text = to_text(values.get(H_CAT))
    shared = to_text(values.get(H_SHARED)).upper()
    raw_split = values.get(H_SPLIT)
    if not cat_text and not shared and (raw_split is None or to_text(raw_split) == ""):
        return None
    prefix = f"{where}, row {number}"
    bad = len(errors)
    if not fp:
        errors.append(f"{prefix}: the {H_FP} cell is empty; do not edit that column")
    category = None
    if cat_text:
        category = categories.get(cat_text.lower())
        if category is None:
            errors.append(
                f"{prefix}: category {cat_text!r} is not a known category "
                "(rules/pipeline.yaml categories or rules/merchant_lookup.csv)"
            )
    if shared and shared not in SHARED_VALUES:
        errors.append(f"{prefix}: Shared {shared!r} must be Y, N or S")
    split: Decimal | None = None
    try:
        split = to_decimal(raw_split, f"{prefix}, column {H_SPLIT!r}")
    except UsageError as exc:
        errors.append(exc.message)
    if split is not None and not Decimal(0) <= split <= Decimal(100):
        errors.append(f"{prefix}: Split % {split} is not a percentage from 0 to 100")
    elif split is not None and split != split.quantize(Decimal("0.01")):
        errors.append(f"{prefix}: Split % {split} has more than 2 decimal places")
    if shared == "S" and split is None:
        errors.append(f"{prefix}: Shared S needs a Split % (0-100)")
    if split is not None and shared != "S":
        errors.append(f"{prefix}: a Split % goes with Shared S only")
    if len(errors) > bad:
        return None
    return Edit(
        number,
        fp,
        category,
        shared or "N",
        None if split is None else split.quantize(Decimal("0.01")),
    )


def read_edits(path: Path, categories: list[str]) -> tuple[list[Edit], list[str]]:
    """Every edited Queue_Review row, and the problems found (by sheet row)."""
    from ledgerctl.outputs.api import read_rows

    by_name = {c.lower(): c for c in categories}
    where = f"{Path(path).name}, sheet {QUEUE!r}"
    edits: list[Edit] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, values in read_rows(path, QUEUE, required=[H_FP, H_CAT, H_SHARED, H_SPLIT]):
        edit = _parse_row(where, number, values, by_name, errors)
        if edit is None:
            continue
        if edit.fingerprint in seen:
            errors.append(
                f"{where}, row {number}: fingerprint {edit.fingerprint} also on row "
                f"{seen[edit.fingerprint]}; do not copy rows"
            )
            continue
        seen[edit.fingerprint] = number
        edits.append(edit)
    return edits, errors
