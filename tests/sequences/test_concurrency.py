"""Several OS processes take numbers at once: the union is exactly 1..N, no gap, no duplicate.

Runs on SQLite (writers queue on BEGIN IMMEDIATE) and on Postgres (row lock on the counter;
in the racing-create case the first allocations also race to create the sequence and its
counter row). The child processes ('spawn') are started once for the module and reused.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ledgerctl.sequences import definitions, views
from tests.conftest import Workspace
from tests.sequences.helpers import numbers_of, snapshot
from tests.sequences.workers import serve

PROCESSES = 3
EACH = 50


class Children:
    """Long-lived spawned processes, each with its own task queue and a shared result queue."""

    def __init__(self, count: int) -> None:
        mp = multiprocessing.get_context("spawn")
        self.results = mp.Queue()
        self.tasks = [mp.Queue() for _ in range(count)]
        self.procs = [
            mp.Process(target=serve, args=(q, self.results), daemon=True) for q in self.tasks
        ]
        for p in self.procs:
            p.start()
        assert [self.results.get(timeout=120) for _ in self.procs] == ["ready"] * count

    def run(self, job: tuple[Any, ...]) -> list[Any]:
        """Give every child the same job, all starting at the same instant; their results."""
        start_at = time.time() + 0.5
        for q in self.tasks:
            q.put((*job, start_at))
        outcomes = [self.results.get(timeout=180) for _ in self.tasks]
        errors = [o for o in outcomes if isinstance(o, str)]
        assert not errors, errors
        return outcomes

    def stop(self) -> None:
        for q in self.tasks:
            q.put(None)
        for p in self.procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()


@pytest.fixture(scope="module")
def children() -> Iterator[Children]:
    pool = Children(PROCESSES)
    yield pool
    pool.stop()
    assert all(p.exitcode == 0 for p in pool.procs)


def _job(workspace: Workspace, name: str, fail_every: int) -> tuple[Any, ...]:
    return (str(workspace.home), workspace.db_url, workspace.backend, name, EACH, fail_every)


@pytest.mark.parametrize("predefined", [False, True], ids=["racing-create", "predefined"])
def test_concurrent_processes_allocate_gaplessly(
    workspace: Workspace, children: Children, predefined: bool
) -> None:
    ctx = workspace.ctx()
    if predefined:
        definitions.define.run(ctx, "t", "T-{n}", "never")
    outcomes = children.run(_job(workspace, "t", fail_every=0))
    per_child = [numbers_of(committed) for committed, _ in outcomes]
    union = sorted(n for nums in per_child for n in nums)
    assert union == list(range(1, PROCESSES * EACH + 1))
    assert all(len(nums) == EACH for nums in per_child)
    assert views.preview.run(ctx, "t").next == f"T-{PROCESSES * EACH + 1}"
    state = snapshot(ctx)
    assert len(state["sequences"]) == 1 and len(state["counters"]) == 1


def test_concurrent_rollbacks_leave_no_gap(workspace: Workspace, children: Children) -> None:
    ctx = workspace.ctx()
    outcomes = children.run(_job(workspace, "t", fail_every=3))
    committed = sorted(n for nums, _ in outcomes for n in numbers_of(nums))
    rolled_back = sum(r for _, r in outcomes)
    assert rolled_back == PROCESSES * (EACH // 3)
    assert committed == list(range(1, PROCESSES * EACH - rolled_back + 1))
    assert views.preview.run(ctx, "t").next == f"T-{len(committed) + 1}"
