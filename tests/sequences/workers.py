"""Child-process side of the concurrency tests (imported by 'spawn' children; no pytest).

Each child runs ``serve``: it imports everything once, then runs allocation jobs from its own
task queue until it receives None, so the slow process start-up is paid once per test module.
"""

from __future__ import annotations

import time
from typing import Any

from ledgerctl.context import AppContext
from tests.sequences.helpers import take


def allocate_many(
    home: str, db_url: str, backend: str, name: str, count: int, fail_every: int, start_at: float
) -> tuple[list[str], int] | str:
    """From ``start_at`` (wall clock) take ``count`` numbers, one transaction each.

    Every ``fail_every``-th transaction (0: none) raises after allocating and rolls back.
    Returns (committed numbers, rolled-back count), or an error string.
    """
    overrides = {"database_url": db_url} if backend == "postgres" else {}
    ctx = AppContext(home_option=home, user_option="admin", overrides=overrides)
    try:
        _ = ctx.engine  # connect before the start line
        time.sleep(max(0.0, start_at - time.time()))
        got = [
            take(ctx, name, fail=bool(fail_every) and i % fail_every == fail_every - 1)
            for i in range(count)
        ]
        return [g for g in got if g is not None], got.count(None)
    except Exception as exc:  # noqa: BLE001 - reported to the parent test
        return f"{type(exc).__name__}: {exc}"
    finally:
        ctx.dispose()


def serve(tasks: Any, results: Any) -> None:
    """Say "ready", then run ``allocate_many(*job)`` for each job until None arrives."""
    results.put("ready")
    for job in iter(tasks.get, None):
        results.put(allocate_many(*job))
