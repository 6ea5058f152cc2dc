"""Canonical shapes of the bank pipeline, shared by parsing, storage and outputs. Pure Python.

A bank file is matched to a ``BankSchema`` (a rule file), its rows are normalised to
``CanonicalRow``s, and rows that cannot be read become ``RowProblem``s naming file and line.
``fingerprint`` identifies one real transaction across overlapping exports: SHA-256 over
date | post date | amount | description | bank | account (no file name), plus an occurrence
counter for genuine same-day twins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class CanonicalRow:
    """One bank transaction after normalisation (amount signed: money in > 0, out < 0)."""

    date: date
    amount: Decimal
    currency: str
    description: str
    bank: str
    account: str
    source_file: str
    line_no: int
    schema_id: str
    post_date: date | None = None
    balance: Decimal | None = None
    reference: str = ""
    owner: str = ""
    extras: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RowProblem:
    """A line that could not be read, and what the operator should do about it."""

    file: str
    line_no: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line_no}: {self.field}: {self.message}"


@dataclass
class ParsedFile:
    """The result of reading one file: its schema, good rows, and problems."""

    path: str
    schema_id: str | None
    rows: list[CanonicalRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    content_sha256: str = ""


def fingerprint_base(row: CanonicalRow) -> str:
    """32 hex chars identifying the transaction independent of which export it came from."""
    post = row.post_date.isoformat() if row.post_date else ""
    key = "|".join(
        [
            row.date.isoformat(),
            post,
            f"{row.amount:.2f}",
            " ".join(row.description.split()).upper(),
            row.bank,
            row.account,
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(rows: list[CanonicalRow]) -> list[str]:
    """Fingerprint each row of ONE file, numbering identical rows within the file (#1, #2...).

    Two overlapping exports of the same account then agree on the numbering of twins, so
    each real transaction is stored once.
    """
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        base = fingerprint_base(row)
        seen[base] = seen.get(base, 0) + 1
        out.append(f"{base}-{seen[base]}")
    return out
