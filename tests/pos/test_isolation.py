"""Tenant isolation: every pos command run in one tenant neither shows nor touches another
tenant's data, even where both use the same branch codes, SKUs and document numbers."""

from __future__ import annotations

import pytest

from tests.pos.conftest import ok
from tests.pos.test_sales import sale

A_TABLES = (
    "pos_sales",
    "pos_sale_lines",
    "pos_sale_taxes",
    "pos_sale_payments",
    "pos_returns",
    "pos_return_lines",
    "pos_stock_levels",
    "pos_stock_movements",
    "pos_transfers",
    "pos_customer_payments",
    "pos_postings",
    "pos_products",
    "pos_locations",
    "pos_tax_profiles",
    "pos_stock_docs",
    "parties",
    "branches",
    "journal_entries",
    "postings",
    "audit_log",
    "memberships",
    "accounts",
    "sequence_counters",
    "job_runs",
)


def snapshot(db, tenant_id: int) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def,type-arg]
    return {
        t: sorted(db.rows(f"SELECT * FROM {t} WHERE tenant_id = :t", t=tenant_id), key=str)
        for t in A_TABLES
    }


@pytest.fixture
def two(shop, db):  # type: ignore[no-untyped-def]
    """Tenant 'default' (A) with a shop and documents; tenant 'other' (B) onboarded with the
    same branch code and SKUs but its own names."""
    cli = shop
    ok(cli("pos", "customer", "add", "C001", "--name", "Kofi Wholesale"))
    ok(cli("pos", "customer", "add", "A-ONLY", "--name", "Alpha Only"))
    ok(sale(cli, "-b", "ACC-01", "--line", "RICE-5KG=1", "-c", "C001", "--pay", "account=120"))
    a_sale = ok(sale(cli, "-b", "ACC-01", "--line", "SOAP=2")).out.strip()
    ok(cli("pos", "return", "record", a_sale, "--line", "SOAP=1", "--date", "2026-02-03"))
    a_trf = ok(
        cli(
            "pos",
            "transfer",
            "send",
            "SOAP=5",
            "--from",
            "ACC-01",
            "--to",
            "TEM-02",
            "--date",
            "2026-02-03",
        )
    ).out.strip()
    ok(cli("pos", "ar", "pay", "C001", "20", "-b", "ACC-01", "--date", "2026-02-03"))
    ok(
        cli(
            "pos",
            "tenant",
            "onboard",
            "other",
            "--name",
            "Other Co",
            "--branch-code",
            "ACC-01",
            "--branch-name",
            "Other Accra",
            "--admin",
            "bob",
            "--first-period",
            "2026-02",
        )
    )

    def b(*args: str):  # type: ignore[no-untyped-def]
        return cli("--tenant", "other", *args, user="bob")

    ok(b("pos", "branch", "add", "TEM-02", "--name", "Other Tema"))
    ok(b("pos", "product", "add", "RICE-5KG", "--name", "Rice B", "--price", "99", "--cost", "50"))
    ok(b("pos", "product", "add", "SOAP", "--name", "Soap B", "--price", "5", "--cost", "2"))
    ok(
        b(
            "pos",
            "stock",
            "receive",
            "-b",
            "ACC-01",
            "RICE-5KG=5",
            "SOAP=50",
            "--date",
            "2026-02-02",
        )
    )
    ok(b("pos", "customer", "add", "C001", "--name", "Bea Buyer"))
    tid = int(db.scalar("SELECT id FROM tenants WHERE slug = 'default'"))
    return b, tid, a_sale, a_trf


A_MARKERS = (
    "Kofi Wholesale",
    "Alpha Only",
    "Rice 5kg",
    "Soap bar",
    "Accra Head Office",
    "Infant milk",
    "Tema Branch",
    "120.00",
    "A-ONLY",
)


