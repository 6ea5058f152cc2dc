"""The root command: help without heavy imports, version, exit codes, one-line errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

HEAVY = ["pandas", "pyarrow", "openpyxl", "weasyprint", "alembic", "sqlalchemy"]
PROBE = (
    "import sys, json\n"
    "sys.argv = ['ledgerctl', *json.loads(sys.argv[1])]\n"
    "try:\n"
    "    from ledgerctl.cli import main; main()\n"
    "except SystemExit:\n"
    "    pass\n"
    f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
)


def _heavy_imports(args: list[str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_no_heavy_library(flag: str) -> None:
    assert _heavy_imports([flag]) == []


@pytest.mark.parametrize(
    "args",
    [
        "pos --help",
        "billing statement --help",
        "fdms --help",
        "layby --help",
        "pipeline --help",
        "ledger --help",
        "audit --help",
        "backup --help",
        "tenant --help",
        "tenant show --help",
        "user add --help",
        "jobs list --help",
        "schedule show --help",
        "db --help",
        "init --help",
        "doctor --help",
        "demo --help",
    ],
)
def test_group_and_command_help_import_no_heavy_library(args: str) -> None:
    assert _heavy_imports(args.split()) == [], args


def test_every_group_is_mounted_with_help() -> None:
    result = run_cli(["--help"])
    assert result.code == 0
    for group in (
        "billing",
        "fdms",
        "layby",
        "pos",
        "pipeline",
        "backup",
        "audit",
        "ledger",
        "tenant",
        "user",
        "sequence",
        "jobs",
        "schedule",
        "db",
        "init",
        "doctor",
        "demo",
    ):
        assert group in result.out


def test_version() -> None:
    result = run_cli(["--version"])
    assert result.code == 0 and result.out.startswith("ledgerctl ")


def test_no_workspace_is_a_clear_not_found(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGERCTL_HOME", raising=False)
    result = run_cli(["tenant", "list"])
    assert result.code == 3
    assert "no workspace here" in result.err and "ledgerctl init" in result.err
    assert "Traceback" not in result.err


def test_malformed_settings_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "ledgerctl.toml").write_text("[ledgerctl\nbroken = ")
    result = run_cli(["--home", str(tmp_path), "tenant", "list"])
    assert result.code == 2
    assert "ledgerctl.toml" in result.err and "malformed settings" in result.err


def test_unreachable_database_is_exit_6(tmp_path: Path) -> None:
    (tmp_path / "ledgerctl.toml").write_text(
        '[ledgerctl]\ndatabase_url = "postgresql+psycopg://nobody@127.0.0.1:1/none"\n'
    )
    result = run_cli(["--home", str(tmp_path), "tenant", "list"])
    assert result.code == 6
    assert "cannot connect to the database" in result.err


def test_unsupported_database_url_is_exit_2(tmp_path: Path) -> None:
    result = run_cli(
        ["--home", str(tmp_path), "tenant", "list"], {"LEDGERCTL_DATABASE_URL": "mysql://x"}
    )
    assert result.code == 2 and "not supported" in result.err


def test_usage_error_is_exit_2() -> None:
    assert run_cli(["tenant", "frobnicate"]).code == 2


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "ledgerctl"
    env = {**os.environ, "LEDGERCTL_USER": "admin"}
    env.pop("LEDGERCTL_DATABASE_URL", None)
    done = subprocess.run(
        [str(exe), "init", str(tmp_path / "ws")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    again = subprocess.run(
        [str(exe), "init", str(tmp_path / "ws")], capture_output=True, text=True, env=env
    )
    assert again.returncode == 0 and "already initialised" in again.stderr
