"""Column specs: the name, type and meaning of every column of an output table.

One spec drives both the file (Parquet types, stored descriptions) and its documentation
(``data_dictionary_markdown`` renders the Markdown table the data dictionary in ``docs/`` is
made of), so the two never disagree.

Types: ``string``, ``category`` (a string with few distinct values, stored dictionary-encoded),
``int`` (64-bit), ``decimal`` (exact, ``precision``/``scale``; money is ``decimal`` with scale
2), ``date``, ``datetime`` (UTC, microseconds), ``bool``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledgerctl.core.errors import UsageError

COLUMN_TYPES = ("string", "category", "int", "decimal", "date", "datetime", "bool")

_TYPE_LABELS = {
    "string": "text",
    "category": "text (dictionary-encoded)",
    "int": "whole number (int64)",
    "date": "date (date32)",
    "datetime": "date and time, UTC (timestamp[us, UTC])",
    "bool": "true/false",
}


@dataclass(frozen=True)
class Column:
    """One column of an output table. ``nullable=False`` refuses missing values on write."""

    name: str
    type: str
    description: str
    scale: int = 2
    precision: int = 18
    nullable: bool = True

    def __post_init__(self) -> None:
        if self.type not in COLUMN_TYPES:
            raise UsageError(
                f"column {self.name!r}: type {self.type!r} is not one of {', '.join(COLUMN_TYPES)}"
            )
        if not 0 <= self.scale <= self.precision <= 38:
            raise UsageError(f"column {self.name!r}: need 0 <= scale <= precision <= 38")

    @property
    def type_label(self) -> str:
        """The type as a reader of the data dictionary understands it."""
        if self.type == "decimal":
            return f"decimal({self.precision}, {self.scale})"
        return _TYPE_LABELS[self.type]


def money(name: str, description: str, *, scale: int = 2, nullable: bool = True) -> Column:
    """A money column: exact decimal(18, scale)."""
    return Column(name, "decimal", description, scale=scale, nullable=nullable)


def check_unique(columns: Sequence[Column]) -> None:
    """Refuse a spec that names the same column twice."""
    seen: set[str] = set()
    for column in columns:
        if column.name in seen:
            raise UsageError(f"column {column.name!r} appears twice in the column spec")
        seen.add(column.name)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary_markdown(
    columns: Sequence[Column], title: str | None = None, description: str | None = None
) -> str:
    """A Markdown data-dictionary table (column, type, required, description) for ``columns``."""
    lines: list[str] = []
    if title:
        lines += [f"### {title}", ""]
    if description:
        lines += [description, ""]
    lines += ["| column | type | required | description |", "|---|---|---|---|"]
    for c in columns:
        required = "no" if c.nullable else "yes"
        lines.append(f"| `{c.name}` | {c.type_label} | {required} | {_cell(c.description)} |")
    return "\n".join(lines) + "\n"
