"""The audit chain detects rows edited, deleted or truncated behind the tool's back."""

from tests.conftest import Workspace


def _make_history(cli) -> None:
    for name in ("bob", "carol", "dave"):
        assert cli("user", "add", name, "--role", "viewer").code == 0


def test_verify_passes_on_an_untouched_chain(cli) -> None:
    _make_history(cli)
    result = cli("audit", "verify")
    assert result.code == 0 and "rows intact" in result.err


def test_edited_row_is_found(cli, workspace: Workspace) -> None:
    _make_history(cli)
    workspace.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4")
    result = cli("audit", "verify")
    assert result.code == 5
    assert "broken at row 4" in result.err and "edited" in result.err


def test_deleted_middle_row_is_found(cli, workspace: Workspace) -> None:
    _make_history(cli)
    workspace.sql("DELETE FROM audit_log WHERE seq = 3")
    result = cli("audit", "verify")
    assert result.code == 5 and "row 3 is missing" in result.err


def test_truncated_tail_is_found(cli, workspace: Workspace) -> None:
    _make_history(cli)
    workspace.sql("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    result = cli("audit", "verify")
    assert result.code == 5 and "missing" in result.err


def test_rehashed_forgery_is_found_through_the_next_link(cli, workspace: Workspace) -> None:
    _make_history(cli)
    # change the first hex digit (to one it is not: a hash may already start with 'f')
    workspace.sql(
        "UPDATE audit_log SET hash = CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' "
        "ELSE 'f' END || substr(hash, 2) WHERE seq = 2"
    )
    result = cli("audit", "verify")
    assert result.code == 5 and "row 2" in result.err


def test_log_filters_and_formats(cli) -> None:
    _make_history(cli)
    result = cli("audit", "log", "--action", "user.*", "--actor", "admin", "--format", "csv")
    assert result.code == 0
    lines = result.out.strip().splitlines()
    assert lines[0].startswith("seq,at,actor,action,entity")
    assert any("user:carol" in line for line in lines)
    only = cli("audit", "log", "--entity", "user:dave", "--format", "json")
    assert "user:dave" in only.out and "user:bob" not in only.out
    assert cli("audit", "log", "--since", "31/12/2025").code == 2


def test_audit_check_runs_every_registered_check(cli, workspace: Workspace) -> None:
    _make_history(cli)
    ok = cli("audit", "check", "--format", "json")
    assert ok.code == 0 and '"audit chain"' in ok.out
    workspace.sql("UPDATE audit_log SET after = NULL WHERE seq = 2")
    broken = cli("audit", "check")
    assert broken.code == 5 and "PROBLEM" in broken.out


def test_append_many_chains_like_append(cli, workspace: Workspace) -> None:
    from sqlmodel import select

    from ledgerctl.audit import chain
    from ledgerctl.db.session import transaction
    from ledgerctl.tenancy.tables import Tenant

    _make_history(cli)
    ctx = workspace.ctx()
    with transaction(ctx.engine) as session:
        tenant_id = session.exec(select(Tenant.id)).one()
        added = chain.append_many(
            session,
            tenant_id,
            "admin",
            [
                chain.Change("bulk.one", "thing", 1, None, {"n": 1}),
                chain.Change("bulk.two", "thing", 2, {"n": 1}, {"n": 2}),
            ],
        )
        chain.append(session, tenant_id, "admin", "single", "thing", 3)
    ctx.dispose()
    assert added == 2
    result = cli("audit", "verify")
    assert result.code == 0, result.err
    workspace.sql("UPDATE audit_log SET entity_id = '9' WHERE action = 'bulk.two'")
    assert cli("audit", "verify").code == 5


def test_log_csv_holds_json_text_and_real_booleans_not_python_reprs(cli) -> None:
    import csv
    import io
    import json

    _make_history(cli)
    result = cli("audit", "log", "--entity", "user:bob", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and all(r["entity"] == "user:bob" for r in rows)
    for row in rows:
        for cell in (row["before"], row["after"]):
            assert "'" not in cell and "False" not in cell and "True" not in cell
            if cell:
                json.loads(cell)  # JSON text, not a Python repr


def test_audit_check_failure_says_how_many_checks_failed(cli, workspace: Workspace) -> None:
    _make_history(cli)
    workspace.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    broken = cli("audit", "check", "--format", "csv")
    assert broken.code == 5 and "1 check(s) failed" in broken.err
    assert broken.out.splitlines()[0] == "check,checked,status,detail"
