"""The pipeline's part of `ledgerctl demo`: two owners' bank exports through the whole loop.

It writes a MoMo statement for Ama and a generic bank export for Kofi into ``csv_inbox/``,
processes them (Parquet + workbook), drops one file a second time to show nothing is stored
twice, edits Queue_Review the way an analyst would, applies it and settles the month.
"""

from __future__ import annotations

from pathlib import Path

from ledgerctl.console import message
from ledgerctl.context import AppContext

PERIOD = "2026-02"

PIPELINE_RULES = """\
# Demo settings: two owners who share a household account.
owners: [Ama, Kofi]
default_split: {Ama: 50, Kofi: 50}
settlement_keywords: ["settle up", "transfer to ama", "transfer to kofi"]
categories: [Groceries, Eating Out, Rent, Utilities, Transport, Shopping, Income, Transfers,
             Fees, Other]
"""

AMA_MOMO = """\
MTN MOBILE MONEY STATEMENT
Account Name:,AMA MENSAH
Mobile Number:,0241234567
Currency:,GHS

Date,Transaction ID,Transaction Type,Description,Debit,Credit,Balance
Opening Balance,,,,,,400.00
02 Feb 2026 09:15,2026020101,TRANSFER,Cash in at agent ACCRA CENTRAL,"","1500.00","1900.00"
03 Feb 2026 12:40,2026020102,PAYMENT,Payment to SHOPRITE ACCRA MALL,"320.50","","1579.50"
05 Feb 2026 18:02,2026020103,PAYMENT,Payment to ECG PREPAID,"150.00","","1429.50"
09 Feb 2026 08:30,2026020104,PAYMENT,Payment to UBER TRIP ACCRA,"42.80","","1386.70"
14 Feb 2026 20:11,2026020105,PAYMENT,Payment to KFC OSU,"96.00","","1290.70"
Closing Balance,,,,,,1290.70
"""

KOFI_BANK = """\
Date,Description,Amount,Currency,Balance
2026-02-01,Landlord rent February,-2400.00,GHS,5600.00
2026-02-04,Melcom Accra Mall,-210.00,GHS,5390.00
2026-02-06,Ghana Water bill,-85.00,GHS,5305.00
2026-02-20,Salary ACME Ltd,6000.00,GHS,11305.00
2026-02-25,Settle up transfer to Ama,-300.00,GHS,11005.00
"""


def _write_inbox(ctx: AppContext, home: Path) -> None:
    from ledgerctl.pipeline.paths import inbox as inbox_of

    (home / "rules").mkdir(exist_ok=True)
    (home / "rules" / "pipeline.yaml").write_text(PIPELINE_RULES, encoding="utf-8")
    inbox = inbox_of(ctx)
    (inbox / "Ama").mkdir(parents=True, exist_ok=True)
    (inbox / "Kofi").mkdir(parents=True, exist_ok=True)
    (inbox / "Ama" / "MoMo_Statement_0241234567_Feb2026.csv").write_text(AMA_MOMO, encoding="utf-8")
    (inbox / "Kofi" / "kofi_bank_feb2026.csv").write_text(KOFI_BANK, encoding="utf-8")


def _analyst_edits(workbook: Path) -> int:
    """Mark the household bills shared the way an analyst would in Excel; return rows edited."""
    from openpyxl import load_workbook

    decisions = {
        "rent": ("Rent", "Y", None),
        "ecg": ("Utilities", "Y", None),
        "water": ("Utilities", "Y", None),
        "shoprite": ("Groceries", "S", 60),
        "uber": ("Transport", "N", None),
    }
    wb = load_workbook(workbook)
    ws = wb["Queue_Review"]
    col = {c.value: c.column for c in ws[1]}
    edited = 0
    for r in range(2, ws.max_row + 1):
        text = str(ws.cell(r, col["Description"]).value or "").lower()
        for key, (category, shared, pct) in decisions.items():
            if key in text:
                ws.cell(r, col["Category"]).value = category
                ws.cell(r, col["Shared"]).value = shared
                ws.cell(r, col["Split %"]).value = pct
                edited += 1
    wb.save(workbook)
    return edited


def run(ctx: AppContext, home: Path, step: int) -> list[str]:
    """Show the bank pipeline end to end; return commands to try next."""
    import shutil

    from ledgerctl.pipeline.paths import inbox as inbox_of
    from ledgerctl.pipeline.paths import output_dir
    from ledgerctl.pipeline.process import process
    from ledgerctl.pipeline.review import review_apply
    from ledgerctl.pipeline.settle import settle

    _write_inbox(ctx, home)
    first = process(ctx, [])
    workbook = output_dir(ctx) / "balance_data.xlsx"
    message(
        f"{step}. bank pipeline: {len(first.files)} exports in csv_inbox/ → "
        f"{first.new_rows} transactions, Parquet for Power BI and {workbook.name}"
    )
    inbox = inbox_of(ctx)
    shutil.copy(inbox / "Kofi" / "kofi_bank_feb2026.csv", inbox / "Kofi" / "kofi_copy.csv")
    again = process(ctx, [])
    message(f"   the same export dropped again: {again.new_rows} new rows (stored exactly once)")
    edited = _analyst_edits(workbook)
    applied = review_apply(ctx, workbook)
    message(
        f"   analyst marked {edited} rows in Queue_Review (shared Y / S 60%); "
        f"{applied.applied} decisions stored"
    )
    settled = settle(ctx, PERIOD)
    message(f"   settlement {PERIOD}: {settled.settlement.result}")
    return [
        "ledgerctl pipeline status",
        f"ledgerctl pipeline settle --period {PERIOD}",
        "ledgerctl pipeline schemas list",
    ]
