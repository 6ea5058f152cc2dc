"""Workspace discovery, settings precedence, init idempotence, db and doctor commands."""

from pathlib import Path

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.workspace.settings import find_home, load_settings
from tests.conftest import Workspace, run_cli


def test_find_home_walks_up(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ledgerctl.toml").write_text("[ledgerctl]\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.delenv("LEDGERCTL_HOME", raising=False)
    assert find_home(None, cwd=deep) == tmp_path.resolve()
    monkeypatch.setenv("LEDGERCTL_HOME", str(deep))
    assert find_home(None, cwd=tmp_path) == deep.resolve()
    assert find_home(str(tmp_path / "a"), cwd=deep) == (tmp_path / "a").resolve()


def test_settings_precedence(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ledgerctl.toml").write_text(
        '[ledgerctl]\nbusiness_name = "From Toml"\nbase_currency = "USD"\ndefault_tenant = "toml"\n'
    )
    (tmp_path / ".env").write_text("LEDGERCTL_BASE_CURRENCY=ZAR\nLEDGERCTL_DEFAULT_TENANT=dotenv\n")
    monkeypatch.setenv("LEDGERCTL_DEFAULT_TENANT", "environ")
    monkeypatch.delenv("LEDGERCTL_BASE_CURRENCY", raising=False)
    settings = load_settings(tmp_path, {"business_name": "From CLI"})
    assert settings.business_name == "From CLI"
    assert settings.base_currency == "ZAR"
    assert settings.default_tenant == "environ"
    assert settings.db_url == f"sqlite:///{(tmp_path / 'ledgerctl.db').as_posix()}"


def test_settings_with_a_wrong_type_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "ledgerctl.toml").write_text("[ledgerctl]\nbase_currency = 12\n")
    with pytest.raises(UsageError, match="'base_currency' must be a string"):
        load_settings(tmp_path)


def test_init_twice_is_harmless(tmp_path: Path) -> None:
    env = {"LEDGERCTL_USER": "admin"}
    first = run_cli(["init", str(tmp_path / "ws"), "--name", "Acme"], env)
    assert first.code == 0, first.err
    for folder in ("csv_inbox", "output", "backups", "rules"):
        assert (tmp_path / "ws" / folder).is_dir()
    second = run_cli(["init", str(tmp_path / "ws")], env)
    assert second.code == 0 and "already initialised" in second.err
    shown = run_cli(["--home", str(tmp_path / "ws"), "audit", "log", "--format", "csv"], env)
    assert shown.out.count("tenant.create") == 1


def test_db_commands_and_doctor(cli, workspace: Workspace) -> None:
    current = cli("db", "current")
    assert current.code == 0 and "current: 0001" in current.out
    check = cli("db", "check")
    assert check.code == 0, check.out + check.err
    assert cli("db", "upgrade").code == 0
    doctor = cli("doctor")
    assert doctor.code == 0, doctor.out
    assert "ok   database" in doctor.out and "ok   migrations" in doctor.out


def test_doctor_fails_when_migrations_are_behind(tmp_path: Path) -> None:
    (tmp_path / "ledgerctl.toml").write_text("[ledgerctl]\n")
    result = run_cli(["--home", str(tmp_path), "doctor"], {"LEDGERCTL_USER": "admin"})
    assert result.code == 5
    assert "FAIL migrations" in result.out and "ledgerctl db upgrade" in result.out


def test_doctor_failure_is_one_error_line_and_exit_5(tmp_path: Path) -> None:
    (tmp_path / "ledgerctl.toml").write_text("[ledgerctl]\n")
    result = run_cli(["--home", str(tmp_path), "doctor"], {"LEDGERCTL_USER": "admin"})
    assert result.code == 5
    assert "error: " in result.err and "check(s) failed (see above)" in result.err
    assert "Traceback" not in result.err


def test_doctor_as_json_lists_every_check(cli) -> None:
    import json

    result = cli("doctor", "--format", "json")
    assert result.code == 0, result.err
    checks = {c["name"]: c for c in json.loads(result.out)}
    assert checks["database"]["ok"] is True and checks["migrations"]["ok"] is True
    assert set(checks["disk"]) == {"name", "ok", "detail"}


def test_db_check_before_head_is_exit_5(tmp_path: Path) -> None:
    (tmp_path / "ledgerctl.toml").write_text("[ledgerctl]\n")
    result = run_cli(["--home", str(tmp_path), "db", "check"], {"LEDGERCTL_USER": "admin"})
    assert result.code == 5 and "not at head; run `ledgerctl db upgrade`" in result.err
    current = run_cli(["--home", str(tmp_path), "db", "current"], {"LEDGERCTL_USER": "admin"})
    assert current.code == 0 and "current: (empty)" in current.out and "head:" in current.out
