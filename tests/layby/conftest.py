"""Fixtures of the lay-by tests: a clothing shop with stock and customers enabled for
lay-by, built through the real commands; direct SQL to check what was (or was not) written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pos.conftest import Db, ok

LAYBY_TABLES = (
    "layby_plans",
    "layby_items",
    "layby_instalments",
    "layby_payments",
    "layby_fees",
    "layby_notifications",
    "layby_customers",
    "layby_rule_versions",
    "layby_archive",
    "pos_stock_reservations",
    "pos_sales",
    "journal_entries",
    "postings",
    "audit_log",
    "sequence_counters",
)


class LaybyDb(Db):
    """Direct SQL plus a snapshot of everything a refused command must leave unchanged."""

    def snapshot(self) -> dict[str, object]:  # type: ignore[override]
        counts = {t: int(self.scalar(f"SELECT COUNT(*) FROM {t}")) for t in LAYBY_TABLES}  # type: ignore[arg-type]
        return {
            **counts,
            "plans": self.rows(
                "SELECT number, status, total_paid, balance, total_fees "
                "FROM layby_plans ORDER BY id"
            ),
            "instalments": self.rows(
                "SELECT id, paid, late_fee, status FROM layby_instalments ORDER BY id"
            ),
            "levels": self.rows(
                "SELECT product_id, quantity, reserved FROM pos_stock_levels ORDER BY id"
            ),
            "counters": self.rows(
                "SELECT sequence_id, scope, next_value FROM sequence_counters ORDER BY id"
            ),
        }

    def plan(self, number: str) -> dict[str, object]:
        with self.engine.connect() as conn:
            from sqlalchemy import text

            row = (
                conn.execute(text("SELECT * FROM layby_plans WHERE number = :n"), {"n": number})
                .mappings()
                .first()
            )
        assert row is not None, number
        return dict(row)

    def account(self, code: str) -> int:
        """Balance (debit positive, cents) of a ledger account."""
        value = self.scalar(
            "SELECT COALESCE(SUM(p.amount), 0) FROM postings p JOIN accounts a "
            "ON a.id = p.account_id WHERE a.code = :c",
            c=code,
        )
        return int(value)  # type: ignore[arg-type]


@pytest.fixture
def db(workspace) -> Iterator[LaybyDb]:  # type: ignore[no-untyped-def]
    handle = LaybyDb(workspace.db_url)
    yield handle
    handle.engine.dispose()


def setup_layby_shop(cli, business_type: str = "clothing") -> None:  # type: ignore[no-untyped-def]
    """One branch, three products with stock, three customers (two enabled for lay-by)."""
    ok(cli("pos", "branch", "add", "ACC-01", "--name", "Accra"))
    ok(
        cli(
            "pos",
            "product",
            "add",
            "DRESS",
            "--name",
            "Red dress",
            "--price",
            "250.00",
            "--cost",
            "100",
        )
    )
    ok(
        cli(
            "pos",
            "product",
            "add",
            "SHOE",
            "--name",
            "Leather shoes",
            "--price",
            "180.00",
            "--cost",
            "80",
        )
    )
    ok(
        cli(
            "pos",
            "product",
            "add",
            "SCARF",
            "--name",
            "Silk scarf",
            "--price",
            "33.33",
            "--cost",
            "10",
        )
    )
    ok(
        cli(
            "pos",
            "stock",
            "receive",
            "-b",
            "ACC-01",
            "DRESS=10@100",
            "SHOE=5@80",
            "SCARF=50@10",
            "--date",
            "2026-02-01",
        )
    )
    ok(
        cli(
            "pos",
            "customer",
            "add",
            "C001",
            "--name",
            "Ama Mensah",
            "--phone",
            "+233241234567",
            "--email",
            "ama@example.com",
        )
    )
    ok(cli("pos", "customer", "add", "C002", "--name", "Kofi Boateng", "--phone", "+233201112223"))
    ok(cli("pos", "customer", "add", "C003", "--name", "Esi Owusu"))
    ok(cli("layby", "customer", "enable", "C001", "C002"))
    ok(cli("layby", "config", "--business-type", business_type))


@pytest.fixture
def shop(cli):  # type: ignore[no-untyped-def]
    setup_layby_shop(cli)
    return cli


def create(
    cli,
    *args: str,
    day: str = "2026-02-10",
    customer: str = "C001",  # type: ignore[no-untyped-def]
    user: str | None = None,
):
    return cli("layby", "create", "--customer", customer, "--date", day, *args, user=user)


def new_layby(cli, *args: str, **kw: str) -> str:  # type: ignore[no-untyped-def]
    """Create a lay-by (default: 2 dresses + 1 pair of shoes = 680.00) and return its number."""
    items = () if "--item" in args else ("--item", "DRESS:2", "--item", "SHOE:1")
    return ok(create(cli, *items, *args, **kw)).out.strip()


def refused(
    cli,
    db: LaybyDb,
    args: tuple[str, ...],
    code: int,
    text: str,  # type: ignore[no-untyped-def]
    user: str | None = None,
) -> None:
    """The command fails with ``code``, its message says ``text``, nothing was written."""
    before = db.snapshot()
    result = cli(*args, user=user)
    assert result.code == code, (args, result.err)
    assert text in result.err, result.err
    assert db.snapshot() == before


def in_threads(target, count: int = 2) -> None:  # type: ignore[no-untyped-def]
    """Run ``target`` in ``count`` threads at once and wait for them."""
    import threading

    threads = [threading.Thread(target=target) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
