"""Allocation inside real transactions on a real database: gapless, scoped, per tenant."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from ledgerctl.core.errors import Conflict, NotFound, PermissionDenied, UsageError
from ledgerctl.sequences import definitions, views
from ledgerctl.sequences.numbers import allocate, set_next
from ledgerctl.sequences.tables import SequenceCounter
from ledgerctl.work import unit_of_work
from tests.conftest import Workspace, run_cli
from tests.sequences.helpers import Rollback, numbers_of, snapshot, take

SOA = "SOA-{year}-{n:05d}"


def test_allocates_formatted_consecutive_numbers(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    got = [take(ctx, "soa", pattern=SOA, reset="yearly", on=date(2025, 9, 1)) for _ in range(3)]
    assert got == ["SOA-2025-00001", "SOA-2025-00002", "SOA-2025-00003"]


def test_several_numbers_in_one_transaction(workspace: Workspace) -> None:
    with unit_of_work(workspace.ctx(), "sequence.manage") as work:
        got = [allocate(work, "r", pattern="R-{n}", reset="never") for _ in range(4)]
    assert got == ["R-1", "R-2", "R-3", "R-4"]


def test_yearly_reset_starts_each_year_at_one(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    on = [
        date(2025, 12, 31),
        date(2025, 12, 31),
        date(2026, 1, 1),
        date(2025, 6, 1),
        date(2026, 2, 1),
    ]
    got = [take(ctx, "soa", pattern=SOA, reset="yearly", on=d) for d in on]
    assert got == [
        "SOA-2025-00001",
        "SOA-2025-00002",
        "SOA-2026-00001",
        "SOA-2025-00003",
        "SOA-2026-00002",
    ]


def test_monthly_reset_and_never_reset(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    days = [date(2025, 9, 30), date(2025, 10, 1), date(2025, 10, 2)]
    monthly = [take(ctx, "inv", pattern="INV-{month}-{n}", reset="monthly", on=d) for d in days]
    never = [take(ctx, "rcp", pattern="RCP-{n:04d}", reset="never", on=d) for d in days]
    assert monthly == ["INV-202509-1", "INV-202510-1", "INV-202510-2"]
    assert never == ["RCP-0001", "RCP-0002", "RCP-0003"]


def test_stored_definition_wins_over_caller_pattern(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    definitions.define.run(ctx, "soa", "ST/{yy}/{n:03d}", "yearly")
    assert take(ctx, "soa", pattern=SOA, reset="yearly", on=date(2025, 1, 5)) == "ST/25/001"


def test_rolled_back_transaction_gives_its_number_back(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    assert take(ctx, "r") == "T-1"
    assert take(ctx, "r", fail=True) is None
    assert take(ctx, "r", fail=True) is None
    assert take(ctx, "r") == "T-2"
    assert views.preview.run(ctx, "r").next == "T-3"


def test_rollback_of_the_first_allocation_leaves_no_sequence(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    before = snapshot(ctx)
    assert take(ctx, "fresh", fail=True) is None
    assert snapshot(ctx) == before
    with pytest.raises(NotFound):
        views.preview.run(ctx, "fresh")


def test_sequences_are_per_tenant(workspace: Workspace) -> None:
    result = run_cli(
        ["tenant", "create", "other", "--name", "Other Ltd", "--coa", ""], workspace.env()
    )
    assert result.code == 0, result.err
    main, other = workspace.ctx(), workspace.ctx(tenant="other")
    assert [take(main, "r") for _ in range(3)] == ["T-1", "T-2", "T-3"]
    assert [take(other, "r") for _ in range(2)] == ["T-1", "T-2"]
    assert views.preview.run(main, "r").next == "T-4"
    assert views.preview.run(other, "r").next == "T-3"


def test_set_next_moves_forward_and_is_audited(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    on = date(2025, 3, 1)
    take(ctx, "soa", pattern=SOA, reset="yearly", on=on)
    audits = snapshot(ctx)["audit_rows"]
    row = definitions.move_next.run(ctx, "soa", 40, on)
    assert (row.was, row.next) == ("SOA-2025-00002", "SOA-2025-00040")
    assert snapshot(ctx)["audit_rows"] == audits + 1
    assert take(ctx, "soa", pattern=SOA, reset="yearly", on=on) == "SOA-2025-00040"
    assert take(ctx, "soa", pattern=SOA, reset="yearly", on=date(2026, 1, 1)) == "SOA-2026-00001"


def test_set_next_to_the_current_value_is_allowed(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    take(ctx, "r")
    assert definitions.move_next.run(ctx, "r", 2).next == "T-2"


def test_set_next_backwards_is_refused_and_changes_nothing(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    for _ in range(5):
        take(ctx, "r")
    before = snapshot(ctx)
    with pytest.raises(Conflict, match="already past T-5") as err:
        definitions.move_next.run(ctx, "r", 5)
    assert err.value.exit_code == 4
    assert snapshot(ctx) == before


@pytest.mark.parametrize("bad", [0, -3])
def test_set_next_below_one_is_a_usage_error(workspace: Workspace, bad: int) -> None:
    ctx = workspace.ctx()
    take(ctx, "r")
    before = snapshot(ctx)
    with pytest.raises(UsageError, match="1 or more"):
        definitions.move_next.run(ctx, "r", bad)
    assert snapshot(ctx) == before


def test_set_next_inside_a_failed_transaction_rolls_back(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    take(ctx, "r")
    before = snapshot(ctx)
    with pytest.raises(Rollback), unit_of_work(ctx, "sequence.manage") as work:
        set_next(work, "r", 100)
        raise Rollback()
    assert snapshot(ctx) == before


def test_unknown_sequence_is_not_found(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    with pytest.raises(NotFound, match="sequence 'nope' not found"):
        definitions.move_next.run(ctx, "nope", 3)
    with pytest.raises(NotFound):
        views.preview.run(ctx, "nope")


def test_define_rejects_duplicates_and_bad_patterns(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    definitions.define.run(ctx, "soa", SOA, "yearly")
    before = snapshot(ctx)
    with pytest.raises(Conflict, match="already exists"):
        definitions.define.run(ctx, "soa", "OTHER-{year}-{n}", "yearly")
    with pytest.raises(UsageError, match="unknown field"):
        definitions.define.run(ctx, "x", "X-{day}-{n}", "never")
    with pytest.raises(UsageError, match="sequence name"):
        definitions.define.run(ctx, "bad name", "X-{n}", "never")
    assert snapshot(ctx) == before


def test_allocate_with_a_bad_pattern_writes_nothing(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    before = snapshot(ctx)
    with pytest.raises(UsageError, match="shows no year"):
        take(ctx, "soa", pattern="SOA-{n}", reset="yearly")
    assert snapshot(ctx) == before


def test_allocate_needs_a_writer_transaction(workspace: Workspace) -> None:
    if workspace.backend != "sqlite":
        pytest.skip("only SQLite distinguishes reader transactions")
    with (
        pytest.raises(RuntimeError, match="write=True"),
        unit_of_work(workspace.ctx(), None, write=False) as work,
    ):
        allocate(work, "r", pattern="R-{n}", reset="never")


def test_reading_needs_sequence_read_and_changing_needs_manage(workspace: Workspace) -> None:
    ctx = workspace.ctx()
    take(ctx, "r")
    for user, role in (("vic", "viewer"), ("ozzy", "operator")):
        assert run_cli(["user", "add", user, "--role", role], workspace.env()).code == 0
    assert views.preview.run(workspace.ctx(user="vic"), "r").next == "T-2"
    with pytest.raises(PermissionDenied, match="sequence.manage"):
        definitions.move_next.run(workspace.ctx(user="vic"), "r", 9)
    with pytest.raises(PermissionDenied, match="sequence.manage"):
        definitions.define.run(workspace.ctx(user="vic"), "x", "X-{n}", "never")
    with pytest.raises(PermissionDenied, match="sequence.read"):
        views.list_sequences.run(workspace.ctx(user="ozzy"))


def test_allocate_refreshes_a_counter_read_earlier_in_the_transaction(workspace: Workspace) -> None:
    """A counter loaded before a concurrent commit must not hand out the same number again.

    Only Postgres lets another transaction commit while this one is open (SQLite's writer
    holds the database lock from BEGIN IMMEDIATE, so the interleaving cannot happen there).
    """
    if workspace.backend != "postgres":
        pytest.skip("needs two open writer transactions at once")
    ctx, other = workspace.ctx(), workspace.ctx()
    assert take(ctx, "r") == "T-1"
    with unit_of_work(ctx, "sequence.manage") as work:
        seen = work.session.exec(select(SequenceCounter)).one()
        assert seen.next_value == 2
        assert take(other, "r") == "T-2"  # commits on its own connection meanwhile
        got = allocate(work, "r", pattern="T-{n}", reset="never")
    other.dispose()
    assert got == "T-3"
    assert numbers_of([take(ctx, "r")]) == [4]


def test_allocate_block_matches_one_by_one_allocation_across_scopes(workspace) -> None:
    from datetime import date

    from ledgerctl.sequences.numbers import allocate, allocate_block
    from ledgerctl.work import unit_of_work

    dates = [date(2025, 12, 30), date(2026, 1, 2), date(2025, 12, 31), date(2026, 1, 3)]
    with unit_of_work(workspace.ctx(), "sequence.manage") as work:
        block = allocate_block(work, "blk", dates, pattern="B-{year}-{n:03d}")
        after = allocate(work, "blk", pattern="B-{year}-{n:03d}", on=date(2026, 5, 1))
        assert allocate_block(work, "blk", [], pattern="B-{year}-{n:03d}") == []
    assert block == ["B-2025-001", "B-2026-001", "B-2025-002", "B-2026-002"]
    assert after == "B-2026-003"
