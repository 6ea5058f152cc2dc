"""The format comes from --format, else the --output file's extension, else a table."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledgerctl.console import Format, resolve_format
from ledgerctl.core.errors import UsageError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.json", Format.json),
        ("out.csv", Format.csv),
        ("out.xlsx", Format.xlsx),
        ("OUT.XLSX", Format.xlsx),
        ("report.txt", Format.table),
        ("no-extension", Format.table),
    ],
)
def test_format_from_the_output_extension(name: str, expected: Format) -> None:
    assert resolve_format(None, Path(name)) == expected


def test_format_option_wins_over_the_extension() -> None:
    assert resolve_format(Format.csv, Path("out.json")) == Format.csv
    assert resolve_format("json", Path("out.csv")) == Format.json


def test_no_format_and_no_output_is_a_table() -> None:
    assert resolve_format(None, None) == Format.table


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'yaml' is not one of table, json, csv, xlsx"):
        resolve_format("yaml", None)


def test_output_extension_decides_what_is_written(tmp_path: Path) -> None:
    from ledgerctl.console import render

    rows = [{"code": "1010", "name": "Cash at bank"}]
    render(rows, None, tmp_path / "accounts.json")
    render(rows, None, tmp_path / "accounts.csv")
    assert (tmp_path / "accounts.json").read_text().lstrip().startswith("[")
    assert (tmp_path / "accounts.csv").read_text() == "code,name\n1010,Cash at bank\n"
