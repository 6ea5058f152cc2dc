"""Preparing bank files for storage: read, normalise, fingerprint, merchant-clean (no database).

``prepare_file`` does everything about one file that needs no database, so ``prepared_files``
can run it in worker processes when a batch is big enough; storing stays in the calling
process, in file order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError
from ledgerctl.pipeline.domain import RowProblem

# (path, shown path, sha256, owner) of one file to prepare
Job = tuple[Path, str, str, str]


@dataclass
class Prepared:
    """One file read, normalised, fingerprinted and merchant-cleaned (picklable)."""

    shown: str
    sha: str
    owner: str
    schema_id: str | None = None
    rows: list[tuple[object, ...]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    gaps: list[RowProblem] = field(default_factory=list)
    error: str = ""


_LOOKUPS: dict[str, Any] = {}


def prepare_file(
    path: Path, home: Path, shown: str, sha: str, owner: str, iso_dates: bool
) -> Prepared:
    """Everything about a file that needs no database; runs in a worker process."""
    from ledgerctl.pipeline import parsing, store
    from ledgerctl.pipeline.merchants import MerchantLookup

    out = Prepared(shown, sha, owner)
    try:
        parsed = parsing.parse_file(path, home, owner)
    except UsageError as exc:
        out.error = exc.message
        return out
    out.schema_id = parsed.schema_id
    out.problems = [RowProblem(shown, p.line_no, p.field, p.message) for p in parsed.problems]
    if parsed.schema_id is None:
        return out
    out.gaps = [
        RowProblem(shown, p.line_no, p.field, p.message) for p in parsing.balance_gaps(parsed.rows)
    ]
    key = str(home)
    if key not in _LOOKUPS:
        _LOOKUPS[key] = MerchantLookup.load(home)
    out.rows = store.prepare_rows(parsed.rows, _LOOKUPS[key].clean, iso_dates)
    return out


PARALLEL_BYTES = 8 << 20  # below this much new data, workers cost more than they save


def prepared_files(ctx: AppContext, jobs: list[Job], iso_dates: bool) -> Iterator[Prepared]:
    """Prepare each file, in worker processes when there is enough to do.

    Storing stays in this process, in file order; at most ``workers + 1`` files are prepared
    ahead, so memory holds a few files, not the batch.
    """
    import os

    workers = min(os.cpu_count() or 1, 4, len(jobs))
    size = sum(p.stat().st_size for p, _, _, _ in jobs)
    if workers < 2 or size < PARALLEL_BYTES:
        for path, shown, sha, owner in jobs:
            yield prepare_file(path, ctx.home, shown, sha, owner, iso_dates)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Any] = deque()
        queue = iter(jobs)
        for path, shown, sha, owner in queue:
            pending.append(pool.submit(prepare_file, path, ctx.home, shown, sha, owner, iso_dates))
            if len(pending) > workers:
                break
        while pending:
            yield pending.popleft().result()
            nxt = next(queue, None)
            if nxt is not None:
                path, shown, sha, owner = nxt
                pending.append(
                    pool.submit(prepare_file, path, ctx.home, shown, sha, owner, iso_dates)
                )
