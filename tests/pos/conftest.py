"""Fixtures of the pos tests: a shop with two branches, a few products and stock, built
through the real commands; direct SQL to check what was (or was not) written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ledger.conftest import Db as LedgerDb

POS_TABLES = (
    "pos_sales",
    "pos_sale_lines",
    "pos_sale_taxes",
    "pos_sale_payments",
    "pos_returns",
    "pos_return_lines",
    "pos_stock_movements",
    "pos_stock_levels",
    "pos_transfers",
    "pos_customer_payments",
    "pos_postings",
    "pos_products",
    "pos_stock_docs",
    "journal_entries",
    "postings",
    "audit_log",
    "sequence_counters",
)


class Db(LedgerDb):
    """Direct SQL on a test workspace's database, with the pos tables' counts."""

    def counts(self) -> dict[str, int]:
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t}")) for t in POS_TABLES}  # type: ignore[arg-type]

    def snapshot(self) -> dict[str, object]:
        """Counts plus the stock levels and the counters: what a refused command must not
        change."""
        return {
            **self.counts(),
            "levels": self.rows(
                "SELECT location_id, product_id, quantity, value, reserved "
                "FROM pos_stock_levels ORDER BY id"
            ),
            "counters": self.rows(
                "SELECT sequence_id, scope, next_value FROM sequence_counters ORDER BY id"
            ),
        }


@pytest.fixture
def db(workspace) -> Iterator[Db]:  # type: ignore[no-untyped-def]
    handle = Db(workspace.db_url)
    yield handle
    handle.engine.dispose()


def ok(result):  # type: ignore[no-untyped-def]
    assert result.code == 0, result.err
    return result


def setup_shop(cli) -> None:  # type: ignore[no-untyped-def]
    """Two branches, four products (one zero-rated, one sold by the kg), stock in ACC-01."""
    ok(cli("pos", "branch", "add", "ACC-01", "--name", "Accra Head Office"))
    ok(cli("pos", "branch", "add", "TEM-02", "--name", "Tema Branch"))
    ok(
        cli(
            "pos",
            "product",
            "add",
            "RICE-5KG",
            "--name",
            "Rice 5kg",
            "--price",
            "120.00",
            "--wholesale-price",
            "100.00",
            "--cost",
            "70",
        )
    )
    ok(
        cli(
            "pos",
            "product",
            "add",
            "SOAP",
            "--name",
            "Soap bar",
            "--price",
            "6.50",
            "--cost",
            "3.20",
        )
    )
    ok(
        cli(
            "pos",
            "product",
            "add",
            "MILK",
            "--name",
            "Infant milk",
            "--price",
            "45.00",
            "--tax-class",
            "zero",
            "--cost",
            "30",
        )
    )
    ok(
        cli(
            "pos",
            "product",
            "add",
            "SUGAR",
            "--name",
            "Sugar (loose)",
            "--unit",
            "kg",
            "--price",
            "14.99",
            "--cost",
            "9.00",
        )
    )
    ok(
        cli(
            "pos",
            "stock",
            "receive",
            "-b",
            "ACC-01",
            "RICE-5KG=10@70",
            "SOAP=100@3.20",
            "MILK=20@30",
            "SUGAR=50.5@9",
            "--date",
            "2025-12-01",
        )
    )


@pytest.fixture
def shop(cli):  # type: ignore[no-untyped-def]
    setup_shop(cli)
    return cli
