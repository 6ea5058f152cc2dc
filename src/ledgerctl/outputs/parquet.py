"""Parquet tables for Power BI and pandas, with real types and self-documenting columns.

``write_parquet(target, data, columns)`` builds one Arrow array per column (columnar, no
per-row objects beyond what the caller passes) and writes the file atomically. Types follow
the column spec (see ``ledgerctl.outputs.columns``): Decimal → ``decimal128(precision, scale)``,
date → ``date32``, datetime → ``timestamp[us, UTC]`` (naive datetimes are taken as UTC),
``category`` → dictionary-encoded string, int → ``int64``, bool → ``bool``. Each column's
description is stored as field metadata (``description``), the table's as schema metadata.

A value that does not fit its column (a string in an int column, ``10.005`` in a money column,
a float for money) is refused with the column and the row number; nothing is written.
pyarrow is imported inside the functions (ledgerctl --help must stay light).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledgerctl.core.errors import UsageError
from ledgerctl.outputs.columns import Column, check_unique
from ledgerctl.outputs.files import atomic_write_with

if TYPE_CHECKING:
    import pyarrow as pa

Rows = Sequence[Mapping[str, Any]]
ColumnData = Mapping[str, Sequence[Any]]


def arrow_type(column: Column) -> pa.DataType:
    """The Arrow type a column is stored as."""
    import pyarrow as pa

    simple = {
        "string": pa.string(),
        "category": pa.string(),
        "int": pa.int64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "bool": pa.bool_(),
    }
    if column.type == "decimal":
        return pa.decimal128(column.precision, column.scale)
    return simple[column.type]


def arrow_schema(columns: Sequence[Column], description: str | None = None) -> pa.Schema:
    """The schema of a column spec, descriptions stored as metadata."""
    import pyarrow as pa

    fields = []
    for c in columns:
        typ = arrow_type(c)
        if c.type == "category":
            typ = pa.dictionary(pa.int32(), pa.string())
        fields.append(
            pa.field(c.name, typ, nullable=c.nullable, metadata={"description": c.description})
        )
    meta = {"generator": "ledgerctl"}
    if description:
        meta["description"] = description
    return pa.schema(fields, metadata=meta)


def _column_values(data: Rows | ColumnData, name: str) -> Sequence[Any]:
    if isinstance(data, Mapping):
        if name not in data:
            raise UsageError(f"column {name!r} is missing from the data")
        return data[name]
    try:
        return [row[name] for row in data]
    except KeyError:
        number = next(i for i, row in enumerate(data, start=1) if name not in row)
        raise UsageError(f"row {number} has no column {name!r}") from None


def _bad_value(values: Sequence[Any], typ: pa.DataType) -> tuple[int, Any, str]:
    """Find the first value that does not convert (slow path, only after a failure)."""
    import pyarrow as pa

    for number, value in enumerate(values, start=1):
        try:
            pa.array([value], type=typ)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            return number, value, str(exc).splitlines()[0]
    return 0, None, "values do not convert"


def build_array(column: Column, values: Sequence[Any]) -> pa.Array:
    """One column's values as an Arrow array of the column's type; bad values name their row."""
    import pyarrow as pa

    typ = arrow_type(column)
    try:
        if isinstance(values, pa.Array | pa.ChunkedArray):
            array = values.cast(typ)
        else:
            array = pa.array(values, type=typ)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        number, value, why = _bad_value(values, typ)
        shown = str(value) if isinstance(value, Decimal) else repr(value)
        raise UsageError(
            f"column {column.name!r}, row {number}: {shown} is not a {column.type_label} ({why})"
        ) from None
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not column.nullable and array.null_count:
        import pyarrow.compute as pc

        first = pc.index(array.is_null(), True).as_py() + 1
        raise UsageError(f"column {column.name!r}, row {first}: a value is required")
    if column.type == "category":
        array = array.dictionary_encode()
    return array


def build_table(
    data: Rows | ColumnData, columns: Sequence[Column], description: str | None = None
) -> pa.Table:
    """An Arrow table from rows (list of dicts) or columns (dict of lists), typed by the spec."""
    import pyarrow as pa

    check_unique(columns)
    arrays = [build_array(c, _column_values(data, c.name)) for c in columns]
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        sizes = ", ".join(f"{c.name}={len(a)}" for c, a in zip(columns, arrays, strict=True))
        raise UsageError(f"columns have different lengths ({sizes})")
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns, description))


def write_parquet(
    target: Path,
    data: Rows | ColumnData,
    columns: Sequence[Column],
    *,
    description: str | None = None,
    compression: str = "snappy",
) -> Path:
    """Write ``data`` to ``target`` as Parquet, atomically; returns the target path.

    ``compression`` defaults to snappy, which every Power BI version reads.
    """
    import pyarrow.parquet as pq

    table = build_table(data, columns, description)
    return atomic_write_with(
        Path(target), lambda tmp: pq.write_table(table, tmp, compression=compression)
    )


def read_descriptions(path: Path) -> dict[str, str]:
    """Column name → description stored in a Parquet file written by ``write_parquet``."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    return {f.name: (f.metadata or {}).get(b"description", b"").decode("utf-8") for f in schema}
