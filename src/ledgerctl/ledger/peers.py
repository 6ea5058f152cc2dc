"""Read balances back from hledger, ledger-cli and beancount (checks of ``ledger export``).

Each reader runs the real tool (or the beancount loader) on an exported file and returns
``{(account name, currency): Decimal}`` with zero balances left out, so the tests and the
benchmark can compare them to the trial balance to the cent.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

Balances = dict[tuple[str, str], Decimal]


def tool_path(name: str) -> str | None:
    """The tool's executable, or None when it is not installed."""
    return shutil.which(name)


def _amounts(text: str) -> list[tuple[str, Decimal]]:
    out = []
    for part in text.replace("\n", ",").split(","):
        part = part.strip()
        if not part or part == "0":
            continue
        number, currency = part.rsplit(" ", 1)
        out.append((currency, Decimal(number.replace(",", ""))))
    return out


def _end(as_of: date | None, fmt: str) -> list[str]:
    if as_of is None:
        return []
    return ["-e", (as_of + timedelta(days=1)).strftime(fmt)]


def hledger_balances(path: Path, as_of: date | None = None) -> Balances:
    """``hledger -f PATH bal`` (flat, CSV output) up to the end of ``as_of``."""
    cmd = [
        "hledger",
        "-f",
        str(path),
        "bal",
        "--flat",
        "--no-total",
        "-O",
        "csv",
        *_end(as_of, "%Y-%m-%d"),
    ]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return {(acc, cur): amt for acc, bal in rows for cur, amt in _amounts(bal) if amt}


def ledger_balances(path: Path, as_of: date | None = None) -> Balances:
    """``ledger -f PATH bal --flat``; a multi-currency total continues on untabbed lines."""
    cmd = [
        "ledger",
        "-f",
        str(path),
        "bal",
        "--flat",
        "--no-total",
        "--balance-format",
        "%(account)\t%(display_total)\n",
        *_end(as_of, "%Y/%m/%d"),
    ]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    out: Balances = {}
    account = ""
    for line in text.splitlines():
        if "\t" in line:
            account, line = line.split("\t", 1)
        for cur, amt in _amounts(line):
            if amt:
                out[(account, cur)] = amt
    return out


def beancount_balances(path: Path, as_of: date | None = None) -> Balances:
    """Load with the beancount library (errors raise) and sum postings per account."""
    from beancount import loader
    from beancount.core import data

    entries, errors, _ = loader.load_file(str(path))
    if errors:
        raise ValueError(f"beancount found {len(errors)} error(s): {errors[0]}")
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction) and (as_of is None or entry.date <= as_of):
            for p in entry.postings:
                units = p.units
                if units is None or units.number is None:  # interpolated by the loader
                    continue
                sums[(p.account, units.currency)] += units.number
    return {k: v for k, v in sums.items() if v}
