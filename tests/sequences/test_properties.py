"""Property: whatever mix of commits and rollbacks, committed numbers are exactly 1..k.

Also across reset scopes: each scope's committed numbers are 1..k of that scope.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerctl.core.errors import NotFound
from ledgerctl.sequences import numbers, views
from ledgerctl.work import unit_of_work
from tests.conftest import Workspace
from tests.sequences.helpers import Rollback, numbers_of, take

_names = (f"p{i}" for i in itertools.count())  # a fresh sequence for every example
FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(fails=st.lists(st.booleans(), min_size=1, max_size=15))
def test_rollbacks_never_leave_gaps(workspace: Workspace, fails: list[bool]) -> None:
    ctx, name = workspace.ctx(), next(_names)
    got = [take(ctx, name, fail=fail) for fail in fails]
    k = fails.count(False)
    assert numbers_of(got) == list(range(1, k + 1))
    assert [g is None for g in got] == fails
    if k:
        assert views.preview.run(ctx, name).next == f"T-{k + 1}"
    else:  # every transaction rolled back, even the one that created the sequence
        with pytest.raises(NotFound):
            views.preview.run(ctx, name)


@FAST
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from([date(2025, 12, 31), date(2026, 1, 1), date(2026, 7, 15)]),
            st.lists(st.booleans(), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_scoped_batches_with_rollbacks_stay_contiguous(
    workspace: Workspace, steps: list[tuple[date, list[bool]]]
) -> None:
    """Each step is one transaction taking several numbers; it rolls back if any 'fail'."""
    ctx, name = workspace.ctx(), next(_names)
    committed: dict[str, list[int]] = {}
    for on, flags in steps:
        try:
            with unit_of_work(ctx, "sequence.manage") as work:
                nums = [numbers.allocate(work, name, pattern="S-{year}-{n}", on=on) for _ in flags]
                if any(flags):
                    raise Rollback()
        except Rollback:
            continue
        for num in nums:
            _, year, n = num.split("-")
            committed.setdefault(year, []).append(int(n))
    for nums in committed.values():
        assert nums == list(range(1, len(nums) + 1))
