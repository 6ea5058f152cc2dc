"""Canonical shapes of the bank pipeline, shared by parsing, storage and outputs. Pure Python.

A bank file is matched to a ``BankSchema`` (a rule file), its rows are normalised to
``CanonicalRow``s, and rows that cannot be read become ``RowProblem``s naming file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class CanonicalRow:
    """One bank transaction after normalisation (amount signed: money in > 0, out < 0)."""

    date: dt.date
    amount: Decimal
    currency: str
    description: str
    bank: str
    account: str
    source_file: str
    line_no: int
    schema_id: str
    post_date: dt.date | None = None
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
