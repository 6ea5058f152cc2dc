"""Benchmark of the general ledger; builds its own data in temporary workspaces (SQLite).

    uv run python bench/ledger_bench.py [--scale 1.0] [--keep]

A. Posting: 200,000 x scale two-line entries through ``ledger.entries.post_batch``
   (5,000 entries per transaction). Target at scale 1: <= 60 s.
B. Trial balance: 1,000 accounts and 1,000,000 x scale postings, posted with ``post_batch``.
   Times ``ledgerctl --home WS ledger trial-balance --as-of D`` as a subprocess (process
   start included; target <= 0.5 s), exports with ``ledger export`` and times ``ledger bal``
   and ``hledger bal`` on the same data up to the same date (target: ours >= 10x faster than
   the faster of the two), and checks all balances agree to the cent.

Prints figures; exits 1 if any balances disagree. Timings are not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from ledgerctl.context import AppContext
from ledgerctl.ledger import accounts, entries, lean, peers
from ledgerctl.ledger.domain import EntryDraft, Line
from ledgerctl.ledger.export import account_name
from ledgerctl.tenancy.service import init_workspace

USER = "bench"
START = date(2024, 1, 1)
DAYS = 730
AS_OF = date(2025, 12, 15)  # mid-month: months from period_totals, half a month of postings
TYPES = ("asset", "liability", "equity", "income", "expense")


def make_workspace(root: Path, name: str, chart: str = "retail") -> AppContext:
    home = root / name
    boot = AppContext(user_option=USER)
    init_workspace(home, boot, tenant_name=f"Bench {name}", coa_template=None)
    boot.dispose()
    ctx = AppContext(home_option=str(home), user_option=USER)
    if chart == "bench":
        write_chart(home, 1000)
    accounts.install_chart(ctx, chart)
    return ctx


def write_chart(home: Path, count: int) -> None:
    lines = ["name: bench", "accounts:"]
    for i in range(count):
        lines.append(f"  - {{code: 'B{i:04d}', name: Account {i}, type: {TYPES[i % 5]}}}")
    folder = home / "rules" / "coa"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def drafts(n: int, codes: list[str], seed: int) -> Iterator[EntryDraft]:
    rnd = random.Random(seed)
    for i in range(n):
        debit, credit = rnd.sample(codes, 2)
        amount = Decimal(rnd.randint(1, 5_000_000)).scaleb(-2)
        day = START + timedelta(days=i * DAYS // n)
        yield EntryDraft(
            day, f"bench {i}", (Line(debit, amount), Line(credit, -amount)), source="bench"
        )


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    elapsed = time.perf_counter() - t0
    print(f"  {label:<46} {elapsed:9.3f} s", flush=True)
    return value, elapsed


def part_a(root: Path, scale: float) -> None:
    n = max(10, int(200_000 * scale))
    print(f"A. post {n:,} two-line entries via post_batch (SQLite)")
    ctx = make_workspace(root, "post")
    codes = ["1000", "1010", "1020", "1100", "1200", "2000", "3000", "4000", "5000", "6100"]
    posted, secs = timed("post_batch", entries.post_batch, ctx, drafts(n, codes, 1))
    tb = lean.trial_balance(ctx, date(2030, 1, 1))
    ctx.dispose()
    print(
        f"  {posted:,} entries, {posted / secs:,.0f} entries/s; trial balance "
        f"{'balanced' if tb.balanced else 'NOT BALANCED'}"
    )
    print(
        f"  target <= 60 s at scale 1 (scaled target {60 * scale:.1f} s): "
        f"{'met' if secs <= 60 * scale else 'MISSED'}"
    )


PYCACHE = Path(tempfile.gettempdir()) / "ledger-bench-pycache"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ledgerctl as an operator would: an installed package has its bytecode compiled,
    so the subprocess gets a private bytecode cache even if PYTHONDONTWRITEBYTECODE is set."""
    exe = shutil.which("ledgerctl", path=str(Path(sys.executable).parent)) or "ledgerctl"
    env = {**os.environ, "LEDGERCTL_USER": USER, "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("LEDGERCTL_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        [exe, "--home", str(home), *args], capture_output=True, text=True, env=env, check=True
    )


def our_balances(home: Path, text: str) -> peers.Balances:
    accounts = {
        a["code"]: SimpleNamespace(**a)
        for a in json.loads(cli(home, "ledger", "accounts", "-f", "json").stdout)
    }
    out: peers.Balances = {}
    for row in json.loads(text):
        if row["code"] != "TOTAL":
            out[(account_name(accounts[row["code"]]), row["currency"])] = Decimal(
                row["debit"]
            ) - Decimal(row["credit"])
    return out


def part_b(root: Path, scale: float) -> bool:
    entries = max(10, int(500_000 * scale))
    print(f"B. trial balance over {2 * entries:,} postings, 1,000 accounts, as of {AS_OF}")
    ctx = make_workspace(root, "tb", chart="bench")
    home = ctx.home
    codes = [f"B{i:04d}" for i in range(1000)]
    timed(
        f"post {entries:,} entries (post_batch)", entries.post_batch, ctx, drafts(entries, codes, 2)
    )
    ctx.dispose()
    args = ("ledger", "trial-balance", "--as-of", AS_OF.isoformat(), "-f", "json")
    cli(home, *args)  # warm-up: fills the bytecode cache and the OS file cache
    runs = []
    for _ in range(5):
        done, secs = timed("ledgerctl ledger trial-balance (subprocess)", cli, home, *args)
        runs.append(secs)
    ours_secs = statistics.median(runs)
    ours = our_balances(home, done.stdout)
    journal = home / "output" / "bench.journal"
    timed(
        "ledgerctl ledger export --format hledger",
        cli,
        home,
        "ledger",
        "export",
        "--format",
        "hledger",
        "--output",
        str(journal),
    )
    peer_times, agree = {}, True
    for tool, reader in (("ledger", peers.ledger_balances), ("hledger", peers.hledger_balances)):
        if not peers.tool_path(tool):
            print(f"  {tool}: not installed, skipped")
            continue
        theirs, secs = timed(
            f"{tool} -f FILE bal -e {AS_OF + timedelta(days=1)}", reader, journal, AS_OF
        )
        peer_times[tool] = secs
        same = theirs == ours
        agree &= same
        print(
            f"  {tool} balances {'agree to the cent' if same else 'DISAGREE'} "
            f"({len(theirs)} account/currency balances)"
        )
    print(
        f"  ledgerctl trial-balance median {ours_secs:.3f} s (target <= 0.5 s: "
        f"{'met' if ours_secs <= 0.5 else 'MISSED'})"
    )
    if peer_times:
        best = min(peer_times, key=peer_times.__getitem__)
        ratio = peer_times[best] / ours_secs
        for tool, secs in peer_times.items():
            print(f"  {tool}: {secs:.3f} s = {secs / ours_secs:.1f}x ledgerctl")
        print(
            f"  faster peer {best}: ratio {ratio:.1f}x (target >= 10x: "
            f"{'met' if ratio >= 10 else 'MISSED'})"
        )
    return agree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = full size")
    parser.add_argument("--keep", action="store_true", help="keep the workspaces")
    parser.add_argument("--only", choices=("a", "b"), help="run one part")
    opts = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    print(f"workspaces in {root}, scale {opts.scale}")
    try:
        if opts.only in (None, "a"):
            part_a(root, opts.scale)
        ok = part_b(root, opts.scale) if opts.only in (None, "b") else True
    finally:
        if not opts.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
