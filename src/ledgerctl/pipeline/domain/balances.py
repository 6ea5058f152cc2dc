"""Running-balance continuity: rows missing or extra between two balances. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ledgerctl.pipeline.domain.rows import CanonicalRow, RowProblem

__all__ = ["balance_gaps", "balance_summary"]


def balance_gaps(rows: Iterable[CanonicalRow]) -> list[RowProblem]:
    """Where the running balance does not follow from the amounts, one problem per gap.

    Works per account, for files in date order (balance[i-1] + amount[i] == balance[i]) and
    newest-first files (balance[i] + amount[i-1] == balance[i-1]): the direction that fits
    more steps is used. Rows without a balance are skipped.
    """
    by_account: dict[tuple[str, str], list[tuple[CanonicalRow, Decimal]]] = {}
    for r in rows:
        if r.balance is not None:
            by_account.setdefault((r.source_file, r.account), []).append((r, r.balance))
    problems: list[RowProblem] = []
    for seq in by_account.values():
        problems += _gaps(seq)
    return problems


Step = tuple[tuple[CanonicalRow, Decimal], tuple[CanonicalRow, Decimal]]


def _gaps(seq: list[tuple[CanonicalRow, Decimal]]) -> list[RowProblem]:
    """The gaps of one account's rows (each with its balance), in file order."""
    pairs: list[Step] = list(zip(seq, seq[1:], strict=False))
    forward = sum(1 for (_, ab), (b, bb) in pairs if ab + b.amount == bb)
    backward = sum(1 for (a, ab), (_, bb) in pairs if bb + a.amount == ab)
    problems: list[RowProblem] = []
    for first, second in pairs:
        older, newer = (first, second) if forward >= backward else (second, first)
        problem = _gap(second[0], older, newer)
        if problem is not None:
            problems.append(problem)
    return problems


def _gap(
    at: CanonicalRow, older: tuple[CanonicalRow, Decimal], newer: tuple[CanonicalRow, Decimal]
) -> RowProblem | None:
    """The gap when ``newer``'s balance does not follow from ``older``'s (reported at ``at``)."""
    (old_row, old_balance), (new_row, new_balance) = older, newer
    expected = old_balance + new_row.amount
    if expected == new_balance:
        return None
    first, second = sorted((old_row.line_no, new_row.line_no))
    return RowProblem(
        at.source_file,
        at.line_no,
        "balance",
        f"missing or extra row between line {first} and {second}: balance "
        f"{old_balance} + amount {new_row.amount} = {expected}, but line "
        f"{new_row.line_no} shows {new_balance} (difference "
        f"{new_balance - expected})",
    )


def balance_summary(rows: list[CanonicalRow]) -> tuple[int, list[RowProblem]]:
    """(number of balance steps checked, gaps) for diagnose."""
    with_balance: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.balance is not None:
            key = (r.source_file, r.account)
            with_balance[key] = with_balance.get(key, 0) + 1
    steps = sum(max(n - 1, 0) for n in with_balance.values())
    return steps, balance_gaps(rows)
