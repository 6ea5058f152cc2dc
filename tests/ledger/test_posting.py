"""The posting kernel on a real database: numbers, periods, hashes, totals, audit, errors."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger import entries as ledger_entries
from ledgerctl.ledger import lean, periods, views
from ledgerctl.ledger.domain import EntryDraft, Line
from ledgerctl.ledger.posting import post
from ledgerctl.work import unit_of_work

RENT = [("6100", Decimal("1500.00")), ("1010", Decimal("-1500.00"))]


def test_post_inside_callers_unit_of_work(ctx, db) -> None:
    with unit_of_work(ctx, "ledger.post") as work:
        entry = post(work, date(2025, 9, 1), "Rent", RENT, source="billing", reference="R1")
    assert entry.number == "JE-2025-000001"
    assert entry.period_code == "2025-09" and entry.source == "billing"
    assert db.rows("SELECT code, status FROM fiscal_periods") == [("2025-09", "open")]
    rows = db.rows(
        "SELECT a.code, p.amount, p.currency, p.line_no FROM postings p "
        "JOIN accounts a ON a.id = p.account_id ORDER BY p.line_no"
    )
    assert rows == [("6100", 150000, "GHS", 1), ("1010", -150000, "GHS", 2)]
    assert db.rows("SELECT action, entity_id FROM audit_log WHERE action LIKE 'ledger.post%'") == [
        ("ledger.post", "JE-2025-000001")
    ]


def test_callers_error_rolls_back_the_entry_and_its_number(ctx, db) -> None:
    before = db.counts()
    with pytest.raises(RuntimeError), unit_of_work(ctx, "ledger.post") as work:
        post(work, date(2025, 9, 1), "Rent", RENT)
        raise RuntimeError("the sale failed after posting")
    assert db.counts() == before
    with unit_of_work(ctx, "ledger.post") as work:
        assert post(work, date(2025, 9, 2), "Rent", RENT).number == "JE-2025-000001"


def test_numbers_are_gapless_and_reset_yearly(ctx) -> None:
    got = []
    for day in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 1, 2), date(2024, 12, 30)):
        with unit_of_work(ctx, "ledger.post") as work:
            got.append(post(work, day, "x", RENT).number)
    assert got == ["JE-2024-000001", "JE-2025-000001", "JE-2025-000002", "JE-2024-000002"]


def test_content_hash_is_stored_and_reproducible(ctx, db) -> None:
    with unit_of_work(ctx, "ledger.post") as work:
        entry = post(work, date(2025, 9, 1), "Rent", RENT)
    body = (
        '{"date":"2025-09-01","description":"Rent","lines":[[1,"6100","GHS","1500.00",""],'
        '[2,"1010","GHS","-1500.00",""]],"number":"JE-2025-000001","reference":"",'
        '"reverses":null,"source":"manual"}'
    )
    assert entry.content_hash == hashlib.sha256(body.encode()).hexdigest()
    assert db.scalar("SELECT content_hash FROM journal_entries") == entry.content_hash


@pytest.mark.parametrize(
    "lines,error,match",
    [
        ([("6100", Decimal("100")), ("1010", Decimal("-90"))], UsageError, "does not balance"),
        (
            [("6100", Decimal("10.005")), ("1010", Decimal("-10.005"))],
            UsageError,
            "more than 2 decimal places for GHS",
        ),
        ([("9999", Decimal("1")), ("1010", Decimal("-1"))], NotFound, "account 9999 not found"),
        ([("6100", Decimal("1"))], UsageError, "at least two lines"),
    ],
)
def test_bad_entries_write_nothing(ctx, db, lines, error, match) -> None:
    before = db.counts()
    with pytest.raises(error, match=match), unit_of_work(ctx, "ledger.post") as work:
        post(work, date(2025, 9, 1), "bad", lines)
    assert db.counts() == before


def test_closed_period_refuses_posting_with_reopen_hint(ctx, db) -> None:
    periods.close_period.run(ctx, "2025-09")
    before = db.counts()
    with (
        pytest.raises(Conflict, match=r"period 2025-09 is closed.*ledger period reopen"),
        unit_of_work(ctx, "ledger.post") as work,
    ):
        post(work, date(2025, 9, 15), "late", RENT)
    assert db.counts() == before


def test_inactive_account_refused(ctx, db) -> None:
    db_engine = db.engine
    with db_engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE accounts SET status = 'archived' WHERE code = '6100'"))
    with (
        pytest.raises(Conflict, match="account 6100 is archived"),
        unit_of_work(ctx, "ledger.post") as work,
    ):
        post(work, date(2025, 9, 1), "x", RENT)


def test_multi_currency_entry_balances_per_currency(ctx, db) -> None:
    lines = [
        Line("1010", Decimal("100.00"), "USD"),
        Line("4000", Decimal("-100.00"), "USD"),
        Line("1000", Decimal("5"), "JPY"),
        Line("4000", Decimal("-5"), "JPY"),
    ]
    with unit_of_work(ctx, "ledger.post") as work:
        post(work, date(2025, 9, 1), "fx", lines)
    assert sorted(db.rows("SELECT currency, SUM(amount) FROM postings GROUP BY currency")) == [
        ("JPY", 0),
        ("USD", 0),
    ]


def test_post_batch_chunks_and_audits_once_per_chunk(ctx, db) -> None:
    drafts = [
        EntryDraft(
            date(2025, 1 + i % 12, 1 + i % 28),
            f"e{i}",
            (Line("1000", Decimal(i + 1)), Line("4000", -Decimal(i + 1))),
        )
        for i in range(25)
    ]
    assert ledger_entries.post_batch(ctx, drafts, chunk_size=10) == 25
    numbers = [r[0] for r in db.rows("SELECT number FROM journal_entries ORDER BY id")]
    assert numbers == [f"JE-2025-{n:06d}" for n in range(1, 26)]
    audits = db.rows(
        "SELECT entity_id FROM audit_log WHERE action = 'ledger.post_batch' ORDER BY seq"
    )
    assert audits == [
        ("JE-2025-000001..JE-2025-000010",),
        ("JE-2025-000011..JE-2025-000020",),
        ("JE-2025-000021..JE-2025-000025",),
    ]
    _assert_totals_match_postings(db)


def test_batch_with_one_bad_entry_posts_nothing_of_that_chunk(ctx, db) -> None:
    good = EntryDraft(date(2025, 2, 1), "ok", (Line("1000", Decimal(1)), Line("4000", Decimal(-1))))
    bad = EntryDraft(
        date(2025, 2, 1),
        "bad",
        (Line("1000", Decimal(1)), Line("4000", Decimal(-2))),
        origin="row 7",
    )
    before = db.counts()
    with pytest.raises(UsageError, match="row 7: entry 'bad' does not balance"):
        ledger_entries.post_batch(ctx, [good, bad, good], chunk_size=10)
    assert db.counts() == before


def _assert_totals_match_postings(db) -> None:
    totals = db.rows("SELECT account_id, currency, period_code, debit, credit FROM period_totals")
    recomputed = {}
    for acc, cur, period, amount in db.rows(
        "SELECT p.account_id, p.currency, e.period_code, p.amount FROM postings p "
        "JOIN journal_entries e ON e.id = p.entry_id"
    ):
        dr, cr = recomputed.get((acc, cur, period), (0, 0))
        recomputed[(acc, cur, period)] = (dr + max(amount, 0), cr + max(-amount, 0))
    assert {(a, c, p): (int(d), int(k)) for a, c, p, d, k in totals} == recomputed


codes = st.sampled_from(["1000", "1010", "1100", "2000", "2200", "4000", "5000", "6100"])
cents = st.integers(min_value=1, max_value=10**10)
entries = st.lists(
    st.tuples(
        st.dates(date(2024, 1, 1), date(2025, 12, 31)),
        st.lists(st.tuples(codes, cents, st.booleans()), min_size=1, max_size=4),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=entries, as_of=st.dates(date(2024, 1, 1), date(2025, 12, 31)))
def test_any_balanced_entries_give_a_balanced_trial_balance(ctx, db, entries, as_of) -> None:
    drafts = []
    for day, parts in entries:
        lines = [Line(code, Decimal(c).scaleb(-2) * (1 if dr else -1)) for code, c, dr in parts]
        plug = -sum((ln.amount for ln in lines), Decimal(0))
        lines.append(Line("3000", plug if plug else Decimal("0.01")))
        if not plug:
            lines.append(Line("3100", Decimal("-0.01")))
        drafts.append(EntryDraft(day, "h", tuple(lines)))
    ledger_entries.post_batch(ctx, drafts, chunk_size=4)
    tb = lean.trial_balance(ctx, as_of)
    assert tb.balanced
    with unit_of_work(ctx, "ledger.read", write=False) as work:
        assert views.trial_balance(work, as_of) == tb  # in-transaction path agrees
    nets = {}
    for code, amount in db.rows(
        "SELECT a.code, p.amount FROM postings p JOIN accounts a ON "
        "a.id = p.account_id WHERE p.entry_date <= :d",
        d=as_of,
    ):
        nets[code] = nets.get(code, 0) + amount
    assert {r.code: int((r.debit - r.credit) * 100) for r in tb.rows} == {
        k: v for k, v in nets.items() if v
    }
    _assert_totals_match_postings(db)