def test_every_command_in_one_tenant_leaves_the_other_alone(two, db, tmp_path) -> None:
    b, a_id, a_sale, a_trf = two
    before = snapshot(db, a_id)
    till = tmp_path / "b.csv"
    till.write_text(
        "receipt,date,branch,sku,quantity\nB1,2026-02-03,ACC-01,SOAP,1\n", encoding="utf-8"
    )
    products = tmp_path / "p.csv"
    products.write_text("sku,name,price\nSOAP,Soap B2,5.50\nNEW,New B,1\n", encoding="utf-8")
    commands = [
        ("pos", "branch", "list"),
        ("pos", "branch", "set", "TEM-02", "--name", "B Tema"),
        ("pos", "staff", "add", "bcash", "--role", "user", "-b", "ACC-01"),
        ("pos", "staff", "list"),
        ("pos", "tax-profile", "show"),
        ("pos", "tax-profile", "set", "--tin", "B-TIN"),
        ("pos", "product", "list"),
        ("pos", "product", "set", "SOAP", "--price", "5.10"),
        ("pos", "product", "import", str(products)),
        ("pos", "stock", "levels"),
        ("pos", "stock", "movements"),
        (
            "pos",
            "stock",
            "adjust",
            "-b",
            "ACC-01",
            "SOAP=-1",
            "--reason",
            "count",
            "--date",
            "2026-02-03",
        ),
        ("pos", "sale", "record", "-b", "ACC-01", "-l", "SOAP=1", "--date", "2026-02-03"),
        (
            "pos",
            "sale",
            "record",
            "-b",
            "ACC-01",
            "-l",
            "SOAP=2",
            "-c",
            "C001",
            "--pay",
            "account=11",
            "--date",
            "2026-02-03",
        ),
        ("pos", "sale", "import", str(till)),
        ("pos", "sale", "list"),
        ("pos", "sale", "show", "ACC-01-INV-2026-000001"),
        ("pos", "return", "record", "ACC-01-INV-2026-000001", "--date", "2026-02-03"),
        ("pos", "return", "list"),
        (
            "pos",
            "transfer",
            "send",
            "SOAP=3",
            "--from",
            "ACC-01",
            "--to",
            "TEM-02",
            "--date",
            "2026-02-03",
        ),
        ("pos", "transfer", "receive", "TRF-2026-00001", "--date", "2026-02-03"),
        ("pos", "transfer", "list"),
        ("pos", "customer", "list"),
        ("pos", "ar", "pay", "C001", "5", "-b", "ACC-01", "--date", "2026-02-03"),
        ("pos", "ar", "statement", "C001"),
        ("pos", "ar", "aging", "--as-of", "2026-03-01"),
        ("pos", "day", "summary", "-b", "ACC-01", "--date", "2026-02-03"),
        ("pos", "post-unposted"),
        ("audit", "check"),
    ]
    for args in commands:
        result = ok(b(*args))
        shown = result.out + result.err
        leaked = [m for m in A_MARKERS if m in shown]
        assert not leaked, (args, leaked, shown)
    assert snapshot(db, a_id) == before


def test_another_tenants_documents_and_codes_are_not_found(two, db) -> None:
    b, a_id, a_sale, a_trf = two
    before = snapshot(db, a_id)
    for args in [
        ("pos", "sale", "show", a_sale),
        ("pos", "return", "record", a_sale),
        ("pos", "transfer", "receive", a_trf),
        ("pos", "ar", "pay", "A-ONLY", "1", "-b", "ACC-01"),
        ("pos", "ar", "statement", "A-ONLY"),
        ("pos", "sale", "record", "-b", "ACC-01", "-l", "MILK=1"),
        ("pos", "sale", "record", "-b", "ACC-01", "-l", "SOAP=1", "-c", "A-ONLY"),
        ("pos", "product", "set", "MILK", "--price", "1"),
        ("pos", "stock", "levels", "-b", "KUM-03"),
    ]:
        result = b(*args)
        assert result.code == 3, (args, result.err)
    assert snapshot(db, a_id) == before


def test_a_user_of_one_tenant_cannot_act_in_another(two, db) -> None:
    b, a_id, *_ = two
    before = snapshot(db, a_id)
    result = b("--tenant", "default", "pos", "sale", "list")
    assert result.code == 7 and "not a member of tenant 'default'" in result.err
    assert snapshot(db, a_id) == before


def test_the_other_tenant_sees_its_own_rows_only(two, db) -> None:
    b, a_id, *_ = two
    products = ok(b("pos", "product", "list", "-f", "json")).out
    assert "Rice B" in products and "Rice 5kg" not in products
    customers = ok(b("pos", "customer", "list", "-f", "json")).out
    assert "Bea Buyer" in customers and "Kofi Wholesale" not in customers
