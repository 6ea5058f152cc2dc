"""Atomic writes and lazy imports shared by every writer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ledgerctl.outputs.files import atomic_path, atomic_write_bytes, atomic_write_text


def test_write_replaces_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "output" / "2025-09" / "report.txt"
    atomic_write_text(target, "first\n")
    atomic_write_text(target, "second ₵\n")
    assert target.read_text(encoding="utf-8") == "second ₵\n"
    atomic_write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in target.parent.iterdir()] == ["report.txt"]


def test_failure_keeps_previous_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("good")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        assert tmp.parent == target.parent and tmp.name.startswith(".report.csv.")
        raise RuntimeError("crash while writing")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_writers_do_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "import ledgerctl.outputs.csv_writer, ledgerctl.outputs.parquet, ledgerctl.outputs.excel\n"
        "import ledgerctl.outputs.excel_read, ledgerctl.outputs.pdf, ledgerctl.outputs.columns\n"
        "heavy = {'pyarrow', 'openpyxl', 'weasyprint', 'pandas', 'jinja2'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
