"""`layby check`: clean data passes (also inside `audit check`); each kind of tampering is
found, with exit 5 and the offending lay-by named."""

from __future__ import annotations

import pytest

from tests.layby.conftest import new_layby
from tests.pos.conftest import ok


@pytest.fixture
def books(shop):  # type: ignore[no-untyped-def]
    """An active, a completed and a cancelled lay-by."""
    active = new_layby(shop)
    done = new_layby(shop, "--item", "DRESS:1", "--deposit", "200.00")
    ok(shop("layby", "pay", done, "50.00", "--method", "card"))
    ok(shop("layby", "complete", done))
    gone = new_layby(shop, "--item", "SHOE:1")
    ok(shop("layby", "pay", gone, "20.00", "--method", "momo"))
    ok(shop("layby", "cancel", gone, "--reason", "x", "--yes"))
    return shop, active, done, gone


def test_clean_books_pass(books) -> None:
    cli = books[0]
    result = ok(cli("layby", "check"))
    assert result.out.count(" ok ") == 5
    audit = ok(cli("audit", "check"))
    assert "layby stock reservations" in audit.out


@pytest.mark.parametrize(
    ("tamper", "which", "text"),
    [
        (
            "UPDATE layby_plans SET balance = balance - 1 WHERE number = '{n}'",
            1,
            "{n}: balance 543.99 but total 680.00 + fees 0.00 - paid 136.00 = 544.00",
        ),
        (
            "UPDATE layby_plans SET balance = 100 WHERE number = '{n}'",
            2,
            "{n}: completed with balance 1.00",
        ),
        (
            "UPDATE layby_payments SET amount = amount + 1 WHERE receipt_number = "
            "'LBR-2026-000001'",
            1,
            "{n}: total paid 136.00 but payments less refunds are 136.01",
        ),
        (
            "UPDATE pos_stock_reservations SET status = 'released' WHERE reference = '{n}'",
            1,
            "{n}: DRESS x 2.000 is not held (reservation released",
        ),
        (
            "UPDATE pos_stock_reservations SET status = 'active' WHERE reference = '{n}'",
            3,
            "{n}: cancelled but still holds SHOE",
        ),
        (
            "UPDATE layby_instalments SET amount = amount + 5 WHERE seq = 1 AND layby_id = "
            "(SELECT id FROM layby_plans WHERE number = '{n}')",
            1,
            "{n}: instalments add up to 680.05, not total + fees 680.00",
        ),
        (
            "UPDATE layby_plans SET total_paid = total_paid + 1 WHERE number = '{n}'",
            3,
            "{n}: cancelled but balance 0.00, kept 5.61 (fee 5.60 + fees kept 0.00)",
        ),
    ],
)
def test_tampering_is_found(books, workspace, tamper: str, which: int, text: str) -> None:
    cli, number = books[0], books[which]
    workspace.sql(tamper.format(n=number))
    result = cli("layby", "check")
    assert result.code == 5, result.err
    assert text.format(n=number) in result.err
    assert cli("audit", "check").code == 5


def test_doctor_reports_layby_rules_and_a_missing_automation_run(books) -> None:
    cli = books[0]
    result = cli("doctor")
    assert "layby rules" in result.out + result.err
    assert "clothing v1 GH" in result.out + result.err
    assert result.code != 0 and "last run never; schedule it" in result.out + result.err
    ok(cli("layby", "automation", "run", "--as-of", "2026-02-11"))
    result = cli("doctor")
    assert (
        "layby automation" in result.out + result.err and "last run ok" in result.out + result.err
    )
