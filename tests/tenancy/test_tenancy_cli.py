"""Tenants, users, roles and the actor checks every command goes through."""

from sqlalchemy import create_engine, text

from tests.conftest import Workspace


def _count(ws: Workspace, table: str) -> int:
    engine = create_engine(ws.db_url)
    with engine.connect() as conn:
        n = conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(n)


def test_user_add_grant_list_and_permission_refusal(cli, workspace: Workspace) -> None:
    assert cli("user", "add", "bob", "--role", "biller").code == 0
    listed = cli("user", "list", "--format", "json")
    assert '"bob"' in listed.out and "biller" in listed.out
    before = _count(workspace, "users")
    refused = cli("user", "add", "eve", user="bob")
    assert refused.code == 7
    assert "lacks permission 'user.manage'" in refused.err
    assert _count(workspace, "users") == before
    assert cli("user", "grant", "bob", "admin").code == 0
    assert cli("user", "add", "eve", user="bob").code == 0


def test_unknown_and_non_member_users_are_refused(cli, workspace: Workspace) -> None:
    unknown = cli("tenant", "list", user="mallory")
    assert unknown.code == 7 and "not a ledgerctl user" in unknown.err
    assert cli("tenant", "create", "shop2", "--name", "Shop Two", "--coa", "").code == 0
    assert cli("--tenant", "shop2", "user", "add", "carol", "--role", "viewer").code == 0
    outsider = cli("user", "list", user="carol")
    assert outsider.code == 7 and "not a member of tenant 'default'" in outsider.err
    assert cli("--tenant", "shop2", "user", "list", user="carol").code == 0


def test_unknown_role_and_unknown_tenant(cli) -> None:
    bad_role = cli("user", "add", "bob", "--role", "wizard")
    assert bad_role.code == 2 and "unknown role 'wizard'" in bad_role.err
    missing = cli("--tenant", "nope", "user", "list")
    assert missing.code == 3 and "tenant 'nope' not found" in missing.err


def test_disabled_user_is_refused_everywhere(cli) -> None:
    cli("user", "add", "bob", "--role", "viewer")
    assert cli("user", "disable", "bob").code == 0
    refused = cli("tenant", "list", user="bob")
    assert refused.code == 7 and "disabled" in refused.err
    assert cli("user", "disable", "admin").code == 4


def test_revoke_refuses_last_admin(cli) -> None:
    result = cli("user", "revoke", "admin", "admin")
    assert result.code == 4 and "last admin" in result.err
    assert cli("user", "revoke", "admin", "viewer").code == 3


def test_suspended_tenant_is_read_only_and_can_be_reactivated(cli) -> None:
    assert cli("tenant", "create", "shop2", "--name", "Shop Two", "--coa", "").code == 0
    assert cli("tenant", "suspend", "shop2", "--reason", "unpaid").code == 0
    write = cli("--tenant", "shop2", "user", "add", "zed")
    assert write.code == 7 and "suspended" in write.err
    assert cli("--tenant", "shop2", "user", "list").code == 0
    assert cli("tenant", "suspend", "default", "--reason", "x").code == 4
    assert cli("tenant", "reactivate", "shop2", "--reason", "paid").code == 0
    assert cli("--tenant", "shop2", "user", "add", "zed").code == 0


def test_tenant_create_duplicate_and_bad_slug(cli, workspace: Workspace) -> None:
    assert cli("tenant", "create", "shop2", "--name", "Shop Two", "--coa", "").code == 0
    before = _count(workspace, "tenants")
    assert cli("tenant", "create", "shop2", "--name", "Again", "--coa", "").code == 4
    assert cli("tenant", "create", "Bad Slug!", "--name", "x", "--coa", "").code == 2
    assert cli("tenant", "create", "shop3", "--name", "x", "--currency", "CEDI").code == 2
    assert _count(workspace, "tenants") == before
    shown = cli("tenant", "show", "shop2", "--format", "json")
    assert "admin:admin" in shown.out


def test_tenant_show_json_is_one_object_and_list_has_typed_rows(cli) -> None:
    import json

    shown = json.loads(cli("tenant", "show", "--format", "json").out)
    assert shown["slug"] == "default" and "admin:admin" in shown["members"]
    tenants = json.loads(cli("tenant", "list", "--format", "json").out)
    assert [set(t) for t in tenants] == [{"id", "slug", "name", "status", "base_currency"}]


def test_user_grant_twice_says_already_had(cli) -> None:
    assert cli("user", "add", "bob", "--role", "viewer").code == 0
    assert "now has role biller" in cli("user", "grant", "bob", "biller").err
    assert "already had role biller" in cli("user", "grant", "bob", "biller").err
