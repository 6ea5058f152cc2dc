"""nox sessions: tests (SQLite + Postgres when configured), lint, typecheck, bench."""

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "tests"]


def _sync(session: nox.Session) -> None:
    session.run_install(
        "uv",
        "sync",
        "--locked",
        f"--python={session.virtualenv.location}",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite (set LEDGERCTL_TEST_DATABASE_URL to add Postgres)."""
    _sync(session)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint + format check), the import-linter contracts of ARCHITECTURE.md, and mypy."""
    _sync(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")
    session.run("mypy")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy alone (also part of ``lint``)."""
    _sync(session)
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Every benchmark in bench/ (they build their own data and print ratios)."""
    _sync(session)
    import glob

    for script in sorted(glob.glob("bench/*_bench.py")):
        session.run("python", script, *session.posargs)
