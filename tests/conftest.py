"""Shared fixtures: a migrated workspace on SQLite (always) and on Postgres (when
LEDGERCTL_TEST_DATABASE_URL is set), and an in-process CLI runner.

Each test gets its own database: a copy of a migrated SQLite file, or a new Postgres
database cloned from a migrated template, so tests never see each other's rows.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ledgerctl.context import AppContext

PG_URL = os.environ.get("LEDGERCTL_TEST_DATABASE_URL", "")
ADMIN = "admin"


def _pg_admin_url() -> str:
    return PG_URL.rsplit("/", 1)[0] + "/postgres"


def _pg_exec(sql: str) -> None:
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _init_workspace(home: Path, db_url: str | None) -> None:
    from ledgerctl.tenancy.service import init_workspace

    overrides = {"database_url": db_url} if db_url else {}
    ctx = AppContext(user_option=ADMIN, overrides=overrides)
    init_workspace(home, ctx, tenant_name="Test Business")
    ctx.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template-sqlite")
    _init_workspace(home, None)
    return home


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = f"ledgerctl_tpl_{uuid.uuid4().hex[:10]}"
    _pg_exec(f'CREATE DATABASE "{name}"')
    home = Path(os.environ.get("TMPDIR", "/tmp")) / name
    home.mkdir(parents=True, exist_ok=True)
    _init_workspace(home, PG_URL.rsplit("/", 1)[0] + "/" + name)
    shutil.rmtree(home, ignore_errors=True)
    yield name
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])


@dataclass
class Workspace:
    """A migrated workspace with a default tenant and an admin user named 'admin'."""

    home: Path
    backend: str
    db_url: str

    def ctx(self, user: str = ADMIN, tenant: str | None = None) -> AppContext:
        overrides = {"database_url": self.db_url} if self.backend == "postgres" else {}
        return AppContext(
            home_option=str(self.home), user_option=user, tenant_option=tenant, overrides=overrides
        )

    def sql(self, statement: str) -> None:
        """Run raw SQL behind the tool's back (to simulate tampering in tests)."""
        engine = create_engine(self.db_url)
        with engine.begin() as conn:
            conn.execute(text(statement))
        engine.dispose()

    def env(self) -> dict[str, str]:
        env = {"LEDGERCTL_HOME": str(self.home), "LEDGERCTL_USER": ADMIN}
        if self.backend == "postgres":
            env["LEDGERCTL_DATABASE_URL"] = self.db_url
        return env


@pytest.fixture(params=BACKENDS)
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace per test, on each backend."""
    home = tmp_path / "ws"
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copytree(template, home)
        yield Workspace(home, "sqlite", f"sqlite:///{home / 'ledgerctl.db'}")
        return
    template = request.getfixturevalue("pg_template")
    name = f"ledgerctl_t_{uuid.uuid4().hex[:12]}"
    _pg_exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    home.mkdir()
    (home / "ledgerctl.toml").write_text('[ledgerctl]\ndefault_tenant = "default"\n')
    for folder in ("csv_inbox", "output", "backups", "rules"):
        (home / folder).mkdir()
    try:
        yield Workspace(home, "postgres", PG_URL.rsplit("/", 1)[0] + "/" + name)
    finally:
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_workspace(sqlite_template: Path, tmp_path: Path) -> Workspace:
    """A fresh SQLite-only workspace (unit tests that need no Postgres run)."""
    home = tmp_path / "ws"
    shutil.copytree(sqlite_template, home)
    return Workspace(home, "sqlite", f"sqlite:///{home / 'ledgerctl.db'}")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(args: list[str], env: dict[str, str] | None = None, stdin: str = "") -> CliResult:
    """Run `ledgerctl ARGS` in this process, exactly as the console script does."""
    from ledgerctl.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    saved_argv, saved_stdin = sys.argv, sys.stdin
    sys.argv, sys.stdin = ["ledgerctl", *args], io.StringIO(stdin)
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv, sys.stdin = saved_argv, saved_stdin
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(workspace: Workspace):
    """Run CLI commands against the test workspace as user 'admin'."""

    def _run(*args: str, user: str | None = None, stdin: str = "") -> CliResult:
        env = workspace.env()
        if user:
            env["LEDGERCTL_USER"] = user
        return run_cli(list(args), env, stdin)

    return _run
