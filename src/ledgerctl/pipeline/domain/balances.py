"""Running-balance continuity: rows missing or extra between two balances. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable

from ledgerctl.pipeline.domain.rows import CanonicalRow, RowProblem

__all__ = ["balance_gaps", "balance_summary"]


def balance_gaps(rows: Iterable[CanonicalRow]) -> list[RowProblem]:
    """Where the running balance does not follow from the amounts, one problem per gap.

    Works per account, for files in date order (balance[i-1] + amount[i] == balance[i]) and
    newest-first files (balance[i] + amount[i-1] == balance[i-1]): the direction that fits
    more steps is used. Rows without a balance are skipped.
    """
    by_account: dict[tuple[str, str], list[CanonicalRow]] = {}
    for r in rows:
        if r.balance is not None:
            by_account.setdefault((r.source_file, r.account), []).append(r)
    problems: list[RowProblem] = []
    for seq in by_account.values():
        pairs = list(zip(seq, seq[1:], strict=False))
        if not pairs:
            continue
        forward = sum(1 for a, b in pairs if a.balance + b.amount == b.balance)  # type: ignore[operator]
        backward = sum(1 for a, b in pairs if b.balance + a.amount == a.balance)  # type: ignore[operator]
        for a, b in pairs:
            if forward >= backward:
                older, newer = a, b
            else:
                older, newer = b, a
            expected = older.balance + newer.amount  # type: ignore[operator]
            if expected != newer.balance:
                first, second = sorted((a.line_no, b.line_no))
                problems.append(
                    RowProblem(
                        b.source_file,
                        b.line_no,
                        "balance",
                        f"missing or extra row between line {first} and {second}: balance "
                        f"{older.balance} + amount {newer.amount} = {expected}, but line "
                        f"{newer.line_no} shows {newer.balance} (difference "
                        f"{newer.balance - expected})",
                    )
                )  # type: ignore[operator]
    return problems


def balance_summary(rows: list[CanonicalRow]) -> tuple[int, list[RowProblem]]:
    """(number of balance steps checked, gaps) for diagnose."""
    with_balance: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.balance is not None:
            key = (r.source_file, r.account)
            with_balance[key] = with_balance.get(key, 0) + 1
    steps = sum(max(n - 1, 0) for n in with_balance.values())
    return steps, balance_gaps(rows)
