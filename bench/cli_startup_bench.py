"""Benchmark: wall time of `ledgerctl --version` and `ledgerctl --help` (target: median <= 0.3 s).

Runs the installed console script N times each in fresh processes and prints min / median /
max, alongside the bare `python -c pass` start-up of the same interpreter for reference.
Usage: uv run python bench/cli_startup_bench.py [--runs 21]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.3


def _time(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exe = shutil.which("ledgerctl") or str(Path(sys.executable).parent / "ledgerctl")
    cases = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "ledgerctl --version": [exe, "--version"],
        "ledgerctl --help": [exe, "--help"],
    }
    print(f"{'command':<26} {'min':>7} {'median':>7} {'max':>7}  (seconds, {args.runs} runs)")
    verdicts = []
    for name, cmd in cases.items():
        times = _time(cmd, args.runs)
        median = statistics.median(times)
        print(f"{name:<26} {min(times):7.3f} {median:7.3f} {max(times):7.3f}")
        if name.startswith("ledgerctl"):
            verdicts.append((name, median))
    for name, median in verdicts:
        status = "ok" if median <= TARGET_SECONDS else "OVER TARGET"
        print(f"{name}: median {median:.3f} s vs target {TARGET_SECONDS} s -> {status}")


if __name__ == "__main__":
    main()
