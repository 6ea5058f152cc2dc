"""Outputs: typed Parquet for Power BI with dimension tables, and the review workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.conftest import Workspace
from tests.pipeline.test_store_helpers import SEPT, write_csv


def _run(workspace: Workspace, cli) -> Path:
    write_csv(workspace.home / "csv_inbox" / "sept.csv", SEPT)
    result = cli("pipeline", "process")
    assert result.code == 0, result.err
    return workspace.home / "output" / "pipeline"


def test_parquet_is_typed_with_dimension_tables(workspace: Workspace, cli) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = _run(workspace, cli)
    table = pq.read_table(out / "transactions.parquet")
    schema = table.schema
    assert schema.field("amount").type == pa.decimal128(18, 2)
    assert schema.field("date").type == pa.date32()
    assert pa.types.is_dictionary(schema.field("category").type)
    assert schema.field("split_pct").type == pa.decimal128(5, 2)
    assert b"description" in schema.field("amount").metadata
    amounts = table.column("amount").to_pylist()
    assert sorted(amounts) == [
        Decimal("-100.00"),
        Decimal("-50.00"),
        Decimal("-33.33"),
        Decimal("1000.00"),
    ]
    assert set(table.column("category").to_pylist()) <= {"Uncategorized"} | set(
        table.column("auto_category").to_pylist()
    )
    assert table.column("period").to_pylist() == ["2025-09"] * 4
    for name in ("merchants", "categories", "accounts", "calendar", "months"):
        assert (out / f"{name}.parquet").exists()
    months = pq.read_table(out / "months.parquet").to_pylist()
    assert months[0]["period"] == "2025-09"
    assert months[0]["net"] == Decimal("816.67")
    assert pq.read_table(out / "calendar.parquet").num_rows == 30


def test_workbook_sheets_formats_and_validation(workspace: Workspace, cli) -> None:
    from openpyxl import load_workbook

    out = _run(workspace, cli)
    wb = load_workbook(out / "balance_data.xlsx")
    assert {"Transactions", "Queue_Review", "Monthly_Summary", "Settlement"} <= set(wb.sheetnames)
    queue = wb["Queue_Review"]
    assert queue.freeze_panes == "A2"
    assert queue.auto_filter.ref
    headers = [c.value for c in queue[1]]
    for h in ("Fingerprint", "Category", "Shared", "Split %"):
        assert h in headers
    kinds = {dv.type for dv in queue.data_validations.dataValidation}
    assert {"list", "decimal"} <= kinds
    rng = next(dv for dv in queue.data_validations.dataValidation if dv.type == "decimal")
    assert (rng.formula1, rng.formula2) == ("0", "100")
    assert queue.max_row == 5
    tx = wb["Transactions"]
    amount_col = [c.value for c in tx[1]].index("Amount") + 1
    assert tx.cell(2, amount_col).number_format == "#,##0.00"
    assert wb["Monthly_Summary"]._charts


def test_data_dictionary_in_docs_matches_the_column_specs() -> None:
    from ledgerctl.pipeline.outputs import data_dictionary

    docs = Path(__file__).resolve().parents[2] / "docs" / "pipeline.md"
    assert data_dictionary() in docs.read_text(encoding="utf-8"), (
        "docs/pipeline.md is out of date: paste ledgerctl.pipeline.outputs.data_dictionary()"
    )
