"""Benchmark of `pipeline process`; builds its own data in a temporary workspace (SQLite).

    uv run python bench/pipeline_bench.py [--scale 1.0] [--keep] [--no-baseline]

Data: 1,000,000 x scale rows across 20 bank files (~100 MB at scale 1, generic CSV with a
running balance, one account per file) and a merchant lookup of 500 patterns; one file is
also dropped twice under another name.

A. ``ledgerctl pipeline process --output-type powerbi`` as a subprocess, end to end (parse,
   merchant cleaning, dedup, store, Parquet). Target at scale 1: <= 30 s, peak memory
   (ru_maxrss of the child) <= 2 GB.
B. The same command again with nothing new. Target: <= 3 s.
C. A straightforward pandas baseline doing the same work: read_csv, per-row apply for dates,
   amounts (Decimal), merchant cleaning (first matching regex of the 500) and fingerprints,
   drop_duplicates, to_parquet. Prints ledgerctl / baseline.

Checks both stored the same number of transactions and the same total; exits 1 if not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

USER = "bench"
FILES = 20
PATTERNS = 500
CITIES = ["ACCRA", "KUMASI", "TEMA", "TAKORADI", "CAPE COAST"]
WORDS = [
    "SUN",
    "STAR",
    "GOLD",
    "CITY",
    "ROYAL",
    "GREEN",
    "OCEAN",
    "PRIME",
    "UNITY",
    "BRIGHT",
    "HOPE",
    "GRACE",
    "EAGLE",
    "LION",
    "PALM",
    "RIVER",
    "MOUNT",
    "NOBLE",
    "SWIFT",
    "TRUST",
]
KINDS = [
    "MART",
    "FOODS",
    "PHARMACY",
    "FUEL",
    "CAFE",
    "TELECOM",
    "HARDWARE",
    "BOUTIQUE",
    "BAKERY",
    "MOTORS",
]
CATEGORIES = [
    "Groceries",
    "Eating Out",
    "Health",
    "Fuel",
    "Coffee",
    "Phone & Internet",
    "Shopping",
    "Shopping",
    "Eating Out",
    "Transport",
]


def merchants() -> list[tuple[str, str, str]]:
    """500 (raw name, clean name, category)."""
    out = []
    for i in range(PATTERNS):
        a, b = WORDS[i % 20], WORDS[(i // 20) % 20]
        kind = KINDS[(i // 50) % 10]
        raw = f"{a}{b} {kind} {i:03d}"
        out.append((raw, f"{a.title()}{b.lower()} {kind.title()} {i}", CATEGORIES[(i // 50) % 10]))
    return out


def write_lookup(home: Path, names: list[tuple[str, str, str]]) -> None:
    lines = ["pattern,canonical,category"]
    for raw, clean, cat in names:
        pattern = re.escape(raw).replace(r"\ ", r"\s+")
        lines.append(f'"{pattern}",{clean},{cat}')
    (home / "rules").mkdir(exist_ok=True)
    (home / "rules" / "merchant_lookup.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_files(inbox: Path, rows: int, names: list[tuple[str, str, str]]) -> int:
    rng = random.Random(42)
    per_file = rows // FILES
    total_bytes = 0
    start = date(2024, 1, 1)
    for f in range(FILES):
        balance = 1_000_000_00
        lines = ["Date,Description,Amount,Currency,Balance,Account"]
        for n in range(per_file):
            day = start + timedelta(days=n * 730 // per_file)
            raw = (
                names[rng.randrange(PATTERNS)][0]
                if rng.random() < 0.9
                else f"TRANSFER {rng.randrange(10_000):05d}"
            )
            desc = f"POS {raw} {CITIES[rng.randrange(5)]} {rng.randrange(100):02d}"
            cents = (
                -rng.randrange(100, 50_000)
                if rng.random() < 0.85
                else rng.randrange(1_000, 500_000)
            )
            balance += cents
            lines.append(
                f"{day.isoformat()},{desc},{cents / 100:.2f},GHS,{balance / 100:.2f},ACC{f:02d}"
            )
        path = inbox / f"owner{f % 2}" / f"export_{f:02d}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        path.write_bytes(data)
        total_bytes += len(data)
    shutil.copy(inbox / "owner0" / "export_00.csv", inbox / "export_00_again.csv")
    return total_bytes


def ledgerctl(home: Path, *args: str) -> tuple[float, int, str]:
    """Run the CLI as a subprocess: (seconds, exit code, stderr tail)."""
    cmd = [
        sys.executable,
        "-c",
        "from ledgerctl.cli import main; main()",
        "--home",
        str(home),
        "--user",
        USER,
        *args,
    ]
    env = {**os.environ, "LEDGERCTL_USER": USER}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed ledgerctl has its .pyc files
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - t0, proc.returncode, proc.stderr[-600:]


def child_cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes and their workers so far:
    unlike wall time, it does not grow when other work shares the machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_maxrss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def baseline(inbox: Path, home: Path, out: Path) -> tuple[float, int, Decimal]:
    """The straightforward pandas way: read_csv + per-row apply."""
    import pandas as pd

    t0 = time.perf_counter()
    text = (home / "rules" / "merchant_lookup.csv").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines()[1:]:
        pattern, clean, cat = line.rsplit(",", 2)
        rules.append((re.compile(pattern.strip('"'), re.IGNORECASE), clean, cat))

    def clean(desc: str) -> tuple[str, str]:
        for rx, name, cat in rules:
            if rx.search(desc):
                return name, cat
        return desc.title(), ""

    frames = []
    for path in sorted(inbox.rglob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df["date"] = df["Date"].apply(date.fromisoformat)
        df["amount"] = df["Amount"].apply(Decimal)
        cleaned = df["Description"].apply(clean)
        df["merchant"] = cleaned.str[0]
        df["category"] = cleaned.str[1]
        key = (
            df["Date"]
            + "||"
            + df["Amount"]
            + "|"
            + df["Description"].str.upper()
            + "|Generic|"
            + df["Account"]
        )
        base = key.apply(lambda k: hashlib.sha256(k.encode()).hexdigest()[:32])
        df["fingerprint"] = base + "-" + (base.groupby(base).cumcount() + 1).astype(str)
        frames.append(df)
    all_rows = pd.concat(frames, ignore_index=True).drop_duplicates("fingerprint")
    all_rows.to_parquet(out / "baseline.parquet")
    total = sum(all_rows["amount"], Decimal(0))
    return time.perf_counter() - t0, len(all_rows), total


def stored(home: Path) -> tuple[int, Decimal]:
    import sqlite3

    conn = sqlite3.connect(home / "ledgerctl.db")
    n, cents = conn.execute("SELECT count(*), SUM(amount) FROM pipeline_transactions").fetchone()
    conn.close()
    return n, Decimal(cents or 0) / 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    parser.add_argument("--no-baseline", action="store_true")
    opts = parser.parse_args()
    rows = int(1_000_000 * opts.scale)
    root = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        from ledgerctl.context import AppContext
        from ledgerctl.tenancy.service import init_workspace

        home = root / "ws"
        boot = AppContext(user_option=USER)
        init_workspace(home, boot, tenant_name="Bench pipeline", coa_template=None)
        boot.dispose()
        names = merchants()
        write_lookup(home, names)
        size = write_files(home / "csv_inbox", rows, names)
        print(
            f"data: {rows:,} rows in {FILES} files (+1 dropped twice), {size / 1e6:.0f} MB, "
            f"{PATTERNS} merchant patterns"
        )
        cpu0, load = child_cpu_seconds(), os.getloadavg()[0]
        secs, code, err = ledgerctl(
            home, "pipeline", "process", "--output-type", "powerbi", "--format", "csv"
        )
        rss = child_maxrss_mb()
        print(
            f"A. process: {secs:.1f} s (target <= 30 s), exit {code}, peak memory "
            f"{rss:,.0f} MB (target <= 2048 MB); CPU {child_cpu_seconds() - cpu0:.1f} s "
            f"over {os.cpu_count()} cores, load average before {load:.2f}"
        )
        if code != 0:
            print(err)
        again, code2, err2 = ledgerctl(
            home, "pipeline", "process", "--output-type", "powerbi", "--format", "csv"
        )
        print(f"B. re-run with nothing new: {again:.2f} s (target <= 3 s), exit {code2}")
        n, total = stored(home)
        print(f"   stored {n:,} transactions, total {total:,.2f}")
        ok = n == rows
        if not opts.no_baseline:
            out = root / "baseline"
            out.mkdir()
            bsecs, bn, btotal = baseline(home / "csv_inbox", home, out)
            print(f"C. pandas baseline: {bsecs:.1f} s, {bn:,} rows, total {btotal:,.2f}")
            print(
                f"   ledgerctl / baseline = {secs / bsecs:.2f} "
                f"(ledgerctl {bsecs / secs:.1f}x faster)"
            )
            ok = ok and bn == n and btotal == total
        print("counts and totals agree" if ok else "MISMATCH between runs")
        return 0 if ok else 1
    finally:
        if opts.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
