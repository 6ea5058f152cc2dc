"""`audit check` runs the pos integrity checks (and finds tampering, exit 5); on Postgres,
row-level security restricts a non-superuser role to the tenant its transaction names."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ADMIN, run_cli
from tests.pos.conftest import ok
from tests.pos.test_sales import sale


def test_audit_check_passes_then_finds_tampering(shop, workspace) -> None:
    ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2"))
    ok(
        shop(
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
    )
    result = ok(shop("audit", "check"))
    for name in (
        "pos stock levels = movements",
        "pos sale totals = lines + taxes",
        "pos inventory accounts = stock value",
        "pos tax accounts = taxes collected",
    ):
        assert name in result.out
    workspace.sql(
        "UPDATE pos_stock_levels SET quantity = quantity + 1000 WHERE id = "
        "(SELECT MIN(id) FROM pos_stock_levels)"
    )
    workspace.sql("UPDATE pos_sales SET gross = gross + 1")
    broken = shop("audit", "check")
    assert broken.code == 5
    text_out = broken.out + broken.err
    assert "level" in text_out and "movements" in text_out
    assert "sale ACC-01-INV-2026-000001: stored net" in text_out


def test_doctor_and_schedule_know_the_pos_group(shop) -> None:
    doctor = shop("doctor")
    assert "pos rules" in doctor.out and "ghana-2026" in doctor.out
    lines = ok(shop("schedule", "show", "--os", "cron")).out
    assert "pos post-unposted" in lines and "pos tenant purge-due --yes" in lines


@pytest.fixture
def restricted_url(workspace):  # type: ignore[no-untyped-def]
    """A login role without superuser or BYPASSRLS, allowed to use every table."""
    if workspace.backend != "postgres":
        pytest.skip("row-level security is a Postgres feature")
    role = f"pos_app_{uuid.uuid4().hex[:8]}"
    database = workspace.db_url.rsplit("/", 1)[1]
    workspace.sql(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    workspace.sql(
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}; '
        f"GRANT USAGE ON SCHEMA public TO {role}; "
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; "
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}"
    )
    scheme, rest = workspace.db_url.split("://", 1)
    yield f"{scheme}://{role}@{rest.split('@', 1)[1]}"
    workspace.sql(f"DROP OWNED BY {role}")
    admin = create_engine(
        workspace.db_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
    admin.dispose()


def test_row_level_security_restricts_rows_to_the_named_tenant(
    shop, workspace, restricted_url
) -> None:
    ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=2"))
    ok(
        shop(
            "pos",
            "tenant",
            "onboard",
            "other",
            "--name",
            "Other",
            "--branch-code",
            "B-1",
            "--branch-name",
            "B",
            "--admin",
            "bob",
            "--first-period",
            "2026-02",
        )
    )
    ok(
        shop(
            "--tenant",
            "other",
            "pos",
            "product",
            "add",
            "B-ONLY",
            "--name",
            "B",
            "--price",
            "1",
            user="bob",
        )
    )
    engine = create_engine(restricted_url)
    try:
        with engine.begin() as conn:
            ids = dict(conn.execute(text("SELECT slug, id FROM tenants")).all())
            assert conn.execute(text("SELECT COUNT(*) FROM pos_products")).scalar() == 0
            assert conn.execute(text("SELECT COUNT(*) FROM accounts")).scalar() > 40
            conn.execute(
                text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(ids["default"])}
            )
            skus = {r[0] for r in conn.execute(text("SELECT sku FROM pos_products"))}
            assert skus == {"RICE-5KG", "SOAP", "MILK", "SUGAR"}
            assert conn.execute(text("SELECT COUNT(*) FROM pos_sales")).scalar() == 1
        with pytest.raises(Exception, match="row-level security"), engine.begin() as conn:
            conn.execute(
                text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(ids["default"])}
            )
            conn.execute(
                text(
                    "INSERT INTO pos_products (tenant_id, sku, name, unit, price, "
                    "tax_class, cost, status, created_at) VALUES (:t, 'X', 'X', "
                    "'each', 1, 'standard', 0, 'active', now())"
                ),
                {"t": ids["other"]},
            )
    finally:
        engine.dispose()
    env = {
        "LEDGERCTL_HOME": str(workspace.home),
        "LEDGERCTL_USER": ADMIN,
        "LEDGERCTL_DATABASE_URL": restricted_url,
    }
    assert ok(
        run_cli(
            ["pos", "sale", "record", "-b", "ACC-01", "-l", "SOAP=1", "--date", "2026-02-04"], env
        )
    )
    listed = ok(
        run_cli(
            ["--tenant", "other", "pos", "product", "list", "-f", "json"],
            {**env, "LEDGERCTL_USER": "bob"},
        )
    ).out
    assert "B-ONLY" in listed and "RICE-5KG" not in listed
    ok(
        run_cli(
            [
                "pos",
                "tenant",
                "onboard",
                "third",
                "--name",
                "Third",
                "--branch-code",
                "T-1",
                "--branch-name",
                "T",
                "--admin",
                "tess",
                "--first-period",
                "2026-02",
            ],
            env,
        )
    )
    ok(run_cli(["pos", "tenant", "offboard", "other", "--stage", "export"], env))
