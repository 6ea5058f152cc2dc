"""Shared helpers of the pipeline storage tests (rows, files, workbook edits)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.pipeline.domain import CanonicalRow

HEADER = "Date,Description,Amount,Currency,Balance\n"


def row(
    day: str,
    desc: str,
    amount: str,
    line: int = 2,
    account: str = "default",
    balance: str | None = None,
    owner: str = "",
) -> CanonicalRow:
    return CanonicalRow(
        date=date.fromisoformat(day),
        amount=Decimal(amount),
        currency="GHS",
        description=desc,
        bank="Generic",
        account=account,
        source_file="x.csv",
        line_no=line,
        schema_id="generic",
        balance=Decimal(balance) if balance else None,
        owner=owner,
    )


def write_csv(path: Path, lines: list[str], header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


SEPT = [
    "2025-09-01,Shoprite Accra Mall,-100.00,GHS,900.00",
    "2025-09-02,KFC Osu,-33.33,GHS,866.67",
    "2025-09-03,Salary,1000.00,GHS,1866.67",
    "2025-09-04,Zelle to Jordyn,-50.00,GHS,1816.67",
]


def edit_queue(path: Path, edits: dict[str, dict[str, object]]) -> None:
    """Set cells of Queue_Review rows (by fingerprint) the way an analyst would."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Queue_Review"]
    headers = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        fp = ws.cell(r, headers["Fingerprint"]).value
        for header, value in edits.get(fp, {}).items():
            ws.cell(r, headers[header]).value = value
    wb.save(path)


def queue_fingerprints(path: Path) -> dict[str, str]:
    """Description → fingerprint of the Queue_Review rows."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    rows = list(wb["Queue_Review"].iter_rows(values_only=True))
    wb.close()
    head = list(rows[0])
    fp, desc = head.index("Fingerprint"), head.index("Description")
    return {r[desc]: r[fp] for r in rows[1:] if r[fp]}
