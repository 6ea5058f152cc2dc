"""Staff and branch scope: a branch manager or cashier sees and posts only for their branch;
roles decide what each may do (exit 7 names the missing permission or the branch)."""

from __future__ import annotations

import json

import pytest

from tests.pos.conftest import ok
from tests.pos.test_sales import sale


@pytest.fixture
def staffed(shop):  # type: ignore[no-untyped-def]
    ok(shop("pos", "stock", "receive", "-b", "TEM-02", "SOAP=20", "--date", "2026-02-01"))
    ok(
        shop(
            "pos",
            "staff",
            "add",
            "esi",
            "--role",
            "manager",
            "--branch",
            "TEM-02",
            "--name",
            "Esi Mensah",
        )
    )
    ok(shop("pos", "staff", "add", "kojo", "--role", "user", "--branch", "ACC-01"))
    ok(shop("pos", "staff", "add", "ama", "--role", "director"))
    ok(sale(shop, "-b", "ACC-01", "--line", "SOAP=1"))
    ok(sale(shop, "-b", "TEM-02", "--line", "SOAP=1"))
    return shop


def rows(cli, *args: str, user: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(ok(cli("pos", *args, "-f", "json", user=user)).out)


def test_staff_list_shows_roles_and_branches(staffed) -> None:
    staff = {
        (r["user"], r["role"]): r["branch"] for r in rows(staffed, "staff", "list", user="admin")
    }
    assert staff[("esi", "manager")] == "TEM-02" and staff[("ama", "director")] == "(all)"
    assert staff[("kojo", "user")] == "ACC-01"
    assert [r["user"] for r in rows(staffed, "staff", "list", user="esi")] == ["esi"]


def test_branch_manager_sees_only_their_branch(staffed) -> None:
    assert [r["code"] for r in rows(staffed, "branch", "list", user="esi")] == ["TEM-02"]
    assert {r["branch"] for r in rows(staffed, "sale", "list", user="esi")} == {"TEM-02"}
    assert {r["branch"] for r in rows(staffed, "stock", "levels", user="esi")} == {"TEM-02"}
    assert len(rows(staffed, "sale", "list", user="ama")) == 2
    other = staffed("pos", "sale", "show", "ACC-01-INV-2026-000001", user="esi")
    assert other.code == 7 and "may not act for branch ACC-01" in other.err
    summary = staffed("pos", "day", "summary", "-b", "ACC-01", "--date", "2026-02-03", user="esi")
    assert summary.code == 7


def test_branch_manager_posts_only_for_their_branch(staffed, db) -> None:
    before = db.snapshot()
    refused = sale(staffed, "-b", "ACC-01", "--line", "SOAP=1", user="esi")
    assert refused.code == 7
    assert (
        "user 'esi' works only for branch(es) TEM-02 and may not act for branch ACC-01"
        in refused.err
    )
    assert staffed("pos", "stock", "receive", "-b", "ACC-01", "SOAP=1", user="esi").code == 7
    assert db.snapshot() == before
    mine = ok(sale(staffed, "--line", "SOAP=1", user="esi"))  # no --branch: their own
    assert mine.out.startswith("TEM-02-INV-")
    sent = ok(
        staffed(
            "pos",
            "transfer",
            "send",
            "SOAP=2",
            "--from",
            "TEM-02",
            "--to",
            "ACC-01",
            "--date",
            "2026-02-03",
            user="esi",
        )
    ).out.strip()
    assert staffed("pos", "transfer", "receive", sent, user="esi").code == 7
    ok(staffed("pos", "transfer", "receive", sent, user="ama"))
    assert [r["number"] for r in rows(staffed, "transfer", "list", user="esi")] == [sent]


def test_roles_decide_what_each_may_do(staffed) -> None:
    cashier_return = staffed("pos", "return", "record", "ACC-01-INV-2026-000001", user="kojo")
    assert cashier_return.code == 7 and "lacks permission 'pos.return'" in cashier_return.err
    cashier_product = staffed(
        "pos", "product", "add", "X", "--name", "X", "--price", "1", user="kojo"
    )
    assert cashier_product.code == 7 and "'pos.product'" in cashier_product.err
    manager_branch = staffed("pos", "branch", "add", "KUM-03", "--name", "Kumasi", user="esi")
    assert manager_branch.code == 7 and "'pos.branch'" in manager_branch.err
    ok(staffed("pos", "branch", "add", "KUM-03", "--name", "Kumasi", user="ama"))
    onboard = staffed(
        "pos",
        "tenant",
        "onboard",
        "acme",
        "--name",
        "A",
        "--branch-code",
        "A-1",
        "--branch-name",
        "A",
        "--admin",
        "x",
        user="ama",
    )
    assert onboard.code == 7 and "'tenant.manage'" in onboard.err
    ok(sale(staffed, "-b", "ACC-01", "--line", "SOAP=1", user="kojo"))


def test_staff_needs_a_branch_for_branch_roles(staffed) -> None:
    missing = staffed("pos", "staff", "add", "yaw", "--role", "manager")
    assert missing.code == 2 and "role manager works for one branch; pass --branch" in missing.err
    assert staffed("pos", "staff", "add", "yaw", "--role", "wizard").code == 2
    assert staffed("pos", "staff", "add", "yaw", "--role", "user", "-b", "NOPE").code == 3
