"""Parquet writer: real types for Power BI, exact values, descriptions, clear errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.outputs.columns import Column, data_dictionary_markdown, money
from ledgerctl.outputs.parquet import read_descriptions, write_parquet

SPEC = [
    Column("txn_id", "string", "Fingerprint of the bank transaction.", nullable=False),
    Column("booked_on", "date", "Date the bank booked it."),
    Column("imported_at", "datetime", "When ledgerctl imported it (UTC)."),
    money("amount", "Signed amount in the account currency; negative = money out."),
    Column("rate", "decimal", "Exchange rate used.", scale=6),
    Column("category", "category", "Spending category from the merchant rules."),
    Column("line_count", "int", "Number of lines."),
    Column("reviewed", "bool", "An analyst confirmed the category."),
]

ROWS = [
    {
        "txn_id": "a1",
        "booked_on": date(2025, 9, 1),
        "imported_at": datetime(2025, 9, 2, 8, 0, tzinfo=timezone(timedelta(hours=2))),
        "amount": Decimal("-1234567.89"),
        "rate": Decimal("13.456789"),
        "category": "Fuel",
        "line_count": 3,
        "reviewed": True,
    },
    {
        "txn_id": "a2",
        "booked_on": date(2025, 9, 3),
        "imported_at": datetime(2025, 9, 3, 9, 15),
        "amount": Decimal("0.01"),
        "rate": None,
        "category": "Rent",
        "line_count": 2**40,
        "reviewed": False,
    },
    {
        "txn_id": "a3",
        "booked_on": None,
        "imported_at": None,
        "amount": Decimal("10"),
        "rate": Decimal("1"),
        "category": "Fuel",
        "line_count": None,
        "reviewed": None,
    },
]


def test_types_and_exact_values(tmp_path: Path) -> None:
    target = tmp_path / "output" / "transactions.parquet"
    write_parquet(target, ROWS, SPEC, description="Bank transactions.")
    table = pq.read_table(target)
    schema = table.schema
    assert schema.field("txn_id").type == pa.string()
    assert not schema.field("txn_id").nullable
    assert schema.field("booked_on").type == pa.date32()
    assert schema.field("imported_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("amount").type == pa.decimal128(18, 2)
    assert schema.field("rate").type == pa.decimal128(18, 6)
    assert schema.field("category").type == pa.dictionary(pa.int32(), pa.string())
    assert schema.field("line_count").type == pa.int64()
    assert schema.field("reviewed").type == pa.bool_()
    back = table.to_pylist()
    assert [r["amount"] for r in back] == [
        Decimal("-1234567.89"),
        Decimal("0.01"),
        Decimal("10.00"),
    ]
    assert back[0]["rate"] == Decimal("13.456789")
    assert back[0]["imported_at"] == datetime(2025, 9, 2, 6, 0, tzinfo=UTC)
    assert back[1]["imported_at"] == datetime(2025, 9, 3, 9, 15, tzinfo=UTC)
    assert back[1]["line_count"] == 2**40
    assert [r["category"] for r in back] == ["Fuel", "Rent", "Fuel"]
    assert back[2]["booked_on"] is None and back[2]["reviewed"] is None
    assert schema.metadata[b"description"] == b"Bank transactions."
    # the physical Parquet types Power BI sees
    pschema = pq.ParquetFile(target).schema
    assert str(pschema.column(3).logical_type) == "Decimal(precision=18, scale=2)"
    assert str(pschema.column(1).logical_type) == "Date"


def test_descriptions_are_stored_per_column(tmp_path: Path) -> None:
    target = tmp_path / "t.parquet"
    write_parquet(target, ROWS, SPEC)
    assert read_descriptions(target) == {c.name: c.description for c in SPEC}


def test_column_lists_give_the_same_table(tmp_path: Path) -> None:
    columns = {c.name: [r[c.name] for r in ROWS] for c in SPEC}
    write_parquet(tmp_path / "a.parquet", ROWS, SPEC)
    write_parquet(tmp_path / "b.parquet", columns, SPEC)
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))


def test_large_table_columnar(tmp_path: Path) -> None:
    n = 200_000
    spec = [
        Column("id", "int", "Row id."),
        money("amount", "Amount."),
        Column("branch", "category", "Branch code."),
    ]
    data = {
        "id": range(n),
        "amount": [Decimal(i).scaleb(-2) for i in range(n)],
        "branch": [("ACC", "KSI", "TML")[i % 3] for i in range(n)],
    }
    write_parquet(tmp_path / "big.parquet", data, spec)
    table = pq.read_table(tmp_path / "big.parquet")
    assert table.num_rows == n
    assert table.column("amount")[n - 1].as_py() == Decimal("1999.99")
    assert pa.compute.sum(table.column("id")).as_py() == n * (n - 1) // 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"amount": Decimal("10.005")}, "column 'amount', row 2: 10.005 is not a decimal(18, 2)"),
        ({"amount": 10.5}, "column 'amount', row 2: 10.5 is not a decimal"),
        ({"line_count": "three"}, "column 'line_count', row 2: 'three' is not a whole number"),
        ({"txn_id": None}, "column 'txn_id', row 2: a value is required"),
    ],
)
def test_bad_value_names_column_and_row(tmp_path: Path, bad: dict, message: str) -> None:
    target = tmp_path / "t.parquet"
    target.write_bytes(b"old")
    rows = [ROWS[0], {**ROWS[1], **bad}]
    with pytest.raises(UsageError) as info:
        write_parquet(target, rows, SPEC)
    assert message in info.value.message
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_missing_column_and_ragged_columns(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="row 2 has no column 'reviewed'"):
        write_parquet(tmp_path / "t.parquet", [ROWS[0], {"txn_id": "x"}], SPEC[:1] + SPEC[-1:])
    spec = [Column("a", "int", "A."), Column("b", "int", "B.")]
    with pytest.raises(UsageError, match=r"different lengths \(a=2, b=1\)"):
        write_parquet(tmp_path / "t.parquet", {"a": [1, 2], "b": [1]}, spec)
    with pytest.raises(UsageError, match="column 'b' is missing"):
        write_parquet(tmp_path / "t.parquet", {"a": [1, 2]}, spec)
    assert not (tmp_path / "t.parquet").exists()


def test_spec_errors() -> None:
    with pytest.raises(UsageError, match="type 'float'"):
        Column("x", "float", "No floats.")
    with pytest.raises(UsageError, match="appears twice"):
        write_parquet(
            Path("unused.parquet"), {"a": [1]}, [Column("a", "int", "A."), Column("a", "int", "A.")]
        )


def test_data_dictionary_markdown() -> None:
    text = data_dictionary_markdown(
        SPEC[:4], title="transactions.parquet", description="One row per bank transaction."
    )
    lines = text.splitlines()
    assert lines[0] == "### transactions.parquet"
    assert lines[2] == "One row per bank transaction."
    assert lines[4] == "| column | type | required | description |"
    assert lines[6] == "| `txn_id` | text | yes | Fingerprint of the bank transaction. |"
    assert lines[9] == (
        "| `amount` | decimal(18, 2) | no | Signed amount in the account "
        "currency; negative = money out. |"
    )
    escaped = data_dictionary_markdown([Column("p", "bool", "a|b\nc")]).splitlines()[-1]
    assert escaped == "| `p` | true/false | no | a\\|b c |"
